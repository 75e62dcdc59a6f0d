import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { stringify as toYaml, parse as parseYaml } from "yaml";
import { PLAN_EXTENSIONS } from "../ingest/readPlanFile.js";
import { type MetaOverride, metaOverrideSchema } from "../ingest/overrides.js";
import type { PlanDocument } from "../ingest/types.js";
import { isPlanFileName, parsePlanFile, sidecarName } from "../knowledge/loadKnowledge.js";

export class PlanNameError extends Error {}

/**
 * A safe file name from what a browser sent: no folders, no traversal, no control characters,
 * NFC, letters, digits, dot, dash and underscore only, and a supported extension.
 */
export function sanitisePlanName(raw: string): string {
  const base = basename(raw.normalize("NFC").replace(/\\/g, "/"));
  const extension = extname(base).toLowerCase();
  const stem = base
    .slice(0, base.length - extension.length)
    .replace(/[\p{C}]/gu, "")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 120);
  if (!(PLAN_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new PlanNameError(`unsupported file type ${extension || "(none)"}; use ${PLAN_EXTENSIONS.join(", ")}`);
  }
  if (!stem) throw new PlanNameError("the file name has no usable characters");
  const name = `${stem}${extension}`;
  if (!isPlanFileName(name)) throw new PlanNameError("not a plan file name");
  return name;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file in place. */
export async function writeAtomically(dir: string, name: string, content: Buffer | string): Promise<void> {
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(6).toString("hex")}-${name}`);
  try {
    await writeFile(temp, content, { flush: true });
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

const TEMP_PREFIX = ".tmp-";

/**
 * Temporary files left by a process killed in the middle of a write. Only this process writes
 * them, so at start-up every one of them is an orphan.
 */
export async function removeOrphanedTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const orphans = names.filter((name) => name.startsWith(TEMP_PREFIX));
  await Promise.all(orphans.map((name) => rm(join(dir, name), { force: true })));
  return orphans;
}

/** The disk is full or cannot be written: nothing was changed, and the official should be told so. */
export function isStorageError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT" || code === "EROFS" || code === "EACCES" || code === "EPERM" || code === "EIO";
}

/** Plans in knowledge/ as officials change them: validated first, replaced files kept in a history folder. */
export class PlanFiles {
  constructor(
    readonly knowledgeDir: string,
    readonly historyDir: string,
  ) {}

  private async keepInHistory(name: string): Promise<string | undefined> {
    await mkdir(this.historyDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const target = join(this.historyDir, `${stamp}-${name}`);
    try {
      await copyFile(join(this.knowledgeDir, name), target);
      return target;
    } catch (error) {
      await rm(target, { force: true });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  private async sidecar(name: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.knowledgeDir, sidecarName(name)), "utf8");
    } catch {
      return undefined;
    }
  }

  /** Parses the upload before anything is written; throws PlanFileError when it cannot be read. */
  async add(rawName: string, bytes: Buffer): Promise<{ name: string; replaced: boolean; document: PlanDocument }> {
    const name = sanitisePlanName(rawName);
    const document = await parsePlanFile(name, bytes, await this.sidecar(name));
    const replaced = (await this.keepInHistory(name)) !== undefined;
    await writeAtomically(this.knowledgeDir, name, bytes);
    return { name, replaced, document };
  }

  async remove(rawName: string): Promise<boolean> {
    const name = sanitisePlanName(rawName);
    const kept = await this.keepInHistory(name);
    if (!kept) return false;
    await rm(join(this.knowledgeDir, name));
    const sidecar = await this.sidecar(name);
    if (sidecar !== undefined) {
      await writeFile(`${kept}.meta.yaml`, sidecar);
      await rm(join(this.knowledgeDir, sidecarName(name)));
    }
    return true;
  }

  /** Merges corrections into the plan's .meta.yaml (an empty value removes a key). */
  async correctMetadata(rawName: string, changes: Record<string, unknown>): Promise<MetaOverride> {
    const name = sanitisePlanName(rawName);
    const existing = (parseYaml((await this.sidecar(name)) ?? "") ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...existing };
    for (const [key, value] of Object.entries(changes)) {
      if (value === "" || value === null || (Array.isArray(value) && value.length === 0)) delete merged[key];
      else merged[key] = value;
    }
    const override = metaOverrideSchema.parse(merged);
    await writeAtomically(this.knowledgeDir, sidecarName(name), `# Corrected in the admin console\n${toYaml(override)}`);
    return override;
  }
}
