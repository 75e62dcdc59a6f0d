import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/bench/syntheticPlans.js";
import { nextToken, TOKEN_RE } from "../src/text/tokenScanner.js";

const byExpression = (text: string) => [...text.matchAll(TOKEN_RE)].map((match) => [match.index, match.index + match[0].length]);

function byScanner(text: string): number[][] {
  const spans: number[][] = [];
  const span = { start: 0, end: 0 };
  for (let from = 0; nextToken(text, from, span).start >= 0; from = span.end) spans.push([span.start, span.end]);
  return spans;
}

describe("the token scanner", () => {
  it("finds the tokens the expression finds, in random text of letters, marks, digits, separators and characters beyond the BMP", () => {
    const pieces = ["a", "Đ", "ế", "1", "9", "٣", "²", ",", ".", " ", "-", "%", "\u0301", "𝐀", "😀", "𠀋", "_", "\n", "Ⅻ", "①", "x", ",5", "1."];
    const random = seededRandom(3);
    for (let i = 0; i < 50_000; i++) {
      let text = "";
      for (let n = Math.floor(random() * 12); n > 0; n--) text += pieces[Math.floor(random() * pieces.length)];
      expect(byScanner(text), JSON.stringify(text)).toEqual(byExpression(text));
    }
  });

  it("finds the tokens of real plans as the expression does", () => {
    for (const folder of ["knowledge", "test/realset/communes/plans", "test/realset/wider/plans"]) {
      for (const file of readdirSync(folder)) {
        const text = readFileSync(join(folder, file), "utf8");
        expect(byScanner(text), file).toEqual(byExpression(text));
      }
    }
  });

  it("keeps a number's decimal comma and thousands dot, and ends it before letters", () => {
    const text = "BHYT đạt 93,45%, 2.961 tấn, 2025abc, abc2025, 1.,5";
    expect(byScanner(text).map(([start, end]) => text.slice(start, end))).toEqual(["BHYT", "đạt", "93,45", "2.961", "tấn", "2025", "abc", "abc2025", "1", "5"]);
  });
});
