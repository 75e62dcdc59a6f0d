import * as fs from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { InboxJournal } from "../src/store/inboxJournal.js";

// The disk refusing a write, played by node:fs itself (a full disk for real is in diskFull.test.ts).
const disk = vi.hoisted(() => ({ full: false }));
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return {
    ...actual,
    writeSync: (...args: Parameters<typeof actual.writeSync>) => {
      if (disk.full) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      return actual.writeSync(...args);
    },
  };
});

describe("inbox journal on a full disk", () => {
  it("throws for a batch it could not write and keeps none of it pending, but remembers its ids", () => {
    const path = join(mkdtempSync(join(tmpdir(), "journal-full-")), "inbox.journal");
    const journal = InboxJournal.open(path);
    const [kept] = journal.receive([{ channel: "telegram", deliveryId: "1", conversation: "c", payload: "{}" }]);
    disk.full = true;
    expect(() => journal.receive([{ channel: "telegram", deliveryId: "2", conversation: "c", payload: "{}" }])).toThrow(/ENOSPC/);
    expect(journal.pending().map((p) => p.id)).toEqual([kept]);
    // Answered from memory by the caller: a redelivery is still recognised.
    disk.full = false;
    expect(journal.receive([{ channel: "telegram", deliveryId: "2", conversation: "c", payload: "{}" }])).toEqual([undefined]);
    journal.close();
    const reopened = InboxJournal.open(path);
    expect(reopened.pending().map((p) => p.id)).toEqual([kept]);
    reopened.close();
  });

  it("tells its owner when it could not mark a message answered", async () => {
    const errors: unknown[] = [];
    const journal = InboxJournal.open(join(mkdtempSync(join(tmpdir(), "journal-full-")), "inbox.journal"), { onWriteError: (error) => errors.push(error) });
    const [id] = journal.receive([{ channel: "telegram", deliveryId: "1", conversation: "c", payload: "{}" }]);
    disk.full = true;
    journal.complete(id!);
    await new Promise((resolve) => setImmediate(resolve));
    disk.full = false;
    expect(errors).toEqual([expect.objectContaining({ code: "ENOSPC" })]);
    journal.close();
  });
});
