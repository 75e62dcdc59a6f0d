import { Writable } from "node:stream";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useWebhookLogger } from "../../src/channels/webhookLogger.js";
import { FakeTelegram, FakeZalo } from "./fakePlatforms.js";
import { type Harness, postTelegram, postZalo, startHarness, telegramUpdate, zaloTextEvent } from "./harness.js";

let telegram: FakeTelegram;
let zalo: FakeZalo;

beforeAll(async () => {
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
});
afterAll(async () => {
  await telegram.stop();
  await zalo.stop();
});

const linesFor = (harness: Harness, url: string) =>
  harness.logs
    .join("")
    .split("\n")
    .filter((line) => line.includes(`"url":"${url}"`));

async function exchange(logLevel: "info" | "debug") {
  const harness = await startHarness({ telegram, zalo, config: { logLevel } });
  expect((await postTelegram(harness.url, telegramUpdate("bhyt lai hung"))).status).toBe(200);
  expect((await postZalo(harness.url, zaloTextEvent("bhyt lai hung", `user-${logLevel}`))).status).toBe(200);
  expect((await postTelegram(harness.url, telegramUpdate("bhyt lai hung"), "wrong-secret-0123456789")).status).toBe(401);
  expect((await postZalo(harness.url, zaloTextEvent("bhyt lai hung"), "forged")).status).toBe(401);
  expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  await harness.settled();
  await harness.stop();
  return harness;
}

describe("webhook request logs", () => {
  it("at the default level, leave out the requests that went well and keep the refusals", async () => {
    const harness = await exchange("info");
    const logs = harness.logs.join("");
    expect(linesFor(harness, "/webhooks/telegram")).toHaveLength(0);
    expect(linesFor(harness, "/webhooks/zalo")).toHaveLength(0);
    expect(logs).toContain("telegram webhook refused: wrong or missing secret token");
    expect(logs).toContain("zalo webhook refused");
    // Other routes keep Fastify's request logs.
    expect(linesFor(harness, "/healthz").join("\n")).toContain("incoming request");
    // The messages were answered all the same.
    expect(telegram.sent().length).toBeGreaterThanOrEqual(1);
  });

  it("at debug, log every webhook request again", async () => {
    const harness = await exchange("debug");
    expect(linesFor(harness, "/webhooks/telegram").join("\n")).toContain("incoming request");
    expect(linesFor(harness, "/webhooks/zalo").join("\n")).toContain("incoming request");
  });
});

describe("useWebhookLogger", () => {
  async function loggersOfTwoRequests(level: string) {
    const app = Fastify({ logger: { level, stream: new Writable({ write: (_chunk, _encoding, done) => done() }) } });
    const seen: FastifyBaseLogger[] = [];
    await app.register(async (scope) => {
      useWebhookLogger(scope, level);
      scope.post("/hook", async (request) => {
        seen.push(request.log);
        return { ok: true };
      });
    });
    app.get("/other", async (request) => {
      seen.push(request.log);
      return { ok: true };
    });
    for (const url of ["/hook", "/hook", "/other"]) {
      expect((await app.inject({ method: url === "/hook" ? "POST" : "GET", url })).statusCode).toBe(200);
    }
    await app.close();
    return seen;
  }

  it("below debug, gives the webhook requests one shared logger (at warn under info) and leaves other routes alone", async () => {
    const [first, second, other] = await loggersOfTwoRequests("info");
    expect(second).toBe(first);
    expect(first!.level).toBe("warn");
    expect(other).not.toBe(first);
    expect(other!.level).toBe("info");
    const [errorFirst, errorSecond] = await loggersOfTwoRequests("error");
    expect(errorSecond).toBe(errorFirst);
    expect(errorFirst!.level).toBe("error");
  });

  it("at debug, gives each request its own logger, at debug", async () => {
    const [first, second] = await loggersOfTwoRequests("debug");
    expect(second).not.toBe(first);
    expect(first!.level).toBe("debug");
  });
});
