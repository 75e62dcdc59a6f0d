import type { FastifyBaseLogger } from "fastify";
import type { Language } from "../answer/citation.js";
import type { AskResult } from "../answer/types.js";
import { RESIDENT_MEMORY_DEFAULT_DAYS } from "../config/config.js";
import { type ChatOutcome, ChatTurns } from "../residents/chatTurns.js";
import type { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import type { HomePlaces } from "../search/homePlaces.js";
import type { Store } from "../store/store.js";
import { maskPersonalData } from "../privacy/maskPersonalData.js";
import { RateLimiter } from "./rateLimiter.js";

export type Channel = "telegram" | "zalo";

export type Turn =
  | { kind: "answer"; result: AskResult }
  /** "Bạn hỏi cho xã/phường nào?": the places whose plans answer differently, to choose from. */
  | { kind: "which-place"; places: string[]; language: Language }
  /** A reply to /xa or /quen. */
  | { kind: "notice"; text: string }
  /** The first message over the limit gets a notice; later ones get nothing until the window passes. */
  | { kind: "rate-limited"; notify: boolean };

export interface ConversationOptions {
  knowledge: KnowledgeBase;
  store: Store;
  logger: FastifyBaseLogger;
  maxQuestionChars: number;
  rateLimitPerMinute: number;
  /** Days a chat's place and last question are remembered after its last message. */
  residentMemoryDays?: number;
  /** The bot asked, by its name in the channels file (its lines in the question log, its chats' memory); undefined for the environment's bot. */
  bot?: string;
  /** The bot's places: a question naming none, in a chat with no place remembered, is answered from their plans. */
  home?: HomePlaces;
}

/** What both chat channels share: the rate limit, the length cut, the answer and the question log. */
export class Conversation {
  private readonly limiter: RateLimiter;
  private readonly turns: ChatTurns;

  constructor(private readonly options: ConversationOptions) {
    this.limiter = new RateLimiter(options.rateLimitPerMinute, 60_000);
    this.turns = new ChatTurns(
      options.store,
      () => options.knowledge.index,
      options.residentMemoryDays ?? RESIDENT_MEMORY_DEFAULT_DAYS,
      // The remembered place is a convenience: a store that cannot keep it must not cost the answer.
      (error) => options.logger.error({ err: error }, "could not read or write the chat's remembered place"),
      { ...(options.bot ? { name: options.bot } : {}), ...(options.home ? { home: options.home } : {}) },
    );
  }

  /** A resident's message; `chatId` is the chat the place is remembered for (a group's, or the resident's own). */
  ask(channel: Channel, userId: string, text: string, chatId = userId): Turn {
    return this.turn(channel, userId, () => this.turns.question(channel, chatId, text.trim().slice(0, this.options.maxQuestionChars)));
  }

  /** A place picked from the "which place?" buttons (its position in the list offered). */
  choose(channel: Channel, userId: string, offered: number, chatId = userId): Turn | undefined {
    let chosen = true;
    const turn = this.turn(channel, userId, () => {
      const outcome = this.turns.choose(channel, chatId, offered);
      chosen = outcome !== undefined;
      return outcome ?? { kind: "notice", text: "" };
    });
    return chosen ? turn : undefined;
  }

  /** `/xa <tên>` sets the chat's place (`command`: how the channel writes commands, "/" or "#"); `/quen` forgets it. */
  command(channel: Channel, userId: string, name: "xa" | "quen", argument: string, command: string, chatId = userId): Turn {
    return this.turn(channel, userId, () =>
      name === "quen" ? this.turns.forget(channel, chatId) : this.turns.setPlace(channel, chatId, argument.slice(0, 200), command),
    );
  }

  private turn(channel: Channel, userId: string, play: () => ChatOutcome): Turn {
    const verdict = this.limiter.take(`${channel}:${userId}`);
    if (!verdict.allowed) return { kind: "rate-limited", notify: verdict.firstRefusal };
    const started = performance.now();
    const outcome = play();
    if (outcome.kind === "notice") return outcome;
    if (outcome.kind === "which-place") return { kind: "which-place", places: outcome.places, language: outcome.language };
    this.log(channel, userId, outcome.question, outcome.result, performance.now() - started);
    return { kind: "answer", result: outcome.result };
  }

  private log(channel: Channel, userId: string, question: string, result: AskResult, latencyMs: number): void {
    const top = result.answers[0];
    try {
      this.options.store.logQuestion({
        at: new Date(),
        channel,
        userId,
        question: maskPersonalData(question),
        answered: result.status === "answered",
        ...(top ? { document: top.document.file, section: top.section.path, score: top.score } : {}),
        ...(top?.figures[0] ? { figure: top.figures[0].text } : {}),
        reply: maskPersonalData(result.reply),
        latencyMs,
        ...(this.options.bot ? { bot: this.options.bot } : {}),
      });
    } catch (error) {
      // Losing a log line must not cost the resident the answer.
      this.options.logger.error({ err: error }, "could not write the question log");
    }
  }
}

export const RATE_LIMIT_NOTICE = "Bạn đã hỏi nhiều câu trong một phút. Xin vui lòng đợi một chút rồi hỏi tiếp.";

export const PLEASE_TYPE =
  "Xin vui lòng gõ câu hỏi bằng chữ, ví dụ: «Tỷ lệ thu gom rác là bao nhiêu?» (Please type your question as text.)";
