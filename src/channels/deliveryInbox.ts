import type { FastifyBaseLogger } from "fastify";
import type { Delivery, InboxJournal } from "../store/inboxJournal.js";
import { failureSummary, ReplyProgress, RetryLaterError, withReplyProgress } from "./replyProgress.js";

/**
 * Answers one delivery; a rejection means "try again later" (a RetryLaterError: not before its
 * time). A reply in several messages sends each through `sendPart`, so a retry skips those delivered.
 */
export type DeliveryHandler = (payload: unknown) => Promise<void>;

export interface InboxOptions {
  journal: InboxJournal;
  logger: FastifyBaseLogger;
  handlers: Record<string, DeliveryHandler>;
  /** Deliveries being answered at once (replies wait on the platform's network). */
  concurrency?: number;
  /**
   * A burst is this many deliveries received within 100 ms. During one, acknowledging comes first
   * and answers start at most every `burstSpacingMs` (a platform that is not acknowledged in time
   * delivers again, which only adds to the load; Telegram takes about 30 bot messages a second
   * anyway); the backlog is answered at full speed as soon as the burst is over.
   */
  burstDeliveries?: number;
  burstSpacingMs?: number;
  /** Waits before the attempts after a failed one; when they are used up, the delivery is dropped. */
  retryDelaysMs?: readonly number[];
}

interface Queued {
  /** Undefined when the journal could not record it (the delivery lives only in memory). */
  id: number | undefined;
  channel: string;
  conversation: string;
  payload: string;
  attempts: number;
  partsSent: number;
}

/** One conversation's deliveries waiting to be answered, in order; busy while one of them is being answered. */
interface ConversationQueue {
  channel: string;
  conversation: string;
  items: Queued[];
  busy: boolean;
}

interface Received {
  delivery: Delivery;
  resolve: (outcome: "new" | "duplicate") => void;
}

const WINDOW_MS = 100;
const BURST_CHECK_MS = 10;

/**
 * Between the webhooks and the answers. A webhook hands its verified delivery to `receive`, which
 * resolves once the delivery is in the journal (deliveries arriving together share one write), so
 * the platform is acknowledged at once and nothing acknowledged is lost by a crash. The deliveries
 * are then answered in the background: a few at a time, each conversation in order, failures
 * retried with growing waits, whatever is left answered after a restart.
 */
export class DeliveryInbox {
  private readonly journal: InboxJournal;
  private readonly logger: FastifyBaseLogger;
  private readonly handlers: Record<string, DeliveryHandler>;
  private readonly concurrency: number;
  private readonly burstDeliveries: number;
  private readonly burstSpacingMs: number;
  private readonly retryDelaysMs: readonly number[];

  private received: Received[] = [];
  /** Channel → conversation → its queue, while it has something waiting or under way. */
  private readonly conversations = new Map<string, Map<string, ConversationQueue>>();
  /** Conversations with something waiting and nothing under way, in the order they became so. */
  private runnable: ConversationQueue[] = [];
  private runnableHead = 0;
  private readyCount = 0;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private stepScheduled = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private lastStartAt = -Infinity;
  private windowStart = 0;
  private windowCount = 0;
  private previousWindowCount = 0;

  constructor(options: InboxOptions) {
    this.journal = options.journal;
    this.logger = options.logger;
    this.handlers = options.handlers;
    this.concurrency = options.concurrency ?? 8;
    this.burstDeliveries = options.burstDeliveries ?? 100;
    this.burstSpacingMs = options.burstSpacingMs ?? 100;
    this.retryDelaysMs = options.retryDelaysMs ?? [5_000, 30_000, 120_000, 600_000, 1_800_000];
  }

  /** Answers what the last run acknowledged but did not answer. */
  start(): number {
    const pending = this.journal.pending().filter((row) => this.handlers[row.channel]);
    for (const row of pending) {
      const queued = {
        id: row.id,
        channel: row.channel,
        conversation: row.conversation,
        payload: row.payload,
        attempts: row.attempts,
        partsSent: row.partsSent ?? 0,
      };
      const wait = row.nextAttemptAt - Date.now();
      if (wait > 0) this.retryLater(queued, wait);
      else this.enqueue(queued);
    }
    this.pump();
    return pending.length;
  }

  /** Resolves once the delivery is recorded: "duplicate" when its id was received before. */
  receive(delivery: Delivery): Promise<"new" | "duplicate"> {
    this.countIntake();
    return new Promise((resolve) => {
      this.received.push({ delivery, resolve });
      if (this.received.length === 1) setImmediate(() => this.record());
    });
  }

  /** Resolves when nothing received is waiting or being answered (retries planned for later aside). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops starting answers and waits for those under way; the rest stays in the inbox for the next start. */
  async stop(): Promise<void> {
    this.record();
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private record(): void {
    const batch = this.received;
    if (!batch.length) return;
    this.received = [];
    let ids: (number | undefined)[] | undefined;
    try {
      ids = this.journal.receive(batch.map((r) => r.delivery));
    } catch (error) {
      // Answering from memory is better than silence (a full disk, say).
      this.logger.error({ err: error, deliveries: batch.length }, "could not record received messages; answering them anyway");
    }
    batch.forEach(({ delivery, resolve }, i) => {
      const isNew = ids === undefined || ids[i] !== undefined;
      if (isNew) {
        this.enqueue({ id: ids?.[i], channel: delivery.channel, conversation: delivery.conversation, payload: delivery.payload, attempts: 0, partsSent: 0 });
      } else {
        this.logger.info({ channel: delivery.channel }, "message delivered again; answered once");
      }
      resolve(isNew ? "new" : "duplicate");
    });
    this.pump();
  }

  private pump(): void {
    if (this.stopped || this.stepScheduled || this.inFlight >= this.concurrency || this.runnableHead >= this.runnable.length) {
      this.notifyIfIdle();
      return;
    }
    this.stepScheduled = true;
    const step = () => {
      this.stepScheduled = false;
      if (!this.stopped && this.inBurst() && performance.now() - this.lastStartAt < this.burstSpacingMs) {
        // Looked at again soon, so the end of the burst is noticed without waiting out the spacing.
        this.stepScheduled = true;
        setTimeout(step, BURST_CHECK_MS);
        return;
      }
      this.startNext();
      this.pump();
    };
    // One answer per turn of the event loop, so acknowledgements in between are never held up long.
    setImmediate(step);
  }

  private enqueue(item: Queued): void {
    let ofChannel = this.conversations.get(item.channel);
    if (!ofChannel) {
      ofChannel = new Map();
      this.conversations.set(item.channel, ofChannel);
    }
    let queue = ofChannel.get(item.conversation);
    if (!queue) {
      queue = { channel: item.channel, conversation: item.conversation, items: [], busy: false };
      ofChannel.set(item.conversation, queue);
    }
    queue.items.push(item);
    if (queue.items.length === 1 && !queue.busy) this.runnable.push(queue);
    this.readyCount++;
  }

  private startNext(): void {
    if (this.stopped || this.inFlight >= this.concurrency || this.runnableHead >= this.runnable.length) return;
    const queue = this.runnable[this.runnableHead++]!;
    if (this.runnableHead > 1024 && this.runnableHead * 2 > this.runnable.length) {
      this.runnable = this.runnable.slice(this.runnableHead);
      this.runnableHead = 0;
    }
    const item = queue.items.shift()!;
    this.readyCount--;
    this.lastStartAt = performance.now();
    this.inFlight++;
    queue.busy = true;
    void this.answer(item).finally(() => {
      this.inFlight--;
      queue.busy = false;
      if (queue.items.length) this.runnable.push(queue);
      else this.conversations.get(queue.channel)?.delete(queue.conversation);
      this.pump();
    });
  }

  private async answer(item: Queued): Promise<void> {
    const progress = new ReplyProgress(item.partsSent, (partsSent) => {
      item.partsSent = partsSent;
      if (item.id !== undefined) this.journal.progress(item.id, partsSent);
    });
    try {
      const payload: unknown = JSON.parse(item.payload);
      await withReplyProgress(progress, payload, () => this.handlers[item.channel]!(payload));
      this.forget(item);
    } catch (error) {
      const attempt = item.attempts + 1;
      const scheduled = this.retryDelaysMs[attempt - 1];
      const failure = failureSummary(error);
      if (scheduled === undefined) {
        // One line, with nothing of the resident's: the channel, what failed and how often.
        this.logger.error({ channel: item.channel, error: failure, attempts: attempt }, "message could not be answered; given up");
        this.forget(item);
        return;
      }
      // Asked to wait (a platform's flood control): not a call before the time it gave.
      const delay = error instanceof RetryLaterError ? Math.max(scheduled, error.retryAfterMs) : scheduled;
      this.logger.warn({ channel: item.channel, error: failure, attempt, retryInMs: delay }, "message could not be answered; will retry");
      const retry = { ...item, attempts: attempt };
      if (item.id !== undefined) this.journal.postpone(item.id, attempt, Date.now() + delay);
      this.retryLater(retry, delay);
    }
  }

  private forget(item: Queued): void {
    if (item.id !== undefined) this.journal.complete(item.id);
  }

  private retryLater(item: Queued, delayMs: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueue(item);
      this.pump();
    }, delayMs);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private countIntake(): void {
    this.rollWindow();
    this.windowCount++;
  }

  private inBurst(): boolean {
    this.rollWindow();
    return Math.max(this.windowCount, this.previousWindowCount) >= this.burstDeliveries;
  }

  private rollWindow(): void {
    const now = performance.now();
    if (now - this.windowStart < WINDOW_MS) return;
    this.previousWindowCount = now - this.windowStart < 2 * WINDOW_MS ? this.windowCount : 0;
    this.windowStart = now;
    this.windowCount = 0;
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.received.length === 0 && (this.readyCount === 0 || this.stopped);
  }

  private notifyIfIdle(): void {
    if (!this.isIdle() || !this.idleWaiters.length) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
