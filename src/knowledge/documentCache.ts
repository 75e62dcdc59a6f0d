import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { type FileHandle, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PlanDocument } from "../ingest/types.js";
import type { PreparedSentences } from "../search/knowledgeIndex.js";
import type { Steps } from "../search/steps.js";
import { type FigureColumns, figureColumns, figuresOf, type PartColumns, PartReader, PartWriter, poolTexts, type StoredDocument, textColumn, type TextPool, TextPoolWriter } from "./cacheColumns.js";
import type { FileEntry } from "./knowledgeBase.js";
import { piecesOf, readPieceFile } from "./pieceFile.js";

/**
 * Parsed plans kept between runs, so that a restart parses only the files that changed (and, with
 * the same lexicon, reuses each sentence's keys and figures). The cache
 * is only an accelerator: it is written through a temporary file and a rename (a crash leaves the
 * old or the new cache, whole), and it is ignored when it cannot be read or was written by other
 * parsing code.
 */

const FORMAT = 9;
const V8_VERSION_TAG = 0xff;

let codeFingerprint: string | undefined;

/** The parsing code itself: a cache written by another version of it is not trusted. */
function parserFingerprint(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash("sha256").update(`${FORMAT}:${process.versions.v8}`);
  const src = join(dirname(fileURLToPath(import.meta.url)), "..");
  for (const folder of ["ingest", "text", "search"]) {
    for (const name of readdirSync(join(src, folder)).sort()) {
      hash.update(name).update(readFileSync(join(src, folder, name)));
    }
  }
  codeFingerprint = hash.digest("hex");
  return codeFingerprint;
}

type StoredEntry = Omit<FileEntry, "doc"> & { doc?: PlanDocument | StoredDocument };

/** PreparedSentences with its texts as places in the cache's text pool. */
type StoredSentences = Omit<PreparedSentences, "texts" | "trails" | "leads" | "figures"> & {
  texts: Uint32Array;
  /** In columns, or as they are when one does not fit them. */
  figures: FigureColumns | PreparedSentences["figures"];
  trails?: Omit<NonNullable<PreparedSentences["trails"]>, "texts"> & { texts: Uint32Array };
  leads?: Uint32Array;
};

interface CacheFile {
  fingerprint: string;
  pool: TextPool;
  parts: PartColumns;
  entries: [string, StoredEntry][];
  sentences?: StoredSentences;
}

export interface DocumentCache {
  entries: Map<string, FileEntry>;
  sentences?: PreparedSentences;
}

/** Temporary files of a run killed while writing the cache. */
async function removeTornWrites(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix) && n.endsWith(".tmp")).map((n) => rm(join(dirname(file), n), { force: true })));
}

export async function readDocumentCache(file: string, warn: (reason: string) => void): Promise<DocumentCache> {
  await removeTornWrites(file);
  let read: ReturnType<typeof readPieceFile>;
  try {
    read = readPieceFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: new Map() };
    warn(`${file} cannot be read (${(error as Error).message}); every plan is parsed again`);
    return { entries: new Map() };
  }
  try {
    // Versions before the pieces wrote one V8 serialisation, which starts with its version tag.
    const cache = read.tree as unknown as CacheFile | undefined;
    if (read.firstByte === V8_VERSION_TAG || (cache && cache.fingerprint !== parserFingerprint())) {
      warn("written by another version of the parser; every plan is parsed again");
      return { entries: new Map() };
    }
    if (!cache) throw new Error("not a piece file");
    return readColumns(cache);
  } catch (error) {
    warn(`${file} cannot be read (${(error as Error).message}); every plan is parsed again`);
    return { entries: new Map() };
  }
}

function readColumns(cache: CacheFile): DocumentCache {
  const texts = poolTexts(cache.pool);
  const parts = new PartReader(cache.parts, texts);
  const entries = new Map<string, FileEntry>();
  for (const [name, { doc, ...entry }] of cache.entries) entries.set(name, doc ? { ...entry, doc: parts.document(doc) } : entry);
  const stored = cache.sentences;
  if (!stored) return { entries };
  const { trails, leads, figures, ...rest } = stored;
  const sentences: PreparedSentences = {
    ...rest,
    texts: textColumn(stored.texts, texts),
    figures: Array.isArray(figures) ? figures : figuresOf(figures, texts),
    ...(trails ? { trails: { ...trails, texts: textColumn(trails.texts, texts) as string[] } } : {}),
    ...(leads ? { leads: textColumn(leads, texts) as string[] } : {}),
  };
  return { entries, sentences };
}

/** The entries and sentences with their texts in one pool and their plans' parts in columns (see cacheColumns.ts). */
function* columnsOf(entries: Map<string, FileEntry>, sentences?: PreparedSentences): Steps<Omit<CacheFile, "fingerprint">> {
  const pool = new TextPoolWriter();
  const parts = new PartWriter(pool);
  const stored: [string, StoredEntry][] = [];
  for (const [name, { doc, ...entry }] of entries) {
    stored.push([name, doc ? { ...entry, doc: parts.add(doc) } : entry]);
    yield;
  }
  let storedSentences: StoredSentences | undefined;
  if (sentences) {
    const { trails, leads, figures, ...rest } = sentences;
    storedSentences = {
      ...rest,
      texts: yield* pool.addColumn(sentences.texts),
      figures: (yield* figureColumns(figures, pool)) ?? figures,
      ...(trails ? { trails: { ...trails, texts: yield* pool.addColumn(trails.texts) } } : {}),
      ...(leads ? { leads: yield* pool.addColumn(leads) } : {}),
    };
  }
  return { pool: yield* pool.finish(), parts: parts.finish(), entries: stored, ...(storedSentences ? { sentences: storedSentences } : {}) };
}

/** The cache's bytes, made in steps (see steps.ts): the entries and sentences must not change until they are made. */
export function* cacheBytes(entries: Map<string, FileEntry>, sentences?: PreparedSentences): Steps<Uint8Array[]> {
  const content: CacheFile = { fingerprint: parserFingerprint(), ...(yield* columnsOf(entries, sentences)) };
  return yield* piecesOf(content as unknown as Record<string, unknown>);
}

/** Writes the bytes through a temporary file and a rename. */
export async function writeCacheBytes(file: string, bytes: readonly Uint8Array[]): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(temp, "w");
    try {
      for (let at = 0; at < bytes.length; at += WRITE_BATCH) await writeAll(handle, bytes.slice(at, at + WRITE_BATCH));
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Buffers per writev (the system takes at most IOV_MAX, 1024 on Linux). */
const WRITE_BATCH = 512;

async function writeAll(handle: FileHandle, buffers: Uint8Array[]): Promise<void> {
  const left = buffers.filter((buffer) => buffer.byteLength > 0);
  while (left.length > 0) {
    let { bytesWritten } = await handle.writev(left);
    // A short write: go on from where it stopped.
    while (left.length > 0 && bytesWritten >= left[0]!.byteLength) bytesWritten -= left.shift()!.byteLength;
    if (bytesWritten > 0) left[0] = left[0]!.subarray(bytesWritten);
  }
}
