import { cleanText } from "../text/normalize.js";
import { convertLegacyText, decodeWindows1258, detectLegacyEncoding } from "./legacyEncoding.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import type { Warning } from "./types.js";

/** Text read from a plan file, with what an official should know about how it was read. */
export interface DecodedText {
  text: string;
  warnings: Warning[];
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Unicode that is really TCVN3 or VNI font text is converted, never indexed as mojibake. */
export function convertLegacyIfAny(text: string): DecodedText {
  const legacy = detectLegacyEncoding(text);
  if (!legacy) return { text, warnings: [] };
  const encoding = legacy === "TCVN3" ? "TCVN3 (ABC)" : "VNI";
  return { text: cleanText(convertLegacyText(text, legacy)), warnings: [{ key: "planFile.legacyConverted", params: { encoding } }] };
}

export function requireText(file: string, text: string, key: "planFile.noText" | "planFile.docxNoText" | "planFile.pdfNoText" = "planFile.noText"): string {
  if (!/\p{L}/u.test(text)) throw new PlanFileError(planProblem(file, key));
  return text;
}

/**
 * Decodes a plain-text plan file. Refuses what would otherwise be indexed as garbage: empty
 * files, binary files, UTF-16 and text that is not valid UTF-8; converts Windows-1258, TCVN3 and VNI.
 */
export function decodeTextFile(file: string, bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new PlanFileError(planProblem(file, "planFile.utf16", {}, 1));
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new PlanFileError(planProblem(file, "planFile.binary", {}, lineOfOffset(bytes, nul)));
  let text: string;
  try {
    text = decodeUtf8AllowingTruncatedEnd(bytes);
  } catch {
    // Not UTF-8: an 8-bit Vietnamese encoding? TCVN3 and VNI are read as Latin-1 letters, Windows-1258 as itself.
    const latin1 = new TextDecoder("latin1").decode(bytes);
    if (detectLegacyEncoding(latin1)) {
      const converted = convertLegacyIfAny(cleanText(latin1));
      return { ...converted, text: requireText(file, converted.text) };
    }
    const converted = decodeWindows1258(bytes);
    if (converted !== undefined) return { text: requireText(file, cleanText(converted)), warnings: [] };
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const bad = lossy.indexOf("\uFFFD");
    throw new PlanFileError(planProblem(file, "planFile.notUtf8", {}, bad >= 0 ? lossy.slice(0, bad).split("\n").length : undefined));
  }
  if (/^\s*(<!doctype html|<html[\s>])/i.test(text) || (text.match(/<\/?(p|div|span|td|tr|br|table|body|head)\b[^>]*>/gi) ?? []).length > 20) {
    throw new PlanFileError(planProblem(file, "planFile.html", {}, 1));
  }
  const converted = convertLegacyIfAny(requireText(file, cleanText(text)));
  return { ...converted, text: requireText(file, converted.text) };
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
