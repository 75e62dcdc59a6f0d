import yauzl from "yauzl";
import { PlanFileError, planProblem } from "./planFileError.js";

/**
 * Word and Excel files are zip archives. Their central directory says how many entries they hold
 * and how large each unpacks: that is checked before anything is inflated, so a zip bomb (a few
 * hundred kilobytes that unpack to gigabytes) is refused without being unpacked. yauzl then
 * checks while inflating that no entry unpacks to more than it declared.
 */
export const ZIP_LIMITS = {
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 5000,
};

/** What an official calls the file: "Word", "Excel". */
export type ZipKind = "Word" | "Excel";

interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  entry: yauzl.Entry;
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

function listEntries(zip: yauzl.ZipFile, file: string, kind: ZipKind): Promise<ZipEntryInfo[]> {
  const entries: ZipEntryInfo[] = [];
  return new Promise((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push({ name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, entry });
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (error: Error) => reject(new PlanFileError(planProblem(file, "planFile.zipDamaged", { kind, detail: error.message }))));
    zip.readEntry();
  });
}

/** The limits, checked on the sizes the archive declares. */
function checkDeclaredSizes(file: string, kind: ZipKind, entryCount: number, entries: ZipEntryInfo[]): void {
  const limits = ZIP_LIMITS;
  if (entryCount > limits.maxEntries) throw new PlanFileError(planProblem(file, "planFile.zipEntries", { kind, limit: limits.maxEntries }));
  const unpacked = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (unpacked > limits.maxUnpackedBytes) {
    throw new PlanFileError(planProblem(file, "planFile.zipTooLarge", { kind, limit: limits.maxUnpackedBytes / 1048576 }));
  }
  // A small entry may compress very well (an XML part of repeated tags); a large one that does is a bomb.
  if (entries.some((e) => e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * limits.maxRatio)) {
    throw new PlanFileError(planProblem(file, "planFile.zipRatio", { kind, limit: limits.maxRatio }));
  }
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", reject);
    });
  });
}

export interface CheckedZip {
  names: Set<string>;
  /** Inflates one entry (undefined when absent); never more than the archive declared. */
  read(name: string): Promise<Buffer | undefined>;
}

/** Opens a zip-based file after checking its declared sizes; throws PlanFileError when over a limit or damaged. */
export async function openCheckedZip(file: string, kind: ZipKind, bytes: Buffer): Promise<CheckedZip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    throw new PlanFileError(planProblem(file, "planFile.zipDamaged", { kind, detail: (error as Error).message }));
  }
  if (zip.entryCount > ZIP_LIMITS.maxEntries) throw new PlanFileError(planProblem(file, "planFile.zipEntries", { kind, limit: ZIP_LIMITS.maxEntries }));
  const entries = await listEntries(zip, file, kind);
  checkDeclaredSizes(file, kind, zip.entryCount, entries);
  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    names: new Set(byName.keys()),
    async read(name) {
      const info = byName.get(name);
      if (!info) return undefined;
      try {
        return await readEntry(zip, info.entry);
      } catch (error) {
        throw new PlanFileError(planProblem(file, "planFile.zipDamaged", { kind, detail: (error as Error).message }));
      }
    },
  };
}
