import type { AskResult } from "../answer/types.js";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Telegram HTML: the figure in bold, the quote, the citation on its own line. */
export function renderTelegramHtml(result: AskResult): string {
  if (result.pieces.length === 0) return escapeHtml(result.reply);
  const english = result.explanation.language === "en";
  const blocks = result.pieces.map((piece) => {
    const lead = piece.figure ? `<b>${escapeHtml(piece.figure)}</b>: ` : "";
    const source = english ? "Source: " : "";
    const body = `${lead}«${escapeHtml(piece.quote)}»\n<i>${source}${escapeHtml(piece.citation)}</i>`;
    return result.pieces.length > 1 ? `• <b>${escapeHtml(piece.label)}</b>\n${body}` : body;
  });
  // The plain reply's first line is the introduction (it says when the list was cut).
  const lines = result.reply.split("\n");
  const intro = result.pieces.length > 1 ? `${escapeHtml(lines[result.note ? 1 : 0]!)}\n\n` : "";
  const note = result.note ? `<i>${escapeHtml(result.note)}</i>\n` : "";
  return note + intro + blocks.join("\n\n");
}

/** Room under Telegram's 4096 for what it counts differently from JavaScript (entities, surrogates). */
const TELEGRAM_SAFE_LENGTH = 4000;

/** The Telegram messages of an answer, in order: rendered as HTML and split under the limit. */
export function telegramMessages(result: AskResult): string[] {
  return splitMessage(renderTelegramHtml(result), TELEGRAM_SAFE_LENGTH);
}

/**
 * Splits a message under a platform's limit, at paragraph, line or word boundaries.
 * Telegram HTML tags never span the pieces because each piece is cut outside a tag.
 */
export function splitMessage(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = -1;
    for (const boundary of ["\n\n", "\n", " "]) {
      const at = rest.lastIndexOf(boundary, limit - 1);
      if (at > limit / 3 && !insideTag(rest, at)) {
        cut = at;
        break;
      }
    }
    if (cut <= 0) cut = safeHardCut(rest, limit);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim()) pieces.push(rest.trimEnd());
  return pieces;
}

function insideTag(text: string, at: number): boolean {
  const open = text.lastIndexOf("<", at);
  const close = text.lastIndexOf(">", at);
  if (open > close) return true;
  // Inside an element such as <b>...</b>: cut before it opened instead.
  const openings = (text.slice(0, at).match(/<(b|i)>/g) ?? []).length;
  const closings = (text.slice(0, at).match(/<\/(b|i)>/g) ?? []).length;
  return openings !== closings;
}

function safeHardCut(text: string, limit: number): number {
  let cut = limit;
  while (cut > 1 && insideTag(text, cut)) cut--;
  // Never cut through an HTML entity such as &amp;.
  const amp = text.lastIndexOf("&", cut);
  if (amp >= 0 && amp > cut - 6 && !text.slice(amp, cut).includes(";")) cut = amp;
  return cut > 1 ? cut : limit;
}
