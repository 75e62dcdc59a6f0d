import { describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { PlanFileError } from "../../src/ingest/readPlanFile.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { buildIndex } from "../../src/search/knowledgeIndex.js";
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
    expect(await problemOf("x.docx", Buffer.from("PK\u0003\u0004not really a zip"))).toMatchObject({ reason: expect.stringMatching(/cannot be read/) });
    expect(await problemOf("x.docx", Buffer.from("plain text"))).toMatchObject({ reason: expect.stringMatching(/not a Word document/) });
  });
});

describe("PDF plans", () => {
  it("refuses a file that is not a PDF, and an unknown file type", async () => {
    expect(await problemOf("x.pdf", Buffer.from("hello"))).toMatchObject({ reason: "not a PDF file" });
    expect(await problemOf("x.odt", Buffer.from("hello"))).toMatchObject({ reason: expect.stringMatching(/unsupported file type \.odt/) });
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
