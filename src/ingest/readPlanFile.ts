import { cleanText } from "../text/normalize.js";
import { decodeWindows1258, detectLegacyEncoding, legacyEncodingAdvice } from "./legacyEncoding.js";

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

export const PLAN_EXTENSIONS = [".txt", ".md", ".docx", ".pdf"] as const;

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Unicode that is really TCVN3 or VNI font text is refused, never indexed as mojibake. */
function refuseLegacyText(file: string, text: string): string {
  const legacy = detectLegacyEncoding(text);
  if (!legacy) return text;
  const lines = text.split("\n");
  const line = lines.findIndex((l) => detectLegacyEncoding(l) !== undefined || /[¹¸®¨]|[aeiouy][ïäøû]/.test(l)) + 1;
  throw new PlanFileError({ file, ...(line > 0 ? { line } : {}), reason: legacyEncodingAdvice(legacy) });
}

function requireText(file: string, text: string, reason = "the file has no text"): string {
  if (!/\p{L}/u.test(text)) throw new PlanFileError({ file, reason });
  return text;
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
    text = decodeUtf8AllowingTruncatedEnd(bytes);
  } catch {
    // Not UTF-8: an 8-bit Vietnamese encoding? TCVN3 and VNI are named, Windows-1258 converted.
    const legacy = detectLegacyEncoding(new TextDecoder("latin1").decode(bytes));
    if (legacy) throw new PlanFileError({ file, reason: legacyEncodingAdvice(legacy) });
    const converted = decodeWindows1258(bytes);
    if (converted !== undefined) return requireText(file, cleanText(converted));
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const bad = lossy.indexOf("\uFFFD");
    const line = bad >= 0 ? lossy.slice(0, bad).split("\n").length : undefined;
    throw new PlanFileError({ file, ...(line ? { line } : {}), reason: "not valid UTF-8 text; save the file as UTF-8" });
  }
  if (/^\s*(<!doctype html|<html[\s>])/i.test(text) || (text.match(/<\/?(p|div|span|td|tr|br|table|body|head)\b[^>]*>/gi) ?? []).length > 20) {
    throw new PlanFileError({ file, line: 1, reason: "this is a web page (HTML) saved as text; save the page's text, or print it to PDF" });
  }
  return refuseLegacyText(file, requireText(file, cleanText(text)));
}

/** UTF-8, where a file cut in the middle of its last character loses only that character. */
function decodeUtf8AllowingTruncatedEnd(bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    return decoder.decode(bytes);
  } catch (error) {
    for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
      const lead = bytes[bytes.length - cut]!;
      if (lead >= 0xc0) {
        // An incomplete multi-byte sequence at the very end: everything before it must be valid.
        return decoder.decode(bytes.subarray(0, bytes.length - cut));
      }
      if (lead < 0x80) break;
    }
    throw error;
  }
}

/** Word documents become markdown, so headings, numbered lists and bullets survive. */
async function decodeDocx(file: string, bytes: Buffer): Promise<string> {
  if (bytes.length === 0) throw new PlanFileError({ file, reason: "the file is empty" });
  if (bytes.subarray(0, 4).toString("latin1") !== "PK\u0003\u0004") {
    throw new PlanFileError({ file, reason: "not a Word document (.docx files are zip archives)" });
  }
  // Zip entry names are stored uncompressed, so a zip of photos (or an .xlsx renamed) shows here.
  if (!bytes.includes("word/document.xml", 0, "latin1")) {
    throw new PlanFileError({
      file,
      reason: "a zip archive with no Word document inside (word/document.xml is missing); open the plan in Word and save it as .docx",
    });
  }
  let markdown: string;
  try {
    // Loaded on first use: most folders hold only text files, and loading mammoth takes about
    // 0.1 s of every start.
    const { default: mammoth } = await import("mammoth");
    // convertToMarkdown is mammoth's own heading- and list-preserving output.
    markdown = (await (mammoth as unknown as { convertToMarkdown: typeof mammoth.convertToHtml }).convertToMarkdown({ buffer: bytes })).value;
  } catch (error) {
    throw new PlanFileError({ file, reason: `the .docx file cannot be read (${(error as Error).message.split("\n")[0]})` });
  }
  const text = markdown
    .replace(/__(.+?)__/g, "**$1**")
    .replace(/<a id="[^"]*"><\/a>/g, "")
    .replace(/\\([\\`*_{}[\]()#+\-.!>|])/g, "$1");
  return refuseLegacyText(file, requireText(file, cleanText(text), "the .docx file has no text"));
}

async function decodePdf(file: string, bytes: Buffer): Promise<string> {
  if (bytes.length === 0) throw new PlanFileError({ file, reason: "the file is empty" });
  if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") throw new PlanFileError({ file, reason: "not a PDF file" });
  let pages: string[];
  try {
    const { extractText, getDocumentProxy } = await import("unpdf");
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    pages = (await extractText(pdf, { mergePages: false })).text as string[];
  } catch (error) {
    const name = (error as Error).name;
    if (name === "PasswordException") throw new PlanFileError({ file, reason: "the PDF is encrypted (password protected); save an unprotected copy" });
    throw new PlanFileError({ file, reason: `the PDF cannot be read (${(error as Error).message.split("\n")[0]})` });
  }
  return refuseLegacyText(file, requireText(file, cleanText(pages.join("\n\n")), "the PDF has no text layer (a scanned image?); a text PDF, .docx or .txt is needed"));
}

/** The text of a plan file of any supported kind, or a PlanFileError saying what is wrong with it. */
export async function readPlanText(file: string, bytes: Buffer): Promise<string> {
  const extension = file.slice(file.lastIndexOf(".")).toLowerCase();
  switch (extension) {
    case ".docx":
      return decodeDocx(file, bytes);
    case ".pdf":
      return decodePdf(file, bytes);
    case ".txt":
    case ".md":
      return decodePlanText(file, bytes);
    default:
      throw new PlanFileError({ file, reason: `unsupported file type ${extension || "(none)"}; use ${PLAN_EXTENSIONS.join(", ")}` });
  }
}
