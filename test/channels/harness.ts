import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { generatePlans } from "../../src/bench/syntheticPlans.js";
import { zaloSignature } from "../../src/channels/zalo/zaloSignature.js";
import type { AppConfig } from "../../src/config/config.js";
import { KnowledgeBase } from "../../src/knowledge/knowledgeBase.js";
import { createServer, type Server } from "../../src/server/createServer.js";
import { Store } from "../../src/store/store.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";
import type { FakeTelegram, FakeZalo } from "./fakePlatforms.js";

export const TELEGRAM_TOKEN = "123456:TEST-telegram-token";
export const TELEGRAM_SECRET = "webhook-secret-0123456789";
export const ZALO_APP_ID = "app-1";
export const ZALO_OA_SECRET = "oa-secret-key";

/** The environment variables that point a bot process's Zalo channel at a fake Zalo. */
export function zaloEnv(fakeUrl: string): Record<string, string> {
  return {
    ZALO_APP_ID,
    ZALO_APP_SECRET: "app-secret",
    ZALO_OA_SECRET_KEY: ZALO_OA_SECRET,
    ZALO_ACCESS_TOKEN: "access-0",
    ZALO_REFRESH_TOKEN: "refresh-0",
    ZALO_API_BASE: fakeUrl,
    ZALO_OAUTH_BASE: fakeUrl,
  };
}

/** The environment variables that point a bot process's Telegram channel at a fake Bot API. */
export function telegramEnv(fakeUrl: string): Record<string, string> {
  return { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: fakeUrl };
}

export interface Harness {
  server: Server;
  url: string;
  store: Store;
  dataDir: string;
  logs: string[];
  /** Resolves when every message received so far has been answered (the inbox answers in the background). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export function testConfig(overrides: Partial<AppConfig> & { telegramApi?: string; zaloBase?: string; dataDir: string }): AppConfig {
  const { telegramApi, zaloBase, ...rest } = overrides;
  return {
    host: "127.0.0.1",
    port: 0,
    logLevel: "info",
    knowledgeDir: SAMPLE_DIR,
    lexiconDir: join(SAMPLE_DIR, "../lexicon"),
    bodyLimitBytes: 64 * 1024,
    maxQuestionChars: 500,
    rateLimitPerMinute: 20,
    questionLogRetentionDays: 180,
    trustProxy: false,
    ...(telegramApi ? { telegram: { token: TELEGRAM_TOKEN, webhookSecret: TELEGRAM_SECRET, apiRoot: telegramApi } } : {}),
    ...(zaloBase
      ? {
          zalo: {
            appId: ZALO_APP_ID,
            appSecret: "app-secret",
            oaSecretKey: ZALO_OA_SECRET,
            accessToken: "access-0",
            refreshToken: "refresh-0",
            apiBase: zaloBase,
            oauthBase: zaloBase,
            maxEventAgeSeconds: 604_800,
          },
        }
      : {}),
    ...rest,
  };
}

export async function startHarness(options: {
  telegram?: FakeTelegram;
  zalo?: FakeZalo;
  dataDir?: string;
  knowledgeDir?: string;
  config?: Partial<AppConfig>;
  /** The inbox's waits before each retry; short by default, `"production"` for the real schedule. */
  inboxRetryDelaysMs?: readonly number[] | "production";
}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "kehoach-data-"));
  const config = testConfig({
    dataDir,
    ...(options.telegram ? { telegramApi: options.telegram.url } : {}),
    ...(options.zalo ? { zaloBase: options.zalo.url } : {}),
    ...(options.knowledgeDir ? { knowledgeDir: options.knowledgeDir } : {}),
    ...options.config,
  });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const store = Store.open(dataDir);
  const knowledge = await KnowledgeBase.open(config.knowledgeDir, { lexiconDir: config.lexiconDir });
  const server = await createServer({
    config,
    knowledge,
    store,
    logStream,
    telegramRetryAttempts: 2,
    ...(options.inboxRetryDelaysMs === "production" ? {} : { inboxRetryDelaysMs: options.inboxRetryDelaysMs ?? [50, 100] }),
  });
  const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    server,
    url,
    store,
    dataDir,
    logs,
    settled: () => server.inbox.idle(),
    async stop() {
      await server.close();
      await knowledge.close();
      store.close();
    },
  };
}

let updateId = 1000;
export function telegramUpdate(
  text: string,
  chat: { id: number; type: "private" | "group" } = { id: 42, type: "private" },
  extra: Record<string, unknown> = {},
) {
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: chat.type === "private" ? { ...chat, first_name: "Dân" } : { ...chat, title: "Khu phố 3" },
      // In a private chat Telegram gives the chat the user's id.
      from: { id: chat.type === "private" ? chat.id : 7, is_bot: false, first_name: "Dân" },
      text,
      ...extra,
    },
  };
}

export function postTelegram(url: string, update: unknown, secret: string | null = TELEGRAM_SECRET) {
  return fetch(`${url}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body: JSON.stringify(update),
  });
}

let msgCounter = 0;
/** A folder of `count` generated plans (each its own commune or ward), for replies that must stay short whatever their number. */
export function manyPlansDir(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `kb-${count}-plans-`));
  for (const plan of generatePlans(count)) writeFileSync(join(dir, plan.file), plan.text);
  return dir;
}

export function zaloTextEvent(text: string, userId = "user-1", overrides: Record<string, unknown> = {}) {
  return {
    app_id: ZALO_APP_ID,
    user_id_by_app: `app-${userId}`,
    event_name: "user_send_text",
    timestamp: String(Date.now()),
    sender: { id: userId },
    recipient: { id: "oa-1" },
    message: { text, msg_id: `msg-${++msgCounter}` },
    ...overrides,
  };
}

/** Posts a Zalo event signed as Zalo signs it (over the exact bytes sent). */
export function postZalo(url: string, event: Record<string, unknown>, sign: "valid" | "forged" | "none" | "mac" = "valid") {
  const raw = JSON.stringify(event);
  const signature = zaloSignature(
    String(event.app_id),
    Buffer.from(raw),
    String(event.timestamp),
    sign === "forged" ? "wrong-key" : ZALO_OA_SECRET,
  );
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (sign !== "none") headers["x-zevent-signature"] = sign === "mac" ? `mac=${signature}` : signature;
  return fetch(`${url}/webhooks/zalo`, { method: "POST", headers, body: raw });
}
