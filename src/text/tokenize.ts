import { exactKey, foldedKey, hasDiacritics } from "./normalize.js";
import { nextToken, type TokenSpan } from "./tokenScanner.js";

export interface Token {
  /** The token as written. */
  text: string;
  /** Offset of the token in the source string. */
  start: number;
  end: number;
  exact: string;
  folded: string;
  /** Index of the phrase (run of text between punctuation) the token belongs to. */
  phrase: number;
  numeric: boolean;
}

const PHRASE_BREAK_RE = /[.,;:!?()[\]{}"“”«»…|/\\–—]|\s-\s|\n/u;

/** Keys of a token string, memoised: plans repeat the same few thousand syllables endlessly. */
const keyCache = new Map<string, { exact: string; folded: string }>();
const KEY_CACHE_LIMIT = 200_000;

export function keysOf(raw: string): { exact: string; folded: string } {
  let keys = keyCache.get(raw);
  if (!keys) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keys = { exact: exactKey(raw), folded: foldedKey(raw) };
    keyCache.set(raw, keys);
  }
  return keys;
}

/** Whether the text between two tokens breaks a phrase (most of it is one space, which does not). */
export function phraseBreakBetween(text: string, from: number, to: number): boolean {
  if (to - from === 1 && text.charCodeAt(from) === 32) return false;
  return PHRASE_BREAK_RE.test(text.slice(from, to));
}

const span: TokenSpan = { start: 0, end: 0 };

/** Words and numbers (numbers keep their Vietnamese decimal comma and thousands dot: 93,45 / 2.961). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let phrase = 0;
  let last = 0;
  while (nextToken(text, last, span).start >= 0) {
    const start = span.start;
    if (tokens.length > 0 && phraseBreakBetween(text, last, start)) phrase++;
    const raw = text.slice(start, span.end);
    const keys = keysOf(raw);
    tokens.push({
      text: raw,
      start,
      end: start + raw.length,
      exact: keys.exact,
      folded: keys.folded,
      phrase,
      numeric: /^\p{N}/u.test(raw),
    });
    last = start + raw.length;
  }
  return tokens;
}

/** Adjacent pairs inside one phrase, as folded keys joined by "_". */
export function foldedBigrams(tokens: readonly Token[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (a.phrase === b.phrase) pairs.push(`${a.folded}_${b.folded}`);
  }
  return pairs;
}

/** Share of letter tokens written with diacritics: tells whether the writer types them at all. */
export function diacriticRatio(tokens: readonly Token[]): number {
  const words = tokens.filter((t) => !t.numeric);
  if (words.length === 0) return 0;
  return words.filter((t) => hasDiacritics(t.text)).length / words.length;
}
