import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, FakeZalo } from "./fakePlatforms.js";
import { type Harness, postTelegram, postZalo, startHarness, telegramUpdate, zaloTextEvent } from "./harness.js";

/**
 * Residents remembered across turns and restarts: the real server, the real SQLite store, the local
 * fake platforms, the two sample plans (xã Lai Hưng: BHYT từ 93,45%; Phường 1: BHYT trên 95%).
 */
let telegram: FakeTelegram;
let zalo: FakeZalo;
let harness: Harness | undefined;

beforeAll(async () => {
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
});
afterAll(async () => {
  await telegram.stop();
  await zalo.stop();
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(dataDir: string): Promise<Harness> {
  harness = await startHarness({ telegram, zalo, dataDir, config: { rateLimitPerMinute: 100 } });
  return harness;
}

async function restart(dataDir: string): Promise<Harness> {
  await harness!.stop();
  return start(dataDir);
}

const CHAT = { id: 4242, type: "private" as const };

/** Sends one Telegram message and returns the texts (and markup) the bot sent for it. */
async function telegramSays(text: string, entities?: unknown[]): Promise<{ text: string; markup?: unknown }[]> {
  const before = telegram.sent().length;
  const response = await postTelegram(harness!.url, telegramUpdate(text, CHAT, entities ? { entities } : {}));
  expect(response.status).toBe(200);
  await harness!.settled();
  return telegram
    .sent()
    .slice(before)
    .map((call) => ({ text: String(call.body.text), markup: call.body.reply_markup }));
}

const command = (text: string) => [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }];

let callbackId = 0;
async function tapButton(data: string): Promise<string[]> {
  const before = telegram.sent().length;
  const update = {
    update_id: 900_000 + ++callbackId,
    callback_query: {
      id: `cb-${callbackId}`,
      from: { id: CHAT.id, is_bot: false, first_name: "Dân" },
      chat_instance: "ci-1",
      data,
      message: { message_id: 77, date: Math.floor(Date.now() / 1000), chat: { ...CHAT, first_name: "Dân" }, text: "Bạn hỏi cho xã/phường nào?" },
    },
  };
  expect((await postTelegram(harness!.url, update)).status).toBe(200);
  await harness!.settled();
  return telegram
    .sent()
    .slice(before)
    .map((call) => String(call.body.text));
}

async function zaloSays(text: string, user = "resident-7"): Promise<string[]> {
  const before = zalo.messages.length;
  expect((await postZalo(harness!.url, zaloTextEvent(text, user))).status).toBe(200);
  await harness!.settled();
  return zalo.messages.slice(before).map((call) => String((call.body.message as { text: string }).text));
}

describe("residents remembered on Telegram", () => {
  it("asks which place with a keyboard, remembers the tap, follows up for another place and year, and keeps it over a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kehoach-residents-tg-"));
    await start(dataDir);

    // Turn 1: no place, two plans answer differently: one short question with a button per place.
    const [asked] = await telegramSays("Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?");
    expect(asked!.text).toMatch(/^Bạn hỏi cho xã\/phường nào\?/);
    const buttons = (asked!.markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.text).sort()).toEqual(["Phường 1", "xã Lai Hưng"]);
    expect(telegram.calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(0);
    // The prompt is no answer of the bot's: nothing in the question log, so nothing in the officials' digest.
    expect(harness!.store.recentQuestions(10)).toEqual([]);

    // Turn 2: the tap answers the waiting question for that place.
    const laiHung = buttons.find((b) => b.text === "xã Lai Hưng")!;
    const [chosen] = await tapButton(laiHung.callback_data);
    expect(chosen).toContain("<b>từ 93,45%</b>");
    expect(chosen).not.toContain("95%</b>");
    expect(telegram.calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(harness!.store.recentQuestions(10).map((q) => [q.question, q.answered, q.figure])).toEqual([
      ["Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?", true, "93,45%"],
    ]);

    // Turn 3: a follow-up names another place: the same topic for it.
    const [other] = await telegramSays("còn Phường 1 thì sao?");
    expect(other!.text).toContain("<b>trên 95%</b>");
    expect(other!.text).toContain("UBND Phường 1");

    // After a restart: "thế năm 2024?" asks the last topic again, for the place named last.
    await restart(dataDir);
    const [year] = await telegramSays("thế năm 2024?");
    expect(year!.text).toContain("<b>trên 95%</b>");
    expect(year!.text).toContain("Phường 1");

    // A new topic without a place ("ở đây") is answered for the remembered place, not asked again.
    const [here] = await telegramSays("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng ở đây?");
    expect(here!.text).toContain("11,16%");
    expect(here!.text).not.toMatch(/Bạn hỏi cho/);
  });

  it("sets the place with /xa, forgets it with /quen, and says so", async () => {
    await start(mkdtempSync(join(tmpdir(), "kehoach-residents-tg-")));
    const [set] = await telegramSays("/xa Lai Hưng", command("/xa Lai Hưng"));
    expect(set!.text).toMatch(/^Đã ghi nhớ: xã Lai Hưng\./);
    const [answer] = await telegramSays("bhyt xã mình bao nhiêu?");
    expect(answer!.text).toContain("<b>từ 93,45%</b>");

    const [unknown] = await telegramSays("/xa Tân Định", command("/xa Tân Định"));
    expect(unknown!.text).toMatch(/^Tôi chưa có kế hoạch của Tân Định\./);

    const [forgotten] = await telegramSays("/quen", command("/quen"));
    expect(forgotten!.text).toMatch(/^Đã quên nơi bạn chọn/);
    const [again] = await telegramSays("Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?");
    expect(again!.text).toMatch(/^Bạn hỏi cho xã\/phường nào\?/);
  });

  it("stores the chat hashed with the other user ids, never the chat id itself", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kehoach-residents-tg-"));
    await start(dataDir);
    await telegramSays("bhyt xa lai hung");
    const hash = harness!.store.hashUser("telegram", String(CHAT.id));
    await harness!.stop();
    harness = undefined;
    const db = new Database(join(dataDir, "kehoach-bot.sqlite"), { readonly: true });
    const rows = db.prepare("SELECT chat_hash, place FROM resident_chats").all() as { chat_hash: string; place: string }[];
    db.close();
    expect(rows).toEqual([{ chat_hash: hash, place: "xa lai hung" }]);
    expect(JSON.stringify(rows)).not.toContain(String(CHAT.id));
  });
});

describe("residents remembered on Zalo", () => {
  it("offers numbered places in English, takes the number, follows up with 'what about Ward 1?' and 'and in 2024?' over a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kehoach-residents-zalo-"));
    await start(dataDir);

    const [asked] = await zaloSays("What is the health insurance coverage target?");
    expect(asked).toMatch(/^Which commune or ward do you mean\?\n1\. .+\n2\. .+\nReply with the number or type the name\.$/);
    const places = asked!.split("\n").slice(1, 3).map((line) => line.replace(/^\d\. /, ""));
    const laiHung = places.indexOf("xã Lai Hưng") + 1;

    const [chosen] = await zaloSays(String(laiHung));
    expect(chosen).toContain("từ 93,45%");
    expect(chosen).toContain("(Source: Plan No. 63/KH-UBND");

    const [ward] = await zaloSays("what about Ward 1?");
    expect(ward).toContain("trên 95%");
    expect(ward).toContain("Source: Plan No. 05/KH-UBND");

    await restart(dataDir);
    const [year] = await zaloSays("and in 2024?");
    expect(year).toContain("trên 95%");
    expect(year).toContain("Source:");
  });

  it("answers a three-turn Vietnamese chain and sets and forgets the place with #xa and #quen", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kehoach-residents-zalo-"));
    await start(dataDir);
    expect((await zaloSays("bhyt xa lai hung", "resident-8"))[0]).toContain("từ 93,45%");
    expect((await zaloSays("còn Phường 1 thì sao?", "resident-8"))[0]).toContain("trên 95%");
    await restart(dataDir);
    expect((await zaloSays("thế xã Lai Hưng?", "resident-8"))[0]).toContain("từ 93,45%");

    // Another resident of the same OA remembers nothing of this one.
    expect((await zaloSays("Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?", "resident-9"))[0]).toMatch(/^Bạn hỏi cho xã\/phường nào\?/);

    // "#xa" while a question waits for its place answers that question.
    expect((await zaloSays("#xa Phường 1", "resident-9"))[0]).toContain("trên 95%");
    expect((await zaloSays("bhyt bao nhiêu?", "resident-9"))[0]).toContain("trên 95%");
    expect((await zaloSays("#quên", "resident-9"))[0]).toMatch(/^Đã quên nơi bạn chọn/);
    expect((await zaloSays("bhyt bao nhiêu?", "resident-9"))[0]).toMatch(/^Bạn hỏi cho xã\/phường nào\?/);
    expect((await zaloSays("#quen", "resident-9"))[0]).toMatch(/^Đã quên nơi bạn chọn/);
    expect((await zaloSays("#xa Lai Hung", "resident-9"))[0]).toMatch(/^Đã ghi nhớ: xã Lai Hưng\./);
    expect((await zaloSays("bhyt bao nhiêu?", "resident-9"))[0]).toContain("từ 93,45%");
  });
});
