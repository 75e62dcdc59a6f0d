import { existsSync } from "node:fs";
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";

/** A Word plan with real headings and list paragraphs, as an office would save it. */
export async function makeDocxPlan(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun("Số: 77/KH-UBND")] }),
          new Paragraph({ children: [new TextRun("Mỹ Phước, ngày 05 tháng 01 năm 2024")] }),
          new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, children: [new TextRun({ text: "KẾ HOẠCH", bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: "Phát triển kinh tế - xã hội năm 2024", bold: true })] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("I. CHỈ TIÊU CHỦ YẾU")] }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("1. Môi trường")] }),
          new Paragraph({ bullet: { level: 0 }, children: [new TextRun("Tỷ lệ thu gom rác thải sinh hoạt đạt 97%.")] }),
          new Paragraph({ bullet: { level: 0 }, children: [new TextRun("Trồng mới 1.200 cây xanh.")] }),
          new Paragraph({ children: [new TextRun("TM. ỦY BAN NHÂN DÂN")] }),
          new Paragraph({ children: [new TextRun("CHỦ TỊCH")] }),
          new Paragraph({ children: [new TextRun("Lê Thị Hoa")] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A text PDF of a plan, printed by Chromium from HTML (so Vietnamese text has a real text layer). */
export async function makePdfPlan(html: string): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(`<html><body style="font-family: sans-serif">${html}</body></html>`);
    return await page.pdf({ format: "A4" });
  } finally {
    await browser.close();
  }
}
