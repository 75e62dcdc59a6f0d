import { describe, expect, it } from "vitest";
import { SentenceMap } from "../src/search/sentenceMap.js";

type Entry = { id: number; text: string };

function table(count: number) {
  const byId: (Entry | undefined)[] = Array.from({ length: count }, (_, id) => ({ id, text: `câu ${id}` }));
  return { byId, map: new SentenceMap(byId) };
}

describe("the sentences by text", () => {
  it("made on demand, hold every entry in id order", () => {
    const { byId, map } = table(10);
    byId[3] = undefined;
    expect(map.get("câu 4")?.id).toBe(4);
    expect(map.has("câu 3")).toBe(false);
    expect([...map.values()].map((entry) => entry.id)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  it("made in the background, take in what is added and removed meanwhile, and end as a map made at once would", async () => {
    const { byId, map } = table(10_000);
    map.fillInBackground(1000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Some of it made: one entry removed before its turn, one after, one added at the end.
    const early = byId[10]!;
    map.removed(early);
    byId[10] = undefined;
    const late = byId[9_000]!;
    map.removed(late);
    byId[9_000] = undefined;
    const added = { id: byId.length, text: "câu mới" };
    byId.push(added);
    map.added(added);
    for (let i = 0; i < 200 && map.has("câu mới") === false; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(map.get("câu mới")).toBe(added);
    expect(map.has("câu 10")).toBe(false);
    expect(map.has("câu 9000")).toBe(false);
    expect(map.size).toBe(9_999);
    const atOnce = new SentenceMap(byId);
    expect([...map.values()]).toEqual([...atOnce.values()]);
  });
});
