import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configurePlanReader, READER_LIMITS, stopReaders } from "../../src/ingest/planReaderPool.js";
import type { PlanFileError } from "../../src/ingest/readPlanFile.js";
import { loadKnowledge, parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { RefusedFiles } from "../../src/knowledge/refusedFiles.js";
import { deeplyNestedPdf, hugePng, manyOperatorsPdf, manyPagesPdf, zipBombDocx } from "../helpers/hostileFiles.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";

async function refusal(file: string, bytes: Buffer): Promise<PlanFileError> {
  try {
    await parsePlanFile(file, bytes);
  } catch (error) {
    return error as PlanFileError;
  }
  throw new Error(`${file} was read`);
}

const defaults = { ...READER_LIMITS };
afterEach(() => configurePlanReader(defaults));

describe("hostile plan files are refused by their reader's limits, in plain words", () => {
  it("a .docx zip bomb (200 KB that unpacks to 200 MB), from its declared sizes, before inflating", async () => {
    const bomb = zipBombDocx(200);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await refusal("xa-bom-2024.docx", bomb);
    expect(error.problem.message).toEqual({ vi: "tệp Word giải nén ra hơn 50 MB", en: "the Word file unpacks to more than 50 MB" });
    expect(error.lasting).toBe(false);
  });

  it("a PDF of 100,000 pages, from its page count", async () => {
    const error = await refusal("xa-trang-2024.pdf", manyPagesPdf(100_000));
    expect(error.problem.message!.vi).toBe("tệp PDF có 100000 trang; kế hoạch dài hơn 500 trang không được nhận");
  });

  it("a PDF of 3 million text operators, after the first 400,000 pieces of text", async () => {
    const error = await refusal("xa-chu-2024.pdf", manyOperatorsPdf(3_000_000));
    expect(error.problem.reason).toMatch(/^the PDF holds too much text \(more than 400000 pieces/);
    expect(error.problem.message!.vi).toMatch(/^tệp PDF chứa quá nhiều chữ/);
  });

  it("a PDF nested 100,000 arrays deep", async () => {
    const error = await refusal("xa-long-2024.pdf", deeplyNestedPdf(100_000));
    expect(error.problem.reason).toMatch(/^the PDF cannot be read \(/);
  });

  it("an image that declares 100,000 x 100,000 pixels, from its header", async () => {
    const error = await refusal("xa-anh-2024.png", hugePng(100_000, 100_000));
    expect(error.problem.message!.vi).toBe("ảnh quá lớn (10000 megapixel, tối đa 60)");
  });
});

describe("a reader that takes too long or too much memory", () => {
  it("is stopped at the time limit; the file is refused for good and the next file is read by a new reader", async () => {
    configurePlanReader({ timeoutMs: 300 });
    const error = await refusal("xa-cham-2024.pdf", manyOperatorsPdf(3_000_000));
    expect(error.problem.message!.vi).toBe("đọc tệp mất hơn 0.3 giây và đã bị dừng; tệp được ghi nhớ là bị từ chối cho đến khi được thay");
    expect(error.lasting).toBe(true);
    configurePlanReader({ timeoutMs: defaults.timeoutMs });
    const doc = await parsePlanFile("lai-hung-2024.txt", readFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt")));
    expect(doc.meta.number).toBe("63/KH-UBND");
  });

  it("stopped at the time limit, does not take down the plan sent to it next: that one is read by a new reader", async () => {
    await stopReaders();
    configurePlanReader({ timeoutMs: 300, threads: 1 });
    const sample = readFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt"));
    // Both sent at once to the one thread: the second waits behind the first.
    const [error, doc] = await Promise.all([refusal("xa-cham-2024.pdf", manyOperatorsPdf(3_000_000)), parsePlanFile("lai-hung-2024.txt", sample)]);
    expect(error.lasting).toBe(true);
    expect(error.problem.reason).toMatch(/took more than 0.3 s/);
    expect(doc.meta.number).toBe("63/KH-UBND");
    await stopReaders();
  });

  it("is stopped at its memory ceiling without harm to this process", async () => {
    await stopReaders();
    configurePlanReader({ heapMb: 48 });
    // Fifteen megabytes of short lines: a document of a million passages does not fit in 48 MB.
    const lines = Buffer.from("- Tỷ lệ hộ dân dùng nước sạch đạt 95% tại ấp số 12.\n".repeat(260_000));
    const error = await refusal("xa-nang-2024.txt", lines);
    expect(error.problem.reason).toMatch(/needed too much memory|the file reader failed/);
    expect(error.lasting).toBe(true);
    await stopReaders();
  });
});

describe("remembered refusals", () => {
  it("a file that timed out is not read again until it is replaced, and the list survives a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-refused-"));
    const listFile = join(mkdtempSync(join(tmpdir(), "data-")), "refused-plans.json");
    copyFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt"), join(dir, "lai-hung-2024.txt"));
    writeFileSync(join(dir, "xa-cham-2024.pdf"), manyOperatorsPdf(3_000_000));
    configurePlanReader({ timeoutMs: 300 });
    const first = await loadKnowledge(dir, RefusedFiles.open(listFile));
    expect(first.documents.map((d) => d.file)).toEqual(["lai-hung-2024.txt"]);
    expect(first.problems).toMatchObject([{ file: "xa-cham-2024.pdf", reason: expect.stringMatching(/took more than 0.3 s/) }]);

    // With a generous limit it would now be read to its end and refused otherwise: it is not read at all.
    configurePlanReader({ timeoutMs: defaults.timeoutMs });
    const again = await loadKnowledge(dir, RefusedFiles.open(listFile));
    expect(again.problems).toMatchObject([{ file: "xa-cham-2024.pdf", reason: expect.stringMatching(/took more than 0.3 s/) }]);

    writeFileSync(join(dir, "xa-cham-2024.pdf"), manyPagesPdf(1000));
    const replaced = await loadKnowledge(dir, RefusedFiles.open(listFile));
    expect(replaced.problems).toMatchObject([{ file: "xa-cham-2024.pdf", reason: expect.stringMatching(/has 1000 pages/) }]);
  });

  it("a file being read when the bot stopped twice is refused at the next start", () => {
    const listFile = join(mkdtempSync(join(tmpdir(), "data-")), "refused-plans.json");
    RefusedFiles.open(listFile).beginReading("xa-treo-2024.docx", "10:1");
    expect(RefusedFiles.open(listFile).refusal("xa-treo-2024.docx", "10:1")).toBeUndefined();
    RefusedFiles.open(listFile).beginReading("xa-treo-2024.docx", "10:1");
    const third = RefusedFiles.open(listFile);
    expect(third.refusal("xa-treo-2024.docx", "10:1")?.message?.vi).toMatch(/^bot đã dừng đột ngột hai lần/);
    expect(third.refusal("xa-treo-2024.docx", "11:1")).toBeUndefined();
  });
});
