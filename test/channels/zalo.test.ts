import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
import { FakeZalo, waitFor } from "./fakePlatforms.js";
import { type Harness, postZalo, startHarness, ZALO_OA_SECRET, zaloTextEvent } from "./harness.js";

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

  it("refuses a stale timestamp, and a body changed after signing", async () => {
    const stale = zaloTextEvent("Tỷ lệ thu gom rác?", "user-1", { timestamp: String(Date.now() - 3600_000) });
    expect((await postZalo(harness.url, stale)).status).toBe(401);
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

  it("retries -32, 5xx and dropped connections with backoff, and gives up on -230", async () => {
    zalo.script.push({ body: { error: -32, message: "rate limit" } }, { status: 502, body: "bad gateway" }, "drop");
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-3"));
    await settle();
    expect(zalo.messages).toHaveLength(3);
    expect(harness.logs.join("")).toContain("zalo message not delivered after retries");

    harness = await startHarness({ zalo });
    zalo.messages.length = 0;
    zalo.script.push({ body: { error: -32 } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-4"));
    await settle();
    expect(zalo.messages).toHaveLength(2);

    harness = await startHarness({ zalo });
    zalo.messages.length = 0;
    zalo.script.push({ body: { error: -230, message: "User has not interacted with the OA in 7 days" } });
    await postZalo(harness.url, zaloTextEvent("bhyt lai hung", "user-5"));
    await settle();
    expect(zalo.messages).toHaveLength(1);
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
