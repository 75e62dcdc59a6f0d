import { type DecodedText, decodeTextFile } from "./decodeText.js";
import { imageScan } from "./imageFiles.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import { readDoc } from "./readDoc.js";
import { readDocx } from "./readDocx.js";
import { readPdf } from "./readPdf.js";
import { readXlsx } from "./readXlsx.js";

export const TEXT_EXTENSIONS = [".txt", ".md"] as const;
export const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg"] as const;
export const PLAN_EXTENSIONS = [".txt", ".md", ".docx", ".doc", ".pdf", ".xlsx", ...IMAGE_EXTENSIONS] as const;

export function extensionOf(file: string): string {
  const dot = file.lastIndexOf(".");
  return dot < 0 ? "" : file.slice(dot).toLowerCase();
}

/**
 * The text of a plan file of any supported kind, or a PlanFileError saying what is wrong with it.
 * Runs in the reader worker (see planReaderPool.ts), never on the thread that answers residents.
 */
export async function decodePlanFile(file: string, bytes: Buffer): Promise<DecodedText> {
  const extension = extensionOf(file);
  switch (extension) {
    case ".docx":
      return readDocx(file, bytes);
    case ".doc":
      return readDoc(file, bytes);
    case ".xlsx":
      return readXlsx(file, bytes);
    case ".pdf":
      return readPdf(file, bytes);
    case ".png":
    case ".jpg":
    case ".jpeg":
      return imageScan(file, bytes);
    case ".txt":
    case ".md":
      return decodeTextFile(file, bytes);
    default:
      throw new PlanFileError(planProblem(file, "planFile.unsupported", { extension: extension || "(none)", extensions: PLAN_EXTENSIONS.join(", ") }));
  }
}
