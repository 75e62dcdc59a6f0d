import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InboxJournal } from "../src/store/inboxJournal.js";
import { Store } from "../src/store/store.js";
import { FakeTelegram, waitFor } from "./channels/fakePlatforms.js";
import { postTelegram, telegramEnv, telegramUpdate } from "./channels/harness.js";
import { startBotProcess } from "./helpers/botProcess.js";
import { SAMPLE_DIR } from "./helpers/knowledge.js";

const STORE_FILE = "kehoach-bot.sqlite";

/** A store with a Zalo token pair and a few hundred kilobytes of question log, closed. */
function filledStore(): string {
  const dataDir = mkdtempSync(join(tmpdir(), "damaged-store-"));
  const store = Store.open(dataDir);
  store.saveZaloTokens({ accessToken: "access-9", refreshToken: "refresh-9", expiresAt: 123 });
  for (let i = 0; i < 3000; i++) {
    store.logQuestion({ at: new Date(), channel: "telegram", userId: String(i), question: `câu hỏi số ${i} ${"x".repeat(50)}`, answered: true, latencyMs: 1 });
  }
  store.close();
  return dataDir;
}

/** Garbage over one page in the middle of the file, where the question log is. */
function garbageInTheMiddle(dataDir: string): void {
  const file = join(dataDir, STORE_FILE);
  const middle = Math.floor(statSync(file).size / 2 / 4096) * 4096 + 100;
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, middle);
  closeSync(fd);
}

function garbageOverTheHeader(dataDir: string): void {
  const fd = openSync(join(dataDir, STORE_FILE), "r+");
  writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
  closeSync(fd);
}

describe("a damaged store", () => {
  it("is reported as damaged with quick_check's findings; answering goes on in memory, with the token pair and the question log off", () => {
    const dataDir = filledStore();
    garbageInTheMiddle(dataDir);
    const before = readFileSync(join(dataDir, STORE_FILE));
    const store = Store.open(dataDir);
    expect(store.damage).toEqual({ file: join(dataDir, STORE_FILE), reason: expect.stringMatching(/^quick_check: .*(out of order|corrupt|invalid|page)/i) });
    expect(store.getZaloTokens()).toEqual({ accessToken: "access-9", refreshToken: "refresh-9", expiresAt: 123 });
    store.logQuestion({ at: new Date(), channel: "zalo", userId: "u", question: "q", answered: false, latencyMs: 1 });
    expect(store.recentQuestions()).toEqual([]);
    store.close();
    // Left as it was, for the back-up to replace.
    expect(readFileSync(join(dataDir, STORE_FILE))).toEqual(before);
  });

  it("with garbage over its header is damage too, not a folder that cannot be written", () => {
    const dataDir = filledStore();
    garbageOverTheHeader(dataDir);
    const store = Store.open(dataDir);
    expect(store.damage?.reason).toBe("SQLITE_NOTADB: file is not a database");
    store.close();
  });

  it("a sound store has no damage", () => {
    const store = Store.open(filledStore());
    expect(store.damage).toBeUndefined();
    expect(store.recentQuestions(1)).toHaveLength(1);
    store.close();
  });
});

describe("the server process with damage in DATA_DIR", () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
  });
  afterAll(() => telegram.stop());

  it.each([
    ["garbage in the middle of the store", garbageInTheMiddle, /quick_check: /],
    ["garbage over the store's header", garbageOverTheHeader, /SQLITE_NOTADB/],
  ])("with %s starts, answers residents and says in /healthz and the log what to do", async (_label, damage, reason) => {
    const dataDir = filledStore();
    damage(dataDir);
    telegram.calls.length = 0;
    const bot = await startBotProcess({ DATA_DIR: dataDir, KNOWLEDGE_DIR: SAMPLE_DIR, ...telegramEnv(telegram.url) });
    try {
      const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { status: string; problems: string[] };
      expect(health.status).toBe("degraded");
      expect(health.problems).toHaveLength(1);
      expect(health.problems[0]).toMatch(/^Kho dữ liệu .* bị hỏng .*khôi phục bản sao lưu.* \(The store .* is damaged .*Restore the back-up \(README, “Operating it”\)/s);
      expect(health.problems[0]).toMatch(reason);
      expect(bot.output()).toContain("store damaged: residents are answered, the question log is off; restore the back-up");
      expect(bot.output()).not.toContain("set DATA_DIR to a writable folder");
      expect((await postTelegram(bot.url, telegramUpdate("Tỷ lệ thu gom rác?"))).status).toBe(200);
      await waitFor(() => telegram.sent().length === 1, 20_000);
      expect(String(telegram.sent()[0]!.body.text)).toContain("<b>95%</b>");
    } finally {
      await bot.stop();
    }
  });

  it("with a damaged inbox journal, answers what can be read, keeps the file aside and says so in /healthz and the log", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "damaged-journal-"));
    const journalPath = join(dataDir, "inbox.journal");
    const journal = InboxJournal.open(journalPath);
    const updates = [telegramUpdate("Tỷ lệ thu gom rác?", { id: 71, type: "private" }), telegramUpdate("bhyt lai hung", { id: 72, type: "private" })];
    journal.receive(updates.map((u) => ({ channel: "telegram", deliveryId: String(u.update_id), conversation: String(u.message.chat.id), payload: JSON.stringify(u) })));
    journal.close();
    // A garbage line in the middle, and the last line's break lost.
    const text = readFileSync(journalPath, "utf8").split("\n");
    writeFileSync(journalPath, [text[0], text[1], "\u0000\u0001garbage", text[2]].join("\n"));
    const damagedCopy = readFileSync(journalPath);
    telegram.calls.length = 0;
    const bot = await startBotProcess({ DATA_DIR: dataDir, KNOWLEDGE_DIR: SAMPLE_DIR, ...telegramEnv(telegram.url) });
    try {
      await waitFor(() => telegram.sent().length === 2, 20_000);
      expect(telegram.sent().map((c) => c.body.chat_id).sort()).toEqual([71, 72]);
      const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { status: string; problems: string[] };
      expect(health.status).toBe("degraded");
      expect(health.problems).toEqual([expect.stringMatching(/^Hộp thư .* bị hỏng khi khởi động: 1 dòng không đọc được \(dòng 3\)\. .*inbox\.journal\.damaged-/)]);
      const kept = readdirSync(dataDir).filter((f) => f.startsWith("inbox.journal.damaged-"));
      expect(kept).toHaveLength(1);
      expect(readFileSync(join(dataDir, kept[0]!))).toEqual(damagedCopy);
      const line = bot.output().split("\n").find((l) => l.includes("inbox journal damaged"))!;
      expect(JSON.parse(line)).toMatchObject({ level: 50, unreadableLines: 1, lineNumbers: [3], messagesRead: 2, messagesPending: 2, keptAs: join(dataDir, kept[0]!) });
      // Nothing of the residents' messages in the log line.
      expect(line).not.toContain("thu gom");
    } finally {
      await bot.stop();
    }
    expect(existsSync(journalPath)).toBe(true);
  });
});

