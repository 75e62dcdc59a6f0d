import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InboxJournal } from "../../src/store/inboxJournal.js";
import { FakeTelegram, waitFor } from "./fakePlatforms.js";
import { type Harness, manyPlansDir, postTelegram, startHarness, TELEGRAM_SECRET, TELEGRAM_TOKEN, telegramUpdate } from "./harness.js";

let telegram: FakeTelegram;

/** A plan whose answer runs over several Telegram messages. */
function longPlanDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kb-long-"));
  const clause = "vận động nhân dân và các hộ tham gia giữ gìn vệ sinh môi trường, ";
  writeFileSync(join(dir, "xa-dai-2024.txt"), `Số: 01/KH-UBND\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ được tuyên truyền đạt 97%, ${clause.repeat(150)}cuối cùng.\n`);
  return dir;
}
let harness: Harness;

beforeAll(async () => {
  telegram = await new FakeTelegram().start();
});
afterAll(() => telegram.stop());
beforeEach(async () => {
  telegram.calls.length = 0;
  telegram.script.length = 0;
  harness = await startHarness({ telegram, config: { rateLimitPerMinute: 5 } });
});
afterEach(() => harness.stop());

describe("Telegram webhook", () => {
  it("answers a message with exactly one sendMessage carrying the cited answer in HTML", async () => {
    const response = await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác là bao nhiêu?"));
    expect(response.status).toBe(200);
    await harness.settled();
    const sent = telegram.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      chat_id: 42,
      parse_mode: "HTML",
      text: "<b>95%</b>: «Tỷ lệ thu gom rác đạt 95%.»\n<i>Kế hoạch số 05/KH-UBND ngày 19/01/2024 của UBND Phường 1, mục I.2 Chỉ tiêu chủ yếu</i>",
    });
  });

  it.each([
    ["a wrong secret", "wrong-secret-0123456789"],
    ["no secret", null],
  ])("refuses an update with %s: 401 and no call to Telegram", async (_label, secret) => {
    const response = await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"), secret);
    expect(response.status).toBe(401);
    await harness.settled();
    expect(telegram.calls).toEqual([]);
  });

  it("answers the same update_id once", async () => {
    const update = telegramUpdate("bhyt lai hung");
    expect((await postTelegram(harness.url, update)).status).toBe(200);
    expect((await postTelegram(harness.url, update)).status).toBe(200);
    await harness.settled();
    expect(telegram.sent()).toHaveLength(1);
    expect(String(telegram.sent()[0]!.body.text)).toContain("<b>từ 93,45%</b>");
  });

  it("greets on /start with examples and the known plans, and explains on /help", async () => {
    await postTelegram(harness.url, telegramUpdate("/start", undefined, { entities: [{ type: "bot_command", offset: 0, length: 6 }] }));
    await postTelegram(harness.url, telegramUpdate("/help", undefined, { entities: [{ type: "bot_command", offset: 0, length: 5 }] }));
    await harness.settled();
    const [start, help] = telegram.sent().map((c) => String(c.body.text));
    expect(start).toMatch(/^Xin chào!/);
    expect(start).toContain("UBND Phường 1 (05/KH-UBND)");
    expect(start).toMatch(/• .+ là bao nhiêu\?/);
    expect(help).toContain("bhyt xa lai hung");
  });

  it("keeps /start and the reply for an unknown place to one short message with 300 plans", async () => {
    await harness.stop();
    harness = await startHarness({ telegram, knowledgeDir: manyPlansDir(300), config: { rateLimitPerMinute: 5 } });
    await postTelegram(harness.url, telegramUpdate("/start", undefined, { entities: [{ type: "bot_command", offset: 0, length: 6 }] }));
    await harness.settled();
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác của xã Lai Hùng?"));
    await harness.settled();
    await postTelegram(harness.url, telegramUpdate("What is the waste-collection rate in Ward Nowhere?"));
    await harness.settled();
    const texts = telegram.sent().map((c) => String(c.body.text));
    expect(texts).toHaveLength(3);
    const [start, unknownPlace, english] = texts as [string, string, string];
    for (const text of texts) expect(text.length).toBeLessThan(1000);
    expect(start).toMatch(/^Xin chào!/);
    expect(start).toContain("Tôi có 300 kế hoạch, ví dụ: ");
    expect(start).toContain("gõ tên xã/phường");
    expect(unknownPlace).toMatch(/^Tôi chưa có kế hoạch của .*Lai Hùng\. Tôi có 300 kế hoạch, ví dụ: .*gõ tên xã\/phường/);
    // The examples are the places whose names are nearest the one asked about.
    expect(unknownPlace).toMatch(/ví dụ: UBND [^;]*(Lai|Hùng|Hưng)/);
    // A resident who wrote in English is answered in English.
    expect(english).toMatch(/^I do not have a plan of .*I have 300 plans, for example: .*Type the name of your commune or ward/);
  });

  it("answers a photo or a document whose caption is a question", async () => {
    const photo = telegramUpdate("", undefined, { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }], caption: "Tỷ lệ thu gom rác?" });
    delete (photo.message as Record<string, unknown>).text;
    const document = telegramUpdate("", undefined, { document: { file_id: "d", file_unique_id: "d" }, caption: "bhyt lai hung" });
    delete (document.message as Record<string, unknown>).text;
    await postTelegram(harness.url, photo);
    await postTelegram(harness.url, document);
    await harness.settled();
    const texts = telegram.sent().map((c) => String(c.body.text));
    expect(texts).toEqual([expect.stringContaining("<b>95%</b>"), expect.stringContaining("<b>từ 93,45%</b>")]);
  });

  it("in a group, replies to the resident's message, a captioned photo mentioning the bot included", async () => {
    const group = { id: -100, type: "group" as const };
    const text = "@kehoach_bot Tỷ lệ thu gom rác?";
    const asked = telegramUpdate(text, group, { entities: [{ type: "mention", offset: 0, length: 12 }] });
    const photo = telegramUpdate("", group, {
      photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }],
      caption: "@kehoach_bot bhyt lai hung",
      caption_entities: [{ type: "mention", offset: 0, length: 12 }],
    });
    delete (photo.message as Record<string, unknown>).text;
    const unmentioned = telegramUpdate("", group, { photo: [{ file_id: "q", file_unique_id: "q", width: 1, height: 1 }], caption: "bhyt lai hung" });
    delete (unmentioned.message as Record<string, unknown>).text;
    for (const update of [asked, photo, unmentioned]) await postTelegram(harness.url, update);
    await harness.settled();
    const sent = telegram.sent();
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body).toMatchObject({ chat_id: -100, reply_parameters: { message_id: asked.message.message_id } });
    expect(String(sent[0]!.body.text)).toContain("<b>95%</b>");
    expect(sent[1]!.body).toMatchObject({ chat_id: -100, reply_parameters: { message_id: photo.message.message_id } });
    expect(String(sent[1]!.body.text)).toContain("<b>từ 93,45%</b>");
  });

  it("asks for text when sent a photo or a sticker", async () => {
    const photo = telegramUpdate("", undefined, { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] });
    delete (photo.message as Record<string, unknown>).text;
    await postTelegram(harness.url, photo);
    await harness.settled();
    expect(String(telegram.sent()[0]!.body.text)).toMatch(/^Xin vui lòng gõ câu hỏi/);
  });

  it("in a group, answers only when mentioned", async () => {
    const group = { id: -100, type: "group" as const };
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?", group));
    await harness.settled();
    expect(telegram.sent()).toHaveLength(0);
    const text = "@kehoach_bot Tỷ lệ thu gom rác?";
    await postTelegram(harness.url, telegramUpdate(text, group, { entities: [{ type: "mention", offset: 0, length: 12 }] }));
    await harness.settled();
    expect(telegram.sent()).toHaveLength(1);
    expect(String(telegram.sent()[0]!.body.text)).toContain("<b>95%</b>");
  });

  it("escapes HTML and splits a reply over 4096 characters into several messages", async () => {
    await harness.stop();
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "kb-long-"));
    const clause = "vận động <b>nhân dân</b> & các hộ tham gia giữ gìn vệ sinh môi trường, ";
    writeFileSync(
      join(dir, "xa-dai-2024.txt"),
      `Số: 01/KH-UBND\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ được tuyên truyền đạt 97%, ${clause.repeat(80)}cuối cùng.\n`,
    );
    harness = await startHarness({ telegram, knowledgeDir: dir });
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ hộ được tuyên truyền?"));
    await harness.settled();
    const texts = telegram.sent().map((c) => String(c.body.text));
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(texts.join("")).toContain("&lt;b&gt;nhân dân&lt;/b&gt; &amp; các hộ");
    expect(texts[0]).toMatch(/^<b>97%<\/b>/);
  });

  it("sends one notice when a resident goes over the rate limit, then stays quiet", async () => {
    for (let i = 0; i < 7; i++) await postTelegram(harness.url, telegramUpdate(`bhyt lai hung ${i}`));
    await harness.settled();
    const texts = telegram.sent().map((c) => String(c.body.text));
    expect(texts).toHaveLength(6);
    expect(texts[5]).toMatch(/^Bạn đã hỏi nhiều câu trong một phút/);
  });

  it("stores a question with the resident's phone number masked", async () => {
    await postTelegram(harness.url, telegramUpdate("BHYT Lai Hưng, gọi tôi 0901 234 567"));
    await harness.settled();
    expect(harness.store.recentQuestions(1)[0]!.question).toBe("BHYT Lai Hưng, gọi tôi [số điện thoại]");
    expect(harness.logs.join("")).not.toContain("0901 234 567");
  });

  it("cuts an over-long question instead of failing on it", async () => {
    const long = `Tỷ lệ thu gom rác ${"rất ".repeat(400)}`;
    expect((await postTelegram(harness.url, telegramUpdate(long))).status).toBe(200);
    await harness.settled();
    expect(telegram.sent()).toHaveLength(1);
    expect(harness.store.recentQuestions(1)[0]!.question).toHaveLength(500);
  });

  it("retries a 429 with retry_after and still answers once", async () => {
    telegram.script.push({
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
    });
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
    await harness.settled();
    expect(telegram.sent()).toHaveLength(2);
    expect(String(telegram.sent()[1]!.body.text)).toContain("<b>95%</b>");
  });

  it("waits out a retry_after longer than 10 s in the inbox: no call inside the flood window", async () => {
    let limitedAt = 0;
    telegram.onCall = (call) => {
      if (call.method === "sendMessage" && !limitedAt) limitedAt = Date.now();
    };
    telegram.script.push({
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 15", parameters: { retry_after: 15 } },
    });
    try {
      await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
      await waitFor(() => harness.logs.join("").includes("message could not be answered; will retry"));
      await harness.settled();
      // Postponed in the inbox past the window Telegram gave, not retried by the harness's 50 ms schedule.
      const [pending] = harness.server.journal.pending();
      expect(pending).toMatchObject({ attempts: 1 });
      expect(pending!.nextAttemptAt).toBeGreaterThanOrEqual(limitedAt + 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(telegram.sent()).toHaveLength(1);
      const line = harness.logs.find((l) => l.includes("will retry"))!;
      expect(JSON.parse(line)).toMatchObject({ channel: "telegram", error: "429: Too Many Requests: retry after 15", retryInMs: 15_000 });
    } finally {
      telegram.onCall = undefined;
    }
  });

  it("logs the question with a hashed user id, and never the token or the secret", async () => {
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
    await postTelegram(harness.url, telegramUpdate("x"), "wrong-secret-0123456789");
    await harness.settled();
    const [entry] = harness.store.recentQuestions(1);
    expect(entry).toMatchObject({
      channel: "telegram",
      question: "Tỷ lệ thu gom rác?",
      answered: true,
      document: "phuong-1-tay-ninh-2024.txt",
    });
    expect(entry!.userHash).toMatch(/^[0-9a-f]{32}$/);
    const logs = harness.logs.join("");
    expect(logs).toContain("telegram webhook refused");
    expect(logs).not.toContain(TELEGRAM_SECRET);
    expect(logs).not.toContain(TELEGRAM_TOKEN);
    expect(logs).not.toContain("wrong-secret-0123456789");
  });
});

describe("server", () => {
  it("reports health: documents, passages, index time and channels", async () => {
    const response = await fetch(`${harness.url}/healthz`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { passages: number; indexBuiltAt: string };
    expect(health).toMatchObject({ status: "ok", documents: 2, passages: expect.any(Number), channels: { telegram: true, zalo: false } });
    expect(health.passages).toBeGreaterThan(100);
    expect(Date.parse(health.indexBuiltAt)).not.toBeNaN();
  });

  it("answers 413 to an oversized update and 400 to malformed JSON, without calling Telegram", async () => {
    const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM_SECRET };
    const big = JSON.stringify({ update_id: 1, padding: "x".repeat(70 * 1024) });
    expect((await fetch(`${harness.url}/webhooks/telegram`, { method: "POST", headers, body: big })).status).toBe(413);
    expect((await fetch(`${harness.url}/webhooks/telegram`, { method: "POST", headers, body: "{nope" })).status).toBe(400);
    expect(telegram.calls).toEqual([]);
  });

  it("finishes an update in flight before it closes", async () => {
    telegram.delayMs = 300;
    try {
      const pending = postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
      await waitFor(() => telegram.sent().length === 1);
      await harness.server.close();
      expect((await pending).status).toBe(200);
      expect(telegram.sent()).toHaveLength(1);
    } finally {
      telegram.delayMs = 0;
    }
  });
});

describe("npm run telegram:webhook", () => {
  it("sets the webhook with the secret and message updates only, then prints getWebhookInfo", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { fileURLToPath } = await import("node:url");
    telegram.script.push({ body: { ok: true, result: true } }, { body: { ok: true, result: { url: "https://bot.example.vn/webhooks/telegram", pending_update_count: 0 } } });
    // Asynchronous: the fake Telegram server runs in this process and must keep answering.
    const out = await promisify(execFile)(fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url)), ["src/cli/telegramWebhook.ts", "https://bot.example.vn/"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: telegram.url },
      timeout: 60_000,
    });
    const setWebhook = telegram.calls.find((c) => c.method === "setWebhook")!;
    expect(setWebhook.body).toMatchObject({ url: "https://bot.example.vn/webhooks/telegram", secret_token: TELEGRAM_SECRET, allowed_updates: ["message", "callback_query"] });
    expect(JSON.parse(out.stdout)).toMatchObject({ url: "https://bot.example.vn/webhooks/telegram" });
  });
});

describe("one resident flooding the bot", () => {
  it("is limited without slowing the answers of the others", async () => {
    const flood = Array.from({ length: 60 }, () => postTelegram(harness.url, telegramUpdate("bhyt lai hung", { id: 500, type: "private" })));
    const started = performance.now();
    const other = await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?", { id: 42, type: "private" }));
    // The flooder's messages are answered in order, one at a time; the other chat does not queue behind them.
    await waitFor(() => telegram.sent().some((c) => c.body.chat_id === 42));
    const otherMs = performance.now() - started;
    await Promise.all(flood);
    await harness.settled();
    expect(other.status).toBe(200);
    const toFlooder = telegram.sent().filter((c) => c.body.chat_id === 500);
    const toOther = telegram.sent().filter((c) => c.body.chat_id === 42);
    // Five answers (the limit here), then one notice; the other resident gets the answer.
    const texts = toFlooder.map((c) => String(c.body.text));
    expect(texts.filter((t) => /^Bạn đã hỏi nhiều câu/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("<b>từ 93,45%</b>"))).toHaveLength(5);
    expect(toOther.map((c) => String(c.body.text))).toEqual([expect.stringContaining("<b>95%</b>")]);
    expect(otherMs).toBeLessThan(5000);
  });
});

describe("the inbox between the webhook and the answers", () => {
  it("acknowledges before answering, and answers a chat's messages in the order they came", async () => {
    telegram.delayMs = 150;
    try {
      const started = performance.now();
      const first = await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
      const ackMs = performance.now() - started;
      await postTelegram(harness.url, telegramUpdate("bhyt lai hung"));
      await postTelegram(harness.url, telegramUpdate("Tỷ lệ hộ nghèo?"));
      expect(first.status).toBe(200);
      // Acknowledged while the fake Telegram still holds the first reply.
      expect(ackMs).toBeLessThan(150);
      await harness.settled();
      const texts = telegram.sent().map((c) => String(c.body.text));
      expect(texts).toHaveLength(3);
      expect(texts[0]).toContain("<b>95%</b>");
      expect(texts[1]).toContain("<b>từ 93,45%</b>");
      expect(texts[2]).toMatch(/hộ nghèo/i);
    } finally {
      telegram.delayMs = 0;
    }
  });

  it("retries a reply Telegram failed, without Telegram delivering the update again", async () => {
    telegram.script.push({ status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } }, "drop");
    expect((await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"))).status).toBe(200);
    await waitFor(() => telegram.sent().length === 3);
    await harness.settled();
    expect(telegram.sent()).toHaveLength(3);
    expect(String(telegram.sent()[2]!.body.text)).toContain("<b>95%</b>");
    expect(harness.server.journal.pending()).toEqual([]);
    expect(harness.logs.join("")).toContain("message could not be answered; will retry");
  });

  it("does not send again the parts of a long reply already delivered when a later part fails", async () => {
    await harness.stop();
    harness = await startHarness({ telegram, knowledgeDir: longPlanDir() });
    // Part one goes out, part two gets a 500 and is retried by the inbox.
    telegram.script.push({ body: { ok: true, result: { message_id: 1, date: 0, chat: { id: 42, type: "private" }, text: "1" } } });
    telegram.script.push({ status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } });
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ hộ được tuyên truyền?"));
    await waitFor(() => harness.logs.join("").includes("will retry"));
    await harness.settled();
    await waitFor(() => harness.server.journal.pending().length === 0);
    const texts = telegram.sent().map((c) => String(c.body.text));
    const parts = new Set(texts);
    expect(parts.size).toBeGreaterThan(1);
    expect(texts[0]).toMatch(/^<b>97%<\/b>/);
    // Every part once, except the one that failed (sent twice); the first never again.
    expect(texts.filter((t) => t === texts[0])).toHaveLength(1);
    expect(texts[2]).toBe(texts[1]);
    expect(texts).toHaveLength(parts.size + 1);
  });

  it("after a restart sends only the parts of a long reply that had not gone out", async () => {
    const { dataDir } = harness;
    await harness.stop();
    const knowledgeDir = longPlanDir();
    // A first run: the whole reply, to know its parts.
    harness = await startHarness({ telegram, knowledgeDir });
    const first = telegramUpdate("Tỷ lệ hộ được tuyên truyền?");
    await postTelegram(harness.url, first);
    await harness.settled();
    const whole = telegram.sent().map((c) => String(c.body.text));
    expect(whole.length).toBeGreaterThan(1);
    await harness.stop();
    telegram.calls.length = 0;
    // What a run killed after delivering part one of the reply leaves behind.
    const left = InboxJournal.open(join(dataDir, "inbox.journal"));
    const update = telegramUpdate("Tỷ lệ hộ được tuyên truyền?");
    const [id] = left.receive([{ channel: "telegram", deliveryId: String(update.update_id), conversation: "42", payload: JSON.stringify(update) }]);
    left.progress(id!, 1);
    left.close();
    harness = await startHarness({ telegram, dataDir, knowledgeDir });
    await harness.settled();
    expect(telegram.sent().map((c) => String(c.body.text))).toEqual(whole.slice(1));
  });

  it("does not retry what Telegram refuses for good (the resident blocked the bot)", async () => {
    telegram.script.push({ status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } });
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
    await harness.settled();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(telegram.sent()).toHaveLength(1);
    expect(harness.server.journal.pending()).toEqual([]);
    expect(harness.logs.join("")).toContain("telegram refused the reply; not retried");
  });

  it("gives up after the last retry and says so in one line: channel, error and attempts, nothing of the resident's", async () => {
    for (let i = 0; i < 3; i++) telegram.script.push({ status: 502, body: { ok: false, error_code: 502, description: "Bad Gateway" } });
    await postTelegram(harness.url, telegramUpdate("Tỷ lệ thu gom rác?"));
    // The first attempt and the harness's two retries.
    await waitFor(() => harness.logs.join("").includes("message could not be answered; given up"));
    expect(telegram.sent()).toHaveLength(3);
    expect(harness.server.journal.pending()).toEqual([]);
    const failures = harness.logs.filter((l) => l.includes("message could not be answered"));
    expect(failures).toHaveLength(3);
    expect(JSON.parse(failures[2]!)).toMatchObject({ level: 50, channel: "telegram", error: "502: Bad Gateway", attempts: 3 });
    for (const line of failures) {
      expect(line).not.toContain("thu gom");
      expect(line).not.toContain('"chat_id"');
      expect(line).not.toContain(TELEGRAM_TOKEN);
    }
  });

  it("answers after a restart what was acknowledged but not yet answered", async () => {
    const { dataDir } = harness;
    await harness.stop();
    // What a run that died right after acknowledging leaves behind.
    const left = InboxJournal.open(join(dataDir, "inbox.journal"));
    const update = telegramUpdate("bhyt lai hung");
    left.receive([{ channel: "telegram", deliveryId: String(update.update_id), conversation: "42", payload: JSON.stringify(update) }]);
    left.close();
    harness = await startHarness({ telegram, dataDir });
    await harness.settled();
    expect(telegram.sent().map((c) => String(c.body.text))).toEqual([expect.stringContaining("<b>từ 93,45%</b>")]);
    expect(harness.logs.join("")).toContain("answering messages received before the last stop");
    // Telegram delivering it again does not answer it twice.
    await postTelegram(harness.url, update);
    await harness.settled();
    expect(telegram.sent()).toHaveLength(1);
  });

  it("answers 400 to JSON that is not an update, and records nothing", async () => {
    const response = await postTelegram(harness.url, { hello: "world" });
    expect(response.status).toBe(400);
    expect(harness.server.journal.pending()).toEqual([]);
  });

  it("absorbs a burst: every message acknowledged at once, each answered exactly once", async () => {
    const updates = Array.from({ length: 400 }, (_, i) => telegramUpdate(i % 2 ? "bhyt lai hung" : "Tỷ lệ thu gom rác?", { id: 10_000 + i, type: "private" }));
    const responses = await Promise.all(updates.map((u) => postTelegram(harness.url, u)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await harness.settled();
    const chats = telegram.sent().map((c) => Number(c.body.chat_id));
    expect(chats).toHaveLength(400);
    expect(new Set(chats).size).toBe(400);
    expect(telegram.sent().filter((c) => String(c.body.text).includes("<b>95%</b>"))).toHaveLength(200);
    expect(harness.server.journal.pending()).toEqual([]);
  });
});
