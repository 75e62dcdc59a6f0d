import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/** A blank greyscale PNG: the OCR process starts, reads no text, and stays idle. */
function blankPng(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((size + 1) * size, 0xff);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0; // no filter
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

describe("stopping the OCR process", () => {
  it("is waited for by a process with nothing else to do (the bench's formats section ended the process there)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ocr-stop-"));
    writeFileSync(join(dir, "blank.png"), blankPng(64));
    const engine = pathToFileURL(join(import.meta.dirname, "../../src/ingest/ocrEngine.ts")).href;
    const script = join(dir, "stop.mjs");
    writeFileSync(
      script,
      `import { readFileSync } from "node:fs";
const { readScan, stopOcr } = await import(${JSON.stringify(engine)});
await readScan("blank.png", readFileSync(${JSON.stringify(join(dir, "blank.png"))}), "image", 1).catch((error) => console.log("read:", error.problem?.key ?? error.message));
await stopOcr();
console.log("stopped");
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { cwd: join(import.meta.dirname, "../.."), timeout: 60_000 });
    expect(stdout).toContain("read:");
    expect(stdout.trim().split("\n").pop()).toBe("stopped");
  }, 90_000);
});
