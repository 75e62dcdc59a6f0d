import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeTextFile } from "../src/ingest/decodeText.js";
import { decodePlanText, type PlanFileError } from "../src/ingest/readPlanFile.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import { renderMessage } from "../src/messages/catalogue.js";

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
    expect(problemOf(new Uint8Array())).toMatchObject({
      file: "plan.txt",
      reason: "the file is empty",
      message: { vi: "tệp trống", en: "the file is empty" },
    });
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
    expect(problems).toMatchObject([{ file: "bad.txt", line: 1, reason: expect.stringMatching(/binary/), message: { vi: expect.stringMatching(/nhị phân/), en: expect.any(String) } }]);
  });
});

describe("Vietnamese legacy encodings", () => {
  it("converts TCVN3 (ABC) font text saved as Unicode, with a warning naming the encoding", () => {
    const text = "Số: 01/KH-UBND\n\nKÕ ho¹ch ph¸t triÓn kinh tÕ n¨m 2024\n\nI. MéT Sè CHØ TI£U\n- Tû lÖ thu gom r¸c ®¹t 95%.\n";
    const decoded = decodeTextFile("plan.txt", Buffer.from(text));
    expect(decoded.text).toBe("Số: 01/KH-UBND\n\nKế hoạch phát triển kinh tế năm 2024\n\nI. MỘT SỐ CHỈ TIÊU\n- Tỷ lệ thu gom rác đạt 95%.\n");
    expect(decoded.warnings).toEqual([{ key: "planFile.legacyConverted", params: { encoding: "TCVN3 (ABC)" } }]);
    expect(renderMessage(decoded.warnings[0]!, "vi")).toMatch(/^văn bản gõ bằng phông TCVN3 \(ABC\) đã được chuyển sang Unicode/);
  });

  it("converts VNI font text, with a warning naming the encoding", () => {
    const text = "Keá hoaïch phaùt trieån kinh teá naêm 2024\n- Tyû leä thu gom raùc ñaït 95%. Ñoäc laäp - Töï do - Haïnh phuùc\n";
    const decoded = decodeTextFile("plan.txt", Buffer.from(text));
    expect(decoded.text).toBe("Kế hoạch phát triển kinh tế năm 2024\n- Tỷ lệ thu gom rác đạt 95%. Độc lập - Tự do - Hạnh phúc\n");
    expect(renderMessage(decoded.warnings[0]!, "en")).toMatch(/typed in VNI/);
  });

  it("converts TCVN3 saved as 8-bit bytes", () => {
    const decoded = decodeTextFile("plan.txt", Buffer.from("KÕ ho¹ch ph¸t triÓn - Tû lÖ r¸c ®¹t 95% - ng\u00ADêi d©n", "latin1"));
    expect(decoded.text).toBe("Kế hoạch phát triển - Tỷ lệ rác đạt 95% - người dân");
    expect(decoded.warnings[0]!.params).toEqual({ encoding: "TCVN3 (ABC)" });
  });

  it("converts Windows-1258 to Unicode", () => {
    // "Tỷ lệ rác đạt 95%" in Windows-1258: base letters followed by combining tone marks.
    const bytes = Buffer.from([0x54, 0x79, 0xd2, 0x20, 0x6c, 0xea, 0xf2, 0x20, 0x72, 0xe1, 0x63, 0x20, 0xf0, 0x61, 0xf2, 0x74, 0x20, 0x39, 0x35, 0x25]);
    expect(decodePlanText("plan.txt", bytes)).toBe("Tỷ lệ rác đạt 95%");
  });

  it("accepts ordinary Vietnamese with hoà, thuý, quý and Latin-1 letters", () => {
    const text = "Tỷ lệ hoà giải thành đạt 90%; quý III; thuý; Ủy ban; à á â ã è é ê ì í ò ó ô õ ù ú ý.";
    expect(decodePlanText("plan.txt", Buffer.from(text))).toBe(text);
  });
});

describe("damaged and odd files", () => {
  it("keeps a UTF-8 file cut in the middle of its last character, minus that character", () => {
    const bytes = Buffer.from("Tỷ lệ thu gom rác đạt 95%. Tỷ");
    expect(decodePlanText("plan.txt", bytes.subarray(0, bytes.length - 1))).toBe("Tỷ lệ thu gom rác đạt 95%. T");
  });

  it("refuses UTF-8 damaged in the middle", () => {
    const good = Buffer.from("Tỷ lệ thu gom rác đạt 95%.");
    // Byte 2 is inside "ỷ": the sequence breaks in the middle of the text.
    const damaged = Buffer.concat([good.subarray(0, 2), good.subarray(3)]);
    expect(problemOf(damaged)).toMatchObject({ reason: expect.stringMatching(/not valid UTF-8/) });
  });

  it("refuses a web page saved as .txt", () => {
    const html = "<!DOCTYPE html><html><head><title>Kế hoạch</title></head><body><p>Tỷ lệ thu gom rác đạt 95%</p></body></html>";
    expect(problemOf(Buffer.from(html))).toMatchObject({ reason: expect.stringMatching(/web page \(HTML\)/) });
  });

  it("refuses a UTF-16 file that starts with a BOM", () => {
    expect(problemOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Kế hoạch", "utf16le")]))).toMatchObject({ reason: expect.stringMatching(/UTF-16/) });
  });

  it("refuses a 50 MB file without reading it into the index, and keeps the other plans", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-big-"));
    writeFileSync(join(dir, "good.txt"), "- Tỷ lệ hộ nghèo dưới 2%.\n");
    writeFileSync(join(dir, "huge.txt"), Buffer.alloc(50 * 1024 * 1024, 0x61));
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((d) => d.file)).toEqual(["good.txt"]);
    expect(problems).toMatchObject([{ file: "huge.txt", reason: "the file is 50.0 MB; plans larger than 20 MB are refused", message: { vi: "tệp nặng 50.0 MB; kế hoạch lớn hơn 20 MB không được nhận" } }]);
  });
});
