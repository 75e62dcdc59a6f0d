import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import type { PlanDocument } from "../../src/ingest/types.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { buildIndex } from "../../src/search/knowledgeIndex.js";
import { convertWithLibreOffice, SOFFICE, wordTable } from "../helpers/formatCorpus.js";

/**
 * A real plan's table (test/realset/wider, plan 01: Bình Định's 2023 capital for schools and health
 * stations, 90 rows over several pages) typed in Word and exported to PDF by LibreOffice: the PDF
 * keeps each row as one passage, its cells in order with their column headers, as the .docx does.
 */
const PLAN = readFileSync(new URL("../realset/wider/plans/01_binhdinh-518-von-truong-hoc-tram-y-te-2023.md", import.meta.url), "utf8").split("\n");
const TABLE = PLAN.slice(PLAN.findIndex((line) => line.startsWith("| STT |")))
  .filter((line) => line.startsWith("|") && !/^\|[-| ]+\|$/.test(line))
  .map((line) => line.slice(1, -1).split("|").map((cell) => cell.trim()));
const QUESTIONS = readFileSync(new URL("../realset/wider/questions.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.includes('"kb": "single:01"') && line.includes('"table"'))
  .map((line) => (JSON.parse(line) as { q: string }).q);

const lexicon = loadLexicon();
const rowsOf = (doc: PlanDocument) => doc.passages.filter((p) => p.kind === "table-row").map((p) => p.text);
const ask = (doc: PlanDocument, q: string) => {
  const top = answerQuestion(q, buildIndex([doc], lexicon)).answers[0];
  return { quote: top?.quote, figures: top?.figures.map((f) => f.text) };
};

describe.skipIf(!SOFFICE)("a real plan's table in a PDF exported from Word", () => {
  let docx: PlanDocument;
  let pdf: PlanDocument;
  beforeAll(async () => {
    const word = await wordTable("DANH MỤC DỰ ÁN VÀ KẾ HOẠCH VỐN NĂM 2023", TABLE);
    const [exported] = await convertWithLibreOffice([{ name: "01_binhdinh-von-2023.docx", bytes: word }], "pdf");
    docx = await parsePlanFile("01_binhdinh-von-2023.docx", word);
    pdf = await parsePlanFile("01_binhdinh-von-2023.pdf", exported!);
  }, 180_000);

  it("gives each row as one passage, cells in order with their column headers, as the .docx does", () => {
    expect(TABLE.length).toBeGreaterThan(80);
    expect(rowsOf(docx).length).toBe(TABLE.length - 1);
    // Rows cut by a page break, and the header row repeated on each page, included.
    expect(rowsOf(pdf)).toEqual(rowsOf(docx));
    expect(rowsOf(pdf)).toContain("Danh mục dự án/ Cơ quan, đơn vị, địa phương thực hiện: Trường THCS Cát Hanh (HM: Xây dựng bổ sung 06 phòng bộ môn); Kế hoạch vốn năm 2023: 1.500");
  });

  it("answers a question about a row with that row", () => {
    expect(ask(pdf, "Trường THCS Cát Hanh được bao nhiêu vốn?").quote).toMatch(/Trường THCS Cát Hanh .*Kế hoạch vốn năm 2023: 1\.500$/);
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(8);
    expect(QUESTIONS.map((q) => ask(pdf, q))).toEqual(QUESTIONS.map((q) => ask(docx, q)));
  });
});
