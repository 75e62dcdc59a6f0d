import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { stopOcr } from "../../src/ingest/ocrEngine.js";
import { KnowledgeBase } from "../../src/knowledge/knowledgeBase.js";
import { describeDocument } from "../../src/knowledge/describeDocument.js";
import { convertWithLibreOffice, PDFTOPPM, PLAN_TXT, scanOf, SOFFICE, wordFromPlanText } from "../helpers/formatCorpus.js";

describe.skipIf(!SOFFICE || !PDFTOPPM)("a scan dropped into knowledge/", () => {
  afterAll(() => stopOcr());

  it("is read by OCR in the background: the other plans answer meanwhile, its progress is shown, then it serves marked as read by OCR", async () => {
    const real = readFileSync(new URL("../realset/communes/plans/14_dongthinh-chi-tieu-2020.md", import.meta.url), "utf8");
    const pdf = (await convertWithLibreOffice([{ name: "dongthinh.docx", bytes: await wordFromPlanText(real) }], "pdf"))[0]!;
    const dir = mkdtempSync(join(tmpdir(), "scan-kb-"));
    writeFileSync(join(dir, "xa-binh-an-2024.txt"), PLAN_TXT);
    writeFileSync(join(dir, "dong-thinh-2020.png"), (await scanOf(pdf)).png);
    let resolveReload: () => void = () => undefined;
    const reloaded = new Promise<void>((resolve) => (resolveReload = resolve));
    const base = await KnowledgeBase.open(dir);
    base.onReload(() => {
      if (base.index.documents.some((d) => d.file === "dong-thinh-2020.png")) resolveReload();
    });
    // Served at once: the text plan; the scan is waiting or being read, and is not refused.
    expect(base.index.documents.map((d) => d.file)).toEqual(["xa-binh-an-2024.txt"]);
    expect(base.index.problems).toEqual([]);
    expect(base.scansInProgress()).toMatchObject([{ file: "dong-thinh-2020.png", pages: 1 }]);
    expect(answerQuestion("Bình An trồng bao nhiêu cây xanh?", base.index).status).toBe("answered");
    await reloaded;
    expect(base.scansInProgress()).toEqual([]);
    const scan = base.index.documents.find((d) => d.file === "dong-thinh-2020.png")!;
    expect(scan.ocr!.confidence).toBeGreaterThan(60);
    const summary = describeDocument(scan, base.index);
    expect(summary.readByOcr).toMatchObject({ pages: 1 });
    expect(summary.figures.length).toBeGreaterThan(5);
    expect(summary.figures.every((f) => f.check)).toBe(true);
    expect(answerQuestion("Đàn gia cầm đạt bao nhiêu con?", base.index).answers[0]!.quote).toContain("120.000 con");
    await base.close();
  }, 300_000);
});
