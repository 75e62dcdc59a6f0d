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
import { escapeHtml, telegramMessages } from "../render.js";

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

/** In a group the bot answers only when mentioned or replied to; the mention is not part of the question. */
function questionFor(ctx: Context): string | undefined {
  const message = ctx.message;
  const text = message?.text;
  if (!message || text === undefined) return undefined;
  if (!isGroup(ctx)) return text;
  const username = ctx.me.username.toLowerCase();
  const repliesToBot = message.reply_to_message?.from?.id === ctx.me.id;
  let mentioned = false;
  let question = text;
  for (const entity of message.entities ?? []) {
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

async function sendHtml(ctx: Context, messages: string[]) {
  for (const message of messages) {
    await ctx.reply(message, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  }
}

export function createTelegramBot(deps: TelegramDeps): Bot {
  const { config, conversation, knowledge } = deps;
  // A hung Telegram call must not hold an update for grammY's default of 500 s.
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: 15 } });
  // 5xx and network errors fail the attempt at once: the inbox retries it later, durably, without holding a slot.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: deps.maxRetryAttempts ?? 3, maxDelaySeconds: 30, rethrowInternalServerErrors: true, rethrowHttpErrors: true }),
  );

  bot.command("start", (ctx) => sendHtml(ctx, [escapeHtml(greetingText(knowledge.index))]));
  bot.command("help", (ctx) => sendHtml(ctx, [escapeHtml(helpText())]));

  bot.on("message:text", async (ctx) => {
    const question = questionFor(ctx);
    if (question === undefined || question === "") return;
    const turn = conversation.ask("telegram", String(ctx.from.id), question);
    if (turn.kind === "rate-limited") {
      if (turn.notify) await ctx.reply(RATE_LIMIT_NOTICE);
      return;
    }
    await sendHtml(ctx, telegramMessages(turn.result));
  });

  bot.on(NON_TEXT, async (ctx) => {
    if (isGroup(ctx) && ctx.message?.reply_to_message?.from?.id !== ctx.me.id) return;
    await ctx.reply(PLEASE_TYPE);
  });

  return bot;
}

/**
 * What the webhook keeps of a Telegram update (`rawText`: the body as received): its id (to answer
 * it once) and its chat (to answer a chat's messages in order). Undefined for a body that is not an update.
 */
export function telegramDelivery(rawText: string): Delivery | undefined {
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
  return { channel: "telegram", deliveryId: String(update.update_id), conversation: String(chat?.id ?? "-"), payload: rawText };
}

/** Answers a received update. Telegram's refusals (a blocked bot, a deleted chat) are final, not retried. */
export function telegramDeliveryHandler(bot: Bot, logger: FastifyBaseLogger): DeliveryHandler {
  return async (payload) => {
    if (!bot.isInited()) await bot.init();
    try {
      await bot.handleUpdate(payload as Update);
    } catch (error) {
      const cause = error instanceof BotError ? error.error : error;
      if (cause instanceof GrammyError && cause.error_code >= 400 && cause.error_code < 500 && cause.error_code !== 429) {
        logger.warn({ code: cause.error_code, description: cause.description }, "telegram refused the reply; not retried");
        return;
      }
      throw error;
    }
  };
}
