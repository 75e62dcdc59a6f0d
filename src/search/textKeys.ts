import type { Lexicon } from "../lexicon/lexicon.js";
import { foldedBigrams, type Token, tokenize } from "../text/tokenize.js";

export interface TextKeys {
  exact: string[];
  folded: string[];
  bigrams: string[];
}

/** Tokens of a text plus the expansions of the abbreviations in it ("BHYT" -> bảo hiểm y tế). */
export function tokensWithExpansions(text: string, lexicon: Lexicon): Token[] {
  const tokens = tokenize(text);
  const expansions: Token[] = [];
  let phrase = (tokens[tokens.length - 1]?.phrase ?? 0) + 1;
  for (const token of tokens) {
    const expansion = lexicon.abbreviations.get(token.text.toLowerCase());
    if (!expansion || token.text !== token.text.toUpperCase()) continue;
    for (const extra of tokenize(expansion)) expansions.push({ ...extra, phrase, start: token.start, end: token.end });
    phrase++;
  }
  return [...tokens, ...expansions];
}

export function textKeys(text: string, lexicon: Lexicon): TextKeys {
  const tokens = tokensWithExpansions(text, lexicon);
  return {
    exact: tokens.map((t) => t.exact),
    folded: tokens.map((t) => t.folded),
    bigrams: foldedBigrams(tokens),
  };
}
