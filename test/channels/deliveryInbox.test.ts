import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { DeliveryInbox, type InboxOptions } from "../../src/channels/deliveryInbox.js";
import { InboxJournal } from "../../src/store/inboxJournal.js";

function recordingLogger(lines: string[]): FastifyBaseLogger {
  const log = (_object: unknown, message?: string) => void lines.push(message ?? String(_object));
  const logger = { info: log, warn: log, error: log, debug: log, trace: log, fatal: log, level: "info", silent: log } as unknown as FastifyBaseLogger;
  (logger as unknown as { child: () => FastifyBaseLogger }).child = () => logger;
  return logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const delivery = (i: number, conversation = `c${i}`) => ({ channel: "test", deliveryId: String(i), conversation, payload: JSON.stringify({ i }) });

let journal: InboxJournal;
let inbox: DeliveryInbox | undefined;
afterEach(async () => {
  await inbox?.stop();
  journal.close();
});

function openInbox(handler: (payload: { i: number }) => Promise<void>, options: Partial<InboxOptions> = {}, lines: string[] = []) {
  journal = InboxJournal.open(join(mkdtempSync(join(tmpdir(), "inbox-")), "inbox.journal"));
  inbox = new DeliveryInbox({ journal, logger: recordingLogger(lines), handlers: { test: (p) => handler(p as { i: number }) }, ...options });
  inbox.start();
  return inbox;
}

describe("delivery inbox", () => {
  it("answers one conversation in order and never more than `concurrency` at once", async () => {
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const box = openInbox(
      async ({ i }) => {
        running++;
        most = Math.max(most, running);
        await sleep(5);
        order.push(i);
        running--;
      },
      { concurrency: 3 },
    );
    // Ten messages of one resident, then ten of ten others.
    await Promise.all([...Array.from({ length: 10 }, (_, i) => box.receive(delivery(i, "same"))), ...Array.from({ length: 10 }, (_, i) => box.receive(delivery(100 + i)))]);
    await box.idle();
    expect(order.filter((i) => i < 100)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order).toHaveLength(20);
    expect(most).toBe(3);
    expect(journal.pending()).toEqual([]);
  });

  it("during a burst acknowledges first and spaces the answers out; answers everything once the burst is over", async () => {
    const started: number[] = [];
    const box = openInbox(async ({ i }) => void started.push(i), { burstDeliveries: 50, burstSpacingMs: 40 });
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => box.receive(delivery(i))));
    expect(outcomes.every((o) => o === "new")).toBe(true);
    // 300 received at once is a burst: within its first 100 ms, at most a few answers have started.
    await sleep(100);
    expect(started.length).toBeLessThanOrEqual(4);
    await box.idle();
    expect(new Set(started).size).toBe(300);
  });

  it("resumes answering at full speed as soon as a burst is over, without waiting out the spacing", async () => {
    const started: number[] = [];
    const box = openInbox(async ({ i }) => void started.push(i), { burstDeliveries: 50, burstSpacingMs: 60_000 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => box.receive(delivery(i))));
    await sleep(50);
    expect(started).toHaveLength(1);
    const drained = await Promise.race([box.idle().then(() => "all answered"), sleep(2_000).then(() => "still waiting")]);
    expect(drained).toBe("all answered");
    expect(new Set(started).size).toBe(300);
  });

  it("answers once a delivery received twice", async () => {
    const answered: number[] = [];
    const box = openInbox(async ({ i }) => void answered.push(i));
    expect(await box.receive(delivery(1))).toBe("new");
    expect(await box.receive(delivery(1))).toBe("duplicate");
    await box.idle();
    expect(answered).toEqual([1]);
  });

  it("answers from memory when the journal cannot record (a full disk), and says so", async () => {
    const answered: number[] = [];
    const lines: string[] = [];
    const box = openInbox(async ({ i }) => void answered.push(i), {}, lines);
    journal.receive = () => {
      throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    };
    expect(await box.receive(delivery(7))).toBe("new");
    await box.idle();
    expect(answered).toEqual([7]);
    expect(lines).toContain("could not record received messages; answering them anyway");
  });

  it("leaves in the inbox, for the next start, what it had not started when stopped", async () => {
    const answered: number[] = [];
    const box = openInbox(async ({ i }) => {
      await sleep(20);
      answered.push(i);
    }, { concurrency: 1 });
    await Promise.all([box.receive(delivery(1)), box.receive(delivery(2)), box.receive(delivery(3))]);
    await sleep(5);
    await box.stop();
    inbox = undefined;
    expect(answered).toEqual([1]);
    // What a next run reads back from the file.
    journal.close();
    journal = InboxJournal.open(journal.path);
    expect(journal.pending().map((p) => JSON.parse(p.payload).i)).toEqual([2, 3]);

    const next = new DeliveryInbox({ journal, logger: recordingLogger([]), handlers: { test: async (p) => void answered.push((p as { i: number }).i) } });
    inbox = next;
    expect(next.start()).toBe(2);
    await next.idle();
    expect(answered).toEqual([1, 2, 3]);
  });
});
