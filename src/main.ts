import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { ConfigError, loadConfig, RESIDENT_MEMORY_DEFAULT_DAYS } from "./config/config.js";
import { removeOrphanedTempFiles } from "./admin/planFiles.js";
import { KnowledgeBase, KnowledgeFolderError } from "./knowledge/knowledgeBase.js";
import { REFUSED_FILES_NAME } from "./knowledge/refusedFiles.js";
import { type Bilingual, bilingual, viThenEn } from "./messages/catalogue.js";
import { passageCount } from "./search/knowledgeIndex.js";
import { createServer } from "./server/createServer.js";
import { Store } from "./store/store.js";

/** What an official can act on, from a file-system or SQLite error code. */
function storageProblem(error: unknown): Bilingual {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  if (code === "ENOSPC" || code === "SQLITE_FULL") return bilingual("startup.diskFull", { code });
  if (code === "EROFS" || code.startsWith("SQLITE_READONLY")) return bilingual("startup.readOnly", { code });
  if (code === "EACCES" || code === "EPERM" || code === "SQLITE_CANTOPEN") return bilingual("startup.noPermission", { code });
  return { vi: code, en: code };
}

const KNOWLEDGE_CACHE_FILE = "parsed-plans.cache";

/** Vietnamese first, then the same in English: both name the variable or folder to fix. */
function fail(reason: Bilingual): never {
  console.error(`${bilingual("startup.cannotStart", { reason: reason.vi }).vi}\n${bilingual("startup.cannotStart", { reason: reason.en }).en}`);
  process.exit(1);
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.text);
    throw error;
  }

  let store: Store;
  try {
    store = Store.open(config.dataDir);
  } catch (error) {
    const problem = storageProblem(error);
    fail({
      vi: bilingual("startup.dataDir", { dir: config.dataDir, problem: problem.vi }).vi,
      en: bilingual("startup.dataDir", { dir: config.dataDir, problem: problem.en }).en,
    });
  }

  const orphans = await removeOrphanedTempFiles(config.knowledgeDir);
  // The server's logger exists only once the knowledge base is open.
  const logged: { to?: FastifyBaseLogger } = {};
  let knowledge: KnowledgeBase;
  try {
    knowledge = await KnowledgeBase.open(config.knowledgeDir, {
      lexiconDir: config.lexiconDir,
      cacheFile: join(config.dataDir, KNOWLEDGE_CACHE_FILE),
      refusedFile: join(config.dataDir, REFUSED_FILES_NAME),
      onError: (error) => (logged.to ? logged.to.warn({ err: error }, `knowledge: ${(error as Error).message}`) : console.warn((error as Error).message)),
    });
  } catch (error) {
    if (error instanceof KnowledgeFolderError) fail(error.text);
    throw error;
  }
  let server: Awaited<ReturnType<typeof createServer>>;
  try {
    server = await createServer({ config, knowledge, store });
  } catch (error) {
    // The channels file is read by the server, which watches it.
    if (error instanceof ConfigError) fail(error.text);
    throw error;
  }
  const log = server.app.log;
  logged.to = log;
  knowledge.watch(400, (report) =>
    log.info(
      { changed: report.changed, removed: report.removed, lexiconChanged: report.lexiconChanged, documents: report.documents, ms: Math.round(report.durationMs) },
      "knowledge reloaded",
    ),
  );
  if (orphans.length) log.warn({ files: orphans }, "removed temporary files left by an interrupted upload");
  const index = knowledge.index;
  log.info(
    { documents: index.documents.length, passages: passageCount(index), parsedBefore: knowledge.lastReport?.reusedFromCache ?? 0 },
    `knowledge loaded from ${config.knowledgeDir}`,
  );
  for (const problem of index.problems) {
    log.warn({ file: problem.file, line: problem.line, detail: problem.detail }, `plan file refused: ${problem.message ? viThenEn(problem.message) : problem.reason}`);
  }
  if (!server.channels.telegram) log.info(`telegram channel off: TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET are not set, and ${config.channelsFile} lists no Telegram bot`);
  if (!server.channels.zalo) log.info(`zalo channel off: the ZALO_* credentials are not set, and ${config.channelsFile} lists no Zalo OA`);
  const bots = server.bots;
  if (bots.telegramBots().length + bots.zaloBots().length > 1) {
    log.info({ telegram: bots.telegramBots().map((b) => b.config.name), zalo: bots.zaloBots().map((b) => b.config.name) }, "bots served");
  }
  log.info(
    config.adminPassword
      ? `admin console at /admin, behind a login`
      : "admin console at /admin, open only to this machine (set ADMIN_PASSWORD to open it to the network)",
  );

  // Retention: the question log keeps residents' questions only as long as configured.
  const prune = () => {
    const removed = store.pruneQuestionLog(config.questionLogRetentionDays);
    if (removed) log.info({ removed }, "old question-log entries deleted");
    const forgotten = store.pruneChatMemory(config.residentMemoryDays ?? RESIDENT_MEMORY_DEFAULT_DAYS);
    if (forgotten) log.info({ forgotten }, "chats not heard from within RESIDENT_MEMORY_DAYS forgotten");
  };
  prune();
  setInterval(prune, 6 * 3600 * 1000).unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: finishing in-flight updates`);
    try {
      await server.close();
      await knowledge.close();
    } finally {
      store.close();
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await server.app.listen({ host: config.host, port: config.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
