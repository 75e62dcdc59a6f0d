import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ENV_BOT_NAME } from "../config/channelsFile.js";
import type { BotRegistry } from "./botRegistry.js";
import type { DeliveryInbox } from "./deliveryInbox.js";
import { telegramDelivery } from "./telegram/telegramBot.js";
import { useWebhookLogger } from "./webhookLogger.js";
import { zaloDelivery } from "./zalo/zaloChannel.js";
import type { ZaloEvent } from "./zalo/zaloSignature.js";

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface WebhookOptions {
  registry: BotRegistry;
  inbox: DeliveryInbox;
  logLevel: string;
  bodyLimitBytes: number;
}

/** The bot a Telegram route is for: the environment's at /webhooks/telegram, each file bot at /webhooks/telegram/<name>. */
function telegramBotOf(request: FastifyRequest, registry: BotRegistry) {
  const name = (request.params as { bot?: string }).bot ?? ENV_BOT_NAME;
  const runtime = registry.telegramBot(name);
  // The bare route is the environment's bot's only: a file bot's updates must come to its own route.
  if (!runtime || ((request.params as { bot?: string }).bot === undefined && !runtime.config.fromEnv)) return undefined;
  return runtime;
}

/**
 * The Telegram routes. Each bot's secret is checked before the body is read: a forged request is
 * neither parsed nor recorded. The body is kept as received: the inbox stores that text.
 */
function registerTelegram(app: FastifyInstance, options: WebhookOptions): void {
  const { registry, inbox } = options;
  void app.register(async (scope) => {
    useWebhookLogger(scope, options.logLevel);
    scope.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
    const onRequest = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const runtime = telegramBotOf(request, registry);
      if (!runtime) return void reply.code(404).send({ error: "not found" });
      if (sameSecret(request.headers["x-telegram-bot-api-secret-token"], runtime.config.telegram.webhookSecret)) return done();
      request.log.warn({ ip: request.ip, ...(runtime.config.fromEnv ? {} : { bot: runtime.config.name }) }, "telegram webhook refused: wrong or missing secret token");
      void reply.code(401).send({ error: "unauthorized" });
    };
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const runtime = telegramBotOf(request, registry);
      if (!runtime) return reply.code(404).send({ error: "not found" });
      const delivery = telegramDelivery(String(request.body), runtime.channelKey);
      if (!delivery) return reply.code(400).send({ error: "not a Telegram update" });
      await inbox.receive(delivery);
      return reply.code(200).send({ ok: true });
    };
    scope.post("/webhooks/telegram", { onRequest, handler });
    scope.post("/webhooks/telegram/:bot", { onRequest, handler });
  });
}

/**
 * The Zalo route: every OA's events come to /webhooks/zalo and go to the OA they are addressed to,
 * checked with that OA's key on the raw bytes, recorded and acknowledged at once (Zalo wants 200
 * within 2 seconds).
 */
function registerZalo(app: FastifyInstance, options: WebhookOptions): void {
  const { registry, inbox } = options;
  void app.register(async (scope) => {
    useWebhookLogger(scope, options.logLevel);
    // The signature covers the exact text Zalo sent: keep it, never re-serialise.
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: options.bodyLimitBytes }, (_request, body, done) =>
      done(null, body),
    );
    scope.post("/webhooks/zalo", async (request, reply) => {
      if (!registry.zaloBots().length) return reply.code(404).send({ error: "not found" });
      const rawText = request.body as string;
      let event: ZaloEvent;
      try {
        event = JSON.parse(rawText) as ZaloEvent;
        if (typeof event !== "object" || event === null) throw new Error("not an object");
      } catch {
        return reply.code(400).send({ error: "malformed JSON" });
      }
      const runtime = registry.zaloFor(event);
      const verdict = runtime
        ? runtime.channel.verify(rawText, event, request.headers["x-zevent-signature"] as string | undefined)
        : ({ ok: false, reason: "event for an OA this install does not serve" } as const);
      if (!verdict.ok) {
        request.log.warn({ reason: verdict.reason, ip: request.ip, ...(runtime && !runtime.config.fromEnv ? { bot: runtime.config.name } : {}) }, "zalo webhook refused");
        return reply.code(401).send({ error: "invalid signature" });
      }
      const delivery = zaloDelivery(verdict.event, rawText, runtime!.channelKey);
      if (delivery) await inbox.receive(delivery);
      return reply.code(200).send({ received: true });
    });
  });
}

export function registerWebhooks(app: FastifyInstance, options: WebhookOptions): void {
  registerTelegram(app, options);
  registerZalo(app, options);
}
