import { decodeTextFile } from "./decodeText.js";
import { PLAN_EXTENSIONS } from "./decodePlanFile.js";
import { textInReader } from "./planReaderPool.js";

/**
 * Reading plan files. Every file is decoded in a reader thread (planReaderPool.ts) with limits on
 * time and memory; the readers for each format are in decodePlanFile.ts.
 */
export { type FileProblem, PlanFileError, planProblem } from "./planFileError.js";
export { PLAN_EXTENSIONS };

/** Decodes a plain-text plan file on this thread (small inputs and tests); see decodeText.ts. */
export function decodePlanText(file: string, bytes: Uint8Array): string {
  return decodeTextFile(file, bytes).text;
}

/** The text of a plan file of any supported kind, read in a reader thread, or a PlanFileError saying what is wrong with it. */
export async function readPlanText(file: string, bytes: Buffer): Promise<string> {
  return textInReader(file, bytes);
}
