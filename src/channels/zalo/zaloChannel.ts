import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { ZaloConfig } from "../../config/config.js";
import type { KnowledgeBase } from "../../knowledge/knowledgeBase.js";
import { type Conversation, PLEASE_TYPE, RATE_LIMIT_NOTICE } from "../conversation.js";
import { greetingText } from "../greeting.js";
import { splitMessage } from "../render.js";
import { ZALO_MESSAGE_LIMIT, type ZaloClient } from "./zaloClient.js";
import { verifyZaloEvent, type ZaloEvent } from "./zaloSignature.js";

const NON_TEXT_EVENTS = new Set([
  "user_send_image",
  "user_send_sticker",
  "user_send_gif",
  "user_send_audio",
  "user_send_video",
  "user_send_file",
  "user_send_location",
  "user_send_link",
  "user_send_business_card",
]);

export interface ZaloDeps {
  config: ZaloConfig;
  conversation: Conversation;
  knowledge: KnowledgeBase;
  client: ZaloClient;
  logger: FastifyBaseLogger;
  bodyLimitBytes: number;
}

/**
 * The Zalo OA webhook: verified on the raw bytes, acknowledged at once (Zalo wants 200 within
 * 2 seconds), answered asynchronously, each message once.
 */
export class ZaloChannel {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ZaloDeps) {}

  register(app: FastifyInstance): void {
    const { config, logger, bodyLimitBytes } = this.deps;
    app.register(async (scope) => {
      // The signature covers the exact bytes Zalo sent: keep them, never re-serialise.
      scope.addContentTypeParser("application/json", { parseAs: "buffer", bodyLimit: bodyLimitBytes }, (_request, body, done) =>
        done(null, body),
      );
      scope.post("/webhooks/zalo", async (request, reply) => {
        const rawBody = request.body as Buffer;
        let event: ZaloEvent;
        try {
          event = JSON.parse(rawBody.toString("utf8")) as ZaloEvent;
          if (typeof event !== "object" || event === null) throw new Error("not an object");
        } catch {
          return reply.code(400).send({ error: "malformed JSON" });
        }
        const verdict = verifyZaloEvent({
          rawBody,
          event,
          header: request.headers["x-zevent-signature"] as string | undefined,
          appId: config.appId,
          oaSecretKey: config.oaSecretKey,
          maxAgeSeconds: config.maxEventAgeSeconds,
        });
        if (!verdict.ok) {
          logger.warn({ reason: verdict.reason, ip: request.ip }, "zalo webhook refused");
          return reply.code(401).send({ error: "invalid signature" });
        }
        this.accept(verdict.event);
        return reply.code(200).send({ received: true });
      });
    });
  }

  /** Schedules the event; the webhook answers before the reply is sent. */
  accept(event: ZaloEvent): void {
    const task = this.process(event)
      .catch((error) => this.deps.logger.error({ err: error, event: event.event_name }, "zalo event failed"))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Waits for the replies still being sent (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async process(event: ZaloEvent): Promise<void> {
    const { conversation, knowledge, logger } = this.deps;
    const name = event.event_name ?? "";
    const userId = event.sender?.id ?? event.follower?.id ?? event.user_id_by_app;
    if (!userId) return;
    const isUserEvent = name === "user_send_text" || name === "follow" || NON_TEXT_EVENTS.has(name);
    if (!isUserEvent) return;
    const dedupeKey = event.message?.msg_id ?? `${name}:${userId}:${event.timestamp}`;
    if (!conversation.claim("zalo", dedupeKey)) {
      logger.info({ event: name }, "zalo event already handled; skipped");
      return;
    }
    if (name === "follow") return this.send(userId, greetingText(knowledge.index));
    if (name !== "user_send_text") return this.send(userId, PLEASE_TYPE);
    const text = event.message?.text ?? "";
    if (!text.trim()) return this.send(userId, PLEASE_TYPE);
    const turn = conversation.ask("zalo", userId, text);
    if (turn.kind === "rate-limited") {
      if (turn.notify) await this.send(userId, RATE_LIMIT_NOTICE);
      return;
    }
    await this.send(userId, turn.result.reply);
  }

  private async send(userId: string, text: string): Promise<void> {
    for (const chunk of splitMessage(text, ZALO_MESSAGE_LIMIT)) {
      const outcome = await this.deps.client.sendText(userId, chunk);
      if (!outcome.ok) return;
    }
  }
}
