import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { OCR_LIMITS, readScan, stopOcr } from "../../src/ingest/ocrEngine.js";
import { KnowledgeBase } from "../../src/knowledge/knowledgeBase.js";
import { convertWithLibreOffice, PDFTOPPM, PLAN_TXT, scanOf, SOFFICE, wordFromPlanText } from "../helpers/formatCorpus.js";

/**
 * The OCR process has a memory ceiling (its resident memory, WebAssembly included): a scan that
 * needs more is refused with the reason in plain words, the bot goes on serving the other plans,
 * and the next scan is read by a fresh OCR process.
 */
describe.skipIf(!SOFFICE || !PDFTOPPM)("the OCR memory ceiling", () => {
  const limit = OCR_LIMITS.memoryMb;
  afterAll(async () => {
    OCR_LIMITS.memoryMb = limit;
    await stopOcr();
  });

  it("refuses a scan whose reading goes past it, serves the other plans meanwhile, then reads scans again under the usual ceiling", async () => {
    const real = readFileSync(new URL("../realset/communes/plans/14_dongthinh-chi-tieu-2020.md", import.meta.url), "utf8");
    const pdf = (await convertWithLibreOffice([{ name: "dongthinh.docx", bytes: await wordFromPlanText(real) }], "pdf"))[0]!;
    const png = (await scanOf(pdf)).png;
    const dir = mkdtempSync(join(tmpdir(), "ocr-memory-"));
    writeFileSync(join(dir, "xa-binh-an-2024.txt"), PLAN_TXT);
    writeFileSync(join(dir, "dong-thinh-2020.png"), png);
    // Tesseract needs a few hundred MB for an A4 page at 300 dpi: 150 MB is passed while it reads.
    OCR_LIMITS.memoryMb = 150;
    let reloaded: () => void = () => undefined;
    const refused = new Promise<void>((resolve) => (reloaded = resolve));
    const base = await KnowledgeBase.open(dir);
    base.onReload(() => {
      if (base.index.problems.some((p) => p.file === "dong-thinh-2020.png")) reloaded();
    });
    expect(answerQuestion("Bình An trồng bao nhiêu cây xanh?", base.index).status).toBe("answered");
    await refused;
    const problem = base.index.problems.find((p) => p.file === "dong-thinh-2020.png")!;
    expect(problem.message!.en).toBe("reading page 1 by OCR needed more than 150 MB of memory and was stopped; it stays refused until it is replaced");
    expect(problem.message!.vi).toMatch(/^đọc trang 1 bằng OCR cần hơn 150 MB bộ nhớ/);
    expect(base.index.documents.map((d) => d.file)).toEqual(["xa-binh-an-2024.txt"]);
    expect(answerQuestion("Bình An trồng bao nhiêu cây xanh?", base.index).status).toBe("answered");
    await base.close();

    // The process that went past the ceiling is gone; under the usual ceiling a scan reads.
    OCR_LIMITS.memoryMb = limit;
    const reading = await readScan("dong-thinh-2020.png", png, "image", 1);
    expect(reading.confidence).toBeGreaterThan(60);
    expect(reading.text).toContain("120.000 con");
  }, 300_000);
});
