import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import type { AskResult } from "../../src/answer/types.js";
import type { PlanDocument } from "../../src/ingest/types.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { buildIndex } from "../../src/search/knowledgeIndex.js";
import { convertWithLibreOffice, DOCX_TABLE, encodeLegacy, makeWordPlan, PLAN_TXT, SOFFICE } from "../helpers/formatCorpus.js";

/** Unicode to TCVN3 and VNI, for making legacy-encoded copies of the plan (the inverse of what the reader does). */
import { tcvn3ToUnicode, vniToUnicode } from "../../src/ingest/legacyEncoding.js";

const QUESTIONS = [
  "Bình An thu ngân sách bao nhiêu?",
  "Tỷ lệ thu gom rác thải ở Bình An năm 2024?",
  "Bình An trồng bao nhiêu cây xanh?",
  "Bảo hiểm y tế xã Bình An đạt bao nhiêu phần trăm?",
  "Bình An giảm bao nhiêu hộ nghèo?",
  "Bình An nhựa hóa bao nhiêu km đường?",
  "Xây bao nhiêu phòng học ở Bình An?",
  "Thu nhập bình quân đầu người Bình An?",
];

/** What a resident is told: the figure, the quote and where it is in the plan. */
function gist(result: AskResult) {
  const top = result.answers[0];
  return { status: result.status, section: top?.section.path, quote: top?.quote, figures: top?.figures.map((f) => f.text) };
}

const lexicon = loadLexicon();
const answersOf = (doc: PlanDocument) => QUESTIONS.map((q) => gist(answerQuestion(q, buildIndex([doc], lexicon))));

describe("one plan in every format gives the same answers as the .txt", () => {
  let reference: ReturnType<typeof answersOf>;
  let txt: PlanDocument;
  beforeAll(async () => {
    txt = await parsePlanFile("xa-binh-an-2024.txt", Buffer.from(PLAN_TXT));
    reference = answersOf(txt);
  });

  it("the .txt plan answers every question (the reference is meaningful)", () => {
    expect(reference.filter((r) => r.status === "answered")).toHaveLength(QUESTIONS.length);
    expect(txt.meta).toMatchObject({ number: "21/KH-UBND", date: "2024-01-15", placeName: "Bình An", signer: "Nguyễn Văn Tâm" });
  });

  it("a .docx with automatic numbering, heading styles and a letterhead table has the same sections and answers", async () => {
    const docx = await parsePlanFile("xa-binh-an-2024.docx", await makeWordPlan());
    expect(docx.sections.map((s) => s.path)).toEqual(txt.sections.map((s) => s.path));
    expect(docx.meta).toMatchObject({ number: "21/KH-UBND", date: "2024-01-15", placeName: "Bình An", signer: "Nguyễn Văn Tâm" });
    expect(answersOf(docx)).toEqual(reference);
  });

  it("a .docx table keeps each row with its column headers", async () => {
    const docx = await parsePlanFile("xa-binh-an-2024.docx", await makeWordPlan(true));
    const row = docx.passages.find((p) => p.kind === "table-row" && p.text.includes("Bình Thạnh"))!;
    expect(row.text).toContain(DOCX_TABLE[0]![1]!);
    expect(row.text).toContain("420 hộ");
    const result = answerQuestion("Ấp Bình Thạnh bao nhiêu hộ dùng nước sạch?", buildIndex([docx], lexicon));
    expect(result.answers[0]!.quote).toContain("420 hộ");
  });

  it("TCVN3 (ABC) and VNI copies are converted, with a warning naming the encoding", async () => {
    const latin1 = Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i));
    const tcvn3 = encodeLegacy(PLAN_TXT, tcvn3ToUnicode, latin1);
    const vniCandidates = ["a", "e", "o", "u", "y", "i", "ô", "ö", "A", "E", "O", "U", "Y", "I", "Ô", "Ö"].flatMap((base) => latin1.map((mark) => base + mark)).concat(latin1);
    const vni = encodeLegacy(PLAN_TXT.normalize("NFC"), vniToUnicode, vniCandidates);
    expect(tcvn3).toContain("KÕ HO¹CH");
    for (const [name, bytes, encoding] of [
      ["xa-binh-an-2024-tcvn3.txt", Buffer.from(tcvn3, "latin1"), "TCVN3 (ABC)"],
      ["xa-binh-an-2024-vni.txt", Buffer.from(vni, "utf8"), "VNI"],
    ] as const) {
      const doc = await parsePlanFile(name, bytes);
      expect(doc.warnings[0]).toEqual({ key: "planFile.legacyConverted", params: { encoding } });
      expect(answersOf(doc)).toEqual(reference);
    }
  });

  describe.skipIf(!SOFFICE)("converted by LibreOffice", () => {
    let pdf: Buffer;
    let doc: Buffer;
    beforeAll(async () => {
      pdf = (await convertWithLibreOffice([{ name: "xa-binh-an-2024.docx", bytes: await makeWordPlan() }], "pdf"))[0]!;
      doc = (await convertWithLibreOffice([{ name: "xa-binh-an-2024.txt", bytes: PLAN_TXT }], "doc", "Text (encoded):UTF8,LF,,"))[0]!;
    }, 180_000);

    it("a text PDF exported from Word, letterhead in two columns and a page number in the footer, has the same answers", async () => {
      const parsed = await parsePlanFile("xa-binh-an-2024.pdf", pdf);
      expect(parsed.meta).toMatchObject({ number: "21/KH-UBND", date: "2024-01-15", placeName: "Bình An" });
      expect(parsed.sections.map((s) => s.path)).toEqual(txt.sections.map((s) => s.path));
      expect(answersOf(parsed)).toEqual(reference);
    });

    it("a Word 97-2003 .doc has the same answers", async () => {
      const parsed = await parsePlanFile("xa-binh-an-2024.doc", doc);
      expect(parsed.meta).toMatchObject({ number: "21/KH-UBND", date: "2024-01-15" });
      expect(answersOf(parsed)).toEqual(reference);
    });

    it("a spreadsheet of targets gives each row as a passage with its column headers", async () => {
      const csv = "Chỉ tiêu,Đơn vị,Năm 2024\nTỷ lệ thu gom rác thải,%,96\nTrồng mới cây xanh,cây,2500\nHộ nghèo giảm,hộ,12\n";
      const [xlsx] = await convertWithLibreOffice([{ name: "chi-tieu-binh-an-2024.csv", bytes: csv }], "xlsx", "CSV:44,34,76");
      const parsed = await parsePlanFile("chi-tieu-binh-an-2024.xlsx", xlsx!);
      const row = parsed.passages.find((p) => p.text.includes("Trồng mới cây xanh"))!;
      expect(row.kind).toBe("table-row");
      expect(row.text).toMatch(/Đơn vị.*cây/);
      expect(row.text).toMatch(/Năm 2024.*2500/);
    });
  });
});
