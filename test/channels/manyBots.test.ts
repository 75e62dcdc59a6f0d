import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
import { FakeTelegram, FakeZalo, waitFor } from "./fakePlatforms.js";
import { type Harness, startHarness, telegramUpdate, ZALO_APP_ID, ZALO_OA_SECRET, zaloTextEvent } from "./harness.js";
import { zaloSignature } from "../../src/channels/zalo/zaloSignature.js";

/** Two Telegram bots and two Zalo OAs, one of each for xã Lai Hưng and one for Phường 1, each on its own fake platform. */
const LAI_HUNG_SECRET = "lai-hung-secret-0123456789";
const PHUONG_SECRET = "phuong-1-secret-0123456789";
const CONSOLE = "https://kehoach.example.gov.vn";
const BHYT = "Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?";

let tgLaiHung: FakeTelegram;
let tgPhuong: FakeTelegram;
let zaloLaiHung: FakeZalo;
let zaloPhuong: FakeZalo;
let harness: Harness;
let channelsFile: string;

function channelsYaml(extra = ""): string {
  return `consoleUrl: ${CONSOLE}
telegram:
  - name: lai-hung
    token: \${LAI_HUNG_TELEGRAM_TOKEN}
    webhookSecret: ${LAI_HUNG_SECRET}
    apiRoot: ${tgLaiHung.url}
    places:
      commune: xã Lai Hưng
    officials:
      chat: "-1001"
      atOnce: true
  - name: phuong-1
    token: "222:phuong-token"
    webhookSecret: ${PHUONG_SECRET}
    apiRoot: ${tgPhuong.url}
    places: { commune: Phường 1 }
    rateLimitPerMinute: 2
    officials: { chat: "-1002", digestAt: "17:00" }
zalo:
  - name: lai-hung
    oaId: oa-lai-hung
    appId: ${ZALO_APP_ID}
    appSecret: app-secret
    oaSecretKey: \${LAI_HUNG_OA_SECRET}
    accessToken: access-0
    refreshToken: refresh-0
    apiBase: ${zaloLaiHung.url}
    oauthBase: ${zaloLaiHung.url}
    places: { commune: xã Lai Hưng }
  - name: phuong-1
    oaId: oa-phuong-1
    appId: ${ZALO_APP_ID}
    appSecret: app-secret
    oaSecretKey: phuong-oa-secret
    accessToken: access-0
    refreshToken: refresh-0
    apiBase: ${zaloPhuong.url}
    oauthBase: ${zaloPhuong.url}
    places: { commune: Phường 1 }
${extra}`;
}

function postTelegramTo(bot: string, update: unknown, secret: string) {
  return fetch(`${harness.url}/webhooks/telegram/${bot}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(update),
  });
}

function postZaloTo(oaId: string, text: string, key: string, userId = "user-1") {
  const event = zaloTextEvent(text, userId, { recipient: { id: oaId } });
  const raw = JSON.stringify(event);
  const signature = zaloSignature(ZALO_APP_ID, Buffer.from(raw), String(event.timestamp), key);
  return fetch(`${harness.url}/webhooks/zalo`, { method: "POST", headers: { "content-type": "application/json", "x-zevent-signature": signature }, body: raw });
}

const sentTexts = (fake: FakeTelegram) => fake.sent().map((call) => String(call.body.text));
const zaloTexts = (fake: FakeZalo) => fake.messages.map((call) => String((call.body.message as { text: string }).text));

beforeAll(async () => {
  [tgLaiHung, tgPhuong, zaloLaiHung, zaloPhuong] = await Promise.all([
    new FakeTelegram().start(),
    new FakeTelegram().start(),
    new FakeZalo().start(),
    new FakeZalo().start(),
  ]);
  process.env.LAI_HUNG_TELEGRAM_TOKEN = "111:lai-hung-token";
  process.env.LAI_HUNG_OA_SECRET = ZALO_OA_SECRET;
});
afterAll(async () => {
  await Promise.all([tgLaiHung.stop(), tgPhuong.stop(), zaloLaiHung.stop(), zaloPhuong.stop()]);
});
beforeEach(async () => {
  for (const fake of [tgLaiHung, tgPhuong]) fake.calls.length = 0;
  zaloLaiHung.reset();
  zaloPhuong.reset();
  const dir = mkdtempSync(join(tmpdir(), "kehoach-channels-"));
  channelsFile = join(dir, "channels.yaml");
  writeFileSync(channelsFile, channelsYaml());
  harness = await startHarness({
    config: {
      channelsFile,
      channelDefaults: { telegramApiRoot: tgLaiHung.url, zaloApiBase: zaloLaiHung.url, zaloOauthBase: zaloLaiHung.url, maxEventAgeSeconds: 604_800 },
    },
  });
});
afterEach(() => harness.stop());

describe("several bots on one install", () => {
  it("each Telegram bot answers the same question with its own commune's figure", async () => {
    expect((await postTelegramTo("lai-hung", telegramUpdate(BHYT, { id: 51, type: "private" }), LAI_HUNG_SECRET)).status).toBe(200);
    expect((await postTelegramTo("phuong-1", telegramUpdate(BHYT, { id: 52, type: "private" }), PHUONG_SECRET)).status).toBe(200);
    await waitFor(() => tgLaiHung.sent().length === 1 && tgPhuong.sent().length === 1);
    await harness.settled();
    expect(sentTexts(tgLaiHung)[0]).toContain("93,45%");
    expect(sentTexts(tgLaiHung)[0]).not.toContain("95%");
    expect(sentTexts(tgPhuong)[0]).toContain("95%");
    expect(sentTexts(tgPhuong)[0]).not.toContain("93,45%");
    // Each line of the question log says which bot was asked.
    expect(harness.store.recentQuestions(10, "all", { name: "lai-hung", channel: "telegram" }).map((q) => q.figure)).toEqual(["93,45%"]);
    expect(harness.store.recentQuestions(10, "all", { name: "phuong-1" }).map((q) => [q.channel, q.bot, q.figure])).toEqual([["telegram", "phuong-1", "95%"]]);
  });

  it("each Zalo OA answers the same question with its own commune's figure", async () => {
    expect((await postZaloTo("oa-lai-hung", BHYT, ZALO_OA_SECRET)).status).toBe(200);
    expect((await postZaloTo("oa-phuong-1", BHYT, "phuong-oa-secret")).status).toBe(200);
    await waitFor(() => zaloLaiHung.messages.length === 1 && zaloPhuong.messages.length === 1);
    await harness.settled();
    expect(zaloTexts(zaloLaiHung)[0]).toMatch(/^từ 93,45%: «Tỷ lệ người tham gia Bảo hiểm y tế/);
    expect(zaloTexts(zaloPhuong)[0]).toMatch(/^trên 95%: «Tỷ lệ người tham gia bảo hiểm y tế/);
  });

  it("limits each bot's residents at its own rate", async () => {
    for (let i = 0; i < 3; i++) {
      await postTelegramTo("phuong-1", telegramUpdate(BHYT, { id: 60, type: "private" }), PHUONG_SECRET);
      await postTelegramTo("lai-hung", telegramUpdate(BHYT, { id: 60, type: "private" }), LAI_HUNG_SECRET);
    }
    await waitFor(() => tgLaiHung.sent().length === 3 && tgPhuong.sent().length === 3);
    await harness.settled();
    expect(sentTexts(tgLaiHung).every((text) => text.includes("93,45%"))).toBe(true);
    expect(sentTexts(tgPhuong).slice(0, 2).every((text) => text.includes("95%"))).toBe(true);
    expect(sentTexts(tgPhuong)[2]).toMatch(/^Bạn đã hỏi nhiều câu trong một phút/);
  });

  it("routes a follow to the OA it names (oa_id) and greets from that OA", async () => {
    const event = zaloTextEvent("", "user-9", { event_name: "follow", oa_id: "oa-phuong-1", recipient: undefined, sender: undefined, message: undefined, follower: { id: "user-9" } });
    const raw = JSON.stringify(event);
    const signature = zaloSignature(ZALO_APP_ID, Buffer.from(raw), String(event.timestamp), "phuong-oa-secret");
    const response = await fetch(`${harness.url}/webhooks/zalo`, { method: "POST", headers: { "content-type": "application/json", "x-zevent-signature": signature }, body: raw });
    expect(response.status).toBe(200);
    await waitFor(() => zaloPhuong.messages.length === 1);
    expect(zaloPhuong.messages[0]!.body.recipient).toEqual({ user_id: "user-9" });
    expect(zaloLaiHung.messages).toEqual([]);
  });

  it("refuses a forged request to one bot's route: 401, nothing recorded or sent", async () => {
    // Phường 1's secret is not Lai Hưng's.
    expect((await postTelegramTo("lai-hung", telegramUpdate(BHYT), PHUONG_SECRET)).status).toBe(401);
    expect((await postTelegramTo("no-such-bot", telegramUpdate(BHYT), PHUONG_SECRET)).status).toBe(404);
    // The bare route is the environment's bot's, and there is none.
    expect((await fetch(`${harness.url}/webhooks/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": LAI_HUNG_SECRET }, body: "{}" })).status).toBe(404);
    // An event addressed to Lai Hưng's OA signed with Phường 1's key.
    expect((await postZaloTo("oa-lai-hung", BHYT, "phuong-oa-secret")).status).toBe(401);
    expect((await postZaloTo("oa-unknown", BHYT, ZALO_OA_SECRET)).status).toBe(401);
    await harness.settled();
    expect(harness.server.journal.pending()).toEqual([]);
    expect(tgLaiHung.sent()).toEqual([]);
    expect(zaloLaiHung.messages).toEqual([]);
    expect(zaloPhuong.messages).toEqual([]);
    expect(harness.logs.join("")).toContain('"bot":"lai-hung"');
  });

  it("one OA's token refresh leaves the other's tokens alone, across a restart", async () => {
    zaloLaiHung.script.push({ body: { error: -216, message: "Access token is invalid" } });
    await postZaloTo("oa-lai-hung", BHYT, ZALO_OA_SECRET);
    await waitFor(() => zaloLaiHung.messages.length === 2);
    await postZaloTo("oa-phuong-1", BHYT, "phuong-oa-secret");
    await waitFor(() => zaloPhuong.messages.length === 1);
    await harness.settled();
    expect(zaloLaiHung.refreshes).toHaveLength(1);
    expect(zaloLaiHung.messages.at(-1)!.headers.access_token).toBe("access-1");
    expect(zaloPhuong.refreshes).toEqual([]);
    expect(zaloPhuong.messages[0]!.headers.access_token).toBe("access-0");
    await harness.stop();
    const reopened = Store.open(harness.dataDir);
    try {
      expect(reopened.getZaloTokens("lai-hung")).toMatchObject({ accessToken: "access-1", refreshToken: "refresh-1" });
      expect(reopened.getZaloTokens("phuong-1")).toMatchObject({ accessToken: "access-0", refreshToken: "refresh-0" });
      // The environment's OA (none here) has no pair.
      expect(reopened.getZaloTokens()).toBeUndefined();
    } finally {
      reopened.close();
    }
    harness = await startHarness({ dataDir: harness.dataDir, config: { channelsFile } });
  });

  it("answers a question naming another place from that place's plan, and says so", async () => {
    await postTelegramTo("lai-hung", telegramUpdate("Tỷ lệ thu gom rác ở Phường 1 là bao nhiêu?", { id: 53, type: "private" }), LAI_HUNG_SECRET);
    await postZaloTo("oa-lai-hung", "Tỷ lệ thu gom rác ở Phường 1 là bao nhiêu?", ZALO_OA_SECRET);
    await waitFor(() => tgLaiHung.sent().length === 1 && zaloLaiHung.messages.length === 1);
    // Phường 1 was merged in 2025: the former-name note comes first, on the same line.
    const merged = "Từ 01/07/2025, Phường 1 \\(thành phố Tây Ninh cũ\\) thuộc phường Tân Ninh\\. ";
    expect(sentTexts(tgLaiHung)[0]).toMatch(new RegExp(`^<i>${merged}Theo kế hoạch của Phường 1 \\(không phải của Xã Lai Hưng\\):</i>\n<b>95%</b>`, "i"));
    expect(zaloTexts(zaloLaiHung)[0]).toMatch(new RegExp(`^${merged}Theo kế hoạch của Phường 1 \\(không phải của Xã Lai Hưng\\):\n95%: «Tỷ lệ thu gom rác đạt 95%\\.»`, "i"));
  });

  it("remembers a resident's place per bot: the same chat on two commune bots keeps two places", async () => {
    const chat = { id: 77, type: "private" as const };
    const command = (text: string) => ({ entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] });
    const say = async (bot: "lai-hung" | "phuong-1", text: string) => {
      const fake = bot === "lai-hung" ? tgLaiHung : tgPhuong;
      const before = fake.sent().length;
      const extra = text.startsWith("/") ? command(text) : {};
      expect((await postTelegramTo(bot, telegramUpdate(text, chat, extra), bot === "lai-hung" ? LAI_HUNG_SECRET : PHUONG_SECRET)).status).toBe(200);
      await harness.settled();
      return sentTexts(fake).slice(before).join("\n");
    };
    // Each resident's place is set on one bot only, and is the other bot's commune.
    expect(await say("lai-hung", "/xa Phường 1")).toMatch(/^Đã ghi nhớ: Phường 1\./);
    expect(await say("phuong-1", "/xa xã Lai Hưng")).toMatch(/^Đã ghi nhớ: xã Lai Hưng\./);

    // A question naming no place: the remembered place wins over the bot's home, each bot its own.
    const onLaiHung = await say("lai-hung", BHYT);
    expect(onLaiHung).toContain("<b>trên 95%</b>");
    expect(onLaiHung).toMatch(/không phải của xã Lai Hưng/i);
    const onPhuong = await say("phuong-1", BHYT);
    expect(onPhuong).toContain("<b>từ 93,45%</b>");
    expect(onPhuong).toMatch(/không phải của Phường 1/i);
    expect(harness.store.chatMemory({ channel: "telegram", chatId: "77", bot: "lai-hung" })?.place).toBe("Phường 1");
    expect(harness.store.chatMemory({ channel: "telegram", chatId: "77", bot: "phuong-1" })?.place).toBe("xã Lai Hưng");
    expect(harness.store.chatMemory({ channel: "telegram", chatId: "77" })).toBeUndefined();

    // Forgotten on one bot: that bot answers for its home again, the other still remembers.
    expect(await say("lai-hung", "/quen")).toMatch(/^Đã quên nơi bạn chọn/);
    expect(await say("lai-hung", BHYT)).toContain("<b>từ 93,45%</b>");
    expect(harness.store.chatMemory({ channel: "telegram", chatId: "77", bot: "phuong-1" })?.place).toBe("xã Lai Hưng");
    // Each bot's lines in the question log.
    expect(harness.store.recentQuestions(10, "all", { name: "lai-hung" }).map((q) => q.figure)).toEqual(["93,45%", "95%"]);
    expect(harness.store.recentQuestions(10, "all", { name: "phuong-1" }).map((q) => q.figure)).toEqual(["93,45%"]);
  });

  it("sends an unanswered question at once to the officials' chat, with a link that saves it", async () => {
    await postTelegramTo("lai-hung", telegramUpdate("Bao giờ có sân bay quốc tế?", { id: 54, type: "private" }), LAI_HUNG_SECRET);
    await waitFor(() => tgLaiHung.sent().some((call) => String(call.body.chat_id) === "-1001"));
    const [logged] = harness.store.recentQuestions(1, "unanswered", { name: "lai-hung" });
    const notice = tgLaiHung.sent().find((call) => String(call.body.chat_id) === "-1001")!;
    expect(notice.body.parse_mode).toBe("HTML");
    expect(String(notice.body.text)).toContain("Bot lai-hung chưa trả lời được câu hỏi");
    expect(String(notice.body.text)).toContain("«Bao giờ có sân bay quốc tế?»");
    expect(String(notice.body.text)).toContain(`<a href="${CONSOLE}/admin#save-log=${logged!.id}">Lưu thành câu hỏi mẫu / Save as a saved question</a>`);
    // An answered question is not sent.
    await postTelegramTo("lai-hung", telegramUpdate(BHYT, { id: 54, type: "private" }), LAI_HUNG_SECRET);
    await harness.settled();
    await harness.server.officials.check();
    expect(tgLaiHung.sent().filter((call) => String(call.body.chat_id) === "-1001")).toHaveLength(1);
  });

  it("sends the day's unanswered questions as one digest when it is due, once", async () => {
    await postTelegramTo("phuong-1", telegramUpdate("Bao giờ có sân bay quốc tế?", { id: 55, type: "private" }), PHUONG_SECRET);
    await postTelegramTo("phuong-1", telegramUpdate("Giá vàng hôm nay?", { id: 56, type: "private" }), PHUONG_SECRET);
    await harness.settled();
    await harness.server.officials.check();
    // Not at once, and its time has not come since the bot was first seen.
    expect(tgPhuong.sent().filter((call) => String(call.body.chat_id) === "-1002")).toEqual([]);
    // As if the last digest had gone out long ago.
    harness.store.setSetting("officials.digestSentAt.telegram.phuong-1", "0");
    await harness.server.officials.check();
    await harness.server.officials.check();
    const digests = tgPhuong.sent().filter((call) => String(call.body.chat_id) === "-1002");
    expect(digests).toHaveLength(1);
    const text = String(digests[0]!.body.text);
    expect(text).toContain("Câu hỏi bot phuong-1 chưa trả lời được (2)");
    expect(text).toContain("Questions the bot phuong-1 could not answer (2)");
    expect(text.match(/#save-log=\d+/g)).toHaveLength(2);
    expect(text.indexOf("sân bay")).toBeLessThan(text.indexOf("Giá vàng"));
  });

  it("lists the bots in the console with their state and filters the residents' log per bot", async () => {
    tgLaiHung.webhookUrl = "https://kehoach.example.gov.vn/webhooks/telegram/lai-hung";
    await postTelegramTo("lai-hung", telegramUpdate(BHYT, { id: 57, type: "private" }), LAI_HUNG_SECRET);
    await postZaloTo("oa-phuong-1", BHYT, "phuong-oa-secret");
    await waitFor(() => tgLaiHung.sent().length === 1 && zaloPhuong.messages.length === 1);
    await harness.settled();
    const { bots } = (await (await fetch(`${harness.url}/api/admin/bots`)).json()) as { bots: Record<string, unknown>[] };
    expect(bots.map((bot) => `${bot.channel}:${bot.name}`)).toEqual(["telegram:lai-hung", "telegram:phuong-1", "zalo:lai-hung", "zalo:phuong-1"]);
    expect(bots[0]).toMatchObject({ route: "/webhooks/telegram/lai-hung", webhook: { set: true }, home: { plans: ["lai-hung-2024.txt"], missing: [] } });
    expect(bots[1]).toMatchObject({ webhook: { set: false, url: "" }, lastMessageAt: null });
    expect(typeof bots[0]!.lastMessageAt).toBe("number");
    expect(bots[3]!.tokenExpiresAt).toBeGreaterThan(Date.now());
    expect(typeof bots[3]!.lastMessageAt).toBe("number");
    const log = (await (await fetch(`${harness.url}/api/admin/questions?bot=phuong-1&channel=zalo`)).json()) as { questions: { bot: string; channel: string }[] };
    expect(log.questions.map((q) => [q.channel, q.bot])).toEqual([["zalo", "phuong-1"]]);
  });

  it("takes a changed channels file without a restart, and keeps the last good one when the new one has errors", async () => {
    writeFileSync(channelsFile, channelsYaml().replace("commune: xã Lai Hưng\n    officials", "commune: Phường 1\n    officials"));
    await waitFor(() => harness.server.bots.telegramBot("lai-hung")?.config.places.commune === "Phường 1");
    await postTelegramTo("lai-hung", telegramUpdate(BHYT, { id: 58, type: "private" }), LAI_HUNG_SECRET);
    await waitFor(() => tgLaiHung.sent().length === 1);
    expect(sentTexts(tgLaiHung)[0]).toContain("95%");

    writeFileSync(channelsFile, channelsYaml().replace("token: \"222:phuong-token\"", "token: nonsense"));
    await waitFor(() => harness.server.channelsFile?.problem !== undefined);
    const health = (await (await fetch(`${harness.url}/healthz`)).json()) as { status: string; problems: string[] };
    expect(health.status).toBe("degraded");
    expect(health.problems.join("\n")).toMatch(/Tệp kênh .*channels\.yaml có lỗi.*telegram\[1\] \(phuong-1\)\.token: phải có dạng 123456:ABC-DEF\.\.\./);
    // The bots still run as before.
    expect((await postTelegramTo("phuong-1", telegramUpdate(BHYT, { id: 59, type: "private" }), PHUONG_SECRET)).status).toBe(200);
  });
});
