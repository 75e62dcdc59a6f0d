import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { PendingDelivery } from "./inboxJournal.js";

export interface ZaloTokenPair {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface QuestionLogEntry {
  at: Date;
  channel: string;
  userId: string;
  question: string;
  answered: boolean;
  document?: string;
  section?: string;
  score?: number;
  latencyMs: number;
  /** What the bot replied (plan text and citation, never the resident's words). */
  reply?: string;
  /** The figure of the top answer, when there was one. */
  figure?: string;
  /** The bot that was asked (its name in the channels file); undefined for the environment's bot. */
  bot?: string;
}

/** Told of each question logged, after it is written. */
export type QuestionLogListener = (logged: { id: number; bot: string | null; answered: boolean }) => void;

const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE zalo_tokens (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     access_token TEXT NOT NULL,
     refresh_token TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE delivered_updates (
     channel TEXT NOT NULL,
     update_id TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     PRIMARY KEY (channel, update_id)
   );
   CREATE TABLE question_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     channel TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     question TEXT NOT NULL,
     answered INTEGER NOT NULL,
     document TEXT,
     section TEXT,
     score REAL,
     latency_ms INTEGER NOT NULL
   );
   CREATE INDEX question_log_at ON question_log (at);`,
  `CREATE TABLE saved_tests (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     question TEXT NOT NULL,
     expected TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_status TEXT,
     last_reply TEXT,
     previous_reply TEXT,
     last_run_at INTEGER
   );`,
  // Deliveries acknowledged to the platform but not yet answered: they survive a crash or a restart.
  `CREATE TABLE inbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     channel TEXT NOT NULL,
     conversation TEXT NOT NULL,
     payload TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0
   );`,
  // The inbox moved to an append-only journal (src/store/inboxJournal.ts); what was pending is taken over at start.
  `ALTER TABLE inbox RENAME TO legacy_inbox;
   DROP TABLE delivered_updates;`,
  // The console: what the bot replied to a resident, and the answer an official accepted for a saved question.
  `ALTER TABLE question_log ADD COLUMN reply TEXT;
   ALTER TABLE question_log ADD COLUMN figure TEXT;
   ALTER TABLE saved_tests ADD COLUMN accepted_reply TEXT;`,
  // 6. Several bots on one install: each its own lines in the question log and, for a Zalo OA, its own tokens.
  `ALTER TABLE question_log ADD COLUMN bot TEXT;
   CREATE INDEX question_log_bot ON question_log (bot, id);
   CREATE TABLE zalo_oa_tokens (
     bot TEXT PRIMARY KEY,
     access_token TEXT NOT NULL,
     refresh_token TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // 7. What a bot remembers of a chat (src/residents): the place named last, the last question, the places offered.
  `CREATE TABLE resident_chats (
     chat_hash TEXT PRIMARY KEY,
     place TEXT,
     last_question TEXT,
     offered TEXT,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX resident_chats_updated ON resident_chats (updated_at);`,
];

export interface SavedTest {
  id: number;
  question: string;
  /** The figure (or words) the official expects in the answer. */
  expected: string;
  createdAt: number;
  lastStatus?: "pass" | "fail";
  lastReply?: string;
  previousReply?: string;
  /** The reply an official accepted; a later reply that differs is shown as changed until accepted. */
  acceptedReply?: string;
  lastRunAt?: number;
}

export interface LoggedQuestion {
  id: number;
  at: number;
  channel: string;
  userHash: string;
  question: string;
  answered: boolean;
  document: string | null;
  section: string | null;
  score: number | null;
  latencyMs: number;
  reply: string | null;
  figure: string | null;
  bot: string | null;
}

/** One chat of one bot: `bot` is its name in the channels file, undefined for the environment's bot. */
export interface ChatRef {
  channel: string;
  chatId: string;
  bot?: string;
}

/** What the bot remembers of one chat; every field is optional, a missing one is forgotten. */
export interface ChatMemory {
  /** The place the resident named last, as the plans name it ("xã Lai Hưng"). */
  place?: string;
  /** The last question answered, as the engine read it (personal data masked). */
  lastQuestion?: string;
  /** The places offered in the last "which place?" reply, in order. */
  offered?: string[];
  updatedAt: number;
}

/** What is wrong with the store file, found at open. */
export interface StoreDamage {
  file: string;
  /** SQLite's own words: "file is not a database", quick_check's first findings. */
  reason: string;
}

const STORE_FILE = "kehoach-bot.sqlite";
/** quick_check findings kept for the report. */
const REPORTED_FINDINGS = 3;

/** SQLite's codes for a file that is not (or no longer) a sound database. */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB");
}

/** The environment's bot, whose question-log lines carry no bot name. */
const ENV_BOT = "default";

/** Answers scoring below this are shown to officials as low-confidence. */
export const LOW_CONFIDENCE_SCORE = 0.85;

/**
 * The embedded SQLite store: Zalo tokens, the question log and the console's saved tests.
 *
 * A damaged file (SQLite's quick_check at open) does not stop the bot: `Store.open` then returns a
 * store in memory with `damage` set. Residents are still answered (the Zalo token pair is read from
 * the damaged file if it can be), the question log is off, the file is left untouched for the
 * back-up to be restored.
 */
export class Store {
  private readonly db: Database.Database;
  private readonly salt: string;
  /** Set when the file on disk is damaged and this store lives in memory instead. */
  damage: StoreDamage | undefined;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.migrate();
    this.salt = this.getOrCreateSalt();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Each statement is compiled once: the hot ones run for every message. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Opens the store of `dataDir` and checks it. Throws when the folder cannot be used; a damaged file
   * gives a store in memory with `damage` set (see the class).
   */
  static open(dataDir: string): Store {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, STORE_FILE);
    let store: Store | undefined;
    try {
      store = new Store(path);
      const findings = store.quickCheck();
      if (!findings.length) return store;
      store.close();
      return Store.inMemoryFor(path, `quick_check: ${findings.join("; ")}`);
    } catch (error) {
      store?.close();
      if (!isDamage(error)) throw error;
      return Store.inMemoryFor(path, `${(error as { code: string }).code}: ${(error as Error).message}`);
    }
  }

  /** SQLite's quick_check: the first findings, none when the file is sound. */
  private quickCheck(): string[] {
    const rows = this.db.pragma(`quick_check(${REPORTED_FINDINGS})`) as { quick_check: string }[];
    if (rows.length === 1 && rows[0]!.quick_check === "ok") return [];
    // A finding may span lines, headed "*** in database main ***".
    const findings = rows.flatMap((row) => row.quick_check.split("\n")).filter((line) => line.trim() && !line.startsWith("***"));
    return findings.slice(0, REPORTED_FINDINGS);
  }

  private static inMemoryFor(path: string, reason: string): Store {
    const store = new Store(":memory:");
    store.damage = { file: path, reason };
    const tokens = readZaloTokensFrom(path);
    if (tokens) store.saveZaloTokens(tokens);
    return store;
  }

  private migrate() {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  private getOrCreateSalt(): string {
    const row = this.statement("SELECT value FROM meta WHERE key = 'user_salt'").get() as { value: string } | undefined;
    if (row) return row.value;
    const salt = randomBytes(32).toString("hex");
    this.statement("INSERT INTO meta (key, value) VALUES ('user_salt', ?)").run(salt);
    return salt;
  }

  /** A user id as stored: salted and hashed, never the platform's id itself. */
  hashUser(channel: string, userId: string): string {
    return createHash("sha256").update(`${this.salt}:${channel}:${userId}`).digest("hex").slice(0, 32);
  }

  /** What the SQLite inbox of an earlier version left unanswered, if anything. */
  legacyInbox(): PendingDelivery[] {
    const table = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'legacy_inbox'").get();
    if (!table) return [];
    return this.db
      .prepare("SELECT id, channel, conversation, payload, attempts, next_attempt_at AS nextAttemptAt FROM legacy_inbox ORDER BY id")
      .all() as PendingDelivery[];
  }

  /** Once the journal holds what `legacyInbox` returned. */
  dropLegacyInbox(): void {
    this.db.exec("DROP TABLE IF EXISTS legacy_inbox");
  }

  /** Deletes question-log entries older than `days` days; returns how many. */
  pruneQuestionLog(days: number, now = Date.now()): number {
    return this.statement("DELETE FROM question_log WHERE at < ?").run(now - days * 86_400_000).changes;
  }

  /** A chat as its memory is stored: salted and hashed with its bot's name, so two bots never share a chat's memory. */
  private hashChat(chat: ChatRef): string {
    return this.hashUser(chat.bot === undefined ? chat.channel : `${chat.channel}/${chat.bot}`, chat.chatId);
  }

  /** What is remembered of a chat (its platform id hashed before use), if anything. */
  chatMemory(chat: ChatRef): ChatMemory | undefined {
    const row = this.statement("SELECT place, last_question, offered, updated_at FROM resident_chats WHERE chat_hash = ?").get(
      this.hashChat(chat),
    ) as { place: string | null; last_question: string | null; offered: string | null; updated_at: number } | undefined;
    if (!row) return undefined;
    const offered = row.offered ? (JSON.parse(row.offered) as string[]) : undefined;
    return {
      ...(row.place !== null ? { place: row.place } : {}),
      ...(row.last_question !== null ? { lastQuestion: row.last_question } : {}),
      ...(offered?.length ? { offered } : {}),
      updatedAt: row.updated_at,
    };
  }

  /** Replaces what is remembered of a chat; a memory with nothing in it forgets the chat. */
  saveChatMemory(chat: ChatRef, memory: Omit<ChatMemory, "updatedAt">, at = Date.now()): void {
    const hash = this.hashChat(chat);
    if (!memory.place && !memory.lastQuestion && !memory.offered?.length) {
      this.statement("DELETE FROM resident_chats WHERE chat_hash = ?").run(hash);
      return;
    }
    this.statement(
      `INSERT INTO resident_chats (chat_hash, place, last_question, offered, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (chat_hash) DO UPDATE SET place = excluded.place, last_question = excluded.last_question,
         offered = excluded.offered, updated_at = excluded.updated_at`,
    ).run(hash, memory.place ?? null, memory.lastQuestion ?? null, memory.offered?.length ? JSON.stringify(memory.offered) : null, at);
  }

  /** Forgets every chat not heard from in `days` days; returns how many. */
  pruneChatMemory(days: number, now = Date.now()): number {
    return this.statement("DELETE FROM resident_chats WHERE updated_at < ?").run(now - days * 86_400_000).changes;
  }

  /** The token pair of the environment's OA, or with `bot` of that OA of the channels file. */
  getZaloTokens(bot?: string): ZaloTokenPair | undefined {
    const row = (
      bot === undefined
        ? this.statement("SELECT access_token, refresh_token, expires_at FROM zalo_tokens WHERE id = 1").get()
        : this.statement("SELECT access_token, refresh_token, expires_at FROM zalo_oa_tokens WHERE bot = ?").get(bot)
    ) as { access_token: string; refresh_token: string; expires_at: number } | undefined;
    return row ? { accessToken: row.access_token, refreshToken: row.refresh_token, expiresAt: row.expires_at } : undefined;
  }

  saveZaloTokens(tokens: ZaloTokenPair, bot?: string): void {
    if (bot !== undefined) {
      this.statement(
        `INSERT INTO zalo_oa_tokens (bot, access_token, refresh_token, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (bot) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      ).run(bot, tokens.accessToken, tokens.refreshToken, tokens.expiresAt, Date.now());
      return;
    }
    this.statement(
        `INSERT INTO zalo_tokens (id, access_token, refresh_token, expires_at, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(tokens.accessToken, tokens.refreshToken, tokens.expiresAt, Date.now());
  }

  private readonly questionListeners: QuestionLogListener[] = [];

  /** `listener` is told of every question logged from now on. */
  onQuestionLogged(listener: QuestionLogListener): () => void {
    this.questionListeners.push(listener);
    return () => {
      const at = this.questionListeners.indexOf(listener);
      if (at >= 0) this.questionListeners.splice(at, 1);
    };
  }

  logQuestion(entry: QuestionLogEntry): void {
    // Off while the file is damaged: residents' questions are not kept where a restart loses them unseen.
    if (this.damage) return;
    const info = this.statement(
        `INSERT INTO question_log (at, channel, user_hash, question, answered, document, section, score, latency_ms, reply, figure, bot)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.at.getTime(),
        entry.channel,
        this.hashUser(entry.channel, entry.userId),
        entry.question,
        entry.answered ? 1 : 0,
        entry.document ?? null,
        entry.section ?? null,
        entry.score ?? null,
        Math.round(entry.latencyMs),
        entry.reply ?? null,
        entry.figure ?? null,
        entry.bot ?? null,
      );
    const logged = { id: Number(info.lastInsertRowid), bot: entry.bot ?? null, answered: entry.answered };
    for (const listener of this.questionListeners) listener(logged);
  }

  /** The question log, newest first; `filter` narrows it to unanswered or low-confidence questions. */
  /** `bot`: only that bot's lines, of one channel or both (the environment's bot is "default": its lines have no bot). */
  recentQuestions(limit = 50, filter: "all" | "unanswered" | "low" = "all", bot?: { name: string; channel?: string }): LoggedQuestion[] {
    const conditions = [
      ...(filter === "unanswered" ? ["answered = 0"] : filter === "low" ? ["(answered = 0 OR score < @low)"] : []),
      ...(bot === undefined ? [] : [bot.name === ENV_BOT ? "bot IS NULL" : "bot = @bot"]),
      ...(bot?.channel ? ["channel = @channel"] : []),
    ];
    const where = conditions.length ? `WHERE ${conditions.join(" AND ")}` : "";
    const rows = this.db
      .prepare(
        `SELECT id, at, channel, user_hash, question, answered, document, section, score, latency_ms, reply, figure, bot FROM question_log ${where} ORDER BY id DESC LIMIT @limit`,
      )
      .all({ limit, low: LOW_CONFIDENCE_SCORE, bot: bot?.name ?? null, channel: bot?.channel ?? null }) as {
      id: number;
      at: number;
      channel: string;
      user_hash: string;
      question: string;
      answered: number;
      document: string | null;
      section: string | null;
      score: number | null;
      latency_ms: number;
      reply: string | null;
      figure: string | null;
      bot: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      channel: r.channel,
      userHash: r.user_hash,
      question: r.question,
      answered: r.answered === 1,
      document: r.document,
      section: r.section,
      score: r.score,
      latencyMs: r.latency_ms,
      reply: r.reply,
      figure: r.figure,
      bot: r.bot,
    }));
  }

  /** When each bot was last asked, by channel and bot (null: the environment's bot). */
  lastQuestionPerBot(): { channel: string; bot: string | null; at: number }[] {
    return this.statement("SELECT channel, bot, MAX(at) AS at FROM question_log GROUP BY channel, bot").all() as {
      channel: string;
      bot: string | null;
      at: number;
    }[];
  }

  /** A bot's unanswered questions logged after the entry `afterId`, oldest first. */
  unansweredAfter(channel: string, bot: string | null, afterId: number, limit: number): { id: number; at: number; question: string }[] {
    return this.statement(
      `SELECT id, at, question FROM question_log WHERE channel = ? AND bot IS ? AND answered = 0 AND id > ? ORDER BY id LIMIT ?`,
    ).all(channel, bot, afterId, limit) as { id: number; at: number; question: string }[];
  }

  /** The newest entry of the question log (0 when empty). */
  lastQuestionId(): number {
    return (this.statement("SELECT COALESCE(MAX(id), 0) AS id FROM question_log").get() as { id: number }).id;
  }

  /** A small value kept across restarts (how far a digest got). */
  getSetting(name: string): string | undefined {
    return (this.statement("SELECT value FROM meta WHERE key = ?").get(`setting:${name}`) as { value: string } | undefined)?.value;
  }

  setSetting(name: string, value: string): void {
    this.statement("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(`setting:${name}`, value);
  }

  /** Questions per day (UTC) over the last `days` days, with how many were answered. */
  questionsPerDay(days = 30, now = Date.now()): { day: string; total: number; answered: number }[] {
    return this.db
      .prepare(
        `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, COUNT(*) AS total, SUM(answered) AS answered
         FROM question_log WHERE at >= ? GROUP BY day ORDER BY day DESC`,
      )
      .all(now - days * 86_400_000) as { day: string; total: number; answered: number }[];
  }

  /** The plan sections residents ask about most, and the most repeated unanswered questions. */
  topTopics(limit = 10): { document: string | null; section: string | null; question?: string; count: number }[] {
    const answered = this.db
      .prepare(
        `SELECT document, section, COUNT(*) AS count FROM question_log WHERE answered = 1
         GROUP BY document, section ORDER BY count DESC LIMIT ?`,
      )
      .all(limit) as { document: string; section: string; count: number }[];
    const unanswered = this.db
      .prepare(
        `SELECT lower(question) AS question, COUNT(*) AS count FROM question_log WHERE answered = 0
         GROUP BY lower(question) ORDER BY count DESC LIMIT ?`,
      )
      .all(limit) as { question: string; count: number }[];
    return [...answered, ...unanswered.map((u) => ({ document: null, section: null, question: u.question, count: u.count }))];
  }

  loggedQuestion(id: number): { question: string; answered: boolean; figure: string | null } | undefined {
    const row = this.statement("SELECT question, answered, figure FROM question_log WHERE id = ?").get(id) as
      | { question: string; answered: number; figure: string | null }
      | undefined;
    return row ? { question: row.question, answered: row.answered === 1, figure: row.figure } : undefined;
  }

  listSavedTests(): SavedTest[] {
    const rows = this.statement("SELECT * FROM saved_tests ORDER BY id").all() as {
      id: number;
      question: string;
      expected: string;
      created_at: number;
      last_status: "pass" | "fail" | null;
      last_reply: string | null;
      previous_reply: string | null;
      accepted_reply: string | null;
      last_run_at: number | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      question: r.question,
      expected: r.expected,
      createdAt: r.created_at,
      ...(r.last_status ? { lastStatus: r.last_status } : {}),
      ...(r.last_reply !== null ? { lastReply: r.last_reply } : {}),
      ...(r.previous_reply !== null ? { previousReply: r.previous_reply } : {}),
      ...(r.accepted_reply !== null ? { acceptedReply: r.accepted_reply } : {}),
      ...(r.last_run_at !== null ? { lastRunAt: r.last_run_at } : {}),
    }));
  }

  addSavedTest(question: string, expected: string): SavedTest {
    const info = this.statement("INSERT INTO saved_tests (question, expected, created_at) VALUES (?, ?, ?)").run(question, expected, Date.now());
    return this.listSavedTests().find((t) => t.id === Number(info.lastInsertRowid))!;
  }

  deleteSavedTest(id: number): boolean {
    return this.statement("DELETE FROM saved_tests WHERE id = ?").run(id).changes === 1;
  }

  /** The first run's reply becomes the accepted one; later runs keep what an official accepted. */
  recordTestRun(id: number, status: "pass" | "fail", reply: string, at = Date.now()): void {
    this.db
      .prepare(
        `UPDATE saved_tests SET previous_reply = last_reply, last_reply = @reply, last_status = @status, last_run_at = @at,
           accepted_reply = COALESCE(accepted_reply, @reply) WHERE id = @id`,
      )
      .run({ reply, status, at, id });
  }

  /** The official accepts the latest reply of a saved question as the right one. */
  acceptTestReply(id: number): boolean {
    return this.statement("UPDATE saved_tests SET accepted_reply = last_reply WHERE id = ? AND last_reply IS NOT NULL").run(id).changes === 1;
  }

  /** A corrected question or expected figure: the accepted reply is kept, so the next run shows any change against it. */
  updateSavedTest(id: number, question: string, expected: string): SavedTest | undefined {
    if (this.statement("UPDATE saved_tests SET question = ?, expected = ? WHERE id = ?").run(question, expected, id).changes !== 1) return undefined;
    return this.listSavedTests().find((t) => t.id === id);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The Zalo token pair of a damaged store, if that part of it can still be read. */
function readZaloTokensFrom(path: string): ZaloTokenPair | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const row = db.prepare("SELECT access_token, refresh_token, expires_at FROM zalo_tokens WHERE id = 1").get() as
      | { access_token: string; refresh_token: string; expires_at: number }
      | undefined;
    return row ? { accessToken: row.access_token, refreshToken: row.refresh_token, expiresAt: row.expires_at } : undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
