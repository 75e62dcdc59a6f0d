import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Which parts of a delivery's reply went out in earlier attempts. The inbox runs each handler inside
 * one, so a channel sending a reply in several messages calls `sendPart` for each and a retry (or the
 * next start) sends only the parts that had not gone out.
 */
export class ReplyProgress {
  private next = 0;

  constructor(
    private sent: number,
    private readonly record: (partsSent: number) => void,
  ) {}

  /** Sends the next part of the reply, unless an earlier attempt delivered it. */
  async part(send: () => Promise<unknown>): Promise<void> {
    const index = this.next++;
    if (index < this.sent) return;
    await send();
    this.sent = index + 1;
    this.record(this.sent);
  }
}

const current = new AsyncLocalStorage<ReplyProgress>();

export function withReplyProgress<T>(progress: ReplyProgress, run: () => Promise<T>): Promise<T> {
  return current.run(progress, run);
}

/** Sends one part of the reply being answered; outside the inbox (a direct call) it is simply sent. */
export async function sendPart(send: () => Promise<unknown>): Promise<void> {
  const progress = current.getStore();
  if (progress) await progress.part(send);
  else await send();
}

/**
 * A failure after which the platform asked not to be called for a while (Telegram's retry_after):
 * the inbox postpones the message until then, at least.
 */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * What went wrong, in a few words fit for the log: the platform's code and description, never a
 * message text, a payload or a token (an error's own message may quote any of them).
 */
export function failureSummary(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const e = error as Error & { summary?: unknown; error_code?: unknown; description?: unknown; code?: unknown; error?: unknown };
  if (typeof e.summary === "string") return e.summary;
  if (e instanceof RetryLaterError) return e.message;
  if (typeof e.error_code === "number") return `${e.error_code}${typeof e.description === "string" ? `: ${e.description}` : ""}`;
  if (e.name === "HttpError") {
    const cause = e.error as { code?: unknown; name?: unknown } | undefined;
    return `network error${typeof cause?.code === "string" ? ` (${cause.code})` : typeof cause?.name === "string" ? ` (${cause.name})` : ""}`;
  }
  return `${e.name}${typeof e.code === "string" ? ` (${e.code})` : ""}`;
}
