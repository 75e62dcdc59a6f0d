import type { FastifyBaseLogger } from "fastify";
import type { ZaloConfig } from "../../config/config.js";
import type { KnowledgeBase } from "../../knowledge/knowledgeBase.js";
import { type Conversation, PLEASE_TYPE, RATE_LIMIT_NOTICE } from "../conversation.js";
import { greetingText } from "../greeting.js";
import { splitMessage } from "../render.js";
import { ZALO_MESSAGE_LIMIT, type ZaloClient } from "./zaloClient.js";
import type { Delivery } from "../../store/inboxJournal.js";
import { sendPart } from "../replyProgress.js";
import { eventTimeMs, type SignatureVerdict, verifyZaloEvent, type ZaloEvent } from "./zaloSignature.js";
import { zaloPlaceCommand, zaloReply } from "./zaloTurns.js";

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
}

/**
 * One Zalo OA: checks the events addressed to it (src/channels/zalo/zaloWebhook.ts routes them) and
 * answers them; the inbox calls `answer`, once per message.
 */
export class ZaloChannel {
  constructor(private readonly deps: ZaloDeps) {}

  /** Checks an event's signature against this OA's app and secret key. */
  verify(rawText: string, event: ZaloEvent, header: string | undefined): SignatureVerdict {
    const { config } = this.deps;
    return verifyZaloEvent({ rawText, event, header, appId: config.appId, oaSecretKey: config.oaSecretKey });
  }

  /**
   * Answers a recorded event (the inbox's handler for Zalo). An event older than
   * ZALO_MAX_EVENT_AGE_SECONDS (Zalo delivering it again long after an outage) is not answered:
   * Zalo no longer allows the reply, and the resident has moved on.
   */
  readonly answer = async (payload: unknown): Promise<void> => {
    const { conversation, knowledge, config, logger } = this.deps;
    const event = payload as ZaloEvent;
    const name = event.event_name ?? "";
    const userId = zaloUserId(event)!;
    const ageSeconds = Math.round((Date.now() - eventTimeMs(event)) / 1000);
    if (ageSeconds > config.maxEventAgeSeconds) {
      logger.info({ event: name, ageSeconds, maxAgeSeconds: config.maxEventAgeSeconds }, "zalo event too old to answer; not answered");
      return;
    }
    if (name === "follow") return this.send(event, userId, greetingText(knowledge.index));
    if (name !== "user_send_text") return this.send(event, userId, PLEASE_TYPE);
    const text = event.message?.text ?? "";
    if (!text.trim()) return this.send(event, userId, PLEASE_TYPE);
    const command = zaloPlaceCommand(text);
    const turn = command ? conversation.command("zalo", userId, command.name, command.argument, "#") : conversation.ask("zalo", userId, text);
    if (turn.kind === "rate-limited") {
      if (turn.notify) await this.send(event, userId, RATE_LIMIT_NOTICE);
      return;
    }
    const reply = zaloReply(turn);
    if (reply) await this.send(event, userId, reply);
  };

  /** Sends the parts of the reply to an event in order; a part an earlier attempt delivered is not sent again. */
  private async send(event: ZaloEvent, userId: string, text: string): Promise<void> {
    for (const chunk of splitMessage(text, ZALO_MESSAGE_LIMIT)) {
      let refused = false;
      await sendPart(event, async () => {
        refused = !(await this.deps.client.sendText(userId, chunk)).ok;
      });
      // Zalo refused the user for good: the later parts would be refused too.
      if (refused) return;
    }
  }
}

function zaloUserId(event: ZaloEvent): string | undefined {
  return event.sender?.id ?? event.follower?.id ?? event.user_id_by_app;
}

/**
 * The delivery to answer for a verified event (`rawText`: its body as received); undefined for
 * events residents did not send (OA's own messages, say).
 */
export function zaloDelivery(event: ZaloEvent, rawText: string, channel = "zalo"): Delivery | undefined {
  const name = event.event_name ?? "";
  const userId = zaloUserId(event);
  const fromResident = name === "user_send_text" || name === "follow" || NON_TEXT_EVENTS.has(name);
  if (!userId || !fromResident) return undefined;
  const deliveryId = event.message?.msg_id ?? `${name}:${userId}:${event.timestamp}`;
  return { channel, deliveryId, conversation: userId, payload: rawText };
}
