import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { SentenceTerms } from "../src/search/sentenceTerms.js";
import { TermDictionary } from "../src/search/termSet.js";
import type { Lexicon } from "../src/lexicon/lexicon.js";
import { foldedBigrams, type Token, tokenize } from "../src/text/tokenize.js";

/** The keys of a text as they are defined, token by token: the reference SentenceTerms must give. */
function textKeys(text: string, lexicon: Lexicon): { exact: string[]; folded: string[]; bigrams: string[] } {
  const tokens = tokenize(text);
  const expansions: Token[] = [];
  let phrase = (tokens[tokens.length - 1]?.phrase ?? 0) + 1;
  for (const token of tokens) {
    const expansion = lexicon.abbreviations.get(token.text.toLowerCase());
    if (!expansion || token.text !== token.text.toUpperCase()) continue;
    // An abbreviation's expansion is a phrase of its own.
    for (const extra of tokenize(expansion)) expansions.push({ ...extra, phrase });
    phrase++;
  }
  const all = [...tokens, ...expansions];
  return { exact: all.map((t) => t.exact), folded: all.map((t) => t.folded), bigrams: foldedBigrams(all) };
}

/** Lines of the project's real plans and sample plans: long target lists, tables, abbreviations, numbers. */
function realLines(): string[] {
  const folders = ["knowledge", "test/realset/communes/plans", "test/realset/wider/plans"];
  const lines: string[] = [];
  for (const folder of folders) {
    for (const file of readdirSync(folder).sort()) {
      if (!/\.(md|txt)$/.test(file)) continue;
      lines.push(...readFileSync(join(folder, file), "utf8").split("\n").filter((line) => line.trim()));
    }
  }
  return lines;
}

describe("sentence term sets", () => {
  const lexicon = loadLexicon();
  const lines = realLines();

  it("are the sets textKeys gives, with every term interned in the same order", () => {
    expect(lines.length).toBeGreaterThan(2000);
    const expected = new TermDictionary();
    const keyed = new TermDictionary();
    const keyer = new SentenceTerms(keyed, lexicon);
    let abbreviations = 0;
    lines.forEach((line, i) => {
      const keys = textKeys(line, lexicon);
      if (keys.exact.length > line.split(/\s+/).length) abbreviations++;
      // Every fifth line as a heading (no bigrams), the others as sentences.
      if (i % 5 === 0) {
        const want = { exact: expected.setOf(keys.exact), folded: expected.setOf(keys.folded) };
        expect(keyer.headingSetsOf(line)).toEqual(want);
      } else {
        const want = { exact: expected.setOf(keys.exact), folded: expected.setOf(keys.folded), bigrams: expected.setOf(keys.bigrams) };
        expect(keyer.setsOf(line)).toEqual(want);
      }
    });
    expect(keyed.allNames()).toEqual(expected.allNames());
    // The lines exercise abbreviations written in capitals (their expansions add keys).
    expect(abbreviations).toBeGreaterThan(20);
  });

  it("keys a phrase break as textKeys does: no bigram across punctuation or a spaced dash", () => {
    const terms = new TermDictionary();
    const sets = new SentenceTerms(terms, lexicon).setsOf("thu gom, xử lý - rác thải BHYT");
    const bigrams = [...sets.bigrams].map((id) => terms.nameOf(id));
    expect(bigrams).toContain("thu_gom");
    expect(bigrams).toContain("xu_li");
    expect(bigrams).not.toContain("gom_xu");
    expect(bigrams).not.toContain("li_rac");
    expect(bigrams).toContain("bao_hiem");
    expect(bigrams).not.toContain("bhyt_bao");
  });
});
