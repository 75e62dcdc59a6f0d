import type { ConversationWords } from "../lexicon/lexicon.js";
import { hasDiacritics } from "../text/normalize.js";
import { type Token, tokenize } from "../text/tokenize.js";

/** Words before a number that make it a year ("năm 2025", "in 2025"), removed with it. */
const YEAR_LEAD = new Set(["nam", "in", "by", "for", "den", "toi", "vao", "trong"]);
const YEAR_RE = /^(19|20)\d{2}$/;

interface Phrase {
  folded: string[];
  exact: string[];
}

const phraseCache = new WeakMap<readonly string[], Phrase[]>();

function phrasesOf(list: readonly string[]): Phrase[] {
  let phrases = phraseCache.get(list);
  if (!phrases) {
    phrases = list.map((text) => {
      const tokens = tokenize(text);
      return { folded: tokens.map((t) => t.folded), exact: tokens.map((t) => t.exact) };
    });
    phraseCache.set(list, phrases);
  }
  return phrases;
}

/** The phrase is at `start`: typed with diacritics, they must be the phrase's ("thế", not "the"). */
function phraseAt(tokens: readonly Token[], start: number, phrase: Phrase): boolean {
  if (phrase.folded.length === 0 || start < 0 || start + phrase.folded.length > tokens.length) return false;
  return phrase.folded.every((word, k) => {
    const token = tokens[start + k]!;
    return token.folded === word && (!hasDiacritics(token.text) || token.exact === phrase.exact[k]);
  });
}

/** The text without the characters of the given token ranges (end exclusive), spaces tidied. */
function cut(text: string, tokens: readonly Token[], ranges: [number, number][]): string {
  let out = "";
  let from = 0;
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    out += text.slice(from, tokens[start]!.start);
    from = tokens[end - 1]!.end;
  }
  return (out + text.slice(from)).replace(/\s+/g, " ").trim();
}

/** Removes the words that mean "the place already chosen" ("xã mình", "ở đây"); `found` tells whether any was there. */
export function withoutHereWords(text: string, words: ConversationWords): { text: string; found: boolean } {
  const tokens = tokenize(text);
  const phrases = phrasesOf(words.here);
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = phrases.find((p) => phraseAt(tokens, i, p));
    if (!phrase) continue;
    ranges.push([i, i + phrase.folded.length]);
    i += phrase.folded.length - 1;
  }
  return ranges.length ? { text: cut(text, tokens, ranges), found: true } : { text, found: false };
}

/**
 * The message without the words that open or close a follow-up ("còn … thì sao", "what about …"),
 * and whether it had any. What is left is the new place or year, or a question of its own.
 */
export function followUpRest(text: string, words: ConversationWords): { rest: string; marked: boolean } {
  let tokens = tokenize(text);
  let rest = text;
  let marked = false;
  for (let round = 0; round < 4 && tokens.length > 0; round++) {
    const lead = phrasesOf(words.lead).find((p) => phraseAt(tokens, 0, p));
    const tail = phrasesOf(words.tail).find((p) => phraseAt(tokens, tokens.length - p.folded.length, p));
    const ranges: [number, number][] = [];
    if (lead) ranges.push([0, lead.folded.length]);
    if (tail && (!lead || tokens.length - tail.folded.length >= lead.folded.length)) ranges.push([tokens.length - tail.folded.length, tokens.length]);
    if (ranges.length === 0) break;
    marked = true;
    rest = ranges.length === 2 && ranges[0]![1] > ranges[1]![0] ? "" : cut(rest, tokens, ranges);
    tokens = tokenize(rest);
  }
  return { rest: rest.replace(/^[\s?.,!]+|[\s?.,!]+$/g, ""), marked };
}

/** The question without the years it names ("năm 2024" included), for a follow-up that asks another year. */
export function withoutYears(text: string): string {
  const tokens = tokenize(text);
  const ranges: [number, number][] = [];
  tokens.forEach((token, i) => {
    if (!YEAR_RE.test(token.text)) return;
    const lead = i > 0 && YEAR_LEAD.has(tokens[i - 1]!.folded) && tokens[i - 1]!.phrase === token.phrase;
    ranges.push([lead ? i - 1 : i, i + 1]);
  });
  return ranges.length ? cut(text, tokens, ranges) : text;
}
