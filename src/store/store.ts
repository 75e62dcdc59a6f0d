import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

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
}

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
];

/** Delivered update ids are kept this long: platforms redeliver within minutes, not days. */
const DELIVERED_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** The embedded SQLite store: Zalo tokens, delivered update ids and the question log. */
export class Store {
  private readonly db: Database.Database;
  private readonly salt: string;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.migrate();
    this.salt = this.getOrCreateSalt();
  }

  static open(dataDir: string): Store {
    mkdirSync(dataDir, { recursive: true });
    return new Store(join(dataDir, "kehoach-bot.sqlite"));
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
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'user_salt'").get() as { value: string } | undefined;
    if (row) return row.value;
    const salt = randomBytes(32).toString("hex");
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('user_salt', ?)").run(salt);
    return salt;
  }

  /** A user id as stored: salted and hashed, never the platform's id itself. */
  hashUser(channel: string, userId: string): string {
    return createHash("sha256").update(`${this.salt}:${channel}:${userId}`).digest("hex").slice(0, 32);
  }

  /** True the first time an update id is seen; false for a redelivery. */
  claimUpdate(channel: string, updateId: string | number, now = Date.now()): boolean {
    const result = this.db
      .prepare("INSERT OR IGNORE INTO delivered_updates (channel, update_id, received_at) VALUES (?, ?, ?)")
      .run(channel, String(updateId), now);
    return result.changes === 1;
  }

  /** Forgets a claimed update whose handling failed, so that the platform's redelivery is answered. */
  releaseUpdate(channel: string, updateId: string | number): void {
    this.db.prepare("DELETE FROM delivered_updates WHERE channel = ? AND update_id = ?").run(channel, String(updateId));
  }

  pruneDeliveredUpdates(now = Date.now()): number {
    return this.db.prepare("DELETE FROM delivered_updates WHERE received_at < ?").run(now - DELIVERED_RETENTION_MS).changes;
  }

  getZaloTokens(): ZaloTokenPair | undefined {
    const row = this.db.prepare("SELECT access_token, refresh_token, expires_at FROM zalo_tokens WHERE id = 1").get() as
      | { access_token: string; refresh_token: string; expires_at: number }
      | undefined;
    return row ? { accessToken: row.access_token, refreshToken: row.refresh_token, expiresAt: row.expires_at } : undefined;
  }

  saveZaloTokens(tokens: ZaloTokenPair): void {
    this.db
      .prepare(
        `INSERT INTO zalo_tokens (id, access_token, refresh_token, expires_at, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(tokens.accessToken, tokens.refreshToken, tokens.expiresAt, Date.now());
  }

  logQuestion(entry: QuestionLogEntry): void {
    this.db
      .prepare(
        `INSERT INTO question_log (at, channel, user_hash, question, answered, document, section, score, latency_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      );
  }

  recentQuestions(
    limit = 50,
  ): { at: number; channel: string; userHash: string; question: string; answered: boolean; document: string | null }[] {
    return (
      this.db
        .prepare("SELECT at, channel, user_hash, question, answered, document FROM question_log ORDER BY id DESC LIMIT ?")
        .all(limit) as { at: number; channel: string; user_hash: string; question: string; answered: number; document: string | null }[]
    ).map((r) => ({
      at: r.at,
      channel: r.channel,
      userHash: r.user_hash,
      question: r.question,
      answered: r.answered === 1,
      document: r.document,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
