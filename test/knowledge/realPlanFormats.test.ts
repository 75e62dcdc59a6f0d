import { bilingualRef } from "../../src/messages/catalogue.js";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import type { AskResult } from "../../src/answer/types.js";
import { stopOcr } from "../../src/ingest/ocrEngine.js";
import { tcvn3ToUnicode, vniToUnicode } from "../../src/ingest/legacyEncoding.js";
import type { PlanDocument } from "../../src/ingest/types.js";
import { parseOrReadScan, parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { buildIndex } from "../../src/search/knowledgeIndex.js";
import { convertWithLibreOffice, encodeLegacy, PDFTOPPM, scanOf, SOFFICE, targetSpreadsheet, wordFromPlanText } from "../helpers/formatCorpus.js";

/**
 * One real commune plan (test/realset/communes, plan 14: Đông Thịnh's targets to 2020) in every
 * format a commune publishes, each made by the tool an office would use, asked the question set
 * the real-plan corpus has for it. Every format must give the answers the .txt gives; the scans
 * read by OCR the same answers for at least 90% of the questions, and no confidently wrong one.
 */
const SOURCE = new URL("../realset/communes/plans/14_dongthinh-chi-tieu-2020.md", import.meta.url);
const PLAN = readFileSync(SOURCE, "utf8");
const QUESTIONS = readFileSync(new URL("../realset/communes/questions.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.includes('"kb": "single:14"'))
  .map((line) => (JSON.parse(line) as { q: string }).q);

const lexicon = loadLexicon();

/** What a resident is told: whether there is an answer, where it is in the plan, its figures and its quote. */
function gist(result: AskResult) {
  const top = result.answers[0];
  return { status: result.status, section: top?.section.path, figures: top?.figures.map((f) => f.text) ?? [], quote: top?.quote };
}
const answersOf = (doc: PlanDocument) => QUESTIONS.map((q) => gist(answerQuestion(q, buildIndex([doc], lexicon))));

type Gist = ReturnType<typeof gist>;
/** The same answer as the .txt's, the quote allowed to differ by OCR's misread letters. */
const sameAnswer = (a: Gist, b: Gist) => a.status === b.status && a.section === b.section && JSON.stringify(a.figures) === JSON.stringify(b.figures);
/** An answer given with figures the .txt does not give for that question. */
const confidentlyWrong = (ocr: Gist, reference: Gist) => ocr.status === "answered" && ocr.figures.length > 0 && JSON.stringify(ocr.figures) !== JSON.stringify(reference.figures);

describe("a real commune plan in every format gives the .txt's answers", () => {
  let reference: Gist[];
  let txt: PlanDocument;
  beforeAll(async () => {
    txt = await parsePlanFile("14_dongthinh.txt", Buffer.from(PLAN));
    reference = answersOf(txt);
  });

  it("the question set is the real-plan corpus's and the .txt answers most of it (the reference means something)", () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(10);
    expect(reference.filter((r) => r.status === "answered" && r.figures.length).length).toBeGreaterThanOrEqual(8);
  });

  it("a .docx whose headings are numbered by Word's automatic numbering has the same sections and answers", async () => {
    const docx = await parsePlanFile("14_dongthinh.docx", await wordFromPlanText(PLAN));
    expect(answersOf(docx)).toEqual(reference);
    // The .txt also keeps its part heading "A- ..." as a section of its own (path ""): the numbered ones match.
    const numbered = (doc: PlanDocument) => doc.sections.map((s) => s.path).filter(Boolean);
    expect(numbered(docx)).toEqual(numbered(txt));
  });

  it("TCVN3 (ABC) and VNI copies are converted and give the same answers", async () => {
    const latin1 = Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i));
    const vniCandidates = ["a", "e", "o", "u", "y", "i", "ô", "ö", "A", "E", "O", "U", "Y", "I", "Ô", "Ö"].flatMap((base) => latin1.map((mark) => base + mark)).concat(latin1);
    for (const [name, bytes] of [
      ["14_dongthinh-tcvn3.txt", Buffer.from(encodeLegacy(PLAN, tcvn3ToUnicode, latin1), "latin1")],
      ["14_dongthinh-vni.txt", Buffer.from(encodeLegacy(PLAN.normalize("NFC"), vniToUnicode, vniCandidates), "utf8")],
    ] as const) {
      const doc = await parsePlanFile(name, bytes);
      expect(bilingualRef(doc.warnings[0]!).en).toMatch(/typed in (TCVN3|VNI)/);
      expect(answersOf(doc)).toEqual(reference);
    }
  });

  it("its targets as a spreadsheet (title above the header, a row a target) give the .txt's figures for every question", async () => {
    // The table an office keeps of the plan's targets, worded as the plan words them.
    const rows: (string | number)[][] = [
      [1, "Giá trị sản xuất nông nghiệp, thủy sản", "triệu đồng", 272],
      [2, "Sản lượng lương thực có hạt bình quân hàng năm", "tấn", 3.098],
      [3, "Cây trồng chủ yếu", "", ""],
      ["-", "Lúa: diện tích", "ha", 207],
      ["-", "Lúa: năng suất trung bình năm", "tạ/ha", 140],
      ["-", "Lúa: sản lượng", "tấn", 2898],
      ["-", "Ngô: diện tích", "ha", 40],
      ["-", "Ngô: năng suất trung bình năm", "tạ/ha", 50],
      ["-", "Ngô: sản lượng", "tấn", 200],
      [4, "Chăn nuôi", "", ""],
      ["-", "Tổng đàn trâu, bò", "con", 500],
      ["-", "Đàn lợn", "con", 1300],
      ["-", "Lợn hướng nạc", "con", 1000],
      ["-", "Đàn gia cầm", "con", 120000],
    ];
    const header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2020"];
    const xlsx = await targetSpreadsheet("Chỉ tiêu 2020", "CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2020 - XÃ ĐÔNG THỊNH", header, rows);
    const doc = await parsePlanFile("14_dongthinh-chi-tieu.xlsx", xlsx);
    // The merged title is a line above the table, not its header: each row has the column headers.
    expect(doc.passages.find((p) => p.text.includes("207"))).toMatchObject({ kind: "table-row", text: "Cây trồng chủ yếu – Chỉ tiêu: Lúa: diện tích; Đơn vị tính: ha; Kế hoạch năm 2020: 207 ha" });
    expect(doc.passages.some((p) => p.text.includes("XÃ ĐÔNG THỊNH"))).toBe(false);
    // A row is not the plan's sentence: the answer is the same when its status and the figure it leads with are.
    const leading = (doc: PlanDocument) =>
      QUESTIONS.map((q) => {
        const result = answerQuestion(q, buildIndex([doc], lexicon));
        const figure = result.answers[0]?.figures[0];
        return { q, status: result.status, figure: figure && { value: figure.value, unit: figure.unit } };
      });
    expect(leading(doc)).toEqual(leading(txt));
    expect(leading(doc).filter((a) => a.figure).length).toBeGreaterThanOrEqual(9);
  });

  describe.skipIf(!SOFFICE)("converted by LibreOffice, printed and scanned", () => {
    let pdf: Buffer;
    let doc: Buffer;
    beforeAll(async () => {
      const word = [{ name: "14_dongthinh.docx", bytes: await wordFromPlanText(PLAN) }];
      pdf = (await convertWithLibreOffice(word, "pdf"))[0]!;
      doc = (await convertWithLibreOffice(word, "doc"))[0]!;
    }, 180_000);
    afterAll(() => stopOcr());

    it("a Word 97-2003 .doc, its headings numbered by Word's automatic numbering, has the same sections and answers", async () => {
      const parsed = await parsePlanFile("14_dongthinh.doc", doc);
      expect(parsed.sections.map((s) => s.path)).toEqual(txt.sections.map((s) => s.path));
      expect(answersOf(parsed)).toEqual(reference);
    });

    it("a text PDF has the same sections, passages and answers", async () => {
      const parsed = await parsePlanFile("14_dongthinh.pdf", pdf);
      expect(parsed.sections.map((s) => s.path)).toEqual(txt.sections.map((s) => s.path));
      expect(parsed.passages.map((p) => p.text)).toEqual(txt.passages.map((p) => p.text));
      expect(answersOf(parsed)).toEqual(reference);
    });

    it.skipIf(!PDFTOPPM)(
      "a scan (.png, and a PDF of page images) is read by OCR: the same answers for at least 90% of the questions, none confidently wrong",
      async () => {
        const scan = await scanOf(pdf, 1);
        // The scan is of the printed page: its answers are compared with the printed PDF's.
        const printed = answersOf(await parsePlanFile("14_dongthinh.pdf", pdf));
        const scans: [string, Buffer][] = [["14_dongthinh.png", scan.png], ...(scan.pdf ? [["14_dongthinh-scan.pdf", scan.pdf] as [string, Buffer]] : [])];
        for (const [name, bytes] of scans) {
          // The scan has no text layer: read as it is, it is a scan to be read by OCR.
          await expect(parsePlanFile(name, bytes)).rejects.toMatchObject({ problem: { scan: { pages: 1 } } });
          const read = await parseOrReadScan(name, bytes, undefined);
          expect(read.ocr!.confidence).toBeGreaterThan(60);
          expect(bilingualRef(read.warnings[0]!).en).toMatch(/read by OCR from a scan \(1 pages, mean confidence \d+%\)/);
          const answers = answersOf(read);
          const agreeing = answers.filter((a, i) => sameAnswer(a, printed[i]!)).length;
          const wrong = answers.filter((a, i) => confidentlyWrong(a, printed[i]!));
          console.log(`${name}: OCR agreement ${agreeing}/${QUESTIONS.length} (${Math.round((100 * agreeing) / QUESTIONS.length)}%), confidence ${read.ocr!.confidence}%`);
          expect(agreeing / QUESTIONS.length).toBeGreaterThanOrEqual(0.9);
          expect(wrong).toEqual([]);
        }
      },
      600_000,
    );
  });
});
