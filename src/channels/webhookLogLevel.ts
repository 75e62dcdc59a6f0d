import type { LogLevel } from "fastify";

/**
 * The level of a webhook route's own logger. Fastify logs every request twice at info ("incoming
 * request", "request completed"); a webhook has as many requests as residents send messages, and
 * what became of each is already kept by the inbox and the question log. At the default level the
 * routes log only what went wrong (refusals, errors); at debug or trace every request again.
 * Those two lines per message also took a fifth of the webhook's throughput (`npm run bench`).
 */
export function webhookLogLevel(serverLevel: string): LogLevel {
  return serverLevel === "info" ? "warn" : (serverLevel as LogLevel);
}
