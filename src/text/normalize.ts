/**
 * Text normalisation for Vietnamese as residents and offices actually type it.
 *
 * Every syllable gets two search keys:
 * - the exact key keeps vowel marks (ă â ê ô ơ ư đ) but detaches the tone into a suffix,
 *   so old and new tone placement (hoà / hòa, thuỷ / thủy) give the same key;
 * - the folded key drops every diacritic, for residents who type without them.
 * Both apply the i/y spelling rule (tỉ / tỷ, sĩ / sỹ, kĩ / kỹ).
 */

const TONE_MARKS: Record<string, string> = {
  "\u0300": "`", // huyền
  "\u0301": "'", // sắc
  "\u0309": "?", // hỏi
  "\u0303": "~", // ngã
  "\u0323": ".", // nặng
};
const TONE_MARK_RE = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ALL_MARKS_RE = /[\u0300-\u036f]/g;
/** A syllable whose whole vowel is a lone y after a consonant onset: tỷ, sỹ, kỹ, lý, quý. */
const LONE_Y_RE = /^(qu|[bcdđghklmnpqrstvx]+)y$/;

const NEEDS_CLEANING_RE = /[\r\t\u00A0\u2007\u202F\u3000\u200B-\u200D\u2060\uFEFF]/;

/**
 * Cleans raw file or message text: BOM, line endings, odd spaces, NFC. Composing comes last: an
 * invisible character between a letter and its mark ("A\uFEFF\u0301") keeps them apart until it
 * is removed, and cleaning must give text that a second cleaning leaves as it is.
 */
export function cleanText(raw: string): string {
  // Most text has none of these: one scan instead of four replacing passes over a whole plan.
  if (!NEEDS_CLEANING_RE.test(raw)) return raw.normalize("NFC");
  return raw
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00A0\u2007\u202F\u3000]/g, " ")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\t/g, " ")
    .normalize("NFC");
}

const SPACE_TO_COLLAPSE_RE = /\s{2,}|[^\S ]/g;

/**
 * Every run of white space becomes one space. Only runs that change are matched: replacing every
 * single space with itself made this several times slower on the plans' long lines.
 */
export function collapseSpaces(text: string): string {
  return text.replace(SPACE_TO_COLLAPSE_RE, " ");
}

const NOT_ASCII_RE = /[^ -~\n]/;

/** Removes every diacritic, including the stroke of đ. */
export function foldDiacritics(text: string): string {
  // Text typed without marks (and keys already folded) has nothing to fold.
  if (!NOT_ASCII_RE.test(text)) return text;
  return text.normalize("NFD").replace(ALL_MARKS_RE, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
}

function spellI(base: string): string {
  return LONE_Y_RE.test(base) ? `${base.slice(0, -1)}i` : base;
}

/** Exact search key of one token: lower case, tone detached into a suffix, i/y unified. */
export function exactKey(token: string): string {
  const decomposed = token.toLowerCase().normalize("NFD");
  const tones = decomposed.match(TONE_MARK_RE);
  const base = decomposed.replace(TONE_MARK_RE, "").normalize("NFC");
  const tone = tones ? TONE_MARKS[tones[tones.length - 1]!] : "";
  return spellI(base) + tone;
}

/** Folded search key of one token: lower case, no diacritics, i/y unified. */
export function foldedKey(token: string): string {
  return spellI(foldDiacritics(token.toLowerCase()));
}

/** True when the token carries any Vietnamese diacritic (tone or vowel mark, or đ). */
export function hasDiacritics(token: string): boolean {
  return foldDiacritics(token) !== token;
}

/**
 * Short phrases folded lately: answering folds the same labels, units and place names question
 * after question. Emptied when full rather than kept in order (a cache, never a source of truth).
 */
const foldedPhrases = new Map<string, string>();
const FOLDED_PHRASES_KEPT = 4096;
const FOLDED_PHRASE_LENGTH = 80;

/** Folds a whole phrase for loose comparisons (labels, place names): no marks, lower case, single spaces. */
export function foldPhrase(text: string): string {
  if (text.length > FOLDED_PHRASE_LENGTH) return foldPhraseNow(text);
  let folded = foldedPhrases.get(text);
  if (folded === undefined) {
    if (foldedPhrases.size >= FOLDED_PHRASES_KEPT) foldedPhrases.clear();
    folded = foldPhraseNow(text);
    foldedPhrases.set(text, folded);
  }
  return folded;
}

function foldPhraseNow(text: string): string {
  return foldDiacritics(cleanText(text))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Text to match literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
