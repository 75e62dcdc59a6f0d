import { lstatSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import pLimit from "p-limit";
import { parseInReader, READER_LIMITS } from "../ingest/planReaderPool.js";
import { type FileProblem, PLAN_EXTENSIONS, PlanFileError, planProblem } from "../ingest/readPlanFile.js";
import type { PlanDocument, Warning } from "../ingest/types.js";
import { type Bilingual, bilingual } from "../messages/catalogue.js";
import type { RefusedFiles } from "./refusedFiles.js";
import { type ScanQueue, waitingScans } from "./scanQueue.js";
import type { ScanReading } from "../ingest/ocrEngine.js";

export const SIDECAR_SUFFIX = ".meta.yaml";
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;

export interface KnowledgeLoad {
  documents: PlanDocument[];
  problems: FileProblem[];
}

/** The plans folder cannot be listed: at start-up the bot cannot serve, later it keeps the plans it has. */
export class KnowledgeFolderError extends Error {
  constructor(
    readonly dir: string,
    readonly code: string,
    readonly text: Bilingual = bilingual("knowledge.folderUnreadable", { dir, code }),
  ) {
    super(text.en);
    this.name = "KnowledgeFolderError";
  }
}

export const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

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

function tooLarge(file: string, size: number): PlanFileError {
  return new PlanFileError(planProblem(file, "planFile.tooLarge", { megabytes: (size / 1048576).toFixed(1) }));
}

/**
 * Parses plan bytes (and its sidecar) into a document in a reader thread, or throws PlanFileError.
 * The one way into the index for start-up, the folder watcher and uploads alike.
 */
export async function parsePlanFile(file: string, bytes: Buffer, sidecar?: string): Promise<PlanDocument> {
  if (bytes.length > MAX_PLAN_BYTES) throw tooLarge(file, bytes.length);
  return parseInReader(file, bytes, sidecar);
}

/** A scan queued for OCR in the background: it is not refused, it is not served yet. */
export class ScanPending extends PlanFileError {}

/** The document of a scan, built from the text OCR read, marked as read by OCR with its figures to check. */
async function scanDocument(file: string, bytes: Buffer, sidecar: string | undefined, reading: ScanReading): Promise<PlanDocument> {
  const doc = await parseInReader(file, bytes, sidecar, reading.text);
  doc.ocr = { pages: reading.pages, confidence: reading.confidence, uncertain: reading.uncertain };
  const said: Warning[] = [{ key: "ocr.readByOcr", params: { pages: reading.pages, confidence: reading.confidence } }];
  if (reading.uncertain.length) said.push({ key: "ocr.uncertainWords", params: { words: reading.uncertain.slice(0, 30).join(", ") } });
  doc.warnings.unshift(...said);
  return doc;
}

/**
 * parsePlanFile, where a scan is read by OCR through `scans`: waited for (kb:check), or queued in
 * the background (the bot), in which case ScanPending is thrown until its reading is ready.
 */
export async function parseOrReadScan(file: string, bytes: Buffer, sidecar: string | undefined, scans: ScanQueue = waitingScans): Promise<PlanDocument> {
  try {
    return await parsePlanFile(file, bytes, sidecar);
  } catch (error) {
    const scan = error instanceof PlanFileError ? error.problem.scan : undefined;
    if (!scan) throw error;
    const reading = await scans.read(file, bytes, scan);
    if (!reading) throw new ScanPending((error as PlanFileError).problem);
    return scanDocument(file, bytes, sidecar, reading);
  }
}

/** Which version of a file a remembered refusal is about. */
export function versionKey(size: number, mtimeMs: number): string {
  return `${size}:${mtimeMs}`;
}

/**
 * Reads one plan file from disk into a document, or throws PlanFileError. `hasSidecar: false`
 * (the folder was just listed) spares a read that would fail: a failed read costs as much as a good one.
 * A file that crashed a reader or took its time limit before is refused from `refused` without
 * being read again; the files being read are written down there first.
 */
export async function loadPlanFile(dir: string, file: string, hasSidecar = true, refused?: RefusedFiles, scans?: ScanQueue): Promise<PlanDocument> {
  const path = join(dir, file);
  const info = lstatSync(path);
  if (info.isSymbolicLink()) throw new PlanFileError(planProblem(file, "planFile.symlink"));
  if (info.size > MAX_PLAN_BYTES) throw tooLarge(file, info.size);
  const key = versionKey(info.size, info.mtimeMs);
  const remembered = refused?.refusal(file, key);
  if (remembered) throw new PlanFileError(remembered, true);
  const bytes = readFileSync(path);
  const sidecar = hasSidecar ? readSidecar(dir, file) : undefined;
  refused?.beginReading(file, key);
  try {
    const doc = await parseOrReadScan(file, bytes, sidecar, scans);
    refused?.endReading(file, key);
    return doc;
  } catch (error) {
    refused?.endReading(file, key, error instanceof PlanFileError && error.lasting ? error.problem : undefined);
    throw error;
  }
}

/** The plan files of a folder, sorted; symbolic links named like plans (refused); every name in it (sidecars included). */
export async function listFolder(dir: string): Promise<{ plans: string[]; links: string[]; all: Set<string> }> {
  const entries = await readdir(dir, { withFileTypes: true });
  const named = entries.filter((entry) => isPlanFileName(entry.name));
  const plans = named
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const links = named
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => entry.name)
    .sort();
  return { plans, links, all: new Set(entries.map((entry) => entry.name)) };
}

export function symlinkProblem(file: string): FileProblem {
  return planProblem(file, "planFile.symlink");
}

export function problemOf(file: string, error: unknown): FileProblem {
  if (error instanceof PlanFileError) return error.problem;
  return planProblem(file, "planFile.unreadable", { detail: (error as Error).message });
}

/** Reads every plan in a folder; a file that cannot be read is reported and the others are still served. */
export async function loadKnowledge(dir: string, refused?: RefusedFiles): Promise<KnowledgeLoad> {
  const { plans, links, all } = await listFolder(dir).catch((error: unknown) => {
    throw new KnowledgeFolderError(dir, errorCode(error));
  });
  refused?.keepOnly(new Set(plans));
  const limit = pLimit(READER_LIMITS.threads * 2);
  const loaded = await limit.map(plans, async (file) => {
    try {
      return { doc: await loadPlanFile(dir, file, all.has(sidecarName(file)), refused) };
    } catch (error) {
      return { problem: problemOf(file, error) };
    }
  });
  return {
    documents: loaded.flatMap((l) => (l.doc ? [l.doc] : [])),
    problems: [...loaded.flatMap((l) => (l.problem ? [l.problem] : [])), ...links.map(symlinkProblem)],
  };
}
