import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { buildDocument } from "../ingest/buildDocument.js";
import { decodePlanText, type FileProblem, PlanFileError, TEXT_EXTENSIONS } from "../ingest/readPlanFile.js";
import type { PlanDocument } from "../ingest/types.js";

export const SIDECAR_SUFFIX = ".meta.yaml";
const MAX_PLAN_BYTES = 20 * 1024 * 1024;

export interface KnowledgeLoad {
  documents: PlanDocument[];
  problems: FileProblem[];
}

export function isPlanFileName(name: string): boolean {
  return (TEXT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()) && !name.startsWith(".");
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

/** Reads one plan file from disk into a document, or throws PlanFileError. */
export function loadPlanFile(dir: string, file: string): PlanDocument {
  const path = join(dir, file);
  const size = statSync(path).size;
  if (size > MAX_PLAN_BYTES) {
    throw new PlanFileError({ file, reason: `the file is ${(size / 1048576).toFixed(1)} MB; plans larger than 20 MB are refused` });
  }
  const text = decodePlanText(file, readFileSync(path));
  return buildDocument(file, text, readSidecar(dir, file));
}

/** Reads every plan in a folder; a file that cannot be read is reported and the others are still served. */
export function loadKnowledge(dir: string): KnowledgeLoad {
  const documents: PlanDocument[] = [];
  const problems: FileProblem[] = [];
  const names = readdirSync(dir).filter(isPlanFileName).sort();
  for (const file of names) {
    try {
      documents.push(loadPlanFile(dir, file));
    } catch (error) {
      if (error instanceof PlanFileError) problems.push(error.problem);
      else problems.push({ file, reason: `could not be read: ${(error as Error).message}` });
    }
  }
  return { documents, problems };
}
