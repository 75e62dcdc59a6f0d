import { cleanText } from "../text/normalize.js";

/** A problem found in a plan file, precise enough for an official to fix it. */
export interface FileProblem {
  file: string;
  line?: number;
  reason: string;
}

export class PlanFileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(`${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.reason}`);
    this.name = "PlanFileError";
  }
}

export const TEXT_EXTENSIONS = [".txt", ".md"] as const;

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Decodes a plain-text plan file. Refuses what would otherwise be indexed as garbage:
 * empty files, binary files, UTF-16 and text that is not valid UTF-8.
 */
export function decodePlanText(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new PlanFileError({ file, reason: "the file is empty" });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new PlanFileError({ file, line: 1, reason: "the file is UTF-16; save it as UTF-8" });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new PlanFileError({ file, line: lineOfOffset(bytes, nul), reason: "binary content (NUL byte); not a text file" });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const bad = lossy.indexOf("\uFFFD");
    const line = bad >= 0 ? lossy.slice(0, bad).split("\n").length : undefined;
    throw new PlanFileError({ file, line, reason: "not valid UTF-8 text; save the file as UTF-8" });
  }
  const cleaned = cleanText(text);
  if (!/\p{L}/u.test(cleaned)) throw new PlanFileError({ file, reason: "the file has no text" });
  return cleaned;
}
