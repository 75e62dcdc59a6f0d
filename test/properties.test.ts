import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { buildDocument } from "../src/ingest/buildDocument.js";
import { extractFigures } from "../src/ingest/figures.js";
import { decodePlanText, PlanFileError } from "../src/ingest/readPlanFile.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex } from "../src/search/knowledgeIndex.js";
import { cleanText, collapseSpaces, exactKey, foldedKey } from "../src/text/normalize.js";
import { unnumberedHeadingStyle } from "../src/ingest/lineSyntax.js";
import { tokenize } from "../src/text/tokenize.js";
import { sampleIndex } from "./helpers/knowledge.js";

const lexicon = loadLexicon();
/** Pieces plans are made of, so random texts look like plans often enough to reach deep code. */
const planPiece = fc.constantFrom(
  "I. ", "II. ", "1. ", "2.1. ", "(1) ", "a) ", "đ) ", "- ", "+ ", "• ", "## ", "**", "| ", " | ", "|---|---|\n", "\n", "\n\n", ": ", "; ", ". ",
  "Tỷ lệ thu gom rác đạt 95%", "93,45%", "3-5%", "từ 08 đến 10 hộ", "5/52", "04/09 thôn", "2.961 tấn", "0,3‰", "Số: 05/KH-UBND",
  "Phường 1, ngày 19 tháng 01 năm 2024", "KẾ HOẠCH", "Căn cứ Nghị quyết", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Hữu Ngọc",
  "xã Lai Hưng", "BHYT", "hoà", "thuỷ", "\u0301", "\uFEFF", "\r\n", "\t", "  ", "12", "-", "(", ")", "%", "‰",
);
const planLike = fc.array(fc.oneof(planPiece, fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 120 }).map((parts) => parts.join(""));
const anyText = fc.oneof(planLike, fc.string({ unit: "grapheme", maxLength: 400 }), fc.string({ maxLength: 400 }));

/** Runs a function and fails when it takes longer than the bound: no input may hang the bot. */
function bounded<T>(ms: number, run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe("properties", () => {
  it("normalisation is idempotent and never throws", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const clean = cleanText(text);
        expect(cleanText(clean)).toBe(clean);
        expect(clean.normalize("NFC")).toBe(clean);
        for (const token of tokenize(clean)) {
          expect(exactKey(token.text)).toBe(token.exact);
          expect(foldedKey(token.exact.replace(/[`'?~.]$/, ""))).toBe(foldedKey(token.text));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("cleaning gives what the four replacements and NFC give, whether or not the text needs them", () => {
    const odd = fc.constantFrom("\r\n", "\r", "\t", "\u00A0", "\u202F", "\u3000", "\u200B", "\u2060", "\uFEFF", "a\u0301", "Tỷ lệ", " ");
    const text = fc.oneof(anyText, fc.array(fc.oneof(odd, planPiece), { maxLength: 40 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(text, (raw) => {
        const reference = raw
          .replace(/\r\n?/g, "\n")
          .replace(/[\u00A0\u2007\u202F\u3000]/g, " ")
          .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
          .replace(/\t/g, " ")
          .normalize("NFC");
        expect(cleanText(raw)).toBe(reference);
      }),
      { numRuns: 1000 },
    );
  });

  it("white space collapses exactly as a replace of every run would", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(collapseSpaces(text)).toBe(text.replace(/\s+/g, " "));
      }),
      { numRuns: 500 },
    );
  });

  it("a line is taken for an ALL CAPS heading exactly when over 85% of its letters are capitals", () => {
    const caps = fc.array(fc.constantFrom("KẾ", "HOẠCH", "NĂM", "2024", "UBND", "xã", "phường", "a", "Đ", "ư", " ", ":", "1."), { maxLength: 30 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(fc.oneof(caps, anyText), (text) => {
        const line = text.trim();
        const letters = line.match(/\p{L}/gu) ?? [];
        const upper = letters.filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length;
        const allCaps = letters.length >= 4 && upper / letters.length > 0.85;
        const expected = line.length > 160 || /[.;]$/.test(line) ? undefined : allCaps && line.split(/\s+/).length >= 2 ? "caps" : undefined;
        expect(unnumberedHeadingStyle(line, 0, false)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("figure extraction never throws and returns ordered spans of the text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const figures = bounded(200, () => extractFigures(text, lexicon.units));
        let last = -1;
        for (const figure of figures) {
          expect(figure.start).toBeGreaterThan(last);
          expect(text.slice(figure.start, figure.end).trim()).toBe(figure.text);
          expect(Number.isFinite(figure.value)).toBe(true);
          last = figure.start;
        }
      }),
      { numRuns: 400 },
    );
  });

  it("any text becomes a well-formed document", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const doc = bounded(500, () => buildDocument("x.txt", cleanText(text)));
        expect(doc.sections[0]!.path).toBe("");
        for (const passage of doc.passages) {
          expect(passage.section).toBeGreaterThanOrEqual(0);
          expect(passage.section).toBeLessThan(doc.sections.length);
          expect(passage.text.trim()).not.toBe("");
          expect(passage.line).toBeGreaterThan(0);
        }
        for (const section of doc.sections) expect(section.trail.length).toBeGreaterThanOrEqual(section.depth === 0 ? 0 : 1);
        if (doc.meta.date) expect(doc.meta.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 300 },
    );
  });

  it("any bytes are decoded to clean text or refused with a reason", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          const text = decodePlanText("x.txt", bytes);
          expect(text).toBe(cleanText(text));
        } catch (error) {
          expect(error).toBeInstanceOf(PlanFileError);
          expect((error as PlanFileError).problem.reason.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("any question gets a reply that follows the contract", () => {
    fc.assert(
      fc.property(anyText, (question) => {
        const result = bounded(300, () => answerQuestion(question, sampleIndex));
        expect(["answered", "no_answer"]).toContain(result.status);
        expect(result.reply.length).toBeGreaterThan(0);
        if (result.status === "answered") {
          expect(result.answers.length).toBeGreaterThan(0);
          for (const answer of result.answers) expect(answer.document.file).toMatch(/\.txt$/);
        } else expect(result.answers).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("random plans index and answer without throwing", () => {
    fc.assert(
      fc.property(fc.array(planLike, { minLength: 1, maxLength: 4 }), fc.array(anyText, { maxLength: 5 }), (plans, questions) => {
        const index = buildIndex(plans.map((text, i) => buildDocument(`plan-${i}.txt`, cleanText(text))), lexicon);
        for (const question of questions) answerQuestion(question, index);
      }),
      { numRuns: 100 },
    );
  });

  it("huge lines and deep numbering take time proportional to their size", () => {
    const deep = Array.from({ length: 400 }, (_, i) => `${"1.".repeat((i % 12) + 1)} Mục ${i}\n- Tỷ lệ đạt ${i % 100}%`).join("\n");
    const huge = `- ${"Tỷ lệ hộ đạt 95%, ".repeat(20_000)}`;
    const ragged = Array.from({ length: 500 }, (_, i) => `| ${"ô | ".repeat(i % 9)}${i}% |`).join("\n");
    for (const text of [deep, huge, ragged, "(".repeat(50_000), "1".repeat(100_000), "a)".repeat(30_000)]) {
      const doc = bounded(3000, () => buildDocument("big.txt", cleanText(text)));
      bounded(3000, () => buildIndex([doc], lexicon));
    }
  });
});
