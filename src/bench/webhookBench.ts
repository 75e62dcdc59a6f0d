import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import Fastify from "fastify";
import { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { createServer } from "../server/createServer.js";
import { Store } from "../store/store.js";
import { median } from "./statistics.js";

export interface RouteFigures {
  route: string;
  /** Median over the rounds. */
  requestsPerSecond: number;
  /** The bare route's median in the rounds run beside this one. */
  bareRequestsPerSecond: number;
  /** Median over the rounds of the route's rate over the bare route's in the rounds just before and just after it (their geometric mean). */
  ratioToBare: number;
  p99Ms: number;
  errors: number;
  acknowledged: number;
  answered: number;
  /** From the start of a round's load until the last message it acknowledged was answered (mean of the rounds). */
  answeredAfterMs: number;
  /** Answers sent per second over the rounds, from the start of the load to the last answer. */
  answersPerSecond: number;
}

const LOAD_DIR = join(import.meta.dirname, "load");
const CONNECTIONS = 20;
const WARM_UP_SECONDS = 1;
const TELEGRAM_SECRET = "bench-secret-0123456789";
const ZALO = { appId: "bench", oaSecretKey: "bench-oa-secret" };

type Replies = { telegram: number; zalo: number };

/** The platforms' fake, in a worker thread of its own. */
async function startPlatforms(): Promise<{ url: string; replies(): Promise<Replies>; stop(): Promise<void> }> {
  const worker = new Worker(join(LOAD_DIR, "fakePlatforms.mjs"));
  const next = <T>(key: string) => new Promise<T>((resolve) => worker.once("message", (message: Record<string, T>) => resolve(message[key]!)));
  const url = await next<string>("url");
  return {
    url,
    replies() {
      const reply = next<Replies>("replies");
      worker.postMessage("count");
      return reply;
    },
    async stop() {
      worker.postMessage("stop");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

/** The load comes from a worker thread, as it would from another machine: the route's thread only serves. */
function load(url: string, seconds: number, headers: Record<string, string>, setupRequest: string): Promise<autocannon.Result> {
  const options = {
    url,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    requests: [{ method: "POST", setupRequest: join(LOAD_DIR, setupRequest) }],
  } as unknown as autocannon.Options;
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

/**
 * The Telegram and Zalo webhooks of a real server, each beside a bare Fastify route in alternating
 * rounds (so a slower minute of the machine weighs on both). After each round the inbox answers
 * its backlog before the bare route is loaded again.
 */
export async function measureWebhooks(rounds: number, seconds: number): Promise<RouteFigures[]> {
  const platforms = await startPlatforms();
  const dataDir = mkdtempSync(join(tmpdir(), "kehoach-bench-data-"));
  const store = Store.open(dataDir);
  const knowledge = await KnowledgeBase.open(join(import.meta.dirname, "../../knowledge"));
  const server = await createServer({
    config: {
      ...benchServerConfig(knowledge, dataDir),
      telegram: { token: "1:bench", webhookSecret: TELEGRAM_SECRET, apiRoot: platforms.url },
      zalo: {
        appId: ZALO.appId,
        appSecret: "s",
        oaSecretKey: ZALO.oaSecretKey,
        accessToken: "a",
        refreshToken: "r",
        apiBase: platforms.url,
        oauthBase: platforms.url,
        maxEventAgeSeconds: 3600,
      },
    },
    knowledge,
    store,
    logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
  const bare = Fastify();
  // It is sent the very requests the route is sent (same bodies, same headers), parses them and answers 200.
  bare.post("/bare", async (request) => ({ ok: true, received: typeof request.body }));
  const bareUrl = await bare.listen({ host: "127.0.0.1", port: 0 });
  // Read by zaloEventRequest.cjs in autocannon's worker.
  process.env.BENCH_ZALO_APP_ID = ZALO.appId;
  process.env.BENCH_ZALO_OA_SECRET_KEY = ZALO.oaSecretKey;

  const routes = [
    { route: "Telegram webhook", channel: "telegram" as const, path: "/webhooks/telegram", headers: { "x-telegram-bot-api-secret-token": TELEGRAM_SECRET } as Record<string, string>, request: "telegramUpdateRequest.cjs" },
    { route: "Zalo webhook", channel: "zalo" as const, path: "/webhooks/zalo", headers: {}, request: "zaloEventRequest.cjs" },
  ];
  const figures: RouteFigures[] = [];
  try {
    for (const { route, channel, path, headers, request } of routes) {
      const bareRates: number[] = [];
      const rates: number[] = [];
      const ratios: number[] = [];
      const p99s: number[] = [];
      let errors = 0;
      let acknowledged = 0;
      let answered = 0;
      let answeredAfterMs = 0;
      // Not counted: the first second of a route runs code the JIT has not optimised yet.
      await load(`${bareUrl}/bare`, WARM_UP_SECONDS, headers, request);
      await load(`${url}${path}`, WARM_UP_SECONDS, headers, request);
      await server.inbox.idle();
      const loadBare = async () => (await load(`${bareUrl}/bare`, seconds, headers, request)).requests.average;
      // Bare, route, bare, route, ..., bare: each route round is compared with the bare rounds on
      // either side of it, so a change of the machine's speed during the pair weighs on both.
      let bareBefore = await loadBare();
      bareRates.push(bareBefore);
      for (let round = 0; round < rounds; round++) {
        const before = (await platforms.replies())[channel];
        const started = performance.now();
        const result = await load(`${url}${path}`, seconds, headers, request);
        await server.inbox.idle();
        answeredAfterMs += performance.now() - started;
        answered += (await platforms.replies())[channel] - before;
        acknowledged += result["2xx"];
        errors += result.errors + result.non2xx;
        const bareAfter = await loadBare();
        bareRates.push(bareAfter);
        rates.push(result.requests.average);
        ratios.push(result.requests.average / Math.sqrt(bareBefore * bareAfter));
        p99s.push(result.latency.p99);
        bareBefore = bareAfter;
      }
      figures.push({
        route,
        requestsPerSecond: median(rates),
        bareRequestsPerSecond: median(bareRates),
        ratioToBare: median(ratios),
        p99Ms: median(p99s),
        errors,
        acknowledged,
        answered,
        answeredAfterMs: answeredAfterMs / rounds,
        answersPerSecond: answered / (answeredAfterMs / 1000),
      });
    }
  } finally {
    await server.close();
    await knowledge.close();
    await bare.close();
    await platforms.stop();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

/** The server settings every webhook bench uses: `npm start`'s log level (lines formatted, then dropped), no rate limit in the way. */
export function benchServerConfig(knowledge: KnowledgeBase, dataDir: string) {
  return {
    host: "127.0.0.1",
    port: 0,
    logLevel: "info" as const,
    knowledgeDir: knowledge.knowledgeDir,
    lexiconDir: knowledge.lexiconDir,
    dataDir,
    bodyLimitBytes: 262_144,
    maxQuestionChars: 500,
    rateLimitPerMinute: 1_000_000,
    questionLogRetentionDays: 180,
    trustProxy: false,
  };
}
