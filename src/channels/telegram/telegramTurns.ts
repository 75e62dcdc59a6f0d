import { type Context, InlineKeyboard } from "grammy";
import type { Conversation, Turn } from "../conversation.js";
import { RATE_LIMIT_NOTICE } from "../conversation.js";
import { telegramMessages } from "../render.js";
import { sendPart } from "../replyProgress.js";
import { whichPlaceHint, whichPlacePrompt } from "../../residents/residentText.js";

type ReplyOptions = Record<string, unknown>;

/** The places offered as buttons, one a row; a button sends back its place's position in the list. */
function placeKeyboard(places: readonly string[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  places.forEach((place, i) => keyboard.text(place, `xa:${i}`).row());
  return keyboard;
}

/** Sends what a turn replies: an answer in HTML, "which place?" with its buttons, or a notice. */
export async function sendTurn(ctx: Context, turn: Turn, replyTo: ReplyOptions): Promise<void> {
  if (turn.kind === "rate-limited") {
    if (turn.notify) await sendPart(ctx.update, () => ctx.reply(RATE_LIMIT_NOTICE, replyTo));
    return;
  }
  if (turn.kind === "notice") {
    if (turn.text) await sendPart(ctx.update, () => ctx.reply(turn.text, replyTo));
    return;
  }
  if (turn.kind === "which-place") {
    const text = `${whichPlacePrompt(turn.language)}\n${whichPlaceHint(turn.language)}`;
    await sendPart(ctx.update, () => ctx.reply(text, { reply_markup: placeKeyboard(turn.places), ...replyTo }));
    return;
  }
  for (const message of telegramMessages(turn.result)) {
    await sendPart(ctx.update, () => ctx.reply(message, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...replyTo }));
  }
}

/** `/xa <tên>` and `/quen`. */
export async function placeCommand(ctx: Context, conversation: Conversation, replyTo: ReplyOptions): Promise<void> {
  if (!ctx.from || !ctx.chat) return;
  const name = ctx.message?.text?.match(/^\/(xa|quen)\b/i)?.[1]?.toLowerCase() === "quen" ? "quen" : "xa";
  const argument = typeof ctx.match === "string" ? ctx.match : "";
  const turn = conversation.command("telegram", String(ctx.from.id), name, argument, "/", String(ctx.chat.id));
  await sendTurn(ctx, turn, replyTo);
}

/** A tap on a place button: the question that asked for it is answered for that place. */
export async function answerChoice(ctx: Context, conversation: Conversation, replyTo: ReplyOptions): Promise<void> {
  if (!ctx.from) return;
  const offered = Number(Array.isArray(ctx.match) ? ctx.match[1] : NaN);
  const chatId = String(ctx.chat?.id ?? ctx.from.id);
  const turn = conversation.choose("telegram", String(ctx.from.id), offered, chatId);
  await sendPart(ctx.update, () => ctx.answerCallbackQuery());
  if (turn) await sendTurn(ctx, turn, replyTo);
  else await sendPart(ctx.update, () => ctx.reply("Lựa chọn này đã cũ; hãy gõ lại câu hỏi. (This choice has expired; please ask again.)", replyTo));
}
