import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import { generateRealisticPlans } from "./realisticPlans.js";

/**
 * A commune's install as `npm start` runs it: the server in a process of its own, with the Node
 * options src/nodeFlags.mjs picks for its plans, its resident memory read from /proc after start
 * and after a number of Telegram messages answered (played by a local Telegram in a worker).
 */

const ROOT = join(import.meta.dirname, "../..");
const LOAD_DIR = join(import.meta.dirname, "load");
const SECRET = "bench-secret-0123456789";

export interface FootprintFigures {
  plans: number;
  flags: string;
  rssAfterStartMb: number;
  rssAfterMessagesMb: number;
  messages: number;
  answered: number;
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The flags `npm start` would choose for this folder. */
export function startFlags(knowledgeDir: string): string[] {
  const run = spawnSync(process.execPath, [join(ROOT, "src/nodeFlags.mjs")], { env: { ...process.env, KNOWLEDGE_DIR: knowledgeDir }, encoding: "utf8" });
  return run.stdout.trim().split(/\s+/).filter(Boolean);
}

function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening: ${output.slice(-2000)}`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureFootprint(plans: number, messages: number, flags?: string[]): Promise<FootprintFigures> {
  const work = mkdtempSync(join(tmpdir(), "kehoach-footprint-"));
  const knowledgeDir = join(work, "knowledge");
  const dataDir = join(work, "data");
  mkdirSync(knowledgeDir);
  for (const name of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"].slice(0, plans)) copyFileSync(join(ROOT, "knowledge", name), join(knowledgeDir, name));
  for (const plan of generateRealisticPlans(Math.max(0, plans - 2), 99)) writeFileSync(join(knowledgeDir, plan.file), plan.text);
  const nodeFlags = flags ?? startFlags(knowledgeDir);

  const platforms = new Worker(join(LOAD_DIR, "fakePlatforms.mjs"));
  const next = <T>(key: string) => new Promise<T>((resolve) => platforms.once("message", (message: Record<string, T>) => resolve(message[key]!)));
  const platformUrl = await next<string>("url");
  const replies = async () => {
    const reply = next<{ telegram: number }>("replies");
    platforms.postMessage("count");
    return (await reply).telegram;
  };

  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      RATE_LIMIT_PER_MINUTE: "10000",
      TELEGRAM_BOT_TOKEN: "1:bench",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: platformUrl,
    },
  });
  try {
    const url = await listening(child);
    // Start-up's reader threads stop after 15 s idle (READER_LIMITS.idleMs): the commune's steady state.
    await sleep(20_000);
    const rssAfterStartMb = residentMb(child.pid!);
    const result = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: `${url}/webhooks/telegram`,
          connections: 20,
          amount: messages,
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          requests: [{ method: "POST", setupRequest: join(LOAD_DIR, "telegramUpdateRequest.cjs") } as unknown as autocannon.Request],
        } as autocannon.Options,
        (error, figures) => (error ? reject(error) : resolve(figures)),
      ),
    );
    const deadline = Date.now() + 180_000;
    let answered = await replies();
    while (answered < result["2xx"] && Date.now() < deadline) {
      await sleep(250);
      answered = await replies();
    }
    await sleep(2000);
    return { plans, flags: nodeFlags.join(" ") || "(V8 defaults)", rssAfterStartMb, rssAfterMessagesMb: residentMb(child.pid!), messages: result["2xx"], answered };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)));
    platforms.postMessage("stop");
    await new Promise((resolve) => platforms.once("exit", resolve));
    rmSync(work, { recursive: true, force: true });
  }
}
