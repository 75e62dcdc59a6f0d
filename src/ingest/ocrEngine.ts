import { type ChildProcess, execFile, fork } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { cleanText } from "../text/normalize.js";
import { PlanFileError, planProblem } from "./planFileError.js";

/**
 * Reads the text of scans (a PDF without a text layer, a photo) with Tesseract, in Vietnamese,
 * offline: the language data, the worker script and the WebAssembly core are all read from
 * node_modules (@tesseract.js-data/vie, tesseract.js, tesseract.js-core), never fetched. Tesseract
 * runs in a child process of its own (ocrProcess.mjs), so recognising a page never blocks the event
 * loop, and its memory has a ceiling: the process ends itself past `memoryMb` of resident memory
 * (WebAssembly memory included, which no heap limit bounds) and the scan is refused. PDF pages are
 * rasterised one at a time by poppler's pdftoppm, in a child process. A page is capped in pixels
 * (its long side), which bounds the memory recognition needs, and in time.
 */
export const OCR_LIMITS = {
  maxPages: 50,
  pageTimeoutMs: 120_000,
  /** A4 at 300 dpi; a page drawn larger is scaled down to it. */
  longSidePx: 3508,
  idleMs: 30_000,
  /** The OCR process's resident memory at most (an A4 page at 300 dpi needs 200 to 350 MB). */
  memoryMb: 1024,
};

export interface PageReading {
  text: string;
  /** Tesseract's mean word confidence for the page, 0-100. */
  confidence: number;
  /** Words with a digit that Tesseract was unsure of (confidence under 80). */
  uncertain: string[];
}

export interface ScanReading {
  text: string;
  pages: number;
  confidence: number;
  uncertain: string[];
}

const require = createRequire(import.meta.url);
const LANG_PATH: string = `${(require("@tesseract.js-data/vie") as { langPath: string }).langPath}_best_int`;
const UNSURE_BELOW = 80;
const OCR_PROCESS = new URL("./ocrProcess.mjs", import.meta.url);
/** The exit code of an OCR process that went past its memory ceiling. */
const OUT_OF_MEMORY = 75;

type Recognised = { id: number; text: string; confidence: number; tsv: string } | { id: number; error: string };
/** How the OCR process ended while a page was being read: past its memory ceiling, or otherwise. */
class OcrProcessEnded extends Error {
  constructor(readonly outOfMemory: boolean) {
    super(outOfMemory ? "out of memory" : "the OCR process stopped");
  }
}

interface Engine {
  child: ChildProcess;
  ended: Promise<never>;
}

let engine: Engine | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextPage = 1;

function startEngine(): Engine {
  if (engine) return engine;
  const child = fork(OCR_PROCESS, [JSON.stringify({ langPath: LANG_PATH, memoryMb: OCR_LIMITS.memoryMb })], {
    serialization: "advanced",
    execArgv: [`--max-old-space-size=${Math.min(512, OCR_LIMITS.memoryMb)}`],
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  const ended = new Promise<never>((_, reject) => {
    child.once("exit", (code) => {
      if (engine?.child === child) engine = undefined;
      reject(new OcrProcessEnded(code === OUT_OF_MEMORY));
    });
    child.once("error", () => reject(new OcrProcessEnded(false)));
  });
  ended.catch(() => undefined);
  engine = { child, ended };
  return engine;
}

/** Stops the OCR process (idle, timed out, or the process is stopping). */
export async function stopOcr(): Promise<void> {
  clearTimeout(idleTimer);
  const running = engine;
  engine = undefined;
  if (!running || running.child.exitCode !== null) return;
  // An idle OCR process is unreferenced: without this, a caller waiting for it to end found an
  // event loop with nothing left to do, and the process exited before the wait ended.
  running.child.ref();
  running.child.kill();
  await running.ended.catch(() => undefined);
}

/** One page recognised by the OCR process, or OcrProcessEnded if it ended first. */
function recognise(image: Buffer): Promise<Recognised> {
  const { child, ended } = startEngine();
  const id = nextPage++;
  const answer = new Promise<Recognised>((resolve) => {
    const onMessage = (message: Recognised) => {
      if (message.id !== id) return;
      child.off("message", onMessage);
      resolve(message);
    };
    child.on("message", onMessage);
  });
  // While a page is read the OCR process keeps the bot's process alive (kb:check waits for it); idle, it does not.
  child.ref();
  child.channel?.ref();
  child.send({ id, image });
  return Promise.race([answer, ended]).finally(() => {
    child.unref();
    child.channel?.unref();
  });
}

function uncertainFigures(tsv: string): string[] {
  const words: string[] = [];
  for (const row of tsv.split("\n")) {
    const cells = row.split("\t");
    // level 5 = a word: ... conf (column 11), text (column 12)
    if (cells[0] !== "5" || cells.length < 12) continue;
    const confidence = Number(cells[10]);
    const word = cells[11]!.trim();
    if (/\d/.test(word) && confidence >= 0 && confidence < UNSURE_BELOW) words.push(word);
  }
  return words;
}

/** Recognises one page image (PNG or JPEG bytes). */
export async function recognisePage(file: string, image: Buffer, page: number): Promise<PageReading> {
  clearTimeout(idleTimer);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void stopOcr();
      const seconds = Math.round(OCR_LIMITS.pageTimeoutMs / 100) / 10;
      reject(new PlanFileError(planProblem(file, "ocr.pageTimeout", { page, seconds }), true));
    }, OCR_LIMITS.pageTimeoutMs);
  });
  try {
    const data = await Promise.race([recognise(image), timeout]);
    if ("error" in data) throw new Error(data.error);
    return { text: data.text, confidence: data.confidence, uncertain: uncertainFigures(data.tsv) };
  } catch (error) {
    if (error instanceof PlanFileError) throw error;
    await stopOcr();
    if (error instanceof OcrProcessEnded && error.outOfMemory) throw new PlanFileError(planProblem(file, "ocr.outOfMemory", { page, limit: OCR_LIMITS.memoryMb }), true);
    throw new PlanFileError(planProblem(file, "ocr.failed", { detail: String((error as Error)?.message ?? error).split("\n")[0]! }), true);
  } finally {
    clearTimeout(timer);
    idleTimer = setTimeout(() => void stopOcr(), OCR_LIMITS.idleMs);
    idleTimer.unref();
  }
}

const run = promisify(execFile);

/** Page `page` of a PDF as a greyscale PNG, its long side OCR_LIMITS.longSidePx pixels, drawn by pdftoppm. */
export async function rasterisePdfPage(file: string, pdfPath: string, page: number, outDir: string): Promise<Buffer> {
  const root = join(outDir, `page-${page}`);
  try {
    await run("pdftoppm", ["-png", "-gray", "-singlefile", "-f", String(page), "-l", String(page), "-scale-to", String(OCR_LIMITS.longSidePx), pdfPath, root], {
      timeout: OCR_LIMITS.pageTimeoutMs,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { killed?: boolean; stderr?: string };
    if (failure.code === "ENOENT") throw new PlanFileError(planProblem(file, "ocr.rasteriserMissing"));
    if (failure.killed) throw new PlanFileError(planProblem(file, "ocr.pageTimeout", { page, seconds: OCR_LIMITS.pageTimeoutMs / 1000 }), true);
    throw new PlanFileError(planProblem(file, "ocr.failed", { detail: (failure.stderr || failure.message).split("\n")[0]! }), true);
  }
  const png = await readFile(`${root}.png`);
  await rm(`${root}.png`, { force: true });
  return png;
}

/**
 * The Roman numbers of headings ("I-", "II.") are what Tesseract misreads most in plans: a bold
 * "I" followed by a dash and a tab comes out as "L", "II-" as "H-". A line that starts with one of
 * these misreadings, alone, then a heading in capitals, gets its number back: none of them is a
 * Vietnamese word, and a heading in capitals after it leaves no other reading.
 */
const ROMAN_MISREADINGS: Record<string, string> = {
  L: "I", l: "I", "|": "I", "1": "I", "]": "I", "[": "I",
  H: "II", Il: "II", lI: "II", ll: "II", IL: "II", "11": "II", U: "II",
  Ill: "III", lll: "III", IIl: "III", IlI: "III", HI: "III", IH: "III",
  TV: "IV", lV: "IV", "1V": "IV", IY: "IV",
  Vl: "VI", VL: "VI", VH: "VII", VIl: "VII",
};
const ROMAN_HEADING = /^([^\s]{1,3}?)([-.–]?)\s+(?=(?:\p{Lu}{2,}\s+){1,}\p{Lu})/u;

export function repairHeadingNumbers(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const match = ROMAN_HEADING.exec(line);
      const roman = match && ROMAN_MISREADINGS[match[1]!];
      return roman ? `${roman}${match[2] || "."} ${line.slice(match[0].length)}` : line;
    })
    .join("\n");
}

const PAGE_NUMBER_LINE = /^\s*(?:trang\s*)?[-–—]?\s*\d{1,4}\s*(?:\/\s*\d{1,4})?\s*[-–—]?\s*$/iu;

/** A page's text without a page number on its first or last line. */
function withoutPageNumber(text: string): string {
  const lines = text.trim().split("\n");
  if (lines.length > 1 && PAGE_NUMBER_LINE.test(lines.at(-1)!)) lines.pop();
  if (lines.length > 1 && PAGE_NUMBER_LINE.test(lines[0]!)) lines.shift();
  return lines.join("\n");
}

/**
 * Reads a scan page by page: `kind` "pdf" (rasterised with pdftoppm) or "image" (one page, read as
 * it is). `onPage` is told before each page is read.
 */
export async function readScan(file: string, bytes: Buffer, kind: "pdf" | "image", pages: number, onPage?: (page: number) => void): Promise<ScanReading> {
  if (pages > OCR_LIMITS.maxPages) throw new PlanFileError(planProblem(file, "ocr.tooManyPages", { pages, limit: OCR_LIMITS.maxPages }));
  const dir = kind === "pdf" ? await mkdtemp(join(tmpdir(), "kehoach-ocr-")) : undefined;
  const readings: PageReading[] = [];
  try {
    if (dir) await writeFile(join(dir, "scan.pdf"), bytes);
    for (let page = 1; page <= pages; page++) {
      onPage?.(page);
      const image = dir ? await rasterisePdfPage(file, join(dir, "scan.pdf"), page, dir) : bytes;
      readings.push(await recognisePage(file, image, page));
    }
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
  const text = repairHeadingNumbers(cleanText(readings.map((r) => withoutPageNumber(r.text)).join("\n\n")));
  if (!/\p{L}{2}/u.test(text)) throw new PlanFileError(planProblem(file, "ocr.noText"));
  const confidence = Math.round(readings.reduce((sum, r) => sum + r.confidence, 0) / readings.length);
  return { text, pages, confidence, uncertain: [...new Set(readings.flatMap((r) => r.uncertain))] };
}
