import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { createSearch, SEARCH_FIELDS, SEARCH_OPTIONS } from "../src/search/knowledgeIndex.js";
import { loadSearchSnapshot, snapshotSearch } from "../src/search/searchSnapshot.js";

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
    const snapshot = snapshotSearch(search, SEARCH_FIELDS.length);
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
    const snapshot = snapshotSearch(search, SEARCH_FIELDS.length)!;
    expect(() => loadSearchSnapshot({ ...snapshot, postings: snapshot.postings.subarray(0, snapshot.postings.length - 3) }, SEARCH_OPTIONS, SEARCH_FIELDS.length)).toThrow();
  });
});
