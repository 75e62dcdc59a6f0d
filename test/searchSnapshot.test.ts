import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { createSearch, SEARCH_FIELDS, SEARCH_OPTIONS } from "../src/search/knowledgeIndex.js";
import { compactPostings, loadSearchSnapshot, type SearchRow, snapshotOfRows, snapshotSearch } from "../src/search/searchSnapshot.js";
import { runAtOnce } from "../src/search/steps.js";
import { seededRandom } from "../src/bench/syntheticPlans.js";

const documents = [
  { id: 0, exact: "tỷ_lệ hộ nghèo", folded: "ty le ho ngheo", bigram: "ty_le le_ho ho_ngheo" },
  { id: 1, exact: "thu gom rác", folded: "thu gom rac ho", bigram: "thu_gom gom_rac" },
  { id: 2, exact: "bảo hiểm y tế", folded: "bao hiem y te ho", bigram: "bao_hiem y_te" },
  { id: 3, exact: "hộ nghèo giảm", folded: "ho ngheo giam", bigram: "ho_ngheo" },
];

describe("search snapshot", () => {
  it("loads into an index that finds what the original and MiniSearch's own serialisation find, with the same scores", () => {
    const search = createSearch();
    search.addAll(documents);
    search.discard(2);
    search.add({ id: 4, exact: "hộ cận nghèo", folded: "ho can ngheo", bigram: "can_ngheo" });
    const snapshot = runAtOnce(snapshotSearch(search, SEARCH_FIELDS.length));
    expect(snapshot).toBeDefined();
    const restored = loadSearchSnapshot(structuredClone(snapshot!), SEARCH_OPTIONS, SEARCH_FIELDS.length);
    const viaJson = MiniSearch.loadJS(search.toJSON(), SEARCH_OPTIONS);
    for (const query of ["ho ngheo", "thu gom", "bao hiem", "can_ngheo ngheo", "y_te"]) {
      const expected = viaJson.search(query, { fields: [...SEARCH_FIELDS] });
      expect(restored.search(query, { fields: [...SEARCH_FIELDS] })).toEqual(expected);
      expect(search.search(query, { fields: [...SEARCH_FIELDS] }).map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    }
    expect(restored.documentCount).toBe(search.documentCount);
    expect(restored.search("bao hiem")).toEqual([]);
  });

  it("refuses a damaged snapshot instead of loading part of it", () => {
    const search = createSearch();
    search.addAll(documents);
    const snapshot = runAtOnce(snapshotSearch(search, SEARCH_FIELDS.length))!;
    expect(() => loadSearchSnapshot({ ...snapshot, postings: snapshot.postings.subarray(0, snapshot.postings.length - 3) }, SEARCH_OPTIONS, SEARCH_FIELDS.length)).toThrow();
  });

  it("of an index loaded from a snapshot and then changed is the one the same postings as Maps give", () => {
    const search = createSearch();
    search.addAll(documents);
    const loaded = loadSearchSnapshot(structuredClone(runAtOnce(snapshotSearch(search, SEARCH_FIELDS.length))!), SEARCH_OPTIONS, SEARCH_FIELDS.length);
    // Lists still shared, lists of their own after a change, and frequencies other than 1.
    loaded.discard(1);
    loaded.add({ id: 5, exact: "hộ hộ nghèo nghèo", folded: "ho ho ngheo ngheo", bigram: "ho_ngheo" });
    loaded.add({ id: 6, exact: "rác thải", folded: "rac thai rac", bigram: "rac_thai" });
    const again = runAtOnce(snapshotSearch(loaded, SEARCH_FIELDS.length))!;
    const tree = (loaded as unknown as { _index: Iterable<[string, Map<number, Iterable<[number, number]>>]> })._index;
    for (const [, fields] of tree) for (const [field, postings] of fields) fields.set(field, new Map(postings));
    expect(again).toEqual(runAtOnce(snapshotSearch(loaded, SEARCH_FIELDS.length)));
    expect([...again.postings].some((value, i, all) => i > 0 && all[i - 1] === 1 && value > 1)).toBe(true);
  });

  it("taken in steps, leaves the postings of discarded documents to searches made meanwhile, and is the one taken at once", () => {
    const search = createSearch();
    search.addAll(documents);
    // Enough terms for the walk to pause.
    search.addAll(Array.from({ length: 3000 }, (_, i) => ({ id: 10 + i, exact: `w${i}`, folded: `w${i}`, bigram: "" })));
    search.discard(3);
    const atOnce = runAtOnce(snapshotSearch(search, SEARCH_FIELDS.length));
    const postingsOf = (term: string) => [...((search as unknown as { _index: { get(t: string): Map<number, Map<number, number>> } })._index.get(term)?.values() ?? [])].map((p) => [...p.keys()]);
    const steps = snapshotSearch(search, SEARCH_FIELDS.length);
    steps.next();
    // A search meets the discarded sentence 3 under "giảm": MiniSearch would remove its postings.
    expect(search.search("giảm", { fields: ["exact"] })).toEqual([]);
    expect(postingsOf("giảm")).toEqual([[3]]);
    expect(runAtOnce(steps)).toEqual(atOnce);
    search.search("giảm", { fields: ["exact"] });
    expect(postingsOf("giảm")).toEqual([]);
  });

  describe("built straight from term ids", () => {
    const fieldIds = Object.fromEntries(SEARCH_FIELDS.map((field, i) => [field, i]));
    // Term names whose ids are not in their alphabetical order, some shared by fields.
    const nameOf = (id: number) => `t${(id * 7919) % 1000}`;

    function randomRows(count: number, seed: number): SearchRow[] {
      const random = seededRandom(seed);
      return Array.from({ length: count }, (_, row) => ({
        id: 3 * row + 1,
        fields: SEARCH_FIELDS.map(() => {
          const ids = new Set<number>();
          const size = random() < 0.15 ? 0 : Math.floor(random() * 9);
          while (ids.size < size) ids.add(Math.floor(random() * random() * 60));
          return [...ids].sort((a, b) => a - b);
        }),
      }));
    }

    const withAddAll = (rows: SearchRow[]) => {
      const search = createSearch();
      search.addAll(rows.map(({ id, fields }) => ({ id, ...Object.fromEntries(SEARCH_FIELDS.map((field, i) => [field, Array.from(fields[i]!, nameOf).join(" ")])) })));
      compactPostings(search);
      return search;
    };
    const straight = (rows: SearchRow[]) => loadSearchSnapshot(snapshotOfRows(rows, fieldIds, 60, nameOf)!, SEARCH_OPTIONS, SEARCH_FIELDS.length);
    // The tree's order of terms, each term's order of fields and each posting list's order: what toJSON's objects do not show.
    const layout = (search: MiniSearch) =>
      [...(search as unknown as { _index: Iterable<[string, Map<number, Iterable<[number, number]>>]> })._index].map(([term, fields]) => [term, [...fields].map(([field, postings]) => [field, [...postings]])]);

    it("makes the index addAll makes: the same tree, postings, field lengths and averages, searched alike", () => {
      for (const seed of [1, 2, 3]) {
        const rows = randomRows(300, seed);
        const expected = withAddAll(rows);
        const built = straight(rows);
        expect(layout(built)).toEqual(layout(expected));
        expect(JSON.stringify(built.toJSON())).toBe(JSON.stringify(expected.toJSON()));
        for (const query of [nameOf(3), `${nameOf(1)} ${nameOf(8)}`, nameOf(59)]) {
          expect(built.search(query, { fields: [...SEARCH_FIELDS] })).toEqual(expected.search(query, { fields: [...SEARCH_FIELDS] }));
        }
        for (const search of [built, expected]) {
          search.discard(rows[5]!.id);
          search.add({ id: 9999, exact: nameOf(3), folded: "", bigram: `${nameOf(4)} ${nameOf(5)}` });
        }
        expect(built.search(nameOf(3), { fields: [...SEARCH_FIELDS] })).toEqual(expected.search(nameOf(3), { fields: [...SEARCH_FIELDS] }));
      }
    });

    it("leaves to addAll what addAll would index otherwise: a term twice in a field, an empty term, a term with a space", () => {
      expect(snapshotOfRows([{ id: 1, fields: [[2, 2], [], []] }], fieldIds, 60, nameOf)).toBeUndefined();
      expect(snapshotOfRows([{ id: 1, fields: [[2], [], []] }], fieldIds, 60, () => "")).toBeUndefined();
      expect(snapshotOfRows([{ id: 1, fields: [[2], [], []] }], fieldIds, 60, () => "a b")).toBeUndefined();
      expect(snapshotOfRows([{ id: 1, fields: [[2], [3], []] }], fieldIds, 60, nameOf)).toBeDefined();
    });
  });
});
