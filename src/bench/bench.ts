import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import Fastify from "fastify";
import { answerQuestion } from "../answer/answerQuestion.js";
import { zaloSignature } from "../channels/zalo/zaloSignature.js";
import { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { passageCount } from "../search/knowledgeIndex.js";
import { createServer } from "../server/createServer.js";
import { Store } from "../store/store.js";
import { generatePlans, seededRandom, type SyntheticPlan } from "./syntheticPlans.js";

/**
 * Prints the performance figures of kehoach-bot: `npm run bench` (quick, 200 plans),
 * `npm run bench -- --full` (1,000 and 10,000 plans) or `npm run bench -- --plans 1000,5000`.
 * Absolute numbers belong to the machine they were measured on; ratios are measured side by side.
 */

const QUESTION_MIX: ((plan: SyntheticPlan) => string)[] = [
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

interface EngineFigures {
  plans: number;
  passages: number;
  distinctSentences: number;
  buildMs: number;
  heapMb: number;
  p50: number;
  p99: number;
  restartMs: number;
  updateMs: number;
}

async function measureEngine(count: number, queries: number, distinctSentences: boolean): Promise<EngineFigures> {
  const dir = mkdtempSync(join(tmpdir(), `kehoach-bench-${count}-`));
  const plans = generatePlans(count, 2024, { distinctSentences });
  for (const plan of plans) writeFileSync(join(dir, plan.file), plan.text);
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

  // One plan replaced: the time until the running base answers from the new version.
  const changed = plans[Math.floor(count / 2)]!;
  writeFileSync(join(dir, changed.file), changed.text.replace(/Tỷ lệ hộ dân sử dụng điện đạt [\d,]+%/, "Tỷ lệ hộ dân sử dụng điện đạt 12,34%"));
  started = performance.now();
  await base.reload();
  const updateMs = performance.now() - started;
  await base.close();

  // A restart: the plans parsed by the last run come from its cache; only the index is rebuilt.
  started = performance.now();
  const restarted = await KnowledgeBase.open(dir, { cacheFile });
  const restartMs = performance.now() - started;
  if (restarted.lastReport?.reusedFromCache !== count) throw new Error(`the restart did not use the cache of parsed plans (${restarted.lastReport?.reusedFromCache})`);
  await restarted.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(cacheFile, ".."), { recursive: true, force: true });
  return {
    plans: count,
    passages: passageCount(index),
    distinctSentences: index.sentences.size,
    buildMs,
    heapMb: heap,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    restartMs,
    updateMs,
  };
}

interface LoadFigures {
  route: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

function load(url: string, options: Partial<autocannon.Options>, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 20, duration: seconds, method: "POST", headers: { "content-type": "application/json" }, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function loadFigures(route: string, result: autocannon.Result): LoadFigures {
  return { route, requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, errors: result.errors + result.non2xx };
}

async function measureWebhooks(seconds: number): Promise<LoadFigures[]> {
  const platform = Fastify();
  platform.post("/bot:token/:method", async (request) => {
    const { method } = request.params as { method: string };
    if (method === "getMe") return { ok: true, result: { id: 1, is_bot: true, first_name: "bench", username: "bench_bot" } };
    return { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "" } };
  });
  platform.post("/v3.0/oa/message/cs", async () => ({ error: 0, message: "Success" }));
  const platformUrl = await platform.listen({ host: "127.0.0.1", port: 0 });

  const dataDir = mkdtempSync(join(tmpdir(), "kehoach-bench-data-"));
  const store = Store.open(dataDir);
  const knowledge = await KnowledgeBase.open(join(import.meta.dirname, "../../knowledge"));
  const secret = "bench-secret-0123456789";
  const server = await createServer({
    config: {
      host: "127.0.0.1",
      port: 0,
      logLevel: "silent",
      knowledgeDir: knowledge.knowledgeDir,
      lexiconDir: knowledge.lexiconDir,
      dataDir,
      bodyLimitBytes: 262_144,
      maxQuestionChars: 500,
      rateLimitPerMinute: 1_000_000,
      questionLogRetentionDays: 180,
      trustProxy: false,
      telegram: { token: "1:bench", webhookSecret: secret, apiRoot: platformUrl },
      zalo: {
        appId: "bench",
        appSecret: "s",
        oaSecretKey: "oa-secret",
        accessToken: "a",
        refreshToken: "r",
        apiBase: platformUrl,
        oauthBase: platformUrl,
        maxEventAgeSeconds: 3600,
      },
    },
    knowledge,
    store,
  });
  const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
  const bare = Fastify();
  bare.post("/bare", async (request) => ({ ok: true, received: (request.body as { n?: number }).n }));
  const bareUrl = await bare.listen({ host: "127.0.0.1", port: 0 });

  let updateId = 0;
  let messageId = 0;
  const bareResult = await load(`${bareUrl}/bare`, { body: JSON.stringify({ n: 1, message: { text: "Tỷ lệ thu gom rác là bao nhiêu?" } }) }, seconds);
  const telegramResult = await load(
    `${url}/webhooks/telegram`,
    {
      requests: [
        {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
          setupRequest: (request) => {
        updateId++;
        const update = {
          update_id: updateId,
          message: { message_id: updateId, date: 0, chat: { id: updateId % 500, type: "private" }, from: { id: updateId % 500, is_bot: false, first_name: "a" }, text: "Tỷ lệ thu gom rác là bao nhiêu?" },
        };
        return { ...request, body: JSON.stringify(update) };
          },
        },
      ],
    },
    seconds,
  );
  const zaloResult = await load(
    `${url}/webhooks/zalo`,
    {
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
        messageId++;
        const event = {
          app_id: "bench",
          event_name: "user_send_text",
          timestamp: String(Date.now()),
          sender: { id: `u${messageId % 500}` },
          recipient: { id: "oa" },
          message: { text: "bhyt lai hung", msg_id: `m${messageId}` },
        };
        const raw = JSON.stringify(event);
        return {
          ...request,
          body: raw,
          headers: { "content-type": "application/json", "x-zevent-signature": zaloSignature("bench", Buffer.from(raw), event.timestamp, "oa-secret") },
        };
          },
        },
      ],
    },
    seconds,
  );
  await server.close();
  await knowledge.close();
  await bare.close();
  await platform.close();
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return [loadFigures("bare Fastify", bareResult), loadFigures("Telegram webhook", telegramResult), loadFigures("Zalo webhook", zaloResult)];
}

async function main() {
  const { values } = parseArgs({ options: { full: { type: "boolean" }, plans: { type: "string" }, distinct: { type: "boolean" } } });
  const sizes = values.plans ? values.plans.split(",").map(Number) : values.full ? [1000, 10_000] : [200];
  const queries = values.full ? 5000 : 1000;
  const seconds = values.full ? 10 : 3;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`kehoach-bot bench (${values.full ? "full" : "quick"}) on ${machine}`);
  console.log(
    `plans generated from the two sample plans, seed 2024${values.distinct ? ", every sentence made distinct (no two plans share one)" : ""}; ${queries} questions per size from a fixed mix of ${QUESTION_MIX.length}\n`,
  );

  const rows: EngineFigures[] = [];
  for (const size of sizes) rows.push(await measureEngine(size, queries, values.distinct ?? false));
  const header = ["plans", "passages", "distinct sentences", "build ms", "heap MB", "p50 ms", "p99 ms", "restart ms", "1-plan update ms"];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => " ---:").join(" |")} |`);
  for (const r of rows) {
    const cells = [r.plans, r.passages, r.distinctSentences, r.buildMs.toFixed(0), r.heapMb.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2), r.restartMs.toFixed(0), r.updateMs.toFixed(0)];
    console.log(`| ${cells.join(" | ")} |`);
  }

  const webhooks = await measureWebhooks(seconds);
  const bareRate = webhooks[0]!.requestsPerSecond;
  console.log(`\nwebhooks on loopback, ${seconds} s each, 20 connections, platforms played by local servers:`);
  console.log("| route | req/s | ratio to bare | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: |");
  for (const w of webhooks) {
    console.log(`| ${w.route} | ${w.requestsPerSecond.toFixed(0)} | ${(w.requestsPerSecond / bareRate).toFixed(2)} | ${w.p99Ms} | ${w.errors} |`);
  }
  const digest = createHash("sha256").update(JSON.stringify(rows.map((r) => r.passages))).digest("hex").slice(0, 8);
  console.log(`\ncorpus fingerprint ${digest}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
