import { createHash } from "node:crypto";
import { readScan, type ScanReading } from "../ingest/ocrEngine.js";
import { PlanFileError, planProblem, type FileProblem } from "../ingest/planFileError.js";
import { type Bilingual, bilingual } from "../messages/catalogue.js";

export interface ScanProgress {
  file: string;
  /** The page being read; 0 while waiting for its turn. */
  page: number;
  pages: number;
  message: Bilingual;
}

type Scan = NonNullable<FileProblem["scan"]>;
type Outcome = { reading: ScanReading } | { error: PlanFileError };

/** Readings kept until the plan they belong to is parsed again (a few kilobytes each). */
const KEPT_OUTCOMES = 64;

const keyOf = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * Scans are read by OCR one at a time, in the order they came. `background: true` (the bot): a
 * scan is queued and read() returns at once, without its text; `onRead` is called when its reading
 * (or failure) is ready, and read() then returns it. `background: false` (kb:check, tests): read()
 * waits for the reading. Progress is kept per file for the console and /healthz.
 */
export class ScanQueue {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly waiting = new Map<string, ScanProgress>();
  private readonly running = new Map<string, Promise<Outcome>>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { background: boolean; onRead?: (file: string) => void; onError?: (error: unknown) => void }) {}

  /** What OCR made of a scan; in the background, undefined until it is ready. Throws the PlanFileError OCR ended with. */
  async read(file: string, bytes: Buffer, scan: Scan): Promise<ScanReading | undefined> {
    const key = keyOf(bytes);
    const known = this.outcomes.get(key);
    if (known) return unwrap(known);
    const running = this.running.get(key) ?? this.enqueue(file, key, Buffer.from(bytes), scan);
    if (this.options.background) return undefined;
    return unwrap(await running);
  }

  /** The scans waiting or being read, for the console and /healthz. */
  progress(): ScanProgress[] {
    return [...this.waiting.values()].map((p) => ({ ...p }));
  }

  private enqueue(file: string, key: string, bytes: Buffer, scan: Scan): Promise<Outcome> {
    const progress: ScanProgress = { file, page: 0, pages: scan.pages, message: bilingual("ocr.queued", { pages: scan.pages }) };
    this.waiting.set(key, progress);
    const onPage = (page: number) => {
      progress.page = page;
      progress.message = bilingual("ocr.progress", { page, pages: scan.pages });
    };
    const outcome = this.turn.then(async (): Promise<Outcome> => {
      try {
        return { reading: await readScan(file, bytes, scan.kind, scan.pages, onPage) };
      } catch (error) {
        if (error instanceof PlanFileError) return { error };
        return { error: new PlanFileError(planProblem(file, "ocr.failed", { detail: String((error as Error)?.message ?? error) }), true) };
      }
    });
    this.turn = outcome;
    this.running.set(key, outcome);
    void outcome.then((result) => {
      this.running.delete(key);
      this.waiting.delete(key);
      this.outcomes.set(key, result);
      while (this.outcomes.size > KEPT_OUTCOMES) this.outcomes.delete(this.outcomes.keys().next().value!);
      try {
        this.options.onRead?.(file);
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return outcome;
  }
}

function unwrap(outcome: Outcome): ScanReading {
  if ("error" in outcome) throw outcome.error;
  return outcome.reading;
}

/** For reading without a bot around (kb:check, scripts): OCR is awaited. */
export const waitingScans = new ScanQueue({ background: false });
