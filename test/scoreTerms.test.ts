import type MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/bench/syntheticPlans.js";
import { createSearch } from "../src/search/knowledgeIndex.js";
import { compactPostings } from "../src/search/searchSnapshot.js";
import { type FieldTerms, type RankedMatches, scoreTerms } from "../src/search/scoreTerms.js";

/** Documents over a small vocabulary, so that terms share documents and scores tie. */
function documents(count: number, random: () => number, from = 0) {
  const words = (n: number, prefix: string) => Array.from({ length: 1 + Math.floor(random() * n) }, () => `${prefix}${Math.floor(random() * 12)}`);
  return Array.from({ length: count }, (_, i) => ({
    id: from + i,
    exact: [...new Set(words(6, "w"))].join(" "),
    // Some folded words equal exact ones, as a word without tone marks is its own folded form.
    folded: [...new Set([...words(6, "w"), ...words(3, "f")])].join(" "),
    bigram: [...new Set(words(3, "b"))].join(" "),
  }));
}

function randomQuery(random: () => number): { queries: FieldTerms[]; weights: Map<string, number> } {
  const pick = (prefix: string) => [...new Set(Array.from({ length: Math.floor(random() * 4) }, () => `${prefix}${Math.floor(random() * 14)}`))];
  const queries: FieldTerms[] = [];
  const folded = [...pick("w"), ...pick("f")];
  if (folded.length) queries.push({ field: "folded", terms: folded, boost: 1 });
  const exact = pick("w");
  if (exact.length) queries.push({ field: "exact", terms: exact, boost: 2 });
  const bigrams = pick("b");
  if (bigrams.length) queries.push({ field: "bigram", terms: bigrams, boost: 2 });
  const weights = new Map([...folded, ...exact, ...bigrams].map((term) => [term, 0.3 + Math.floor(random() * 5) / 3]));
  return { queries, weights };
}

function miniSearchResults(search: MiniSearch, queries: FieldTerms[], weights: Map<string, number>) {
  const results = search.search(
    { combineWith: "OR", queries: queries.map(({ field, terms, boost }) => ({ queries: [...terms], fields: [field], ...(boost !== 1 ? { boost: { [field]: boost } } : {}) })) },
    { boostTerm: (term) => weights.get(term) ?? 1 },
  );
  return results.map((r) => [r.id as number, r.score]);
}

function drained(matches: RankedMatches | undefined) {
  expect(matches).toBeDefined();
  const out: [number, number][] = [];
  while (matches!.next()) out.push([matches!.id, matches!.score]);
  return out;
}

function expectSameAsMiniSearch(search: MiniSearch, reference: MiniSearch, random: () => number, rounds: number) {
  for (let round = 0; round < rounds; round++) {
    const { queries, weights } = randomQuery(random);
    const expected = miniSearchResults(reference, queries, weights);
    // Scores equal to the last bit, and ties in MiniSearch's order.
    expect(drained(scoreTerms(search, queries, (term) => weights.get(term) ?? 1))).toEqual(expected);
  }
}

describe("scoring a question's terms", () => {
  it("gives MiniSearch's results, scores and order, on its maps and on compacted postings", () => {
    const random = seededRandom(3);
    const docs = documents(400, random);
    const plain = createSearch();
    const compact = createSearch();
    plain.addAll(docs);
    compact.addAll(docs);
    compactPostings(compact);
    expectSameAsMiniSearch(plain, plain, random, 150);
    expectSameAsMiniSearch(compact, plain, random, 150);
  });

  it("stays MiniSearch's after documents are discarded and added, before and after a vacuum", async () => {
    const random = seededRandom(5);
    const docs = documents(300, random);
    const [mine, reference] = [createSearch(), createSearch()];
    for (const search of [mine, reference]) {
      search.addAll(docs);
      compactPostings(search);
      for (let id = 0; id < 300; id += 4) search.discard(id);
    }
    const added = documents(50, seededRandom(9), 1000);
    mine.addAll(added);
    reference.addAll(added);
    // The same discarded postings are met (and removed) in both, question by question.
    expectSameAsMiniSearch(mine, reference, random, 150);
    await Promise.all([mine.vacuum(), reference.vacuum()]);
    expectSameAsMiniSearch(mine, reference, random, 100);
  });

  it("leaves a MiniSearch whose internals it does not know to MiniSearch", () => {
    const search = createSearch();
    search.addAll(documents(10, seededRandom(1)));
    (search as unknown as { _fieldLength?: unknown })._fieldLength = undefined;
    expect(scoreTerms(search, [{ field: "exact", terms: ["w1"], boost: 2 }], () => 1)).toBeUndefined();
  });
});
