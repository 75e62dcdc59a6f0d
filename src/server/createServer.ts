import { timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { registerAdmin } from "../admin/adminRoutes.js";
import { Conversation } from "../channels/conversation.js";
import { DeliveryInbox, type DeliveryHandler } from "../channels/deliveryInbox.js";
import { createTelegramBot, telegramDelivery, telegramDeliveryHandler } from "../channels/telegram/telegramBot.js";
import { useWebhookLogger } from "../channels/webhookLogger.js";
import { ZaloChannel } from "../channels/zalo/zaloChannel.js";
import { type RetryPolicy, ZaloClient } from "../channels/zalo/zaloClient.js";
import { ZaloTokens } from "../channels/zalo/zaloTokens.js";
import { type AppConfig, CONNECTION_DEFAULTS, ConfigError } from "../config/config.js";
import type { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { bilingual, viThenEn } from "../messages/catalogue.js";
import { passageCount } from "../search/knowledgeIndex.js";
import { InboxJournal } from "../store/inboxJournal.js";
import type { Store } from "../store/store.js";
import { isProxyAddress, trustOneLocalProxy } from "./clientAddress.js";
import { limitConnectionsPerAddress } from "./connectionLimits.js";
import { logStorageProblems, storageProblems } from "../store/storageHealth.js";

/** Headers and fields that carry secrets; pino writes "[redacted]" instead. */
export const REDACTED_PATHS = [
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-zevent-signature"]',
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers.access_token",
  "req.headers.secret_key",
  "*.accessToken",
  "*.refreshToken",
  "*.access_token",
  "*.refresh_token",
  "*.token",
  "*.password",
  "*.secret",
];

const INBOX_JOURNAL_FILE = "inbox.journal";

const megabytes = (bytes: number) => Math.round(bytes / 104_857.6) / 10;

export interface ServerOptions {
  config: AppConfig;
  knowledge: KnowledgeBase;
  store: Store;
  /** Where logs go (tests capture them). */
  logStream?: NodeJS.WritableStream;
  zaloRetry?: RetryPolicy;
  telegramRetryAttempts?: number;
  /** Waits before retrying a message that could not be answered (tests shorten them). */
  inboxRetryDelaysMs?: readonly number[];
}

export interface Server {
  app: FastifyInstance;
  channels: { telegram: boolean; zalo: boolean };
  inbox: DeliveryInbox;
  /** The inbox on disk: what was acknowledged and not yet answered. */
  journal: InboxJournal;
  /** Stops accepting, finishes the replies under way; the rest of the inbox waits for the next start. The store is closed by its owner. */
  close(): Promise<void>;
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * How long a connection may take: the whole request (a half-sent body is answered 408 and closed),
 * silence on the socket, and keep-alive between requests. Node checks the request deadline every
 * connectionsCheckingInterval, 30 s by default: far too coarse for a short deadline.
 */
function connectionTimeouts(config: AppConfig) {
  const requestMs = (config.requestTimeoutSeconds ?? CONNECTION_DEFAULTS.requestTimeoutSeconds) * 1000;
  const idleMs = (config.idleTimeoutSeconds ?? CONNECTION_DEFAULTS.idleTimeoutSeconds) * 1000;
  return {
    requestTimeout: requestMs,
    connectionTimeout: idleMs,
    keepAliveTimeout: idleMs,
    http: { headersTimeout: Math.min(requestMs, 60_000), connectionsCheckingInterval: Math.min(30_000, Math.max(250, requestMs / 4)) },
  };
}

/** Absolute paths in an error message (Node's errno messages quote them): never sent to a client. */
const ABSOLUTE_PATH = /(?<![\w.:])\/(?:[^\s'"/]+\/)+[^\s'"/]*/gu;

function useSafeErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      const text = bilingual("access.internalError");
      return reply.code(status).send({ error: viThenEn(text), ...text });
    }
    return reply.code(status).send({ error: error.message.replace(ABSOLUTE_PATH, "…"), ...(error.code ? { code: error.code } : {}) });
  });
}

export async function createServer(options: ServerOptions): Promise<Server> {
  const { config, knowledge, store } = options;
  // parseConfig refuses this too; a caller that builds its own config must not get a console any proxied request can use.
  if (config.trustProxy && !config.adminPassword) throw new ConfigError([`ADMIN_PASSWORD ${viThenEn(bilingual("access.trustProxyNeedsPassword"))}`]);
  const logger: FastifyServerOptions["logger"] = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    trustProxy: config.trustProxy ? trustOneLocalProxy : false,
    ...connectionTimeouts(config),
  });
  limitConnectionsPerAddress(app.server, {
    maxPerAddress: config.maxConnectionsPerClient ?? CONNECTION_DEFAULTS.maxConnectionsPerClient,
    // Behind the trusted proxy its address carries everyone's connections; it limits them itself.
    exempt: (address) => config.trustProxy && isProxyAddress(address),
    logger: app.log,
  });
  useSafeErrors(app);
  let closing = false;
  // A response finished during shutdown closes its connection, so keep-alive clients do not hold the close up.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });
  const conversation = new Conversation({
    knowledge,
    store,
    logger: app.log,
    maxQuestionChars: config.maxQuestionChars,
    rateLimitPerMinute: config.rateLimitPerMinute,
    ...(config.residentMemoryDays ? { residentMemoryDays: config.residentMemoryDays } : {}),
  });

  app.get("/healthz", async () => {
    const index = knowledge.index;
    const watch = knowledge.health();
    const problems = [...storageProblems(store, journal), ...(watch.problem ? [watch.problem] : [])].map(viThenEn);
    return {
      status: problems.length ? "degraded" : "ok",
      ...(problems.length ? { problems } : {}),
      ...(watch.problem ? { knowledgeWatch: watch.problem.en } : {}),
      documents: index.documents.length,
      passages: passageCount(index),
      refusedFiles: index.problems.length,
      indexBuiltAt: index.builtAt.toISOString(),
      memoryMb: { rss: megabytes(process.memoryUsage.rss()), heapUsed: megabytes(process.memoryUsage().heapUsed) },
      channels: { telegram: Boolean(config.telegram), zalo: Boolean(config.zalo) },
    };
  });

  const journal = InboxJournal.open(join(config.dataDir, INBOX_JOURNAL_FILE), {
    onWriteError: (error) => app.log.error({ err: error }, "could not update the inbox; a message may be answered again after a restart"),
  });
  logStorageProblems(store, journal, app.log);
  const legacy = store.legacyInbox();
  if (legacy.length) journal.adopt(legacy);
  store.dropLegacyInbox();
  const handlers: Record<string, DeliveryHandler> = {};
  const inbox = new DeliveryInbox({
    journal,
    logger: app.log,
    handlers,
    ...(options.inboxRetryDelaysMs ? { retryDelaysMs: options.inboxRetryDelaysMs } : {}),
  });

  if (config.telegram) {
    const telegram = config.telegram;
    const bot = createTelegramBot({
      config: telegram,
      conversation,
      knowledge,
      ...(options.telegramRetryAttempts !== undefined ? { maxRetryAttempts: options.telegramRetryAttempts } : {}),
    });
    handlers.telegram = telegramDeliveryHandler(bot, app.log);
    void app.register(async (scope) => {
      useWebhookLogger(scope, config.logLevel);
      // The body is kept as received: the inbox stores that text, so it is not serialised again.
      scope.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
      scope.post("/webhooks/telegram", {
        // Checked before the body is read: a forged request is neither parsed nor recorded.
        onRequest: (request, reply, done) => {
          if (sameSecret(request.headers["x-telegram-bot-api-secret-token"], telegram.webhookSecret)) return done();
          request.log.warn({ ip: request.ip }, "telegram webhook refused: wrong or missing secret token");
          void reply.code(401).send({ error: "unauthorized" });
        },
        handler: async (request, reply) => {
          const delivery = telegramDelivery(String(request.body));
          if (!delivery) return reply.code(400).send({ error: "not a Telegram update" });
          await inbox.receive(delivery);
          return reply.code(200).send({ ok: true });
        },
      });
    });
  }

  if (config.zalo) {
    const tokens = new ZaloTokens(config.zalo, store, app.log);
    const client = new ZaloClient(config.zalo, tokens, app.log, options.zaloRetry);
    const zalo = new ZaloChannel({
      config: config.zalo,
      conversation,
      knowledge,
      client,
      logger: app.log,
      bodyLimitBytes: config.bodyLimitBytes,
    });
    handlers.zalo = zalo.answer;
    zalo.register(app, inbox);
  }

  const leftOver = inbox.start();
  if (leftOver) app.log.info({ messages: leftOver }, "answering messages received before the last stop");

  // In a scope of its own: the console's cookies and uploads cost the webhooks nothing.
  await app.register(async (scope) =>
    registerAdmin(scope, {
      ...(config.adminPassword ? { password: config.adminPassword } : {}),
      knowledge,
      store,
      historyDir: join(config.dataDir, "plan-history"),
      ...(config.adminHosts ? { hosts: config.adminHosts } : {}),
      channels: { telegram: Boolean(config.telegram), zalo: Boolean(config.zalo) },
    }),
  );

  await app.ready();
  return {
    app,
    channels: { telegram: Boolean(config.telegram), zalo: Boolean(config.zalo) },
    inbox,
    journal,
    async close() {
      closing = true;
      await app.close();
      await inbox.stop();
      journal.close();
    },
  };
}
