import { describe, expect, it } from "vitest";
import { type Figure, extractFigures } from "../../src/ingest/figures.js";
import { figureColumns, figuresOf, poolTexts, TextPoolWriter } from "../../src/knowledge/cacheColumns.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { runAtOnce } from "../../src/search/steps.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

function roundTrip(figures: Figure[]): Figure[] | undefined {
  const pool = new TextPoolWriter();
  const columns = runAtOnce(figureColumns(figures, pool));
  return columns && figuresOf(columns, poolTexts(runAtOnce(pool.finish())));
}

const lexicon = loadLexicon(join(SAMPLE_DIR, "../lexicon"));
const sentences = [
  "Tỷ lệ hộ nghèo giảm còn dưới 1,5%; thu nhập bình quân đạt 45 triệu đồng/người/năm.",
  "Tăng từ 3-5% so với năm trước; 5/52 ấp đạt chuẩn; có từ 02 hộ trở lên.",
  "Giữ vững 100% xã đạt chuẩn; BHYT đạt 93,45%; 7 thôn; 12.500 người.",
];

describe("figures kept in the cache's columns", () => {
  it("come back equal, with their keys in the reader's order, for every kind the reader makes", () => {
    const figures = sentences.flatMap((text) => extractFigures(text, lexicon.units));
    const kinds = new Set(figures.map((f) => Object.keys(f).join(",")));
    // Ranges, ratios, rates and comparators among them: each optional key is exercised.
    for (const key of ["max", "of", "per", "comparator", "relation"]) expect([...kinds].some((k) => k.split(",").includes(key))).toBe(true);
    const back = roundTrip(figures)!;
    expect(back).toEqual(figures);
    expect(back.map((f) => Object.keys(f).join(","))).toEqual(figures.map((f) => Object.keys(f).join(",")));
    expect(JSON.stringify(back)).toBe(JSON.stringify(figures));
  });

  it("come back equal for every figure of the project's real plans", () => {
    const dirs = ["communes", "wider"].map((set) => join(SAMPLE_DIR, "../test/realset", set, "plans"));
    const texts = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.(txt|md)$/.test(f)).map((f) => readFileSync(join(dir, f), "utf8")));
    const figures = texts.flatMap((text) => text.split("\n").flatMap((line) => extractFigures(line, lexicon.units)));
    expect(figures.length).toBeGreaterThan(300);
    expect(JSON.stringify(roundTrip(figures))).toBe(JSON.stringify(figures));
  });

  it("are left as they are when one has a key or value the columns do not hold", () => {
    const [figure] = extractFigures("đạt 95%", lexicon.units);
    expect(roundTrip([figure!, { ...figure!, note: "x" } as Figure])).toBeUndefined();
    expect(roundTrip([{ ...figure!, comparator: undefined }])).toBeUndefined();
    expect(roundTrip([{ ...figure!, relation: "about" as Figure["relation"] }])).toBeUndefined();
    const { end, ...rest } = figure!;
    expect(roundTrip([{ end, ...rest }])).toBeUndefined();
  });
});
