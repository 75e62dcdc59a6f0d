import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../src/channels/rateLimiter.js";
import { splitMessage } from "../src/channels/render.js";
import { Store } from "../src/store/store.js";

describe("store", () => {
  it("creates its file with migrations and WAL on first start, and reopens it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "store-")), "nested", "data");
    const store = Store.open(dir);
    const hash = store.hashUser("zalo", "u1");
    store.close();
    const db = new Database(join(dir, "kehoach-bot.sqlite"), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(7);
    db.close();
    const again = Store.open(dir);
    expect(again.hashUser("zalo", "u1")).toBe(hash);
    again.close();
  });

  it("upgrades a database of an earlier version in order: the bots' migration (6), then remembered chats (7)", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-"));
    const store = Store.open(dir);
    store.logQuestion({ at: new Date(), channel: "zalo", userId: "u1", question: "bhyt", answered: true, latencyMs: 1 });
    store.close();
    // Back to what version 5 left: no bot column, no per-OA tokens, no remembered chats.
    const db = new Database(join(dir, "kehoach-bot.sqlite"));
    db.exec(`DROP TABLE resident_chats; DROP TABLE zalo_oa_tokens; DROP INDEX question_log_bot;
             ALTER TABLE question_log DROP COLUMN bot; PRAGMA user_version = 5;`);
    db.close();

    const upgraded = Store.open(dir);
    expect(upgraded.recentQuestions(10).map((q) => [q.question, q.bot])).toEqual([["bhyt", null]]);
    upgraded.logQuestion({ at: new Date(), channel: "zalo", userId: "u1", question: "rác", answered: true, latencyMs: 1, bot: "lai-hung" });
    expect(upgraded.recentQuestions(10, "all", { name: "lai-hung" }).map((q) => q.question)).toEqual(["rác"]);
    upgraded.saveZaloTokens({ accessToken: "a", refreshToken: "r", expiresAt: 1 }, "lai-hung");
    upgraded.saveChatMemory({ channel: "zalo", chatId: "u1", bot: "lai-hung" }, { place: "xã Lai Hưng" });
    expect(upgraded.chatMemory({ channel: "zalo", chatId: "u1", bot: "lai-hung" })?.place).toBe("xã Lai Hưng");
    // The same chat of another bot (or of the environment's bot) is another chat.
    expect(upgraded.chatMemory({ channel: "zalo", chatId: "u1" })).toBeUndefined();
    upgraded.close();
    const check = new Database(join(dir, "kehoach-bot.sqlite"), { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(7);
    check.close();
  });

  it("hands over what an earlier version's SQLite inbox left unanswered, once", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-"));
    Store.open(dir).close();
    const db = new Database(join(dir, "kehoach-bot.sqlite"));
    db.prepare("INSERT INTO legacy_inbox (channel, conversation, payload, received_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)").run("zalo", "u1", '{"a":1}', 1, 2, 99);
    db.close();
    const store = Store.open(dir);
    expect(store.legacyInbox()).toEqual([{ id: 1, channel: "zalo", conversation: "u1", payload: '{"a":1}', attempts: 2, nextAttemptAt: 99 }]);
    store.dropLegacyInbox();
    expect(store.legacyInbox()).toEqual([]);
    store.close();
  });

  it("stores user ids salted and hashed, never as given", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-"));
    const store = Store.open(dir);
    store.logQuestion({ at: new Date(), channel: "zalo", userId: "84901234567", question: "q", answered: false, latencyMs: 1.4 });
    const [entry] = store.recentQuestions();
    expect(entry!.userHash).not.toContain("84901234567");
    expect(entry!.userHash).toBe(store.hashUser("zalo", "84901234567"));
    expect(Store.open(mkdtempSync(join(tmpdir(), "store-"))).hashUser("zalo", "84901234567")).not.toBe(entry!.userHash);
    store.close();
  });
});

describe("rate limiter", () => {
  it("allows the limit per window, refuses with one notice, and recovers", () => {
    const limiter = new RateLimiter(2, 1000);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 10).allowed).toBe(true);
    expect(limiter.take("a", 20)).toEqual({ allowed: false, firstRefusal: true });
    expect(limiter.take("a", 30)).toEqual({ allowed: false, firstRefusal: false });
    expect(limiter.take("b", 30).allowed).toBe(true);
    expect(limiter.take("a", 1011).allowed).toBe(true);
  });
});

describe("splitting messages", () => {
  it("cuts at paragraph, line or word boundaries under the limit", () => {
    const text = `${"một hai ba ".repeat(30)}\n\n${"bốn năm ".repeat(30)}`;
    const pieces = splitMessage(text, 200);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(200);
    expect(pieces.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
  });

  it("never cuts inside an HTML tag, element or entity", () => {
    const text = `<b>95%</b>: ${"&amp; ".repeat(10)}<i>${"x ".repeat(12)}</i> ${"y ".repeat(20)}`;
    for (const piece of splitMessage(text, 40)) {
      expect((piece.match(/<b>|<i>/g) ?? []).length).toBe((piece.match(/<\/b>|<\/i>/g) ?? []).length);
      expect(piece).not.toMatch(/&[a-z]*$/);
    }
  });

  it("leaves a short message whole", () => {
    expect(splitMessage("ngắn", 10)).toEqual(["ngắn"]);
  });
});
