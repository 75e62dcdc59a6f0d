import { autoRetry } from "@grammyjs/auto-retry";
import type { FastifyBaseLogger } from "fastify";
import { Bot, type Context } from "grammy";
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
  logger: FastifyBaseLogger;
  /** Bounded retries of outgoing calls (429 retry_after, 5xx, network errors). */
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
  const { config, conversation, knowledge, logger } = deps;
  // A hung Telegram call must not hold an update for grammY's default of 500 s.
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: 15 } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: deps.maxRetryAttempts ?? 3, maxDelaySeconds: 30 }));

  // The same update delivered twice is answered once; a failed one is released for redelivery.
  bot.use(async (ctx, next) => {
    const id = ctx.update.update_id;
    if (!conversation.claim("telegram", id)) {
      logger.info({ updateId: id }, "telegram update already handled; skipped");
      return;
    }
    try {
      await next();
    } catch (error) {
      conversation.release("telegram", id);
      logger.error({ err: error, updateId: id }, "telegram update failed; released for redelivery");
      throw error;
    }
  });

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
