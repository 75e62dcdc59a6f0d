/**
 * Which parts of a delivery's reply went out in earlier attempts. The inbox answers each delivery
 * with one, filed under the payload it hands the handler, so a channel sending a reply in several
 * messages calls `sendPart` with that payload for each, and a retry (or the next start) sends only
 * the parts that had not gone out.
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

/**
 * Filed by payload rather than carried by an AsyncLocalStorage: once one runs, Node 20 hooks every
 * promise of the process, and the webhooks acknowledged about a tenth fewer requests a second.
 */
const progressByPayload = new WeakMap<object, ReplyProgress>();

/** Runs the handler of a delivery's payload (the parsed object it is handed) with the progress of its reply. */
export async function withReplyProgress<T>(progress: ReplyProgress, payload: unknown, run: () => Promise<T>): Promise<T> {
  if (typeof payload !== "object" || payload === null) return run();
  progressByPayload.set(payload, progress);
  try {
    return await run();
  } finally {
    progressByPayload.delete(payload);
  }
}

/**
 * Sends one part of the reply to `payload` (the update or event being answered, as the inbox handed
 * it); outside the inbox (a direct call) it is simply sent.
 */
export async function sendPart(payload: object, send: () => Promise<unknown>): Promise<void> {
  const progress = progressByPayload.get(payload);
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
