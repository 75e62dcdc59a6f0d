/**
 * Vietnamese legacy encodings still common in commune offices. Text typed with a TCVN3 (ABC) font
 * such as .VnTime, or a VNI font such as VNI-Times, looks like "KÕ ho¹ch" or "Keá hoaïch" once read
 * as Unicode; indexing it would make every answer miss. All three are converted to Unicode; TCVN3
 * and VNI with a warning naming the encoding, so that an official checks the accents.
 */
export type LegacyEncoding = "TCVN3" | "VNI";

// TCVN3 puts ă â ê ô ơ ư đ and the a-vowels with tones on these Latin-1 symbols; Unicode
// Vietnamese never has them between letters.
const TCVN3_IN_WORD = /[A-Za-z][¨©ª«¬­®¸¹µ¶·ÕÖÞ]|[¨©ª«¬­®§¸¹µ¶·][A-Za-z]/g;
// VNI writes a base letter followed by a tone or vowel mark stored as a Latin-1 letter that
// Vietnamese never uses (ï ä ø û õ after a vowel, ñ for đ, ö for ư).
const VNI_IN_WORD = /[aeiouyAEIOUY][ïäøûõæ]|[AEIOUY][ØÙÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[A-Za-z]?ñ[a-z]|Ñ[A-Za-z]|[a-zA-Z]ö|[A-Z]Ö/g;
const MIN_MARKS = 3;
/** Every symbol the two patterns above need: one scan rules most Unicode text out. */
const LEGACY_MARK_RE = /[¨©ª«¬­®§¸¹µ¶·ÕÖÞïäøûõæñöØÙÛÏÂÁÀÅÃÄÊÉÈÚÜËÑ]/;

export function detectLegacyEncoding(text: string): LegacyEncoding | undefined {
  if (!LEGACY_MARK_RE.test(text)) return undefined;
  const tcvn3 = (text.match(TCVN3_IN_WORD) ?? []).length;
  const vni = (text.match(VNI_IN_WORD) ?? []).length;
  if (tcvn3 < MIN_MARKS && vni < MIN_MARKS) return undefined;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const threshold = Math.max(MIN_MARKS, letters * 0.005);
  // Both use Latin-1 capitals: the encoding with more of its own patterns wins.
  if (tcvn3 >= threshold && tcvn3 >= vni) return "TCVN3";
  if (vni >= threshold) return "VNI";
  if (tcvn3 >= threshold) return "TCVN3";
  return undefined;
}

/**
 * TCVN3 (ABC): one byte per letter. The capitals of Ă Â Ê Ô Ơ Ư Đ have codes of their own; the
 * other capitals with a tone do not (an all-caps font such as .VnTimeH shows the small letter's
 * code as a capital), so a word written in capitals is put back in capitals after conversion.
 */
const TCVN3_LETTERS: Record<string, string> = {
  "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
  "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\u00AD": "ư", "®": "đ",
  "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
  "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
  "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
  "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
  "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
  "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
  "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
  "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
  "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
  "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
  "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
  "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
};
const TCVN3_RE = new RegExp(`[${Object.keys(TCVN3_LETTERS).join("")}]`, "g");

/**
 * Capitals after conversion: a line whose plain letters are capitals was typed in an all-caps
 * font, and so was a word with two or more plain letters, all capitals ("CHØ" is "CHỈ", "Tû" is "Tỷ").
 */
function plainLetters(text: string): string[] {
  return text.replace(TCVN3_RE, "").match(/[A-Za-z]/g) ?? [];
}

const allCapitals = (letters: string[]) => letters.every((c) => c === c.toUpperCase());

function tcvn3Line(line: string): string {
  const lineLetters = plainLetters(line);
  const capsLine = lineLetters.length >= 4 && allCapitals(lineLetters);
  return line.replace(/[^\s]+/g, (word) => {
    const converted = word.replace(TCVN3_RE, (c) => TCVN3_LETTERS[c]!);
    if (converted === word) return word;
    const letters = plainLetters(word);
    return capsLine || (letters.length >= 2 && allCapitals(letters)) ? converted.toUpperCase() : converted;
  });
}

export function tcvn3ToUnicode(text: string): string {
  return text.split("\n").map(tcvn3Line).join("\n");
}

/**
 * VNI: a vowel followed by one mark letter (tone, hat or breve, or both in one letter); ơ and ư,
 * đ, and the i and y with a tone are single letters. Capitals use the capital marks.
 */
const VNI_MARKS: Record<string, string> = {
  ø: "\u0300", ù: "\u0301", û: "\u0309", õ: "\u0303", ï: "\u0323",
  â: "\u0302", á: "\u0302\u0301", à: "\u0302\u0300", å: "\u0302\u0309", ã: "\u0302\u0303", ä: "\u0302\u0323",
  ê: "\u0306", é: "\u0306\u0301", è: "\u0306\u0300", ú: "\u0306\u0309", ü: "\u0306\u0303", ë: "\u0306\u0323",
};
const VNI_LETTERS: Record<string, string> = { ô: "ơ", ö: "ư", ñ: "đ", ó: "ĩ", æ: "ỉ", ò: "ị", î: "ỵ" };
const VNI_HAT_OR_BREVE = /[âáàåãäêéèúüë]/;

function vniLetter(c: string): string {
  const lower = c.toLowerCase();
  const letter = VNI_LETTERS[lower];
  if (!letter) return c;
  return c === lower ? letter : letter.toUpperCase();
}

export function vniToUnicode(text: string): string {
  const withLetters = text.replace(/[ôöñóæòîÔÖÑÓÆÒÎ]/g, vniLetter);
  return withLetters
    .replace(/([aeiouyơưAEIOUYƠƯ])([øùûõïâáàåãäêéèúüëØÙÛÕÏÂÁÀÅÃÄÊÉÈÚÜË])/g, (whole, vowel: string, mark: string) => {
      const lowerMark = mark.toLowerCase();
      // Hats and breves sit only on a, e, o (breves on a alone); anything else is not a VNI mark.
      if (VNI_HAT_OR_BREVE.test(lowerMark) && !/[aeo]/i.test(vowel)) return whole;
      if (/[êéèúüë]/.test(lowerMark) && !/a/i.test(vowel)) return whole;
      return (vowel + VNI_MARKS[lowerMark]!).normalize("NFC");
    })
    .normalize("NFC");
}

export function convertLegacyText(text: string, encoding: LegacyEncoding): string {
  return encoding === "TCVN3" ? tcvn3ToUnicode(text) : vniToUnicode(text);
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
