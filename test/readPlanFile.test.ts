import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodePlanText, type PlanFileError } from "../src/ingest/readPlanFile.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";

function problemOf(bytes: Uint8Array) {
  try {
    decodePlanText("plan.txt", bytes);
  } catch (error) {
    return (error as PlanFileError).problem;
  }
  throw new Error("expected the file to be refused");
}

describe("reading plan files", () => {
  it("refuses an empty file", () => {
    expect(problemOf(new Uint8Array())).toEqual({ file: "plan.txt", reason: "the file is empty" });
  });

  it("refuses binary content and says on which line", () => {
    expect(problemOf(Buffer.from("dòng một\ndòng hai \u0000 nhị phân"))).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/binary/),
    });
  });

  it("refuses UTF-16 with a hint", () => {
    expect(problemOf(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toMatchObject({ reason: expect.stringMatching(/UTF-16/) });
  });

  it("refuses text that is not UTF-8 and names the line", () => {
    const bytes = Buffer.concat([Buffer.from("Kế hoạch\nTỷ lệ "), Buffer.from([0xe0, 0x20]), Buffer.from("\n")]);
    expect(problemOf(bytes)).toMatchObject({ line: 2, reason: expect.stringMatching(/not valid UTF-8/) });
  });

  it("refuses a file with no letters", () => {
    expect(problemOf(Buffer.from(" \n 12 \n"))).toMatchObject({ reason: "the file has no text" });
  });

  it("decodes a BOM, CRLF and NFD file into clean NFC text", () => {
    const text = decodePlanText("plan.txt", Buffer.from(`\uFEFF${"Tỷ lệ\r\nđạt".normalize("NFD")}`));
    expect(text).toBe("Tỷ lệ\nđạt");
  });

  it("keeps serving the good files of a folder when one is bad", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-"));
    writeFileSync(join(dir, "good.txt"), "Số: 01/KH-UBND\n\n- Tỷ lệ hộ nghèo dưới 2%.\n");
    writeFileSync(join(dir, "bad.txt"), Buffer.from([0x00, 0x01, 0x02]));
    writeFileSync(join(dir, "notes.yaml"), "not a plan");
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((d) => d.file)).toEqual(["good.txt"]);
    expect(problems).toEqual([{ file: "bad.txt", line: 1, reason: expect.stringMatching(/binary/) }]);
  });
});
