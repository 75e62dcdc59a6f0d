import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { bilingual, type MessageKey, type MessageParams, type MessageRef, viThenEn } from "../messages/catalogue.js";
import { stringify as toYaml, parse as parseYaml } from "yaml";
import { PLAN_EXTENSIONS } from "../ingest/readPlanFile.js";
import { type MetaOverride, metaOverrideSchema } from "../ingest/overrides.js";
import type { PlanDocument } from "../ingest/types.js";
import { isPlanFileName, parsePlanFile, SIDECAR_SUFFIX, sidecarName } from "../knowledge/loadKnowledge.js";

/** A file name the console refuses: `ref` is what the official reads, `message` both languages for the log. */
export class PlanNameError extends Error {
  readonly ref: MessageRef;
  constructor(key: MessageKey, params: MessageParams = {}) {
    super(viThenEn(bilingual(key, params)));
    this.ref = { key, params };
  }
}

/**
 * Longest plan file name, in UTF-8 bytes (a Vietnamese letter takes 2 or 3): with the prefix of a
 * temporary or history copy and ".meta.yaml" it stays far below the file system's 255.
 */
export const MAX_NAME_BYTES = 150;

/**
 * The identity of a plan, as an official sees it: "Xa Lai Hung 2024.txt", "xa-lai-hung-2024.TXT" and
 * "XA_LAI_HUNG_2024.md" are one plan. NFC, lower case, runs of spaces, dashes and underscores as one
 * dash, the extension left out.
 */
export function planKey(name: string): string {
  const base = name.normalize("NFC");
  return base
    .slice(0, base.length - extname(base).length)
    .toLowerCase()
    .replace(/[\s_-]+/gu, "-")
    .replace(/^-|-$/g, "");
}

/**
 * A safe file name from what a browser sent: no folders, no traversal, no control characters,
 * NFC, letters, digits, dot, dash and underscore only, a supported extension, at most MAX_NAME_BYTES.
 */
export function sanitisePlanName(raw: string): string {
  const base = basename(raw.normalize("NFC").replace(/\\/g, "/"));
  const extension = extname(base).toLowerCase();
  const stem = base
    .slice(0, base.length - extension.length)
    .replace(/[\p{C}]/gu, "")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^[.-]+|[.-]+$/g, "");
  if (!(PLAN_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new PlanNameError("planFile.unsupported", { extension: extension || "—", extensions: PLAN_EXTENSIONS.join(", ") });
  }
  if (!stem) throw new PlanNameError("upload.nameUnusable");
  const name = `${stem}${extension}`;
  if (!isPlanFileName(name)) throw new PlanNameError("upload.notPlanName");
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_NAME_BYTES) throw new PlanNameError("access.nameTooLong", { bytes, max: MAX_NAME_BYTES });
  return name;
}

/** A history copy's name: when it was kept, then the plan's name, cut (extension kept) to fit any file system. */
function historyName(stamp: string, name: string): string {
  const extension = extname(name);
  let stem = name.slice(0, name.length - extension.length);
  while (Buffer.byteLength(stem) > MAX_NAME_BYTES) stem = [...stem].slice(0, -1).join("");
  return `${stamp}-${stem}${extension}`;
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

/**
 * Plans in knowledge/ as officials change them: validated first, replaced files kept in a history
 * folder. A plan already there is found by the name it has on disk, however it was written
 * (spaces, capitals, "UPPER.TXT"); an upload replaces every plan of the same planKey.
 */
export class PlanFiles {
  constructor(
    readonly knowledgeDir: string,
    readonly historyDir: string,
  ) {}

  private async planNames(): Promise<string[]> {
    const entries = await readdir(this.knowledgeDir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && isPlanFileName(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  /**
   * The name on disk of the plan an official means: the same name (compared in NFC), else the one
   * name that differs only in capitals. Folders and traversal are never names.
   */
  async existing(rawName: string): Promise<string | undefined> {
    const wanted = rawName.normalize("NFC");
    if (!wanted || /[/\\\0]/.test(wanted) || wanted === "." || wanted === "..") throw new PlanNameError("upload.notPlanName");
    const names = await this.planNames();
    const same = names.find((name) => name.normalize("NFC") === wanted);
    if (same !== undefined) return same;
    const folded = names.filter((name) => name.normalize("NFC").toLowerCase() === wanted.toLowerCase());
    return folded.length === 1 ? folded[0] : undefined;
  }

  private async keepInHistory(name: string): Promise<string | undefined> {
    await mkdir(this.historyDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const target = join(this.historyDir, historyName(stamp, name));
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

  /** Moves a plan (and its .meta.yaml unless `keepSidecar`) to the history folder. */
  private async retire(name: string, keepSidecar = false): Promise<boolean> {
    const kept = await this.keepInHistory(name);
    if (!kept) return false;
    await rm(join(this.knowledgeDir, name), { force: true });
    const sidecar = keepSidecar ? undefined : await this.sidecar(name);
    if (sidecar !== undefined) {
      await writeFile(`${kept}${SIDECAR_SUFFIX}`, sidecar);
      await rm(join(this.knowledgeDir, sidecarName(name)), { force: true });
    }
    return true;
  }

  /**
   * Parses the upload before anything is written; throws PlanFileError when it cannot be read.
   * It replaces every plan of the same planKey, and keeps the name (and so the .meta.yaml
   * correction) of the one replaced, with the upload's extension.
   */
  async add(rawName: string, bytes: Buffer): Promise<{ name: string; replaced: boolean; replacedFiles: string[]; document: PlanDocument }> {
    const uploaded = sanitisePlanName(rawName);
    const key = planKey(uploaded);
    const sameKey = (await this.planNames()).filter((name) => planKey(name) === key);
    const heir = (await this.firstWithSidecar(sameKey)) ?? sameKey[0];
    const name = heir === undefined ? uploaded : `${heir.slice(0, heir.length - extname(heir).length)}${extname(uploaded)}`;
    const document = await parsePlanFile(name, bytes, await this.sidecar(name));
    if (sameKey.includes(name)) await this.keepInHistory(name);
    await writeAtomically(this.knowledgeDir, name, bytes);
    // Written before the old ones go: a crash in between leaves two versions, never none.
    for (const old of sameKey.filter((file) => file !== name)) await this.retire(old, sidecarName(old) === sidecarName(name));
    return { name, replaced: sameKey.length > 0, replacedFiles: sameKey, document };
  }

  private async firstWithSidecar(names: string[]): Promise<string | undefined> {
    for (const name of names) if ((await this.sidecar(name)) !== undefined) return name;
    return undefined;
  }

  /** The name of the plan removed, or undefined when there is none by that name. */
  async remove(rawName: string): Promise<string | undefined> {
    const name = await this.existing(rawName);
    return name !== undefined && (await this.retire(name)) ? name : undefined;
  }

  /** Merges corrections into the plan's .meta.yaml (an empty value removes a key); undefined when there is no such plan. */
  async correctMetadata(rawName: string, changes: Record<string, unknown>): Promise<MetaOverride | undefined> {
    const name = await this.existing(rawName);
    if (name === undefined) return undefined;
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
