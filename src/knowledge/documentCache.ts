import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { Passage, Section } from "../ingest/types.js";
import type { PreparedSentences } from "../search/knowledgeIndex.js";
import type { FileEntry } from "./knowledgeBase.js";

/**
 * Parsed plans kept between runs, so that a restart parses only the files that changed (and, with
 * the same lexicon, reuses each sentence's keys and figures). The cache
 * is only an accelerator: it is written through a temporary file and a rename (a crash leaves the
 * old or the new cache, whole), and it is ignored when it cannot be read or was written by other
 * parsing code.
 */

const FORMAT = 5;

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

interface CacheFile {
  fingerprint: string;
  entries: [string, FileEntry][];
  sentences?: PreparedSentences;
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
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return { entries: new Map() };
  }
  try {
    const cache = deserialize(bytes) as CacheFile;
    if (cache.fingerprint !== parserFingerprint()) {
      warn("written by another version of the parser; every plan is parsed again");
      return { entries: new Map() };
    }
    return { entries: new Map(cache.entries), ...(cache.sentences ? { sentences: cache.sentences } : {}) };
  } catch (error) {
    warn(`${file} cannot be read (${(error as Error).message}); every plan is parsed again`);
    return { entries: new Map() };
  }
}

/**
 * The entries with every passage and section that reads the same in several plans made one
 * object: the serializer writes an object once however often it is referenced, so plans written
 * from one template cost little more than one plan to read back. The plans themselves are not
 * changed; passages and sections are never modified once parsed.
 */
function sharingIdenticalParts(entries: Map<string, FileEntry>): [string, FileEntry][] {
  const passages = new Map<string, Passage>();
  const sections = new Map<string, Section>();
  const shared = <T>(pool: Map<string, T>, key: string, value: T): T => {
    const known = pool.get(key);
    if (known) return known;
    pool.set(key, value);
    return value;
  };
  return [...entries].map(([name, entry]) => {
    const { doc } = entry;
    if (!doc) return [name, entry];
    return [
      name,
      {
        ...entry,
        doc: {
          ...doc,
          passages: doc.passages.map((p) => shared(passages, `${p.index}\0${p.section}\0${p.line}\0${p.kind}\0${p.text}`, p)),
          sections: doc.sections.map((s) => shared(sections, `${s.path}\0${s.label}\0${s.heading}\0${s.line}\0${s.depth}\0${s.trail.join("\0")}`, s)),
        },
      },
    ];
  });
}

export async function writeDocumentCache(file: string, entries: Map<string, FileEntry>, sentences?: PreparedSentences): Promise<void> {
  const content: CacheFile = { fingerprint: parserFingerprint(), entries: sharingIdenticalParts(entries), ...(sentences ? { sentences } : {}) };
  const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, serialize(content));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
