import { closeSync, constants, copyFileSync, existsSync, fdatasync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { RememberedIds } from "./rememberedIds.js";

/** A message received from a platform, as the webhook hands it to the inbox. */
export interface Delivery {
  channel: string;
  /** The platform's id of the delivery (Telegram update_id, Zalo msg_id): the same id is answered once. */
  deliveryId: string;
  /** Deliveries of one conversation are answered in the order they arrived. */
  conversation: string;
  /** The platform's JSON, as received. */
  payload: string;
}

/** A delivery acknowledged but not yet answered. */
export interface PendingDelivery {
  id: number;
  channel: string;
  conversation: string;
  payload: string;
  attempts: number;
  nextAttemptAt: number;
  /** Parts of its reply already delivered (absent when none): a retry does not send them again. */
  partsSent?: number;
}

/** What was wrong with the file at open. */
export interface JournalDamage {
  /** Line numbers (from 1) of the lines that could not be read; at most the first 50 are listed. */
  lineNumbers: number[];
  unreadableLines: number;
  /** The damaged file as it was, copied aside (never overwritten); undefined when the copy failed. */
  keptAs: string | undefined;
  /** Messages that could be read from it, and those of them still waiting for an answer (answered now). */
  messagesRead: number;
  messagesPending: number;
}

export interface JournalOptions {
  /** How long a delivery id is remembered, so a redelivery is not answered twice. */
  rememberMs?: number;
  /** At most this many ids are remembered per channel (the newest); when it is reached, the oldest tenth is forgotten. */
  rememberAtMost?: number;
  /** The file is rewritten with only what is still needed once it is this big and mostly history. */
  compactAfterBytes?: number;
  /** Told when an answered or postponed mark could not be written (the message may be answered again after a restart). */
  onWriteError?: (error: unknown) => void;
}

const HEADER = "# kehoach-bot inbox journal v1\n";
/** Platforms redeliver within minutes, not days. */
const REMEMBER_MS = 7 * 24 * 3600 * 1000;
const REMEMBERED_LINE_BYTES = 48;
const REWRITE_LINES_PER_TURN = 2_000;

/** A rewrite of the file under way: the new file so far, and the text appended to the old one since it began. */
interface Rewrite {
  fd: number;
  bytes: number;
  lines: Generator<string, void, void>;
  unwritten: string[];
  appended: string[];
}

interface Pending extends PendingDelivery {
  deliveryId: string;
  receivedAt: number;
  bytes: number;
  partsSent: number;
}

const LISTED_LINE_NUMBERS = 50;

/**
 * The inbox on disk: an append-only file of what was received, answered and postponed. A batch of
 * received deliveries is one write() call, so it survives the process being killed the moment the
 * platform is acknowledged; the file is flushed to the disk itself within a second. On open the
 * lines are replayed (a line cut short by a crash is ignored) and the file is rewritten with only
 * what is still pending or remembered. So it is whenever it grows mostly stale, then in the
 * background, a few thousand lines per turn of the event loop.
 *
 * Lines: `R\t[id,channel,deliveryId,conversation,receivedAt]\t<payload>`, `D\t<id>` (answered or
 * given up), `P\t<id>\t<attempts>\t<nextAttemptAt>` (postponed), `A\t<id>\t<partsSent>` (parts of the
 * reply delivered), `S\t[channel,deliveryId,receivedAt]` (an answered id still remembered).
 *
 * A file with lines that cannot be read is copied aside (`inbox.journal.damaged-<time>`) before it is
 * rewritten, and `damage` says what was lost.
 */
export class InboxJournal {
  private fd: number;
  private readonly pendingById = new Map<number, Pending>();
  private readonly remembered: RememberedIds;
  private nextId = 1;
  private fileBytes = 0;
  private pendingBytes = 0;
  private buffered: string[] = [];
  private flushScheduled = false;
  private dirty = false;
  private lastLineCut = false;
  private rewrite: Rewrite | undefined;
  private closed = false;
  private readonly syncTimer: NodeJS.Timeout;
  /** What could not be read at open (a damaged file); undefined when every line was read. */
  readonly damage: JournalDamage | undefined;

  private constructor(
    readonly path: string,
    private readonly options: Required<JournalOptions>,
    now: number,
  ) {
    this.remembered = new RememberedIds(options.rememberAtMost);
    const text = existsSync(path) ? readFileSync(path, "utf8") : "";
    const replayed = this.replay(text, now);
    if (replayed.unreadable.length) {
      this.damage = {
        lineNumbers: replayed.unreadable.slice(0, LISTED_LINE_NUMBERS),
        unreadableLines: replayed.unreadable.length,
        keptAs: keepAside(path, now),
        messagesRead: replayed.messagesRead,
        messagesPending: this.pendingById.size,
      };
    }
    this.fd = openSync(path, "a");
    // Appended to, a file not ending with a line break would join its last line to the next.
    this.lastLineCut = text !== "" && !text.endsWith("\n");
    // A damaged file that could not be copied aside is not rewritten: it stays as it is for someone to look at.
    const keepFile = this.damage !== undefined && this.damage.keptAs === undefined;
    if (!keepFile && this.startRewrite(now)) this.continueRewrite(Infinity);
    this.syncTimer = setInterval(() => this.syncToDisk(), 1000);
    this.syncTimer.unref();
  }

  static open(path: string, options: JournalOptions = {}, now = Date.now()): InboxJournal {
    return new InboxJournal(
      path,
      {
        rememberMs: options.rememberMs ?? REMEMBER_MS,
        rememberAtMost: options.rememberAtMost ?? 200_000,
        compactAfterBytes: options.compactAfterBytes ?? 16 * 1024 * 1024,
        onWriteError: options.onWriteError ?? (() => {}),
      },
      now,
    );
  }

  /** Lines that could not be read at open. */
  get unreadableLines(): number {
    return this.damage?.unreadableLines ?? 0;
  }

  /** What is waiting to be answered, oldest first. */
  pending(): PendingDelivery[] {
    return [...this.pendingById.values()].map(({ id, channel, conversation, payload, attempts, nextAttemptAt, partsSent }) => ({
      id,
      channel,
      conversation,
      payload,
      attempts,
      nextAttemptAt,
      ...(partsSent ? { partsSent } : {}),
    }));
  }

  /**
   * Records the new deliveries of a batch in one write; returns each one's id, or undefined for a
   * delivery whose id was received before. Throws when the disk refuses the write: the ids are then
   * remembered only in memory.
   */
  receive(deliveries: readonly Delivery[], now = Date.now()): (number | undefined)[] {
    const ids: (number | undefined)[] = [];
    const added: Pending[] = [];
    for (const delivery of deliveries) {
      if (this.remembered.has(delivery.channel, delivery.deliveryId)) {
        ids.push(undefined);
        continue;
      }
      this.remembered.add(delivery.channel, delivery.deliveryId, now);
      const id = this.nextId++;
      // Spelled out: an object spread here cost several microseconds per message.
      const entry: Pending = {
        id,
        channel: delivery.channel,
        deliveryId: delivery.deliveryId,
        conversation: delivery.conversation,
        payload: delivery.payload,
        attempts: 0,
        nextAttemptAt: 0,
        receivedAt: now,
        bytes: 0,
        partsSent: 0,
      };
      const line = receivedLine(entry);
      entry.bytes = line.length;
      this.buffered.push(line);
      this.pendingById.set(id, entry);
      this.pendingBytes += line.length;
      added.push(entry);
      ids.push(id);
    }
    try {
      this.flush();
    } catch (error) {
      // The caller answers these from memory: they must not be answered again from here.
      for (const entry of added) {
        this.pendingById.delete(entry.id);
        this.pendingBytes -= entry.bytes;
      }
      throw error;
    }
    return ids;
  }

  /** Takes over deliveries pending in an older kind of inbox; they are on disk when this returns. */
  adopt(deliveries: readonly PendingDelivery[], now = Date.now()): void {
    if (!deliveries.length) return;
    const ids = this.receive(
      deliveries.map((d) => ({ channel: d.channel, deliveryId: `adopted-${now}-${d.id}`, conversation: d.conversation, payload: d.payload })),
      now,
    );
    deliveries.forEach((d, i) => {
      if (d.attempts && ids[i] !== undefined) this.postpone(ids[i], d.attempts, d.nextAttemptAt);
    });
    this.flush(now);
    fsyncSync(this.fd);
  }

  /** The delivery was answered, or given up. Written with the next batch or within this turn of the event loop. */
  complete(id: number): void {
    const entry = this.pendingById.get(id);
    if (!entry) return;
    this.pendingById.delete(id);
    this.pendingBytes -= entry.bytes;
    this.later(`D\t${id}\n`);
  }

  postpone(id: number, attempts: number, nextAttemptAt: number): void {
    const entry = this.pendingById.get(id);
    if (!entry) return;
    entry.attempts = attempts;
    entry.nextAttemptAt = nextAttemptAt;
    this.later(postponedLine(entry));
  }

  /**
   * `partsSent` parts of the delivery's reply went out. Written at once, so that neither a retry nor
   * the next start sends them again.
   */
  progress(id: number, partsSent: number): void {
    const entry = this.pendingById.get(id);
    if (!entry) return;
    entry.partsSent = partsSent;
    this.buffered.push(progressLine(entry));
    try {
      this.flush();
    } catch (error) {
      this.options.onWriteError(error);
    }
  }

  /** Writes what is buffered. Throws when the disk refuses it (the lines are dropped: at worst a message is answered twice). */
  flush(now = Date.now()): void {
    if (!this.buffered.length) return;
    let text = this.buffered.join("");
    this.buffered = [];
    // After a failed write the file may end in the middle of a line: start on a fresh one.
    if (this.lastLineCut) text = `\n${text}`;
    this.lastLineCut = true;
    this.fileBytes += writeFully(this.fd, text);
    this.lastLineCut = false;
    this.dirty = true;
    if (this.rewrite) this.rewrite.appended.push(text);
    else if (this.fileBytes > this.options.compactAfterBytes && this.fileBytes > 4 * this.liveBytes()) {
      if (this.startRewrite(now)) this.rewriteInBackground();
      else this.fileBytes = this.liveBytes();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.syncTimer);
    // Not finished: the old file, still complete, stays.
    this.abandonRewrite();
    try {
      this.flush();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }

  private later(line: string): void {
    this.buffered.push(line);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        this.flush();
      } catch (error) {
        this.options.onWriteError(error);
      }
    });
  }

  private get rewritePath(): string {
    return `${this.path}.new`;
  }

  private liveBytes(): number {
    return HEADER.length + this.pendingBytes + this.remembered.size * REMEMBERED_LINE_BYTES;
  }

  /**
   * Begins rewriting the file with only what is still pending or remembered: a new file, renamed
   * over the old one when complete. Returns false when the new file could not be opened.
   */
  private startRewrite(now: number): boolean {
    this.remembered.forgetBefore(now - this.options.rememberMs);
    let fd: number;
    try {
      fd = openSync(this.rewritePath, "w");
    } catch {
      return false;
    }
    const lines = this.compactedLines();
    // Taking the header fixes what is pending now; what changes later reaches the new file through `appended`.
    const header = lines.next().value as string;
    this.rewrite = { fd, bytes: 0, lines, unwritten: [header], appended: [] };
    return true;
  }

  /**
   * Writes up to `linesPerTurn` more lines of the new file; when they are all written, adds what was
   * appended to the old file meanwhile and puts the new file in its place. Returns true when done.
   */
  private continueRewrite(linesPerTurn: number): boolean {
    const rewrite = this.rewrite;
    if (!rewrite) return true;
    let bytes = rewrite.bytes;
    try {
      const chunk = rewrite.unwritten;
      rewrite.unwritten = [];
      let done = false;
      for (let n = 0; n < linesPerTurn; n++) {
        const next = rewrite.lines.next();
        if (next.done) {
          done = true;
          break;
        }
        chunk.push(next.value);
      }
      bytes += writeFully(rewrite.fd, chunk.join(""));
      rewrite.bytes = bytes;
      if (!done) return false;
      const appended = rewrite.appended.join("");
      if (appended) bytes += writeFully(rewrite.fd, appended);
      fsyncSync(rewrite.fd);
      closeSync(rewrite.fd);
      rewrite.fd = -1;
      renameSync(this.rewritePath, this.path);
      this.rewrite = undefined;
    } catch {
      // A full disk, say: keep appending to the file as it is; the rewrite is tried again once it has grown as much again.
      this.abandonRewrite();
      this.fileBytes = this.liveBytes();
      return true;
    }
    closeSync(this.fd);
    this.fd = openSync(this.path, "a");
    this.fileBytes = bytes;
    this.lastLineCut = false;
    return true;
  }

  /** Rewritten a few thousand lines per turn of the event loop, so no webhook waits long for it. */
  private rewriteInBackground(): void {
    setImmediate(() => {
      if (!this.continueRewrite(REWRITE_LINES_PER_TURN)) this.rewriteInBackground();
    });
  }

  private abandonRewrite(): void {
    const rewrite = this.rewrite;
    if (!rewrite) return;
    this.rewrite = undefined;
    try {
      if (rewrite.fd >= 0) closeSync(rewrite.fd);
      rmSync(this.rewritePath, { force: true });
    } catch {
      // Left over, it is overwritten by the next rewrite.
    }
  }

  /** The lines of the rewritten file, its header first; what is pending is fixed when the header is taken. */
  private *compactedLines(): Generator<string, void, void> {
    const pending = [...this.pendingById.values()];
    const pendingIds = new Map<string, Set<string>>();
    for (const p of pending) {
      let ids = pendingIds.get(p.channel);
      if (!ids) pendingIds.set(p.channel, (ids = new Set()));
      ids.add(p.deliveryId);
    }
    yield HEADER;
    for (const p of pending) {
      yield receivedLine(p);
      if (p.attempts) yield postponedLine(p);
      if (p.partsSent) yield progressLine(p);
    }
    for (const [channel, deliveryId, receivedAt] of this.remembered.entries()) {
      if (!pendingIds.get(channel)?.has(deliveryId)) yield `S\t${JSON.stringify([channel, deliveryId, receivedAt])}\n`;
    }
  }

  /** Replays the file; returns the numbers of the lines that could not be read and how many messages were read. */
  private replay(text: string, now: number): { unreadable: number[]; messagesRead: number } {
    const unreadable: number[] = [];
    const receivedOnLine = new Map<number, number>();
    const lines = text.split("\n");
    // The last piece is empty when the file ends with a line break; otherwise it is a line written
    // last, perhaps cut short by a crash.
    const last = lines.pop()!;
    const replayOne = (line: string, lineNumber: number) => {
      if (line === "" || line.startsWith("#")) return;
      try {
        const id = this.replayLine(line, now);
        if (id !== undefined) receivedOnLine.set(id, lineNumber);
      } catch {
        unreadable.push(lineNumber);
      }
    };
    lines.forEach((line, i) => replayOne(line, i + 1));
    if (last !== "") {
      // A received message or a remembered id is kept if its JSON is whole. An answered, postponed or
      // progress mark is not trusted (its number may be cut short): at worst a message is answered again.
      if (last.startsWith("R\t") || last.startsWith("S\t")) replayOne(last, lines.length + 1);
      else unreadable.push(lines.length + 1);
    }
    // A message whose own JSON is broken cannot be answered: it is counted with the unreadable lines.
    let broken = 0;
    for (const [id, lineNumber] of receivedOnLine) {
      const entry = this.pendingById.get(id);
      if (!entry || isJson(entry.payload)) continue;
      this.pendingById.delete(id);
      this.pendingBytes -= entry.bytes;
      // Not remembered either: if the platform delivers it again, it is answered.
      this.remembered.forget(entry.channel, entry.deliveryId);
      unreadable.push(lineNumber);
      broken++;
    }
    return { unreadable: unreadable.sort((a, b) => a - b), messagesRead: receivedOnLine.size - broken };
  }

  /** Returns the id of a received message the line records. */
  private replayLine(line: string, now: number): number | undefined {
    const kind = line.slice(0, 2);
    if (kind === "R\t") {
      const headerEnd = line.indexOf("\t", 2);
      if (headerEnd < 0) throw new Error("no payload");
      const [id, channel, deliveryId, conversation, receivedAt] = JSON.parse(line.slice(2, headerEnd)) as [number, string, string, string, number];
      if (!Number.isSafeInteger(id) || typeof channel !== "string" || typeof deliveryId !== "string") throw new Error("bad header");
      const payload = line.slice(headerEnd + 1);
      this.remembered.forget(channel, deliveryId);
      this.remembered.add(channel, deliveryId, Math.min(receivedAt, now));
      const previous = this.pendingById.get(id);
      if (previous) this.pendingBytes -= previous.bytes;
      this.pendingById.set(id, { id, channel, deliveryId, conversation, payload, attempts: 0, nextAttemptAt: 0, receivedAt, bytes: line.length + 1, partsSent: 0 });
      this.pendingBytes += line.length + 1;
      this.nextId = Math.max(this.nextId, id + 1);
      return id;
    } else if (kind === "D\t") {
      const id = Number(line.slice(2));
      if (!Number.isSafeInteger(id)) throw new Error("bad id");
      const entry = this.pendingById.get(id);
      if (!entry) return undefined;
      this.pendingById.delete(entry.id);
      this.pendingBytes -= entry.bytes;
    } else if (kind === "P\t") {
      const [id, attempts, nextAttemptAt] = line.slice(2).split("\t").map(Number) as [number, number, number];
      if (!Number.isSafeInteger(id) || !Number.isFinite(attempts) || !Number.isFinite(nextAttemptAt)) throw new Error("bad postponed line");
      const entry = this.pendingById.get(id);
      if (entry) Object.assign(entry, { attempts, nextAttemptAt });
    } else if (kind === "A\t") {
      const [id, partsSent] = line.slice(2).split("\t").map(Number) as [number, number];
      if (!Number.isSafeInteger(id) || !Number.isSafeInteger(partsSent)) throw new Error("bad progress line");
      const entry = this.pendingById.get(id);
      if (entry) entry.partsSent = partsSent;
    } else if (kind === "S\t") {
      const [channel, deliveryId, receivedAt] = JSON.parse(line.slice(2)) as [string, string, number];
      if (typeof channel !== "string" || typeof deliveryId !== "string") throw new Error("bad remembered line");
      this.remembered.add(channel, deliveryId, receivedAt);
    } else {
      throw new Error("unknown line");
    }
    return undefined;
  }

  private syncToDisk(): void {
    if (!this.dirty) return;
    this.dirty = false;
    // On the thread pool: the event loop does not wait for the disk.
    fdatasync(this.fd, () => {});
  }
}

function receivedLine(p: Pending): string {
  // The JSON of [id, channel, deliveryId, conversation, receivedAt], written out: stringifying the array took twice as long.
  const header = `[${p.id},${JSON.stringify(p.channel)},${JSON.stringify(p.deliveryId)},${JSON.stringify(p.conversation)},${p.receivedAt}]`;
  return `R\t${header}\t${oneLine(p.payload)}\n`;
}

function progressLine(p: Pending): string {
  return `A\t${p.id}\t${p.partsSent}\n`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies a damaged journal beside itself under a name no file has yet
 * (`inbox.journal.damaged-2025-01-31T08-00-00-000Z`); undefined when it cannot be copied.
 */
function keepAside(path: string, now: number): string | undefined {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  for (let n = 0; n < 100; n++) {
    const target = `${path}.damaged-${stamp}${n ? `-${n}` : ""}`;
    try {
      copyFileSync(path, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
    }
  }
  return undefined;
}

function postponedLine(p: PendingDelivery): string {
  return `P\t${p.id}\t${p.attempts}\t${p.nextAttemptAt}\n`;
}

/** JSON never needs a raw line break (inside strings they are escaped), so breaks are whitespace. */
function oneLine(json: string): string {
  return json.includes("\n") || json.includes("\r") ? json.replace(/[\r\n]/g, " ") : json;
}

/** Returns the number of bytes written. */
function writeFully(fd: number, text: string): number {
  const size = Buffer.byteLength(text);
  let written = writeSync(fd, text);
  if (written < size) {
    const bytes = Buffer.from(text);
    while (written < size) written += writeSync(fd, bytes, written);
  }
  return size;
}
