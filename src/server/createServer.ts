import { join } from "node:path";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { registerAdmin } from "../admin/adminRoutes.js";
import { BotRegistry } from "../channels/botRegistry.js";
import { DeliveryInbox, type DeliveryHandler } from "../channels/deliveryInbox.js";
import { OfficialsNotifier } from "../channels/officials/officialsNotifier.js";
import { registerWebhooks } from "../channels/webhookRoutes.js";
import type { RetryPolicy } from "../channels/zalo/zaloClient.js";
import { type ChannelsConfig, ChannelsFileError, channelsFromEnv, mergeChannels } from "../config/channelsFile.js";
import { ChannelsWatcher } from "../config/channelsWatcher.js";
import { type AppConfig, CONNECTION_DEFAULTS, ConfigError } from "../config/config.js";
import { registerBotRoutes } from "../admin/botRoutes.js";
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

const DEFAULT_CHANNEL_DEFAULTS = {
  telegramApiRoot: "https://api.telegram.org",
  zaloApiBase: "https://openapi.zalo.me",
  zaloOauthBase: "https://oauth.zaloapp.com",
  maxEventAgeSeconds: 604_800,
};

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
  /** Bots given here rather than in the channels file (tests, the bench): added to the environment's, not watched. */
  channels?: ChannelsConfig;
  /** How often the officials' digests are looked at (tests shorten it). */
  officialsCheckEveryMs?: number;
}

export interface Server {
  app: FastifyInstance;
  channels: { telegram: boolean; zalo: boolean };
  inbox: DeliveryInbox;
  /** The inbox on disk: what was acknowledged and not yet answered. */
  journal: InboxJournal;
  /** The bots being served, as the environment and the channels file configure them. */
  bots: BotRegistry;
  /** The channels file, when one is configured. */
  channelsFile: ChannelsWatcher | undefined;
  officials: OfficialsNotifier;
  /** Stops accepting, finishes the replies under way; the rest of the inbox waits for the next start. The store is closed by its owner. */
  close(): Promise<void>;
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
  if (config.trustProxy && !config.adminPassword) throw new ConfigError([{ variable: "ADMIN_PASSWORD", text: bilingual("access.trustProxyNeedsPassword") }]);
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
  app.get("/healthz", async () => {
    const index = knowledge.index;
    const watch = knowledge.health();
    const problems = [
      ...storageProblems(store, journal),
      ...(watch.problem ? [watch.problem] : []),
      ...(channelsWatcher?.problem ? [channelsWatcher.problem] : []),
    ].map(viThenEn);
    return {
      status: problems.length ? "degraded" : "ok",
      ...(problems.length ? { problems } : {}),
      ...(watch.problem ? { knowledgeWatch: watch.problem.en } : {}),
      documents: index.documents.length,
      passages: passageCount(index),
      refusedFiles: index.problems.length,
      // Scans being read by OCR in the background, page by page.
      ...(knowledge.scansInProgress().length ? { ocr: knowledge.scansInProgress().map(({ file, page, pages }) => ({ file, page, pages })) } : {}),
      indexBuiltAt: index.builtAt.toISOString(),
      memoryMb: { rss: megabytes(process.memoryUsage.rss()), heapUsed: megabytes(process.memoryUsage().heapUsed) },
      channels: { telegram: registry.telegramBots().length > 0, zalo: registry.zaloBots().length > 0 },
      bots: { telegram: registry.telegramBots().length, zalo: registry.zaloBots().length },
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

  const registry = new BotRegistry({
    knowledge,
    store,
    logger: app.log,
    handlers,
    maxQuestionChars: config.maxQuestionChars,
    rateLimitPerMinute: config.rateLimitPerMinute,
    ...(config.residentMemoryDays ? { residentMemoryDays: config.residentMemoryDays } : {}),
    ...(options.telegramRetryAttempts !== undefined ? { telegramRetryAttempts: options.telegramRetryAttempts } : {}),
    ...(options.zaloRetry ? { zaloRetry: options.zaloRetry } : {}),
  });
  const fromEnv = channelsFromEnv(config);
  let channelsWatcher: ChannelsWatcher | undefined;
  if (config.channelsFile && !options.channels) {
    channelsWatcher = new ChannelsWatcher({
      file: config.channelsFile,
      fromEnv,
      env: process.env,
      defaults: config.channelDefaults ?? DEFAULT_CHANNEL_DEFAULTS,
      logger: app.log,
      onChange: (channels) => registry.apply(channels),
    });
    try {
      await channelsWatcher.start();
    } catch (error) {
      if (error instanceof ChannelsFileError) throw ConfigError.ofLines(error.problems);
      throw error;
    }
  } else registry.apply(mergeChannels(fromEnv, options.channels));
  registerWebhooks(app, { registry, inbox, logLevel: config.logLevel, bodyLimitBytes: config.bodyLimitBytes });
  const officials = new OfficialsNotifier({
    registry,
    store,
    logger: app.log,
    ...(options.officialsCheckEveryMs ? { checkEveryMs: options.officialsCheckEveryMs } : {}),
  });

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
      channels: {
        get telegram() {
          return registry.telegramBots().length > 0;
        },
        get zalo() {
          return registry.zaloBots().length > 0;
        },
      },
      routes: (api) => registerBotRoutes(api, { registry, store, knowledge, channelsFile: channelsWatcher }),
    }),
  );

  await app.ready();
  officials.start();
  return {
    app,
    channels: { telegram: registry.telegramBots().length > 0, zalo: registry.zaloBots().length > 0 },
    inbox,
    journal,
    bots: registry,
    channelsFile: channelsWatcher,
    officials,
    async close() {
      closing = true;
      officials.stop();
      await channelsWatcher?.close();
      await app.close();
      await inbox.stop();
      journal.close();
    },
  };
}
