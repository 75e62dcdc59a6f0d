import type { FastifyBaseLogger, FastifyInstance } from "fastify";

/**
 * The logger of the webhook routes registered in `scope`. Fastify makes a child logger for every
 * request and logs each one twice at info ("incoming request", "request completed"); a webhook has
 * as many requests as residents send messages, and what became of each is already kept by the inbox
 * and the question log. Below debug, the routes of `scope` therefore share one child logger, at warn
 * when the server logs at info: they log what went wrong (refusals, errors), without a request id,
 * and no logger is made per request. At debug or trace every request is logged again, with its id.
 * Both the two lines and the child per request weighed on webhook throughput (`npm run bench`).
 */
export function useWebhookLogger(scope: FastifyInstance, serverLevel: string): void {
  if (serverLevel === "debug" || serverLevel === "trace") return;
  const shared = new WeakMap<FastifyBaseLogger, FastifyBaseLogger>();
  scope.setChildLoggerFactory((logger) => {
    let child = shared.get(logger);
    if (!child) {
      child = logger.child({}, serverLevel === "info" ? { level: "warn" } : {});
      shared.set(logger, child);
    }
    return child;
  });
}
