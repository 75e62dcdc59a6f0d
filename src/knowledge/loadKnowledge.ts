import { readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import { buildDocument } from "../ingest/buildDocument.js";
import { type FileProblem, PLAN_EXTENSIONS, PlanFileError, readPlanText } from "../ingest/readPlanFile.js";
import type { PlanDocument } from "../ingest/types.js";

export const SIDECAR_SUFFIX = ".meta.yaml";
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;

export interface KnowledgeLoad {
  documents: PlanDocument[];
  problems: FileProblem[];
}

export function isPlanFileName(name: string): boolean {
  return (PLAN_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()) && !name.startsWith(".") && !name.startsWith("~$");
}

export function sidecarName(planFile: string): string {
  return planFile.replace(/\.[^.]+$/, "") + SIDECAR_SUFFIX;
}

function readSidecar(dir: string, planFile: string): string | undefined {
  try {
    return readFileSync(join(dir, sidecarName(planFile)), "utf8");
  } catch {
    return undefined;
  }
}

/** Parses plan bytes (and its sidecar) into a document, or throws PlanFileError. */
export async function parsePlanFile(file: string, bytes: Buffer, sidecar?: string): Promise<PlanDocument> {
  if (bytes.length > MAX_PLAN_BYTES) {
    throw new PlanFileError({ file, reason: `the file is ${(bytes.length / 1048576).toFixed(1)} MB; plans larger than 20 MB are refused` });
  }
  const text = await readPlanText(file, bytes);
  return buildDocument(file, text, sidecar);
}

/**
 * Reads one plan file from disk into a document, or throws PlanFileError. `hasSidecar: false`
 * (the folder was just listed) spares a read that would fail: a failed read costs as much as a good one.
 * The files are read synchronously: for plans of a few kilobytes the thread pool's round trips cost
 * twice the read itself, and reading even a 20 MB file holds the event loop for less time than
 * parsing it does.
 */
export async function loadPlanFile(dir: string, file: string, hasSidecar = true): Promise<PlanDocument> {
  const path = join(dir, file);
  const { size } = statSync(path);
  if (size > MAX_PLAN_BYTES) {
    throw new PlanFileError({ file, reason: `the file is ${(size / 1048576).toFixed(1)} MB; plans larger than 20 MB are refused` });
  }
  return parsePlanFile(file, readFileSync(path), hasSidecar ? readSidecar(dir, file) : undefined);
}

/** The plan files of a folder, sorted, and every name in it (sidecars included). */
export async function listFolder(dir: string): Promise<{ plans: string[]; all: Set<string> }> {
  const entries = await readdir(dir, { withFileTypes: true });
  const plans = entries
    .filter((entry) => entry.isFile() && isPlanFileName(entry.name))
    .map((entry) => entry.name)
    .sort();
  return { plans, all: new Set(entries.map((entry) => entry.name)) };
}

export function problemOf(file: string, error: unknown): FileProblem {
  if (error instanceof PlanFileError) return error.problem;
  return { file, reason: `could not be read: ${(error as Error).message}` };
}

/** Reads every plan in a folder; a file that cannot be read is reported and the others are still served. */
export async function loadKnowledge(dir: string): Promise<KnowledgeLoad> {
  const documents: PlanDocument[] = [];
  const problems: FileProblem[] = [];
  const { plans, all } = await listFolder(dir);
  for (const file of plans) {
    try {
      documents.push(await loadPlanFile(dir, file, all.has(sidecarName(file))));
    } catch (error) {
      problems.push(problemOf(file, error));
    }
  }
  return { documents, problems };
}
