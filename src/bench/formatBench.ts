import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, Packer, Paragraph } from "docx";
import { readScan, stopOcr } from "../ingest/ocrEngine.js";
import { stopReaders } from "../ingest/planReaderPool.js";
import { parsePlanFile } from "../knowledge/loadKnowledge.js";

/**
 * Parse throughput per plan format, and OCR seconds per page: one sample plan of the repository
 * written in each format (Word by the docx library, .doc, .pdf and .xlsx by LibreOffice when it is
 * installed, the scan by pdftoppm), each parsed repeatedly in the reader thread as the bot does.
 */
export interface FormatFigures {
  format: string;
  kilobytes: number;
  pages?: number;
  filesPerSecond: number;
  megabytesPerSecond: number;
  pagesPerSecond?: number;
}

const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));

function convert(dir: string, file: string, to: string, filter?: string): Buffer | undefined {
  if (!SOFFICE) return undefined;
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", ...(filter ? [`--infilter=${filter}`] : []), "--convert-to", to, "--outdir", join(dir, "out"), join(dir, file)], { stdio: "ignore", timeout: 180_000 });
  return readFileSync(join(dir, "out", file.replace(/\.[^.]+$/, `.${to}`)));
}

function pdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length || 1;
}

async function throughput(format: string, name: string, bytes: Buffer, pages: number | undefined, seconds: number): Promise<FormatFigures> {
  await parsePlanFile(name, bytes);
  let files = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await parsePlanFile(name, bytes);
    files++;
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    format,
    kilobytes: bytes.length / 1024,
    ...(pages ? { pages, pagesPerSecond: (files * pages) / elapsed } : {}),
    filesPerSecond: files / elapsed,
    megabytesPerSecond: (files * bytes.length) / 2 ** 20 / elapsed,
  };
}

export async function measureFormats(seconds: number): Promise<{ formats: FormatFigures[]; ocrSecondsPerPage?: number; ocrPages?: number; ocrConfidence?: number }> {
  const samples = new URL("../../knowledge/", import.meta.url);
  const sample = readdirSync(samples).filter((name) => name.endsWith(".txt")).sort()[0]!;
  const text = readFileSync(new URL(sample, samples), "utf8");
  const dir = mkdtempSync(join(tmpdir(), "format-bench-"));
  try {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: text.split("\n").map((line) => new Paragraph(line)) }] }));
    writeFileSync(join(dir, "plan.docx"), docx);
    const table = text.split("\n").filter((l) => /\d/.test(l)).map((l, i) => `${i + 1},"${l.replace(/"/g, "'")}"`).join("\n");
    writeFileSync(join(dir, "targets.csv"), `STT,Chỉ tiêu\n${table}\n`);
    const pdf = convert(dir, "plan.docx", "pdf");
    const inputs: [string, string, Buffer | undefined, number | undefined][] = [
      ["txt", "plan.txt", Buffer.from(text), undefined],
      ["docx", "plan.docx", docx, undefined],
      ["doc", "plan.doc", convert(dir, "plan.docx", "doc"), undefined],
      ["pdf (text)", "plan.pdf", pdf, pdf && pdfPages(pdf)],
      ["xlsx", "targets.xlsx", convert(dir, "targets.csv", "xlsx", "CSV:44,34,76"), undefined],
    ];
    const formats: FormatFigures[] = [];
    for (const [format, name, bytes, pages] of inputs) if (bytes) formats.push(await throughput(format, name, bytes, pages, seconds));
    await stopReaders();
    if (!pdf || !existsSync("/usr/bin/pdftoppm")) return { formats };
    // OCR: the first two pages of the printed plan, as a scanner gives them.
    const ocrPages = Math.min(2, pdfPages(pdf));
    const started = performance.now();
    const reading = await readScan("plan.pdf", pdf, "pdf", ocrPages);
    const ocrSecondsPerPage = (performance.now() - started) / 1000 / ocrPages;
    await stopOcr();
    return { formats, ocrSecondsPerPage, ocrPages, ocrConfidence: reading.confidence };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
