import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import type { ChannelsConfig } from "../config/channelsFile.js";
import { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { createServer, type Server } from "../server/createServer.js";
import { Store } from "../store/store.js";
import { median } from "./statistics.js";
import { benchServerConfig } from "./webhookBench.js";

const LOAD_DIR = join(import.meta.dirname, "load");
const CONNECTIONS = 20;
const COMMUNES = ["xã Lai Hưng", "Phường 1"];

export interface ManyBotsFigures {
  bots: number;
  /** Median over the rounds. */
  requestsPerSecond: number;
  /** Median over the rounds of this install's rate over the one-bot install's in the round beside it. */
  ratioToOneBot: number;
  p99Ms: number;
  errors: number;
}

/** `count` Telegram bots, each of a commune, at /webhooks/telegram/bot-<i> with its own secret. */
function benchBots(count: number, apiRoot: string): ChannelsConfig {
  return {
    telegram: Array.from({ length: count }, (_, i) => ({
      name: `bot-${i}`,
      fromEnv: false,
      places: { commune: COMMUNES[i % COMMUNES.length]! },
      telegram: { token: `${i + 1}:bench`, webhookSecret: `bench-secret-${i}-0123456789`, apiRoot },
    })),
    zalo: [],
  };
}

async function startPlatforms(): Promise<{ url: string; stop(): Promise<void> }> {
  const worker = new Worker(join(LOAD_DIR, "fakePlatforms.mjs"));
  const url = await new Promise<string>((resolve) => worker.once("message", (message: { url: string }) => resolve(message.url)));
  return {
    url,
    async stop() {
      worker.postMessage("stop");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

async function install(count: number, apiRoot: string, knowledge: KnowledgeBase): Promise<{ server: Server; url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `kehoach-bench-bots-${count}-`));
  const store = Store.open(dataDir);
  const server = await createServer({
    config: benchServerConfig(knowledge, dataDir),
    knowledge,
    store,
    channels: benchBots(count, apiRoot),
    logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    server,
    url,
    async stop() {
      await server.close();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The load comes from a worker thread; BENCH_BOT_COUNT tells it how many bots' routes to take turns on. */
function load(url: string, seconds: number, bots: number): Promise<autocannon.Result> {
  process.env.BENCH_BOT_COUNT = String(bots);
  const options = {
    url,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [{ method: "POST", setupRequest: join(LOAD_DIR, "telegramManyBotsRequest.cjs") }],
  } as unknown as autocannon.Options;
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

/**
 * The Telegram webhook of an install with one bot and of one with 100 (the load taking turns on
 * their routes), in alternating rounds so a slower minute of the machine weighs on both; after
 * each round the inbox answers its backlog before the next.
 */
export async function measureManyBots(rounds: number, seconds: number, many = 100): Promise<ManyBotsFigures[]> {
  const platforms = await startPlatforms();
  const knowledge = await KnowledgeBase.open(join(import.meta.dirname, "../../knowledge"));
  const installs = [await install(1, platforms.url, knowledge), await install(many, platforms.url, knowledge)];
  const counts = [1, many];
  const rates: number[][] = [[], []];
  const p99s: number[][] = [[], []];
  const errors = [0, 0];
  try {
    for (const [i, running] of installs.entries()) {
      await load(running.url, 1, counts[i]!);
      await running.server.inbox.idle();
    }
    for (let round = 0; round < rounds; round++) {
      // One bot first in even rounds, 100 first in odd ones.
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const result = await load(installs[i]!.url, seconds, counts[i]!);
        await installs[i]!.server.inbox.idle();
        rates[i]!.push(result.requests.average);
        p99s[i]!.push(result.latency.p99);
        errors[i]! += result.errors + result.non2xx;
      }
    }
  } finally {
    for (const running of installs) await running.stop();
    await knowledge.close();
    await platforms.stop();
  }
  const ratios = rates[1]!.map((rate, round) => rate / rates[0]![round]!);
  return counts.map((bots, i) => ({
    bots,
    requestsPerSecond: median(rates[i]!),
    ratioToOneBot: i === 0 ? 1 : median(ratios),
    p99Ms: median(p99s[i]!),
    errors: errors[i]!,
  }));
}
