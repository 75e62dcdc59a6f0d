/**
 * Vietnamese legacy encodings still common in commune offices. Text typed with a TCVN3 (ABC) font
 * such as .VnTime, or a VNI font such as VNI-Times, looks like "KÕ ho¹ch" or "Keá hoaïch" once read
 * as Unicode; indexing it would make every answer miss. Windows-1258 is a real code page and is
 * converted; TCVN3 and VNI are named so that the official can convert the file.
 */
export type LegacyEncoding = "TCVN3" | "VNI";

// TCVN3 puts ă â ê ô ơ ư đ and the a-vowels with tones on these Latin-1 symbols; Unicode
// Vietnamese never has them between letters.
const TCVN3_IN_WORD = /[A-Za-z][¨©ª«¬­®¸¹µ¶·ÕÖÞ]|[¨©ª«¬­®§¸¹µ¶·][A-Za-z]/g;
// VNI writes a base letter followed by a tone or vowel mark stored as a Latin-1 letter that
// Vietnamese never uses (ï ä ø û õ after a vowel, ñ for đ, ö for ư).
const VNI_IN_WORD = /[aeiouyAEIOUY][ïäøûõæ]|[A-Za-z]?ñ[a-z]|[a-zA-Z]ö/g;
const MIN_MARKS = 3;
/** Every symbol the two patterns above need: one scan rules most Unicode text out. */
const LEGACY_MARK_RE = /[¨©ª«¬­®§¸¹µ¶·ÕÖÞïäøûõæñö]/;

export function detectLegacyEncoding(text: string): LegacyEncoding | undefined {
  if (!LEGACY_MARK_RE.test(text)) return undefined;
  const tcvn3 = (text.match(TCVN3_IN_WORD) ?? []).length;
  const vni = (text.match(VNI_IN_WORD) ?? []).length;
  if (tcvn3 < MIN_MARKS && vni < MIN_MARKS) return undefined;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const threshold = Math.max(MIN_MARKS, letters * 0.005);
  if (tcvn3 >= threshold) return "TCVN3";
  if (vni >= threshold) return "VNI";
  return undefined;
}

export function legacyEncodingAdvice(encoding: LegacyEncoding): string {
  const font = encoding === "TCVN3" ? "a TCVN3 (ABC) font such as .VnTime" : "a VNI font such as VNI-Times";
  return `the text was typed with ${font} and is not Unicode; convert it to Unicode (for example with UniKey's converter) and save it again`;
}

/** Bytes that are not UTF-8, read as Windows-1258 when that gives Vietnamese text. */
export function decodeWindows1258(bytes: Uint8Array): string | undefined {
  // Mostly valid UTF-8 with a few broken sequences is damaged UTF-8, not Windows-1258, whose
  // accented bytes almost never form valid UTF-8.
  const lossy = new TextDecoder("utf-8").decode(bytes);
  const broken = (lossy.match(/\uFFFD/g) ?? []).length;
  const decoded = [...lossy].filter((c) => c > "\u007F" && c !== "\uFFFD").length;
  if (decoded > broken * 3) return undefined;
  const text = new TextDecoder("windows-1258").decode(bytes).normalize("NFC");
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const vietnamese = (text.match(/[\u1EA0-\u1EF9ăâêôơưđĂÂÊÔƠƯĐ]/gu) ?? []).length;
  return letters > 0 && vietnamese / letters > 0.02 ? text : undefined;
}
