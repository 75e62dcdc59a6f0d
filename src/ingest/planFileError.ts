import { type Bilingual, bilingual, type MessageKey, type MessageParams } from "../messages/catalogue.js";

/** A problem found in a plan file, precise enough for an official to fix it. */
export interface FileProblem {
  file: string;
  line?: number;
  /** In English, for logs and older callers. */
  reason: string;
  /** What an official reads: Vietnamese first, English second. */
  message?: Bilingual;
  /** The file is a scan: its text is to be read by OCR (ocrEngine.ts), not by its format's reader. */
  scan?: { kind: "pdf" | "image"; pages: number };
}

/** A scan that is to be read by OCR. */
export function scanToRead(file: string, kind: "pdf" | "image", pages: number): PlanFileError {
  return new PlanFileError({ ...planProblem(file, "ocr.queued", { pages }), scan: { kind, pages } });
}

/** A problem from the catalogue of messages. */
export function planProblem(file: string, key: MessageKey, params: MessageParams = {}, line?: number): FileProblem {
  const message = bilingual(key, params);
  return { file, ...(line ? { line } : {}), reason: message.en, message };
}

export class PlanFileError extends Error {
  /**
   * `lasting`: the reader crashed, ran out of time or of memory on this file. It is remembered as
   * refused until the file changes, so that it is not read again at every start.
   */
  constructor(
    readonly problem: FileProblem,
    readonly lasting = false,
  ) {
    super(`${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.reason}`);
    this.name = "PlanFileError";
  }
}
