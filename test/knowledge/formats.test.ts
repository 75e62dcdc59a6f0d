import JSZip from "jszip";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { PlanFileError } from "../../src/ingest/readPlanFile.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { buildIndex } from "../../src/search/knowledgeIndex.js";
import { encryptedPdf } from "../helpers/encryptedPdf.js";
import { CHROMIUM, makeDocxPlan, makePdfPlan } from "../helpers/makeFiles.js";

async function problemOf(file: string, bytes: Buffer) {
  try {
    await parsePlanFile(file, bytes);
  } catch (error) {
    return (error as PlanFileError).problem;
  }
  throw new Error("expected the file to be refused");
}

describe("Word plans", () => {
  it("keep their headings and list items, metadata and signer", async () => {
    const doc = await parsePlanFile("xa-my-phuoc-2024.docx", await makeDocxPlan());
    expect(doc.meta).toMatchObject({ number: "77/KH-UBND", date: "2024-01-05", place: "Mỹ Phước", signer: "Lê Thị Hoa", year: 2024 });
    const passage = doc.passages.find((p) => p.text.startsWith("Tỷ lệ thu gom rác thải"))!;
    expect(doc.sections[passage.section]!.path).toBe("I.1");
    const result = answerQuestion("Mỹ Phước trồng bao nhiêu cây xanh?", buildIndex([doc], loadLexicon()));
    expect(result.answers[0]!.figures[0]!.text).toBe("1.200 cây");
  });

  it("refuses a .docx that is not a Word document", async () => {
    const damaged = Buffer.from(await makeDocxPlan());
    damaged.fill(0, Math.floor(damaged.length * 0.2), Math.floor(damaged.length * 0.8));
    expect(await problemOf("x.docx", damaged)).toMatchObject({ reason: expect.stringMatching(/^the Word file is damaged; .* \(.+\)$/), message: { vi: expect.stringMatching(/^tệp Word bị hỏng; hãy mở lại/) }, detail: expect.any(String) });
    // The reading library's own (English) words are kept for the maintainer, never inside the Vietnamese message.
    expect((await problemOf("x.docx", damaged))!.message!.vi).not.toMatch(/[a-z]{4,} [a-z]{4,} [a-z]{4,}/);
    expect(await problemOf("x.docx", Buffer.from("plain text"))).toMatchObject({ reason: expect.stringMatching(/not a Word document/) });
  });

  it("refuses a .docx that is really a zip of something else, saying so", async () => {
    const zip = new JSZip();
    zip.file("anh-hop-dan.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    zip.file("ghi-chu.txt", "Tỷ lệ thu gom rác đạt 95%");
    const bytes = await zip.generateAsync({ type: "nodebuffer" });
    expect(await problemOf("xa-zip-2024.docx", bytes)).toMatchObject({
      file: "xa-zip-2024.docx",
      reason: "a zip archive with no Word document inside (word/document.xml is missing); open the plan in Word and save it as .docx",
    });
  });
});

describe("PDF plans", () => {
  it("refuses a file that is not a PDF, and an unknown file type", async () => {
    expect(await problemOf("x.pdf", Buffer.from("hello"))).toMatchObject({ reason: "not a PDF file" });
    expect(await problemOf("x.odt", Buffer.from("hello"))).toMatchObject({ reason: expect.stringMatching(/unsupported file type \.odt/) });
  });

  it("refuses an encrypted PDF with a message, though the file itself is sound", async () => {
    const pdf = encryptedPdf(["Ke hoach 12/KH-UBND", "Ty le thu gom rac dat 95%"], "mat-khau");
    const opened = await getDocumentProxy(new Uint8Array(pdf), { password: "mat-khau" });
    expect((await extractText(opened, { mergePages: true })).text).toContain("Ty le thu gom rac dat 95%");
    expect(await problemOf("xa-khoa-2024.pdf", pdf)).toMatchObject({
      file: "xa-khoa-2024.pdf",
      reason: "the PDF is encrypted (password protected); save an unprotected copy",
    });
  });

  it.skipIf(!CHROMIUM)("read the text layer of a PDF, Vietnamese included", async () => {
    const pdf = await makePdfPlan(
      "<p>Số: 88/KH-UBND</p><p>Tân Hiệp, ngày 10 tháng 01 năm 2024</p><h1>KẾ HOẠCH</h1><p>Phát triển kinh tế - xã hội năm 2024</p>" +
        "<h2>I. CHỈ TIÊU</h2><p>- Tỷ lệ hộ dân sử dụng nước sạch đạt 96,5%.</p><p>- Giảm 15 hộ nghèo.</p>",
    );
    const doc = await parsePlanFile("xa-tan-hiep-2024.pdf", pdf);
    expect(doc.meta).toMatchObject({ number: "88/KH-UBND", date: "2024-01-10" });
    const result = answerQuestion("Tân Hiệp tỷ lệ nước sạch", buildIndex([doc], loadLexicon()));
    expect(result.answers[0]!.figures[0]!.text).toBe("96,5%");
  });
});
