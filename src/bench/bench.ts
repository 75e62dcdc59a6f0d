import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import { answerQuestion } from "../answer/answerQuestion.js";
import { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { passageCount } from "../search/knowledgeIndex.js";
import { generateRealisticPlans } from "./realisticPlans.js";
import { generatePlans, seededRandom, type SyntheticPlan } from "./syntheticPlans.js";
import { median, percentile } from "./statistics.js";
import { measureWebhooks } from "./webhookBench.js";
import { measureFormats } from "./formatBench.js";
import { measureFootprint } from "./footprint.js";
import { measureManyBots } from "./manyBotsBench.js";

/**
 * Prints the performance figures of kehoach-bot: `npm run bench` (quick, 200 plans),
 * `npm run bench -- --full` (1,000 and 10,000 plans) or `npm run bench -- --plans 1000,5000`.
 * Absolute numbers belong to the machine they were measured on; ratios are measured side by side.
 */

const QUESTION_MIX: ((plan: Pick<SyntheticPlan, "place" | "kind">) => string)[] = [
  (p) => `Tỷ lệ thu gom rác của ${p.kind} ${p.place} là bao nhiêu?`,
  (p) => `ty le ho ngheo ${fold(p.place)}`,
  (p) => `bhyt ${p.place}`,
  (p) => `Tỷ lệ hộ dân sử dụng điện ở ${p.place}?`,
  (p) => `What is the health insurance target in ${fold(p.place)}?`,
  (p) => `${p.place} có bao nhiêu ấp văn hóa?`,
  () => "Tỷ lệ thu gom rác là bao nhiêu?",
  () => "what is the waste-collection target?",
  () => "Giá vàng hôm nay bao nhiêu?",
  (p) => `Ai ký kế hoạch của ${p.place}?`,
];

function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

const RESTARTS = 3;

function range(values: number[]): string {
  return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

const CORPORA = {
  template: (count: number) => generatePlans(count, 2024),
  distinct: (count: number) => generatePlans(count, 2024, { distinctSentences: true }),
  realistic: (count: number) => generateRealisticPlans(count, 2024),
} as const;
type Corpus = keyof typeof CORPORA;

/** The share of sentences (units) whose exact text some other plan also has. */
function sharedSentenceShare(index: KnowledgeBase["index"]): number {
  let shared = 0;
  for (const entry of index.sentences.values()) {
    const first = entry.units[0]?.doc;
    if (entry.units.some((unit) => unit.doc !== first)) shared += entry.units.length;
  }
  return shared / Math.max(1, passageCount(index));
}

interface EngineFigures {
  corpus: Corpus;
  plans: number;
  sharedShare: number;
  passages: number;
  distinctSentences: number;
  buildMs: number;
  heapMb: number;
  p50: number;
  p99: number;
  /** A new process: from opening the plans to its first answer (each restart's figure, in order). */
  restartMs: number[];
  /** The same, counted from the process's start (Node, tsx and the modules included). */
  restartReadyMs: number[];
  updateMs: number;
  /** The longest the event loop was held while the cache was written after the update (no answer or webhook meanwhile). */
  cacheWritePauseMs: number;
  /** How long writing that cache took in all. */
  cacheWriteMs: number;
}

interface RestartFigures {
  modulesLoadedMs: number;
  openMs: number;
  readyMs: number;
  reusedFromCache: number;
  answered: string;
}

/** A restart in a new process with the bench's own Node options, as `npm start` runs. */
function measureRestart(dir: string, cacheFile: string, question: string): RestartFigures {
  const probe = join(import.meta.dirname, "restartProbe.ts");
  const run = spawnSync(process.execPath, [...process.execArgv.filter((arg) => arg !== "--expose-gc" && !arg.startsWith("--max-old-space-size")), probe, dir, cacheFile, question], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the restart probe failed: ${run.stderr}`);
  const figures = JSON.parse(run.stdout.trim().split("\n").pop()!) as RestartFigures;
  if (figures.answered !== "answered") throw new Error(`the restarted bot did not answer "${question}"`);
  return figures;
}

/** The longest gap between two turns of the event loop (a 1 ms timer's) while `work` runs: how long a question or webhook would wait. */
async function longestPause(work: () => Promise<void>): Promise<number> {
  let longest = 0;
  let running = true;
  let last = performance.now();
  const probe = (async () => {
    while (running) {
      await delay(1);
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }
  })();
  await delay(1);
  await work();
  running = false;
  await probe;
  return longest;
}

async function measureEngine(corpus: Corpus, count: number, queries: number): Promise<EngineFigures> {
  const dir = mkdtempSync(join(tmpdir(), `kehoach-bench-${count}-`));
  // Only the plans' names are kept: their texts, in this process's heap, would make the build's
  // garbage collections longer than a bot's (which holds no copy of them).
  const plans = CORPORA[corpus](count).map(({ text, ...plan }) => {
    writeFileSync(join(dir, plan.file), text);
    return plan;
  });
  const heapBefore = heapMb();

  const cacheFile = join(mkdtempSync(join(tmpdir(), "kehoach-bench-cache-")), "parsed-plans.cache");
  let started = performance.now();
  const base = await KnowledgeBase.open(dir, { cacheFile, onError: (error) => console.error(error) });
  const buildMs = performance.now() - started;
  await base.cacheWritten();
  const heap = heapMb() - heapBefore;
  const index = base.index;

  const random = seededRandom(7);
  const questions = Array.from({ length: queries }, (_, i) => QUESTION_MIX[i % QUESTION_MIX.length]!(plans[Math.floor(random() * plans.length)]!));
  // A server answers questions all day: measure the warmed-up engine, as it runs after its first
  // minutes (warmed with other questions of the same mix).
  const warmRandom = seededRandom(11);
  for (let i = 0; i < 3000; i++) answerQuestion(QUESTION_MIX[i % QUESTION_MIX.length]!(plans[Math.floor(warmRandom() * plans.length)]!), index);
  const latencies: number[] = [];
  for (const question of questions) {
    const t = performance.now();
    answerQuestion(question, index);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);

  // One plan replaced: the time until the running base answers from the new version, reloaded as
  // the folder watcher reloads it (the names it saw change).
  const changed = plans[Math.floor(count / 2)]!;
  writeFileSync(join(dir, changed.file), readFileSync(join(dir, changed.file), "utf8").replace(/(\d+(?:,\d+)?)%/, "12,34%"));
  started = performance.now();
  await base.reload([changed.file]);
  const updateMs = performance.now() - started;
  started = performance.now();
  const cacheWritePauseMs = await longestPause(() => base.cacheWritten());
  const cacheWriteMs = performance.now() - started;
  await base.close();

  // Restarts: new processes, whose plans come from the cache the last run wrote. One process of
  // about a second is at the mercy of this shared machine's slow moments: the median of a few.
  const restarts = Array.from({ length: RESTARTS }, () => measureRestart(dir, cacheFile, QUESTION_MIX[2]!(plans[0]!)));
  for (const restart of restarts) {
    if (restart.reusedFromCache !== count) throw new Error(`the restart did not use the cache of parsed plans (${restart.reusedFromCache})`);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(cacheFile, ".."), { recursive: true, force: true });
  const sharedShare = sharedSentenceShare(index);
  return {
    corpus,
    plans: count,
    sharedShare,
    passages: passageCount(index),
    distinctSentences: index.sentences.size,
    buildMs,
    heapMb: heap,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    restartMs: restarts.map((r) => r.openMs),
    restartReadyMs: restarts.map((r) => r.readyMs),
    updateMs,
    cacheWritePauseMs,
    cacheWriteMs,
  };
}

async function main() {
  const { values } = parseArgs({ options: { full: { type: "boolean" }, plans: { type: "string" }, corpus: { type: "string" }, distinct: { type: "boolean" }, "engine-only": { type: "boolean" } } });
  const corpora = (values.distinct ? "distinct" : (values.corpus ?? "template,distinct,realistic")).split(",") as Corpus[];
  for (const corpus of corpora) if (!(corpus in CORPORA)) throw new Error(`unknown corpus ${corpus} (template, distinct or realistic)`);
  const sizes = values.plans ? values.plans.split(",").map(Number) : values.full ? [1000, 10_000] : [200];
  const queries = values.full ? 5000 : 1000;
  // Five shorter rounds rather than three longer ones: as many messages to answer between rounds,
  // and a median that one slow minute of this shared machine does not decide.
  const seconds = values.full ? 3 : 2;
  const rounds = values.full ? 5 : 1;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`kehoach-bot bench (${values.full ? "full" : "quick"}) on ${machine}`);
  console.log(
    `corpora (seed 2024): template = the two sample plans with each plan's place, number, date and figures; distinct = the same with every sentence given words of its own; realistic = sections of the ${"repository's"} real plans with each plan's place, figures, wording, word order, numbering, list layout and sentences varied. ${queries} questions per size from a fixed mix of ${QUESTION_MIX.length}\n`,
  );

  const rows: EngineFigures[] = [];
  for (const corpus of corpora) for (const size of sizes) rows.push(await measureEngine(corpus, size, queries));
  const header = ["corpus", "plans", "sentences shared", "passages", "distinct sentences", "build ms", "heap MB", "p50 ms", "p99 ms", "restart ms", "restart from process start ms", "1-plan update ms", "cache write after it s", "longest pause meanwhile ms"];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => " ---:").join(" |")} |`);
  for (const r of rows) {
    const cells = [r.corpus, r.plans, `${(100 * r.sharedShare).toFixed(0)}%`, r.passages, r.distinctSentences, r.buildMs.toFixed(0), r.heapMb.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2), median(r.restartMs).toFixed(0), median(r.restartReadyMs).toFixed(0), r.updateMs.toFixed(0), (r.cacheWriteMs / 1000).toFixed(1), r.cacheWritePauseMs.toFixed(0)];
    console.log(`| ${cells.join(" | ")} |`);
  }
  console.log(
    `\nrestart: the median of ${RESTARTS} new processes; ${rows.map((r) => `${r.corpus} ${r.plans} plans ${range(r.restartMs)} ms (from process start ${range(r.restartReadyMs)} ms)`).join(", ")}`,
  );

  if (values["engine-only"]) return;
  const footprintMessages = values.full ? 10_000 : 2_000;
  const footprints = [];
  for (const plans of [2, 10]) footprints.push(await measureFootprint(plans, footprintMessages));
  console.log(
    `\ncommune footprint: \`npm start\` as its own process with the Node options src/nodeFlags.mjs picks for its plans (the two sample plans, then realistic ones), resident memory (VmRSS) 20 s after it listens (once start-up's plan-reader threads have stopped) and 2 s after ${footprintMessages} Telegram messages from 500 residents, 20 at a time, were all answered:`,
  );
  console.log("| plans | node options | RSS after start MB | RSS after messages MB | messages | answered |\n| ---: | --- | ---: | ---: | ---: | ---: |");
  for (const f of footprints) console.log(`| ${f.plans} | ${f.flags} | ${f.rssAfterStartMb.toFixed(0)} | ${f.rssAfterMessagesMb.toFixed(0)} | ${f.messages} | ${f.answered} |`);

  const webhooks = await measureWebhooks(rounds, seconds);
  console.log(
    `\nwebhooks on loopback: ${rounds} round(s) of ${seconds} s per route, each between two rounds of a bare Fastify route sent the same requests (medians; a round's ratio is over the geometric mean of the bare rounds on either side, and the ratio shown is the median of the rounds'), 20 connections from a worker thread, platforms played in another:`,
  );
  console.log("| route | req/s | bare req/s | ratio to bare | p99 ms | errors | acknowledged | answered | all answered after s | answers/s |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const w of webhooks) {
    const cells = [
      w.route,
      w.requestsPerSecond.toFixed(0),
      w.bareRequestsPerSecond.toFixed(0),
      w.ratioToBare.toFixed(3),
      w.p99Ms,
      w.errors,
      w.acknowledged,
      w.answered,
      (w.answeredAfterMs / 1000).toFixed(1),
      w.answersPerSecond.toFixed(0),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  const parsing = await measureFormats(seconds);
  console.log("\nplan formats: one sample plan in each format, parsed in the reader thread (first read included in warm-up), OCR of the printed PDF's pages (pdftoppm, Tesseract vie):");
  console.log("| format | KB | pages | files/s | MB/s | pages/s |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const f of parsing.formats) {
    console.log(`| ${f.format} | ${f.kilobytes.toFixed(1)} | ${f.pages ?? "—"} | ${f.filesPerSecond.toFixed(1)} | ${f.megabytesPerSecond.toFixed(2)} | ${f.pagesPerSecond?.toFixed(1) ?? "—"} |`);
  }
  console.log(
    parsing.ocrSecondsPerPage === undefined
      ? "OCR: not measured (LibreOffice or pdftoppm missing)"
      : `OCR: ${parsing.ocrSecondsPerPage.toFixed(1)} s per page over ${parsing.ocrPages} page(s), mean confidence ${parsing.ocrConfidence}%`,
  );
  // Several bots on one install: the same webhook with 100 bots configured as with one.
  const botRounds = Math.max(rounds, 3);
  const manyBots = await measureManyBots(botRounds, seconds);
  console.log(
    `\nmany bots: the Telegram webhook of an install with 1 bot and of one with ${manyBots[1]!.bots} (the load taking turns on their routes and secrets), ${botRounds} alternating round(s) of ${seconds} s each (medians; the ratio is the median of the rounds' ratios to the one-bot round beside it):`,
  );
  console.log("| bots | req/s | ratio to one bot | p99 ms | errors |\n| ---: | ---: | ---: | ---: | ---: |");
  for (const m of manyBots) console.log(`| ${m.bots} | ${m.requestsPerSecond.toFixed(0)} | ${m.ratioToOneBot.toFixed(3)} | ${m.p99Ms} | ${m.errors} |`);
  const within = Math.abs(1 - manyBots[1]!.ratioToOneBot) <= 0.1;
  console.log(`${manyBots[1]!.bots} bots ${within ? "within" : "NOT within"} 10% of one bot's webhook rate`);

  const digest = createHash("sha256").update(JSON.stringify(rows.map((r) => r.passages))).digest("hex").slice(0, 8);
  console.log(`\ncorpus fingerprint ${digest}`);
}

let finished = false;
main()
  .then(() => {
    finished = true;
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
// A section waiting on something that nothing keeps running lets the event loop run dry, and Node
// exits with status 0 in the middle of the bench: say so, and fail.
process.on("exit", (code) => {
  if (finished || code !== 0) return;
  console.error("the bench stopped before its end: a section waited for something that nothing was running any more");
  process.exitCode = 1;
});
