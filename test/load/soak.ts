import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { splitMessage, telegramMessages } from "../../src/channels/render.js";
import { zaloReply } from "../../src/channels/zalo/zaloTurns.js";
import { ChatTurns } from "../../src/residents/chatTurns.js";
import { whichPlaceHint, whichPlacePrompt } from "../../src/residents/residentText.js";
import { Store } from "../../src/store/store.js";
import { ZALO_MESSAGE_LIMIT } from "../../src/channels/zalo/zaloClient.js";
import { generatePlans, seededRandom } from "../../src/bench/syntheticPlans.js";
import { KnowledgeBase } from "../../src/knowledge/knowledgeBase.js";
import { FakeTelegram, FakeZalo, type RecordedCall } from "../channels/fakePlatforms.js";
import { postTelegram, postZalo, telegramEnv, zaloEnv, zaloTextEvent } from "../channels/harness.js";
import { startBotProcess } from "../helpers/botProcess.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";

/**
 * A bounded soak test: the real server (its own process) under sustained webhook traffic from
 * many simulated residents on loopback, Telegram and Zalo played by local servers. Each resident
 * asks, waits for the answer, thinks, asks again: so every message can be matched to its answer.
 */

export interface SoakOptions {
  durationMs: number;
  warmupMs: number;
  users: number;
  /** A resident's pause between receiving an answer and asking again. */
  thinkMs: [number, number];
  sampleEveryMs: number;
  syntheticPlans: number;
  log?: (line: string) => void;
}

export interface SoakFigures {
  seconds: number;
  users: number;
  plans: number;
  messages: number;
  answered: number;
  /** Answers that never came, came twice, or differed from the answer the engine gives. */
  missing: number;
  unexpected: number;
  wrongText: number;
  errorResponses: number;
  ackP50Ms: number;
  ackP99Ms: number;
  answerP50Ms: number;
  answerP99Ms: number;
  /**
   * Heap and RSS of the server after warm-up: the lowest sample of the first and of the last third.
   * The server runs a full collection every second here, so the lowest samples are what it really
   * keeps, and grow if something leaks.
   */
  heapStartMb: number;
  heapEndMb: number;
  rssStartMb: number;
  rssEndMb: number;
}

const QUESTIONS = [
  "Tỷ lệ thu gom rác là bao nhiêu?",
  "ty le thu gom rac lai hung",
  "BHYT phường 1 đạt bao nhiêu?",
  "What is the health insurance target in Ward 1?",
  "Tỉ lệ hộ nghèo giảm bao nhiêu?",
  "Giá vàng hôm nay thế nào?",
  "ke hoach so may",
  "thu ngân sách năm 2024 của xã Lai Hưng",
];

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function lowest(values: number[]): number {
  return values.length ? Math.min(...values) : 0;
}

interface Waiter {
  expected: string[];
  received: string[];
  done: () => void;
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => undefined);
  const knowledgeDir = mkdtempSync(join(tmpdir(), "soak-kb-"));
  const dataDir = mkdtempSync(join(tmpdir(), "soak-data-"));
  for (const file of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]) copyFileSync(join(SAMPLE_DIR, file), join(knowledgeDir, file));
  const plans = generatePlans(options.syntheticPlans, 99);
  for (const plan of plans) writeFileSync(join(knowledgeDir, plan.file), plan.text);
  const questions = [...QUESTIONS, ...plans.slice(0, 20).map((p) => `Tỷ lệ thu gom rác của ${p.kind} ${p.place}?`)];

  // The answers the engine gives, in each channel's form: what every resident must receive, once. A
  // resident's chat remembers the place named last, so the replies are played through the same turns.
  const knowledge = await KnowledgeBase.open(knowledgeDir, { lexiconDir: join(SAMPLE_DIR, "../lexicon") });
  const model = new Store(":memory:");
  const turns = new ChatTurns(model, () => knowledge.index, 30, (error) => {
    throw error;
  });
  const expectedFor = (channel: "telegram" | "zalo", chat: string, question: string): string[] => {
    const outcome = turns.question(channel, chat, question);
    if (channel === "zalo") return splitMessage(zaloReply(outcome), ZALO_MESSAGE_LIMIT);
    if (outcome.kind === "answer") return telegramMessages(outcome.result);
    if (outcome.kind === "which-place") return [`${whichPlacePrompt(outcome.language)}\n${whichPlaceHint(outcome.language)}`];
    return [outcome.text];
  };

  const telegram = await new FakeTelegram().start();
  const zalo = await new FakeZalo().start();
  const waiters = new Map<string, Waiter>();
  let unexpected = 0;
  const deliver = (user: string, text: string) => {
    const waiter = waiters.get(user);
    if (!waiter) {
      unexpected++;
      return;
    }
    waiter.received.push(text);
    if (waiter.received.length === waiter.expected.length) waiter.done();
  };
  telegram.onCall = (call: RecordedCall) => {
    if (call.method === "sendMessage") deliver(`t${call.body.chat_id}`, String(call.body.text));
  };
  zalo.onMessage = (call: RecordedCall) => {
    const body = call.body as { recipient: { user_id: string }; message: { text: string } };
    deliver(`z${body.recipient.user_id}`, body.message.text);
  };

  const bot = await startBotProcess(
    { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...telegramEnv(telegram.url), ...zaloEnv(zalo.url) },
    { nodeArgs: ["--expose-gc", "--import", new URL("./collectGarbageEverySecond.mjs", import.meta.url).href] },
  );
  log(`server up with ${plans.length + 2} plans; ${options.users} residents for ${options.durationMs / 1000} s`);

  const started = Date.now();
  const deadline = started + options.durationMs;
  const samples: { at: number; heap: number; rss: number }[] = [];
  const sampler = setInterval(() => {
    void fetch(`${bot.url}/healthz`)
      .then((r) => r.json() as Promise<{ memoryMb: { heapUsed: number; rss: number } }>)
      .then((h) => samples.push({ at: Date.now() - started, heap: h.memoryMb.heapUsed, rss: h.memoryMb.rss }))
      .catch(() => undefined);
  }, options.sampleEveryMs);

  const acks: number[] = [];
  const answers: number[] = [];
  let messages = 0;
  let answered = 0;
  let missing = 0;
  let wrongText = 0;
  let errorResponses = 0;

  const resident = async (i: number) => {
    const random = seededRandom(1000 + i);
    const viaTelegram = i % 2 === 0;
    const user = viaTelegram ? `t${50_000 + i}` : `zsoak-${i}`;
    // Spread the first questions over the first think interval.
    await new Promise((resolve) => setTimeout(resolve, random() * options.thinkMs[1]));
    while (Date.now() < deadline) {
      const q = Math.floor(random() * questions.length);
      const expected = viaTelegram ? expectedFor("telegram", String(50_000 + i), questions[q]!) : expectedFor("zalo", `soak-${i}`, questions[q]!);
      const waiter: Waiter = { expected, received: [], done: () => undefined };
      const arrived = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 15_000);
        waiter.done = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      waiters.set(user, waiter);
      const sent = performance.now();
      messages++;
      const response = viaTelegram
        ? await postTelegram(bot.url, {
            update_id: 1_000_000 + messages,
            message: {
              message_id: messages,
              date: Math.floor(Date.now() / 1000),
              chat: { id: 50_000 + i, type: "private", first_name: "Dân" },
              from: { id: 50_000 + i, is_bot: false, first_name: "Dân" },
              text: questions[q],
            },
          })
        : await postZalo(bot.url, zaloTextEvent(questions[q]!, `soak-${i}`));
      acks.push(performance.now() - sent);
      if (response.status !== 200) errorResponses++;
      await response.arrayBuffer();
      const ok = await arrived;
      waiters.delete(user);
      if (!ok) missing++;
      else {
        answered++;
        answers.push(performance.now() - sent);
        if (waiter.received.join("\n") !== waiter.expected.join("\n")) wrongText++;
      }
      const [low, high] = options.thinkMs;
      await new Promise((resolve) => setTimeout(resolve, low + random() * (high - low)));
    }
  };
  const progress = setInterval(() => log(`${Math.round((Date.now() - started) / 1000)} s: ${messages} messages, ${answered} answered, ${missing} missing`), 30_000);
  await Promise.all(Array.from({ length: options.users }, (_, i) => resident(i)));
  // A late duplicate would arrive now.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  clearInterval(progress);
  clearInterval(sampler);
  await bot.stop();
  await knowledge.close();
  model.close();
  await telegram.stop();
  await zalo.stop();
  rmSync(knowledgeDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });

  const steady = samples.filter((s) => s.at >= options.warmupMs);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const first = steady.slice(0, third);
  const last = steady.slice(-third);
  return {
    seconds: Math.round((Date.now() - started) / 1000),
    users: options.users,
    plans: plans.length + 2,
    messages,
    answered,
    missing,
    unexpected,
    wrongText,
    errorResponses,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    answerP50Ms: percentile(answers, 50),
    answerP99Ms: percentile(answers, 99),
    heapStartMb: lowest(first.map((s) => s.heap)),
    heapEndMb: lowest(last.map((s) => s.heap)),
    rssStartMb: lowest(first.map((s) => s.rss)),
    rssEndMb: lowest(last.map((s) => s.rss)),
  };
}

export function formatSoak(f: SoakFigures): string {
  const ms = (v: number) => v.toFixed(1);
  return [
    `| residents | plans | seconds | messages | answered once | missing | duplicates | wrong text | error responses | ack p50/p99 ms | answer p50/p99 ms | lowest heap MB (after warm-up → end) | lowest RSS MB |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ${f.users} | ${f.plans} | ${f.seconds} | ${f.messages} | ${f.answered} | ${f.missing} | ${f.unexpected} | ${f.wrongText} | ${f.errorResponses} | ${ms(f.ackP50Ms)} / ${ms(f.ackP99Ms)} | ${ms(f.answerP50Ms)} / ${ms(f.answerP99Ms)} | ${f.heapStartMb} → ${f.heapEndMb} | ${f.rssStartMb} → ${f.rssEndMb} |`,
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { minutes: { type: "string" }, users: { type: "string" }, plans: { type: "string" } } });
  const minutes = Number(values.minutes ?? 3);
  const figures = await runSoak({
    durationMs: minutes * 60_000,
    warmupMs: Math.min(60_000, minutes * 20_000),
    users: Number(values.users ?? 300),
    thinkMs: [3000, 9000],
    sampleEveryMs: 2000,
    syntheticPlans: Number(values.plans ?? 200),
    log: (line) => console.log(line),
  });
  console.log(formatSoak(figures));
  const healthy = figures.missing === 0 && figures.unexpected === 0 && figures.wrongText === 0 && figures.errorResponses === 0;
  process.exit(healthy ? 0 : 1);
}
