import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Delivery, InboxJournal } from "../src/store/inboxJournal.js";

const journalPath = () => join(mkdtempSync(join(tmpdir(), "journal-")), "inbox.journal");
const delivery = (channel: string, id: string, payload = `{"id":"${id}"}`): Delivery => ({ channel, deliveryId: id, conversation: "c1", payload });
const DAY = 24 * 3600_000;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("inbox journal", () => {
  it("records a delivery once per id and keeps it across a reopen until it is answered", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    const ids = journal.receive([delivery("telegram", "5"), delivery("telegram", "5"), delivery("zalo", "5")]);
    expect(ids[0]).toEqual(expect.any(Number));
    expect(ids[1]).toBeUndefined();
    expect(ids[2]).toEqual(expect.any(Number));
    expect(journal.receive([delivery("telegram", "5")])).toEqual([undefined]);
    journal.postpone(ids[0]!, 1, 12345);
    journal.close();

    const reopened = InboxJournal.open(path);
    expect(reopened.pending()).toEqual([
      { id: ids[0], channel: "telegram", conversation: "c1", payload: '{"id":"5"}', attempts: 1, nextAttemptAt: 12345 },
      { id: ids[2], channel: "zalo", conversation: "c1", payload: '{"id":"5"}', attempts: 0, nextAttemptAt: 0 },
    ]);
    reopened.complete(ids[0]!);
    expect(reopened.pending().map((p) => p.channel)).toEqual(["zalo"]);
    // Answered ids are still remembered after a restart: a redelivery is not answered again.
    expect(reopened.receive([delivery("telegram", "5")])).toEqual([undefined]);
    const next = reopened.receive([delivery("telegram", "6")])[0]!;
    expect(next).toBeGreaterThan(ids[2]!);
    reopened.close();

    // A week and a day later the ids are forgotten; what is pending is not.
    const muchLater = InboxJournal.open(path, {}, Date.now() + 8 * DAY);
    expect(muchLater.pending().map((p) => p.id)).toEqual([ids[2], next]);
    expect(muchLater.receive([delivery("telegram", "5")])[0]).toEqual(expect.any(Number));
    muchLater.close();
  });

  it("when it remembers as many ids as it may, forgets the oldest tenth and still knows the newest", () => {
    const journal = InboxJournal.open(journalPath(), { rememberAtMost: 100 });
    for (let i = 1; i <= 101; i++) journal.receive([delivery("telegram", String(i))]);
    // 101 went past the cap: ids 1-11 are forgotten, 12-101 remembered.
    expect(journal.receive([delivery("telegram", "12"), delivery("telegram", "101")])).toEqual([undefined, undefined]);
    expect(journal.receive([delivery("telegram", "11")])[0]).toEqual(expect.any(Number));
    expect(journal.receive([delivery("telegram", "1")])[0]).toEqual(expect.any(Number));
    journal.close();
  });

  it("counts the ids it may remember per channel: a busy channel does not make it forget another's", () => {
    const journal = InboxJournal.open(journalPath(), { rememberAtMost: 100 });
    journal.receive([delivery("zalo", "z1")]);
    for (let i = 1; i <= 300; i++) journal.receive([delivery("telegram", String(i))]);
    expect(journal.receive([delivery("zalo", "z1"), delivery("telegram", "300"), delivery("telegram", "2")])).toEqual([undefined, undefined, expect.any(Number)]);
    journal.close();
  });

  it("names every line it cannot read, keeps the rest, and copies the damaged file aside before rewriting it", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    const [first] = journal.receive([delivery("telegram", "1")]);
    journal.close();
    appendFileSync(path, "R\tnot json\t{}\n");
    // A line cut short by a crash: its message's JSON is not whole.
    appendFileSync(path, `R\t[99,"telegram","2","c1",${Date.now()}]\t{"id":"2"`);
    const damagedText = readFileSync(path, "utf8");
    const reopened = InboxJournal.open(path);
    expect(reopened.damage).toEqual({
      lineNumbers: [3, 4],
      unreadableLines: 2,
      keptAs: expect.stringMatching(/inbox\.journal\.damaged-\d{4}-\d\d-\d\dT[\d-]+Z$/),
      messagesRead: 1,
      messagesPending: 1,
    });
    expect(readFileSync(reopened.damage!.keptAs!, "utf8")).toBe(damagedText);
    expect(reopened.pending().map((p) => p.id)).toEqual([first]);
    // The reopened file holds only clean lines: new deliveries start on a line of their own.
    reopened.receive([delivery("telegram", "3")]);
    reopened.close();
    const again = InboxJournal.open(path);
    expect(again.damage).toBeUndefined();
    expect(again.pending().map((p) => JSON.parse(p.payload).id)).toEqual(["1", "3"]);
    again.close();
  });

  it("keeps a message on a last line whose line break is missing", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    journal.receive([delivery("telegram", "1"), delivery("telegram", "2")]);
    journal.close();
    writeFileSync(path, readFileSync(path, "utf8").replace(/\n$/, ""));
    const reopened = InboxJournal.open(path);
    expect(reopened.damage).toBeUndefined();
    expect(reopened.pending().map((p) => JSON.parse(p.payload).id)).toEqual(["1", "2"]);
    reopened.receive([delivery("telegram", "3")]);
    reopened.close();
    const again = InboxJournal.open(path);
    expect(again.pending().map((p) => JSON.parse(p.payload).id)).toEqual(["1", "2", "3"]);
    again.close();
  });

  it("does not trust an answered mark on a last line without its line break: the message is answered again rather than lost", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    const ids = journal.receive(Array.from({ length: 12 }, (_, i) => delivery("telegram", String(i))));
    journal.close();
    // "D\t12" cut to "D\t1" would otherwise mark another message answered.
    appendFileSync(path, `D\t${String(ids[11]).slice(0, 1)}`);
    const reopened = InboxJournal.open(path);
    expect(reopened.pending()).toHaveLength(12);
    expect(reopened.damage).toMatchObject({ lineNumbers: [14], unreadableLines: 1, messagesPending: 12 });
    reopened.close();
  });

  it("replaced by garbage, keeps it aside, never overwriting an earlier copy, and says what it held", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    journal.receive(Array.from({ length: 10 }, (_, i) => delivery("zalo", `m${i}`)));
    journal.close();
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251));
    writeFileSync(path, garbage);
    const now = Date.parse("2025-03-01T08:00:00.000Z");
    const first = InboxJournal.open(path, {}, now);
    expect(first.damage!.unreadableLines).toBeGreaterThan(0);
    expect(first.damage).toMatchObject({ messagesRead: 0, messagesPending: 0, keptAs: `${path}.damaged-2025-03-01T08-00-00-000Z` });
    expect(readFileSync(first.damage!.keptAs!)).toEqual(garbage);
    first.close();
    // Damaged again at the same moment: a second copy beside the first.
    writeFileSync(path, "garbage again\n");
    const second = InboxJournal.open(path, {}, now);
    expect(second.damage!.keptAs).toBe(`${path}.damaged-2025-03-01T08-00-00-000Z-1`);
    expect(readFileSync(first.damage!.keptAs!)).toEqual(garbage);
    expect(readFileSync(second.damage!.keptAs!, "utf8")).toBe("garbage again\n");
    second.close();
  });

  it("remembers which parts of a reply went out, across a reopen and a rewrite", async () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    const [id] = journal.receive([delivery("telegram", "1")]);
    journal.progress(id!, 2);
    // On disk at once, not at the next flush.
    writeFileSync(`${path}.copy`, readFileSync(path));
    journal.close();
    const copy = InboxJournal.open(`${path}.copy`);
    expect(copy.pending()).toEqual([expect.objectContaining({ id, partsSent: 2 })]);
    copy.close();
    // Opening rewrote the file: the mark is carried over.
    const again = InboxJournal.open(`${path}.copy`);
    expect(again.pending()).toEqual([expect.objectContaining({ id, partsSent: 2 })]);
    again.close();
  });

  it("keeps a payload that spans lines as the same JSON", () => {
    const path = journalPath();
    const pretty = JSON.stringify({ message: { text: "Tỷ lệ\nthu gom rác?\ttab" }, n: [1, 2] }, null, 2);
    const journal = InboxJournal.open(path);
    journal.receive([delivery("zalo", "m1", pretty)]);
    journal.close();
    const reopened = InboxJournal.open(path);
    expect(JSON.parse(reopened.pending()[0]!.payload)).toEqual(JSON.parse(pretty));
    reopened.close();
  });

  it("rewrites itself with only what is still needed once it grows mostly stale", async () => {
    const path = journalPath();
    const journal = InboxJournal.open(path, { compactAfterBytes: 20_000 });
    const body = "x".repeat(200);
    let kept = 0;
    for (let i = 0; i < 1000; i++) {
      const [id] = journal.receive([delivery("telegram", String(i), `{"body":"${body}","i":${i}}`)]);
      if (i % 100 === 0) kept++;
      else journal.complete(id!);
      journal.flush();
      // One batch per turn of the event loop, as webhooks come.
      await nextTurn();
    }
    // 1,000 deliveries of over 200 bytes were written; only the ten pending ones and the ids remain.
    expect(statSync(path).size).toBeLessThan(60_000);
    journal.close();
    const reopened = InboxJournal.open(path);
    expect(reopened.pending().map((p) => JSON.parse(p.payload).i)).toEqual(Array.from({ length: kept }, (_, k) => k * 100));
    expect(reopened.receive([delivery("telegram", "1")])).toEqual([undefined]);
    reopened.close();
  });

  it("keeps what is received, answered and postponed while it rewrites itself, a few thousand lines per turn", async () => {
    const path = journalPath();
    const journal = InboxJournal.open(path, { compactAfterBytes: 100_000 });
    const body = (i: number) => `{"body":"${"x".repeat(300)}","i":${i}}`;
    // 6,000 answered ids to carry over, one batch per turn (earlier rewrites run meanwhile).
    for (let i = 0; i < 6000; i += 3) {
      const ids = journal.receive([delivery("telegram", `old${i}`, body(i)), delivery("telegram", `old${i + 1}`, body(i)), delivery("zalo", `old${i + 2}`, body(i))]);
      for (const id of ids) journal.complete(id!);
      journal.flush();
      await nextTurn();
    }
    while (existsSync(`${path}.new`)) await nextTurn();
    const [postponed, answered] = journal.receive([delivery("telegram", "p"), delivery("telegram", "a")]);
    // Until the file is again four times what it needs and a rewrite starts.
    let filler = 0;
    while (!existsSync(`${path}.new`) && filler < 10_000) journal.complete(journal.receive([delivery("zalo", `filler${filler++}`, body(filler))])[0]!);
    expect(existsSync(`${path}.new`)).toBe(true);
    const sizeBefore = statSync(path).size;
    // Meanwhile, in the turns the rewrite is spread over:
    const [during] = journal.receive([delivery("zalo", "during", '{"during":true}')]);
    journal.complete(answered!);
    journal.postpone(postponed!, 2, 12345);
    await nextTurn();
    expect(existsSync(`${path}.new`)).toBe(true);
    for (let turn = 0; turn < 20 && existsSync(`${path}.new`); turn++) await nextTurn();
    expect(existsSync(`${path}.new`)).toBe(false);
    expect(statSync(path).size).toBeLessThan(sizeBefore);
    journal.close();

    const reopened = InboxJournal.open(path);
    expect(reopened.pending()).toEqual([
      { id: postponed, channel: "telegram", conversation: "c1", payload: '{"id":"p"}', attempts: 2, nextAttemptAt: 12345 },
      { id: during, channel: "zalo", conversation: "c1", payload: '{"during":true}', attempts: 0, nextAttemptAt: 0 },
    ]);
    // Ids answered before and during the rewrite are all still recognised.
    const again = [delivery("telegram", "old0"), delivery("zalo", "old5999"), delivery("telegram", "a"), delivery("zalo", `filler${filler - 1}`)];
    expect(reopened.receive(again)).toEqual([undefined, undefined, undefined, undefined]);
    reopened.close();
  });

  it("closed in the middle of a rewrite, keeps the old file whole and drops the unfinished one", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path, { compactAfterBytes: 10_000 });
    let i = 0;
    while (!existsSync(`${path}.new`) && i < 10_000) journal.complete(journal.receive([delivery("telegram", String(i++), `{"body":"${"x".repeat(300)}"}`)])[0]!);
    expect(existsSync(`${path}.new`)).toBe(true);
    const [pending] = journal.receive([delivery("telegram", "last")]);
    journal.close();
    expect(existsSync(`${path}.new`)).toBe(false);
    const reopened = InboxJournal.open(path);
    expect(reopened.pending().map((p) => p.id)).toEqual([pending]);
    expect(reopened.receive([delivery("telegram", "0"), delivery("telegram", String(i - 1))])).toEqual([undefined, undefined]);
    reopened.close();
  });

  it("takes over the deliveries of an older inbox, with their retry state, on disk at once", () => {
    const path = journalPath();
    const journal = InboxJournal.open(path);
    journal.adopt([{ id: 7, channel: "zalo", conversation: "u1", payload: '{"a":1}', attempts: 2, nextAttemptAt: 99 }]);
    // Read back from the file while the journal is still open: nothing waits for a later flush.
    writeFileSync(`${path}.copy`, readFileSync(path));
    journal.close();
    const copy = InboxJournal.open(`${path}.copy`);
    expect(copy.pending()).toEqual([{ id: expect.any(Number), channel: "zalo", conversation: "u1", payload: '{"a":1}', attempts: 2, nextAttemptAt: 99 }]);
    copy.close();
  });
});
