import { Document, FootnoteReferenceRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from "docx";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { buildIndex } from "../../src/search/knowledgeIndex.js";

/**
 * A table of targets as communes lay it out in Word: a header of two rows ("Kế hoạch" over "Năm
 * 2024" and "Năm 2025", the other headers merged down), group rows merged across, a unit merged
 * down over two rows; and a footnote on a target.
 */
type Cell = string | { text: string; span?: number; merge?: "restart" | "continue" };
const cell = (c: Cell) => {
  const { text, span, merge } = typeof c === "string" ? { text: c } : c;
  return new TableCell({
    children: [new Paragraph(merge === "continue" ? "" : text)],
    ...(span ? { columnSpan: span } : {}),
    ...(merge ? { verticalMerge: merge === "restart" ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
  });
};
const ROWS: Cell[][] = [
  [{ text: "STT", merge: "restart" }, { text: "Chỉ tiêu", merge: "restart" }, { text: "Đơn vị tính", merge: "restart" }, { text: "Kế hoạch", span: 2 }],
  [{ text: "", merge: "continue" }, { text: "", merge: "continue" }, { text: "", merge: "continue" }, "Năm 2024", "Năm 2025"],
  ["I", { text: "PHÁT TRIỂN KINH TẾ", span: 4 }],
  ["1", "Tổng thu ngân sách xã", "triệu đồng", "4.500", "5.000"],
  ["2", "Diện tích lúa", { text: "ha", merge: "restart" }, "207", "210"],
  ["3", "Diện tích ngô", { text: "", merge: "continue" }, "40", "45"],
  ["II", { text: "VĂN HÓA - XÃ HỘI", span: 4 }],
  ["1", "Tỷ lệ hộ nghèo", "%", "2,5", "2"],
];

async function wordPlan(): Promise<Buffer> {
  const document = new Document({
    footnotes: { 1: { children: [new Paragraph("Theo chuẩn nghèo đa chiều giai đoạn 2022-2025")] } },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: "I. CHỈ TIÊU CHỦ YẾU", bold: true })] }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: ROWS.map((row) => new TableRow({ children: row.map(cell) })) }),
          new Paragraph({ children: [new TextRun({ text: "II. GIẢI PHÁP", bold: true })] }),
          new Paragraph({ children: [new TextRun("Giảm tỷ lệ hộ nghèo còn dưới 2%"), new FootnoteReferenceRun(1), new TextRun(" vào cuối năm 2025.")] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

describe("a .docx table with merged cells, and footnotes", () => {
  it("gives each row with the headers of both header rows, a unit merged down in each row it covers, a label merged across once", async () => {
    const doc = await parsePlanFile("chi-tieu.docx", await wordPlan());
    const rows = doc.passages.filter((p) => p.kind === "table-row").map((p) => p.text);
    expect(rows).toEqual([
      "Chỉ tiêu: PHÁT TRIỂN KINH TẾ",
      "Chỉ tiêu: Tổng thu ngân sách xã; Đơn vị tính: triệu đồng; Kế hoạch Năm 2024: 4.500 triệu đồng; Kế hoạch Năm 2025: 5.000 triệu đồng",
      "Chỉ tiêu: Diện tích lúa; Đơn vị tính: ha; Kế hoạch Năm 2024: 207 ha; Kế hoạch Năm 2025: 210 ha",
      "Chỉ tiêu: Diện tích ngô; Đơn vị tính: ha; Kế hoạch Năm 2024: 40 ha; Kế hoạch Năm 2025: 45 ha",
      "Chỉ tiêu: VĂN HÓA - XÃ HỘI",
      "Chỉ tiêu: Tỷ lệ hộ nghèo; Đơn vị tính: %; Kế hoạch Năm 2024: 2,5 %; Kế hoạch Năm 2025: 2 %",
    ]);
    // The second header row and the merged group labels are no passages of their own with the label repeated.
    expect(rows.some((r) => r.includes("Năm 2024: Năm 2024") || /PHÁT TRIỂN KINH TẾ.*PHÁT TRIỂN KINH TẾ/.test(r))).toBe(false);
    const top = answerQuestion("Diện tích ngô năm 2025 là bao nhiêu?", buildIndex([doc], loadLexicon())).answers[0];
    expect(top?.quote).toContain("Diện tích ngô");
    expect(top?.figures.map((f) => f.text)).toContain("45 ha");
  });

  it("keeps a footnote with the sentence that refers to it, and the sentence whole", async () => {
    const doc = await parsePlanFile("chi-tieu.docx", await wordPlan());
    const passage = doc.passages.find((p) => p.text.includes("dưới 2%"))!;
    expect(passage.text).toBe("Giảm tỷ lệ hộ nghèo còn dưới 2% (Theo chuẩn nghèo đa chiều giai đoạn 2022-2025) vào cuối năm 2025.");
    expect(doc.sections[passage.section]!.path).toBe("II");
  });
});
