import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { createSearch, SEARCH_FIELDS } from "../src/search/knowledgeIndex.js";
import { DenseMap } from "../src/search/denseMap.js";
import { PostingList } from "../src/search/postingList.js";
import { compactPostings } from "../src/search/searchSnapshot.js";
import { runAtOnce } from "../src/search/steps.js";
import { Uint32Builder } from "../src/search/uint32Builder.js";

/** The same operations on a PostingList and a Map, every result compared. */
function both(ids: number[]) {
  const map = new Map(ids.map((id) => [id, 1]));
  // A stretch in the middle of a shared array, as after a build or a restart.
  const shared = Uint32Array.from([7, 7, ...ids, 1, 1]);
  const list = new PostingList(shared, undefined, 2, 2 + ids.length);
  const same = () => {
    expect([...list]).toEqual([...map]);
    expect([...list.keys()]).toEqual([...map.keys()]);
    expect([...list.values()]).toEqual([...map.values()]);
    expect(list.size).toBe(map.size);
  };
  return { map, list, same };
}

describe("a posting list", () => {
  it("answers get, has, set and delete as a Map does", () => {
    const { map, list, same } = both([2, 5, 9, 14]);
    for (const id of [0, 2, 5, 7, 9, 14, 20]) {
      expect(list.get(id)).toBe(map.get(id));
      expect(list.has(id)).toBe(map.has(id));
    }
    list.set(5, 3);
    map.set(5, 3);
    list.set(30, 1);
    map.set(30, 1);
    list.set(31, 2);
    map.set(31, 2);
    same();
    expect(list.delete(9)).toBe(map.delete(9));
    expect(list.delete(9)).toBe(map.delete(9));
    same();
    expect(list.get(31)).toBe(2);
  });

  it("grows past the room it made when it became its own, and deletes from it, as a Map does", () => {
    const { map, list, same } = both(Array.from({ length: 40 }, (_, i) => 3 * i));
    for (let id = 200; id < 400; id++) {
      list.set(id, id % 5 === 0 ? 2 : 1);
      map.set(id, id % 5 === 0 ? 2 : 1);
      if (id % 7 === 0) expect(list.delete(id - 150)).toBe(map.delete(id - 150));
    }
    same();
    expect(list.get(395)).toBe(2);
    expect(list.has(399)).toBe(true);
    expect(list.has(400)).toBe(false);
    const out = new Uint32Builder();
    expect(list.pushSnapshot(out)).toBe(true);
    const snapshot = [...runAtOnce(out.finish())];
    expect(snapshot.slice(0, 2)).toEqual([map.size, 1]);
    expect(snapshot.slice(2, 2 + map.size)).toEqual([...map.keys()]);
  });

  it("goes on with the next id when ids are deleted during iteration, as a Map does", () => {
    const { map, list } = both([1, 2, 3, 4, 5, 6, 7, 8]);
    const visit = (postings: Map<number, number> | PostingList) => {
      const seen: number[] = [];
      for (const id of postings.keys()) {
        seen.push(id);
        if (id === 2) postings.delete(2);
        if (id === 4) {
          postings.delete(5);
          postings.delete(3);
        }
        if (id === 7) postings.set(9, 1);
      }
      return seen;
    };
    expect(visit(list)).toEqual(visit(map));
    expect([...list]).toEqual([...map]);
  });

  it("goes on where it was when ids are added during iteration of a shared stretch", () => {
    const { map, list } = both([1, 2, 3, 4]);
    const visit = (postings: Map<number, number> | PostingList) => {
      const seen: number[] = [];
      for (const [id] of postings) {
        seen.push(id);
        if (id === 2) postings.set(10, 1);
        if (id === 3) postings.set(11, 4);
      }
      return seen;
    };
    expect(visit(list)).toEqual(visit(map));
    expect([...list]).toEqual([...map]);
  });

  it("becomes a Map, entries in the same order, when an id comes out of order", () => {
    const { map, list, same } = both([3, 6]);
    list.set(4, 1);
    map.set(4, 1);
    same();
    expect([...list.keys()]).toEqual([3, 6, 4]);
  });
});

describe("compacted postings", () => {
  it("search, change and serialise as MiniSearch's own maps do", async () => {
    const documents = Array.from({ length: 60 }, (_, id) => ({
      id,
      exact: `a${id % 7} b${id % 3} c${id}`,
      folded: `a${id % 7} d${id % 5}`,
      bigram: id % 2 ? "e_f" : "",
    }));
    const plain = createSearch();
    const compact = createSearch();
    plain.addAll(documents);
    compact.addAll(documents);
    compactPostings(compact);
    const internals = (compact as unknown as { _index: Map<string, Map<number, unknown>> })._index;
    expect([...internals].some(([, fields]) => [...fields.values()].some((postings) => postings instanceof PostingList))).toBe(true);
    const queries = ["a1 b2", "d3", "e_f a4", "c17 a3 d2"];
    const search = (index: MiniSearch, query: string) => index.search(query, { fields: [...SEARCH_FIELDS] });
    for (const query of queries) expect(search(compact, query)).toEqual(search(plain, query));
    for (const index of [plain, compact]) {
      for (let id = 0; id < 60; id += 3) index.discard(id);
      index.addAll([{ id: 100, exact: "a1 c100", folded: "a1", bigram: "e_f" }]);
    }
    for (const query of [...queries, "c100"]) expect(search(compact, query)).toEqual(search(plain, query));
    await Promise.all([plain.vacuum(), compact.vacuum()]);
    for (const query of [...queries, "c100"]) expect(search(compact, query)).toEqual(search(plain, query));
    expect(JSON.stringify(compact.toJSON())).toBe(JSON.stringify(plain.toJSON()));
  });
});

describe("a dense map", () => {
  it("answers as a Map does, in insertion order, and becomes one when a key comes out of order", () => {
    const map = new Map<number, string>();
    const dense = new DenseMap<string>();
    const same = () => {
      expect([...dense]).toEqual([...map]);
      expect([...dense.keys()]).toEqual([...map.keys()]);
      expect(dense.size).toBe(map.size);
      for (const key of [0, 1, 3, 7, 8, 40]) expect([dense.get(key), dense.has(key)]).toEqual([map.get(key), map.has(key)]);
    };
    for (const key of [1, 3, 7, 40]) {
      map.set(key, `v${key}`);
      dense.set(key, `v${key}`);
    }
    same();
    const seen = { map: [] as number[], dense: [] as number[] };
    for (const [key] of map) {
      seen.map.push(key);
      if (key === 3) map.delete(7);
    }
    for (const [key] of dense) {
      seen.dense.push(key);
      if (key === 3) dense.delete(7);
    }
    expect(seen.dense).toEqual(seen.map);
    map.set(3, "again");
    dense.set(3, "again");
    map.set(7, "back");
    dense.set(7, "back");
    same();
    expect([...dense.keys()]).toEqual([1, 3, 40, 7]);
  });
});
