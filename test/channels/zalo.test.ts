import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
import { FakeZalo, waitFor } from "./fakePlatforms.js";
import { type Harness, manyPlansDir, postZalo, startHarness, ZALO_OA_SECRET, zaloTextEvent } from "./harness.js";

let zalo: FakeZalo;
let harness: Harness;

beforeAll(async () => {
  zalo = await new FakeZalo().start();
});
afterAll(() => zalo.stop());
beforeEach(async () => {
  zalo.reset();
  harness = await startHarness({ zalo });
});
afterEach(() => harness.stop());

const settle = () => harness.settled();

describe("Zalo OA webhook", () => {
  it("acknowledges a signed message at once and sends exactly one cited answer", async () => {
    const started = Date.now();
    const response = await postZalo(harness.url, zaloTextEvent("Tỷ lệ thu gom rác là bao nhiêu?"));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => zalo.messages.length === 1);
    await settle();
    expect(zalo.messages).toHaveLength(1);
    expect(zalo.messages[0]!.headers.access_token).toBe("access-0");
    expect(zalo.messages[0]!.body).toEqual({
      recipient: { user_id: "user-1" },
      message: {
        text: "95%: «Tỷ lệ thu gom rác đạt 95%.» (Kế hoạch số 05/KH-UBND ngày 19/01/2024 của UBND Phường 1, mục I.2 Chỉ tiêu chủ yếu)",
      },
    });
  });

  it("accepts the signature with a mac= prefix", async () => {
    expect((await postZalo(harness.url, zaloTextEvent("bhyt lai hung"), "mac")).status).toBe(200);
    await waitFor(() => zalo.messages.length === 1);
  });

  it.each([
    ["forged", "forged"],
    ["unsigned", "none"],
  ] as const)("refuses a %s event: 401 and no outgoing call", async (_label, sign) => {
    const response = await postZalo(harness.url, zaloTextEvent("Tỷ lệ thu gom rác?"), sign);
    expect(response.status).toBe(401);
    await settle();
    expect(zalo.messages).toEqual([]);
  });

  it("accepts a signed event whatever its age; answers one Zalo delivers again after an outage, not one older than the reply window", async () => {
    const hourOld = zaloTextEvent("Tỷ lệ thu gom rác?", "user-1", { timestamp: String(Date.now() - 3600_000) });
    expect((await postZalo(harness.url, hourOld)).status).toBe(200);
    const weekOld = zaloTextEvent("bhyt lai hung", "user-2", { timestamp: String(Math.floor((Date.now() - 8 * 86_400_000) / 1000)) });
    expect((await postZalo(harness.url, weekOld)).status).toBe(200);
    await settle();
    expect(zalo.messages.map((m) => m.body.recipient)).toEqual([{ user_id: "user-1" }]);
    const skipped = harness.logs.find((l) => l.includes("zalo event too old to answer"))!;
    expect(JSON.parse(skipped)).toMatchObject({ event: "user_send_text", maxAgeSeconds: 604_800 });
    expect(JSON.parse(skipped).ageSeconds).toBeGreaterThan(8 * 86_400 - 60);
    expect(skipped).not.toContain("user-2");
    expect(harness.logs.join("")).not.toContain("zalo webhook refused");
    expect(harness.server.journal.pending()).toEqual([]);
  });

  it("refuses a body changed after signing", async () => {
    const event = zaloTextEvent("Tỷ lệ thu gom rác?");
    const { zaloSignature } = await import("../../src/channels/zalo/zaloSignature.js");
    const signature = zaloSignature(String(event.app_id), Buffer.from(JSON.stringify(event)), String(event.timestamp), ZALO_OA_SECRET);
    // Same JSON, other bytes: the signature covers the raw body, not a re-serialisation.
    const respaced = JSON.stringify(event, null, 1);
    const response = await fetch(`${harness.url}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-zevent-signature": signature },
      body: respaced,
    });
    expect(response.status).toBe(401);
    await settle();
    expect(zalo.messages).toEqual([]);
  });

  it("signs a body given as text as its UTF-8 bytes", async () => {
    const { zaloSignature } = await import("../../src/channels/zalo/zaloSignature.js");
    const body = JSON.stringify(zaloTextEvent("Tỷ lệ hộ nghèo ở Phường 1?"));
    const fromText = zaloSignature("app", body, "1700000000000", ZALO_OA_SECRET);
    expect(fromText).toBe(zaloSignature("app", Buffer.from(body), "1700000000000", ZALO_OA_SECRET));
    expect(fromText).toMatch(/^[0-9a-f]{64}$/);
    expect(zaloSignature("app", `${body} `, "1700000000000", ZALO_OA_SECRET)).not.toBe(fromText);
  });

  it("checks the signature over the bytes sent: Vietnamese text in two packets passes, bytes that are not UTF-8 do not", async () => {
    const { request } = await import("node:http");
    const { zaloSignature } = await import("../../src/channels/zalo/zaloSignature.js");
    const post = (body: Buffer, parts: Buffer[]) =>
      new Promise<number>((resolve, reject) => {
        const event = JSON.parse(body.toString("utf8")) as { app_id: string; timestamp: string };
        const req = request(`${harness.url}/webhooks/zalo`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": body.length,
            "x-zevent-signature": zaloSignature(event.app_id, body, event.timestamp, ZALO_OA_SECRET),
          },
        });
        req.on("response", (response) => {
          response.resume();
          resolve(response.statusCode!);
        });
        req.on("error", reject);
        for (const part of parts) req.write(part);
        req.end();
      });
    const text = Buffer.from(JSON.stringify(zaloTextEvent("Tỷ lệ thu gom rác là bao nhiêu?", "user-split")));
    // Cut inside the two bytes of "ỷ": the body is decoded whole, not packet by packet.
    const cut = text.indexOf(Buffer.from("ỷ")) + 1;
    expect(await post(text, [text.subarray(0, cut), text.subarray(cut)])).toBe(200);
    await waitFor(() => zalo.messages.length === 1);
    expect(JSON.stringify(zalo.messages[0]!.body)).toContain("95%");

    const notUtf8 = Buffer.from(JSON.stringify(zaloTextEvent("Tỷ lệ XX", "user-latin1")));
    notUtf8.write("\xff\xfe", notUtf8.indexOf("XX"), "latin1");
    expect(await post(notUtf8, [notUtf8])).toBe(401);
    await settle();
    expect(zalo.messages).toHaveLength(1);
  });

  it("answers the same msg_id once", async () => {
    const event = zaloTextEvent("bhyt lai hung");
    await postZalo(harness.url, event);
    await postZalo(harness.url, event);
    await settle();
    expect(zalo.messages).toHaveLength(1);
  });

  it("greets a new follower and asks for text when sent an image; ignores other events", async () => {
    const base = { app_id: "app-1", timestamp: String(Date.now()), sender: { id: "user-2" }, recipient: { id: "oa-1" } };
    await postZalo(harness.url, { ...base, event_name: "follow", follower: { id: "user-2" } });
    await postZalo(harness.url, { ...base, event_name: "user_send_image", message: { msg_id: "img-1", attachments: [] } });
    await postZalo(harness.url, { ...base, event_name: "oa_send_text", message: { msg_id: "oa-1", text: "x" } });
    await settle();
    const texts = zalo.messages.map((m) => (m.body.message as { text: string }).text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^Xin chào!/);
    expect(texts[1]).toMatch(/^Xin vui lòng gõ câu hỏi/);
  });

  it("on -216 refreshes the token once, retries, and keeps the rotated pair across a restart", async () => {
    zalo.script.push({ body: { error: -216, message: "Access token is invalid" } });
    await postZalo(harness.url, zaloTextEvent("Tỷ lệ thu gom rác?"));
    await settle();
    expect(zalo.refreshes).toHaveLength(1);
    expect(zalo.refreshes[0]!.body).toEqual({ app_id: "app-1", grant_type: "refresh_token", refresh_token: "refresh-0" });
    expect(zalo.messages.map((m) => m.headers.access_token)).toEqual(["access-0", "access-1"]);
    const dataDir = harness.dataDir;
    await harness.stop();

    const reopened = Store.open(dataDir);
    expect(reopened.getZaloTokens()).toMatchObject({ accessToken: "access-1", refreshToken: "refresh-1" });
    expect(reopened.getZaloTokens()!.expiresAt).toBeGreaterThan(Date.now() + 24 * 3600_000);
    reopened.close();

    // After a restart the store, not the environment, is the source of truth.
    harness = await startHarness({ zalo, dataDir });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung"));
    await settle();
    expect(zalo.messages[2]!.headers.access_token).toBe("access-1");
  });

  it("refreshes only once when several replies find the token expired together", async () => {
    zalo.script.push({ body: { error: -216 } }, { body: { error: -216 } }, { body: { error: -216 } });
    await Promise.all(["a", "b", "c"].map((u) => postZalo(harness.url, zaloTextEvent("bhyt lai hung", u))));
    await settle();
    expect(zalo.refreshes).toHaveLength(1);
    expect(zalo.messages.map((m) => m.headers.access_token)).toEqual([
      "access-0",
      "access-0",
      "access-0",
      "access-1",
      "access-1",
      "access-1",
    ]);
  });

  it("refreshes ahead of expiry, before sending", async () => {
    harness.store.saveZaloTokens({ accessToken: "access-0", refreshToken: "refresh-0", expiresAt: Date.now() + 60_000 });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung"));
    await settle();
    expect(zalo.refreshes).toHaveLength(1);
    expect(zalo.messages.map((m) => m.headers.access_token)).toEqual(["access-1"]);
  });

  it("logs clearly and gives up when the refresh token is refused", async () => {
    zalo.validRefreshToken = "someone-else-used-it";
    zalo.script.push({ body: { error: -216 } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung"));
    await settle();
    expect(zalo.messages).toHaveLength(1);
    expect(harness.logs.join("")).toContain("the OA admin must authorise the app again");
  });

  it("retries -32, 5xx and dropped connections on the inbox's schedule, past the four attempts of a short outage", async () => {
    await harness.stop();
    harness = await startHarness({ zalo, inboxRetryDelaysMs: [20, 20, 20, 20, 20, 20] });
    zalo.script.push({ body: { error: -32, message: "rate limit" } }, { status: 502, body: "bad gateway" }, "drop", { status: 503, body: "unavailable" }, { body: { error: -32 } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-3"));
    await waitFor(() => zalo.messages.length === 6);
    await settle();
    await waitFor(() => harness.server.journal.pending().length === 0);
    expect(zalo.messages).toHaveLength(6);
    const retries = harness.logs.filter((l) => l.includes("message could not be answered; will retry")).map((l) => JSON.parse(l));
    expect(retries.map((r) => r.error)).toEqual(["zalo rate limit (-32)", "HTTP 502", "network: ECONNRESET", "HTTP 503", "zalo rate limit (-32)"]);
    expect(retries.every((r) => r.channel === "zalo")).toBe(true);
    expect(harness.logs.join("")).not.toContain("given up");
  });

  it("keeps a failed Zalo reply in the inbox on the long schedule, as for Telegram", async () => {
    await harness.stop();
    harness = await startHarness({ zalo, inboxRetryDelaysMs: "production" });
    zalo.script.push({ status: 502, body: "bad gateway" });
    const before = Date.now();
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-3"));
    await waitFor(() => harness.logs.join("").includes("will retry"));
    await settle();
    const [pending] = harness.server.journal.pending();
    expect(pending).toMatchObject({ channel: "zalo", attempts: 1 });
    expect(pending!.nextAttemptAt).toBeGreaterThanOrEqual(before + 5_000);
    expect(zalo.messages).toHaveLength(1);
  });

  it("says in one line when a Zalo reply is finally given up, with nothing of the resident's", async () => {
    zalo.script.push({ status: 502, body: "bad gateway" }, { status: 502, body: "bad gateway" }, { body: { error: -32 } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-9"));
    await waitFor(() => harness.logs.join("").includes("given up"));
    const line = harness.logs.find((l) => l.includes("message could not be answered; given up"))!;
    expect(JSON.parse(line)).toMatchObject({ level: 50, channel: "zalo", error: "zalo rate limit (-32)", attempts: 3 });
    expect(line).not.toContain("user-9");
    expect(line).not.toContain("lai hung");
    expect(harness.server.journal.pending()).toEqual([]);
  });

  it("gives up at once, saying why, when Zalo does not allow the reply (-230 outside the window, -213 not a follower)", async () => {
    zalo.script.push({ body: { error: -230, message: "User has not interacted with the OA in 7 days" } }, { body: { error: -213 } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-5"));
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-6"));
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(zalo.messages).toHaveLength(2);
    const lines = harness.logs.filter((l) => l.includes("zalo: the user cannot be messaged now")).map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.zaloError, l.why])).toEqual([
      [-230, expect.stringContaining("reply window")],
      [-213, expect.stringContaining("does not follow")],
    ]);
    expect(harness.logs.join("")).not.toContain("will retry");
  });

  it("greets a new follower in one message with 300 plans", async () => {
    await harness.stop();
    harness = await startHarness({ zalo, knowledgeDir: manyPlansDir(300) });
    const base = { app_id: "app-1", timestamp: String(Date.now()), sender: { id: "user-7" }, recipient: { id: "oa-1" } };
    await postZalo(harness.url, { ...base, event_name: "follow", follower: { id: "user-7" } });
    await settle();
    expect(zalo.messages).toHaveLength(1);
    const text = (zalo.messages[0]!.body.message as { text: string }).text;
    expect(text).toMatch(/^Xin chào!/);
    expect(text).toContain("Tôi có 300 kế hoạch");
    expect(text.length).toBeLessThan(1000);
  });

  it("does not send again the parts of a long reply already delivered when a later part fails", async () => {
    await harness.stop();
    const dir = mkdtempSync(join(tmpdir(), "kb-long-"));
    const clause = "vận động các hộ tham gia giữ gìn vệ sinh môi trường, ";
    writeFileSync(join(dir, "xa-dai-2024.txt"), `Số: 01/KH-UBND\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ được tuyên truyền đạt 97%, ${clause.repeat(60)}cuối cùng.\n`);
    harness = await startHarness({ zalo, knowledgeDir: dir });
    zalo.script.push({ body: { error: 0, message: "Success" } }, { status: 502, body: "bad gateway" });
    await postZalo(harness.url, zaloTextEvent("Tỷ lệ hộ được tuyên truyền?"));
    await waitFor(() => harness.logs.join("").includes("will retry"));
    await settle();
    await waitFor(() => harness.server.journal.pending().length === 0);
    const texts = zalo.messages.map((m) => (m.body.message as { text: string }).text);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^97%/);
    expect(texts[2]).toBe(texts[1]);
    expect(texts[1]).not.toBe(texts[0]);
  });

  it("splits a reply over 2000 characters into several messages", async () => {
    await harness.stop();
    const dir = mkdtempSync(join(tmpdir(), "kb-long-"));
    const clause = "vận động các hộ tham gia giữ gìn vệ sinh môi trường, ";
    writeFileSync(
      join(dir, "xa-dai-2024.txt"),
      `Số: 01/KH-UBND\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ được tuyên truyền đạt 97%, ${clause.repeat(60)}cuối cùng.\n`,
    );
    harness = await startHarness({ zalo, knowledgeDir: dir });
    await postZalo(harness.url, zaloTextEvent("Tỷ lệ hộ được tuyên truyền?"));
    await settle();
    const texts = zalo.messages.map((m) => (m.body.message as { text: string }).text);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(2000);
    expect(texts[0]).toMatch(/^97%: «Tỷ lệ hộ được tuyên truyền/);
  });

  it("never logs the tokens or the secret key", async () => {
    zalo.script.push({ body: { error: -216 } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung"));
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung"), "forged");
    await settle();
    const logs = harness.logs.join("");
    expect(logs).toContain("zalo access token refreshed");
    for (const secret of ["access-0", "access-1", "refresh-0", "refresh-1", ZALO_OA_SECRET, "app-secret"])
      expect(logs).not.toContain(secret);
  });
});

describe("request bodies", () => {
  it("answers 413 to an oversized body and 400 to malformed JSON on every route", async () => {
    const big = JSON.stringify({ padding: "x".repeat(70 * 1024) });
    for (const path of ["/webhooks/zalo"]) {
      const tooLarge = await fetch(`${harness.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
      expect(tooLarge.status).toBe(413);
      const malformed = await fetch(`${harness.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      expect(malformed.status).toBe(400);
    }
    await settle();
    expect(zalo.messages).toEqual([]);
  });
});
