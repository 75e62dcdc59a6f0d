import { type Bilingual, bilingual, type MessageKey, type MessageParams, type MessageRef } from "../messages/catalogue.js";

/** A problem found in a plan file, precise enough for an official to fix it. */
export interface FileProblem {
  file: string;
  line?: number;
  /** In English, with the technical detail: for logs and older callers. */
  reason: string;
  /** What an official reads: Vietnamese first, English second. */
  message?: Bilingual;
  /** The same as a catalogue reference, for texts that quote it (an upload's refusal). */
  ref?: MessageRef;
  /** A library's or the system's own words (in English), for whoever maintains the server; never part of `message`. */
  detail?: string;
  /** The file is a scan: its text is to be read by OCR (ocrEngine.ts), not by its format's reader. */
  scan?: { kind: "pdf" | "image"; pages: number };
}

/** A scan that is to be read by OCR. */
export function scanToRead(file: string, kind: "pdf" | "image", pages: number): PlanFileError {
  return new PlanFileError({ ...planProblem(file, "ocr.queued", { pages }), scan: { kind, pages } });
}

/**
 * A problem from the catalogue of messages. A `detail` parameter is the reading library's own
 * (English) error: it is kept apart from the message an official reads.
 */
export function planProblem(file: string, key: MessageKey, params: MessageParams = {}, line?: number): FileProblem {
  const { detail, ...rest } = params;
  const message = bilingual(key, rest);
  return {
    file,
    ...(line ? { line } : {}),
    reason: detail !== undefined && detail !== "" ? `${message.en} (${detail})` : message.en,
    message,
    ref: { key, params: rest },
    ...(detail !== undefined && detail !== "" ? { detail: String(detail) } : {}),
  };
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
