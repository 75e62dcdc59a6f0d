import { autoRetry } from "@grammyjs/auto-retry";
import type { FastifyBaseLogger } from "fastify";
import { Bot, BotError, type Context, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import type { Delivery } from "../../store/inboxJournal.js";
import type { DeliveryHandler } from "../deliveryInbox.js";
import type { TelegramConfig } from "../../config/config.js";
import type { KnowledgeBase } from "../../knowledge/knowledgeBase.js";
import { type Conversation, PLEASE_TYPE, RATE_LIMIT_NOTICE } from "../conversation.js";
import { greetingText, helpText } from "../greeting.js";
import { escapeHtml } from "../render.js";
import { RetryLaterError, sendPart } from "../replyProgress.js";
import { answerChoice, placeCommand, sendTurn } from "./telegramTurns.js";

/**
 * Telegram's retry_after up to this long is waited out within the call (auto-retry); a longer one
 * fails the attempt and the inbox postpones the message until the flood window has passed, without
 * holding one of its slots meanwhile.
 */
const WAIT_IN_CALL_SECONDS = 10;

const NON_TEXT: (
  | "message:photo"
  | "message:sticker"
  | "message:voice"
  | "message:audio"
  | "message:video"
  | "message:video_note"
  | "message:animation"
  | "message:document"
  | "message:location"
  | "message:contact"
)[] = [
  "message:photo",
  "message:sticker",
  "message:voice",
  "message:audio",
  "message:video",
  "message:video_note",
  "message:animation",
  "message:document",
  "message:location",
  "message:contact",
];

export interface TelegramDeps {
  config: TelegramConfig;
  conversation: Conversation;
  knowledge: KnowledgeBase;
  /** Bounded retries of a call Telegram asked to repeat later (429 retry_after); other failures are retried by the inbox. */
  maxRetryAttempts?: number;
}

function isGroup(ctx: Context): boolean {
  return ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";
}

/**
 * The question of a message: its text, or the caption of a photo or document. In a group the bot
 * answers only when mentioned or replied to; the mention is not part of the question.
 */
function questionFor(ctx: Context): string | undefined {
  const message = ctx.message;
  const text = message?.text ?? message?.caption;
  if (!message || text === undefined) return undefined;
  if (!isGroup(ctx)) return text;
  const username = ctx.me.username.toLowerCase();
  const repliesToBot = message.reply_to_message?.from?.id === ctx.me.id;
  let mentioned = false;
  let question = text;
  for (const entity of message.entities ?? message.caption_entities ?? []) {
    const value = text.slice(entity.offset, entity.offset + entity.length);
    if (
      (entity.type === "mention" && value.toLowerCase() === `@${username}`) ||
      (entity.type === "text_mention" && entity.user.id === ctx.me.id)
    ) {
      mentioned = true;
      question = question.replace(value, " ");
    }
  }
  return mentioned || repliesToBot ? question.trim() : undefined;
}

/** In a group, a reply is attached to the resident's message, so the others see what it answers. */
function replyTo(ctx: Context) {
  const messageId = ctx.message?.message_id;
  return isGroup(ctx) && messageId !== undefined ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {};
}

/** Sends the parts of a reply in order; a part an earlier attempt delivered is not sent again. */
async function sendHtml(ctx: Context, messages: string[]) {
  for (const message of messages) {
    await sendPart(ctx.update, () => ctx.reply(message, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...replyTo(ctx) }));
  }
}

function sendPlain(ctx: Context, text: string) {
  return sendPart(ctx.update, () => ctx.reply(text, replyTo(ctx)));
}

export function createTelegramBot(deps: TelegramDeps): Bot {
  const { config, conversation, knowledge } = deps;
  // A hung Telegram call must not hold an update for grammY's default of 500 s.
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: 15 } });
  // 5xx and network errors fail the attempt at once: the inbox retries it later, durably, without holding a slot.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: deps.maxRetryAttempts ?? 3,
      maxDelaySeconds: WAIT_IN_CALL_SECONDS,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );

  bot.command("start", (ctx) => sendHtml(ctx, [escapeHtml(greetingText(knowledge.index))]));
  bot.command("help", (ctx) => sendHtml(ctx, [escapeHtml(helpText())]));
  bot.command(["xa", "quen"], (ctx) => placeCommand(ctx, conversation, replyTo(ctx)));
  bot.callbackQuery(/^xa:(\d{1,2})$/, (ctx) => answerChoice(ctx, conversation, replyTo(ctx)));

  // A photo or a document whose caption is a question is answered like a text.
  bot.on(["message:text", "message:caption"], async (ctx, next) => {
    const question = questionFor(ctx);
    if (question === undefined) return;
    if (question === "") return ctx.message.text === undefined ? next() : undefined;
    const turn = conversation.ask("telegram", String(ctx.from.id), question, String(ctx.chat.id));
    if (turn.kind === "rate-limited") {
      if (turn.notify) await sendPlain(ctx, RATE_LIMIT_NOTICE);
      return;
    }
    await sendTurn(ctx, turn, replyTo(ctx));
  });

  bot.on(NON_TEXT, async (ctx) => {
    if (isGroup(ctx) && ctx.message?.reply_to_message?.from?.id !== ctx.me.id) return;
    await sendPlain(ctx, PLEASE_TYPE);
  });

  return bot;
}

/**
 * What the webhook keeps of a Telegram update (`rawText`: the body as received): its id (to answer
 * it once) and its chat (to answer a chat's messages in order). Undefined for a body that is not an update.
 */
export function telegramDelivery(rawText: string, channel = "telegram"): Delivery | undefined {
  let body: unknown;
  try {
    body = JSON.parse(rawText);
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const update = body as Partial<Update>;
  if (!Number.isSafeInteger(update.update_id)) return undefined;
  const chat = update.message?.chat ?? update.edited_message?.chat ?? update.callback_query?.message?.chat ?? update.my_chat_member?.chat;
  return { channel, deliveryId: String(update.update_id), conversation: String(chat?.id ?? "-"), payload: rawText };
}

/**
 * Answers a received update. Telegram's refusals (a blocked bot, a deleted chat) are final, not
 * retried; a retry_after too long to wait out in the call postpones the message in the inbox.
 */
export function telegramDeliveryHandler(bot: Bot, logger: FastifyBaseLogger): DeliveryHandler {
  return async (payload) => {
    if (!bot.isInited()) await bot.init();
    try {
      await bot.handleUpdate(payload as Update);
    } catch (error) {
      const cause = error instanceof BotError ? error.error : error;
      if (cause instanceof GrammyError && cause.error_code === 429 && cause.parameters.retry_after !== undefined) {
        throw new RetryLaterError(`429: ${cause.description}`, cause.parameters.retry_after * 1000);
      }
      if (cause instanceof GrammyError && cause.error_code >= 400 && cause.error_code < 500 && cause.error_code !== 429) {
        logger.warn({ code: cause.error_code, description: cause.description }, "telegram refused the reply; not retried");
        return;
      }
      throw cause;
    }
  };
}
