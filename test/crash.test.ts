import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePlans } from "../src/bench/syntheticPlans.js";
import { FakeTelegram, FakeZalo, waitFor } from "./channels/fakePlatforms.js";
import { postTelegram, postZalo, telegramEnv, telegramUpdate, zaloEnv, zaloTextEvent } from "./channels/harness.js";
import { type BotProcess, startBotProcess } from "./helpers/botProcess.js";
import { SAMPLE_DIR } from "./helpers/knowledge.js";

const SAMPLES = ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"];

function freshDirs() {
  const knowledgeDir = mkdtempSync(join(tmpdir(), "crash-kb-"));
  const dataDir = mkdtempSync(join(tmpdir(), "crash-data-"));
  for (const file of SAMPLES) copyFileSync(join(SAMPLE_DIR, file), join(knowledgeDir, file));
  return { knowledgeDir, dataDir };
}

async function health(bot: BotProcess): Promise<{ status: string; documents: number; refusedFiles: number }> {
  return (await fetch(`${bot.url}/healthz`)).json() as Promise<{ status: string; documents: number; refusedFiles: number }>;
}

async function askConsole(bot: BotProcess, question: string): Promise<{ status: string; reply: string }> {
  const session = (await (await fetch(`${bot.url}/api/admin/session`)).json()) as { csrfToken: string };
  const response = await fetch(`${bot.url}/api/admin/ask`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
    body: JSON.stringify({ question }),
  });
  return ((await response.json()) as { result: { status: string; reply: string } }).result;
}

function integrityOf(dataDir: string): string {
  const db = new Database(join(dataDir, "kehoach-bot.sqlite"));
  try {
    return db.pragma("integrity_check", { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** A plan of a few megabytes, so that reading, parsing and writing it take long enough to be interrupted. */
function bigPlan(figure: string): Buffer {
  const lines = ["Số: 15/KH-UBND", "", "Xã Định Hòa, ngày 03 tháng 01 năm 2024", "", "I. CHỈ TIÊU", "", `- Tỷ lệ hộ dùng nước sạch đạt ${figure}.`];
  for (let i = 0, size = 0; size < 3_000_000; i++) {
    const line = `- Tổ dân phố ${i}: duy trì vệ sinh môi trường, thu gom rác thải sinh hoạt đúng giờ, số ${i}.`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join("\n"));
}

describe("killed with SIGKILL", () => {
  it("in the middle of an upload: knowledge/ keeps whole files only, and the next start serves them", async () => {
    const { knowledgeDir, dataDir } = freshDirs();
    const oldVersion = bigPlan("80%");
    const newVersion = bigPlan("87,5%");
    writeFileSync(join(knowledgeDir, "xa-dinh-hoa-2024.txt"), oldVersion);
    const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir };
    const seen = new Set<string>();
    // Kill points: while still receiving, at the first write in knowledge/, and once answered.
    for (const killAt of [30, "first write", "answered"] as const) {
      const bot = await startBotProcess(env);
      const { csrfToken } = (await (await fetch(`${bot.url}/api/admin/session`)).json()) as { csrfToken: string };
      const firstWrite = new Promise<void>((resolve) => {
        const watcher = watch(knowledgeDir, () => {
          watcher.close();
          resolve();
        });
      });
      const form = new FormData();
      form.append("file", new Blob([newVersion]), "xa-dinh-hoa-2024.txt");
      const upload = fetch(`${bot.url}/api/admin/plans`, { method: "POST", headers: { "x-csrf-token": csrfToken }, body: form }).catch(() => undefined);
      await (killAt === "first write" ? firstWrite : killAt === "answered" ? upload : new Promise((resolve) => setTimeout(resolve, killAt)));
      await bot.kill();
      await upload;

      const content = readFileSync(join(knowledgeDir, "xa-dinh-hoa-2024.txt"));
      const whole = content.equals(oldVersion) ? "old" : content.equals(newVersion) ? "new" : "torn";
      expect(whole, `killed at ${killAt}`).not.toBe("torn");
      seen.add(whole);

      const restarted = await startBotProcess(env);
      expect(readdirSync(knowledgeDir).sort()).toEqual([...SAMPLES, "xa-dinh-hoa-2024.txt"].sort());
      expect(await health(restarted)).toMatchObject({ status: "ok", documents: 3, refusedFiles: 0 });
      const answer = await askConsole(restarted, "Tỷ lệ hộ dùng nước sạch của xã Định Hòa?");
      expect(answer.reply).toContain(whole === "new" ? "87,5%" : "80%");
      await restarted.stop();
      expect(integrityOf(dataDir)).toBe("ok");
      writeFileSync(join(knowledgeDir, "xa-dinh-hoa-2024.txt"), oldVersion);
    }
    // The kill points cover both sides of the rename (else the test proves nothing about the write).
    expect([...seen].sort()).toEqual(["new", "old"]);
  }, 180_000);

  it("removes the temporary file an interrupted upload left behind", async () => {
    const { knowledgeDir, dataDir } = freshDirs();
    writeFileSync(join(knowledgeDir, ".tmp-0a1b2c3d4e5f-xa-dinh-hoa-2024.txt"), "Số: 15/KH-UBND\n\nI. CHỈ TIÊU\n\n- Tỷ lệ");
    const bot = await startBotProcess({ KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir });
    expect(readdirSync(knowledgeDir).sort()).toEqual(SAMPLES);
    expect(bot.output()).toContain("removed temporary files left by an interrupted upload");
    await bot.stop();
  }, 60_000);

  it("in the middle of a reload: the next start serves every plan", async () => {
    const { knowledgeDir, dataDir } = freshDirs();
    const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir };
    const bot = await startBotProcess(env);
    const plans = generatePlans(1000, 77);
    for (const plan of plans) {
      writeFileSync(join(knowledgeDir, `.${plan.file}.part`), plan.text);
      renameSync(join(knowledgeDir, `.${plan.file}.part`), join(knowledgeDir, plan.file));
    }
    // The watcher waits 400 ms for quiet, then reads and indexes 1,000 plans: kill inside that work.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const reloaded = bot.output().includes("knowledge reloaded");
    await bot.kill();
    expect(reloaded, "the kill came after the reload finished").toBe(false);

    const restarted = await startBotProcess(env);
    expect(await health(restarted)).toMatchObject({ status: "ok", documents: 1002, refusedFiles: 0 });
    const plan = plans[123]!;
    const answer = await askConsole(restarted, `Tỷ lệ thu gom rác của ${plan.kind} ${plan.place}?`);
    expect(answer.status).toBe("answered");
    expect(answer.reply).toContain(plan.place);
    await restarted.stop();
    expect(integrityOf(dataDir)).toBe("ok");
  }, 120_000);

  describe("with messages acknowledged but not yet answered", () => {
    let telegram: FakeTelegram;
    beforeAll(async () => {
      telegram = await new FakeTelegram().start();
    });
    afterAll(() => telegram.stop());

    it("answers every one of them after the restart; only those in flight at the kill may be answered twice", async () => {
      const { knowledgeDir, dataDir } = freshDirs();
      const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, ...telegramEnv(telegram.url) };
      const bot = await startBotProcess(env);
      // Telegram holds every reply: the bot has answered nothing when it is killed.
      telegram.delayMs = 60_000;
      const chats = Array.from({ length: 40 }, (_, i) => 7_000 + i);
      const updates = chats.map((chat) => telegramUpdate("Tỷ lệ thu gom rác là bao nhiêu?", { id: chat, type: "private" }));
      const acks = await Promise.all(updates.map((update) => postTelegram(bot.url, update)));
      expect(acks.map((a) => a.status)).toEqual(chats.map(() => 200));
      await waitFor(() => telegram.sent().length > 0, 10_000);
      await bot.kill();
      const inFlightAtKill = telegram.sent().length;
      telegram.delayMs = 0;
      expect(integrityOf(dataDir)).toBe("ok");

      const restarted = await startBotProcess(env);
      await waitFor(() => new Set(telegram.sent().map((c) => c.body.chat_id)).size === chats.length, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answers = telegram.sent().slice(inFlightAtKill);
      expect(answers.map((c) => c.body.chat_id).sort()).toEqual(chats);
      expect(answers.every((c) => String(c.body.text).includes("<b>95%</b>"))).toBe(true);
      expect(inFlightAtKill).toBeLessThanOrEqual(8);
      await restarted.stop();
      expect(integrityOf(dataDir)).toBe("ok");
    }, 120_000);
  });

  describe("during a Zalo token refresh", () => {
    let zalo: FakeZalo;
    beforeAll(async () => {
      zalo = await new FakeZalo().start();
    });
    afterAll(() => zalo.stop());

    it("keeps the rotated refresh token: the next start refreshes with it and the store is intact", async () => {
      const { knowledgeDir, dataDir } = freshDirs();
      const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, ...zaloEnv(zalo.url) };
      const bot = await startBotProcess(env);
      zalo.script.push({ body: { error: -216, message: "Access token is invalid" } });
      // The retry with the new token is held by Zalo: the kill lands before the reply is confirmed.
      zalo.delayMs = 10_000;
      expect((await postZalo(bot.url, zaloTextEvent("Tỷ lệ thu gom rác là bao nhiêu?", "user-crash"))).status).toBe(200);
      // The refresh was answered and the bot is retrying with the new token: kill it right there.
      await waitFor(() => zalo.messages.length === 2, 10_000);
      await bot.kill();
      zalo.delayMs = 0;
      expect(zalo.refreshes.map((r) => r.body.refresh_token)).toEqual(["refresh-0"]);
      expect(zalo.validRefreshToken).toBe("refresh-1");
      expect(integrityOf(dataDir)).toBe("ok");

      // The message it was answering was acknowledged to Zalo: the next start answers it, with the stored token.
      const restarted = await startBotProcess(env);
      await waitFor(() => zalo.messages.length === 3, 10_000);
      expect(zalo.messages[2]!.headers.access_token).toBe("access-1");
      expect(JSON.stringify(zalo.messages[2]!.body)).toContain("95%");

      // .env still says refresh-0, which Zalo no longer accepts; the store must win.
      zalo.script.push({ body: { error: -216 } });
      // A place is named: without one, two plans answering differently would get "which place?" back.
      expect((await postZalo(restarted.url, zaloTextEvent("BHYT xã Lai Hưng đạt bao nhiêu?", "user-crash"))).status).toBe(200);
      await waitFor(() => zalo.messages.length === 5, 10_000);
      expect(zalo.refreshes.map((r) => r.body.refresh_token)).toEqual(["refresh-0", "refresh-1"]);
      expect(zalo.messages[4]!.headers.access_token).toBe("access-2");
      expect(JSON.stringify(zalo.messages[4]!.body)).toContain("%");
      await restarted.stop();
    }, 120_000);
  });
});
