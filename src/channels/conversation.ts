import type { FastifyBaseLogger } from "fastify";
import { answerQuestion } from "../answer/answerQuestion.js";
import type { AskResult } from "../answer/types.js";
import type { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import type { HomePlaces } from "../search/homePlaces.js";
import type { Store } from "../store/store.js";
import { maskPersonalData } from "../privacy/maskPersonalData.js";
import { RateLimiter } from "./rateLimiter.js";

export type Channel = "telegram" | "zalo";

export type Turn =
  | { kind: "answer"; result: AskResult }
  /** The first message over the limit gets a notice; later ones get nothing until the window passes. */
  | { kind: "rate-limited"; notify: boolean };

export interface ConversationOptions {
  knowledge: KnowledgeBase;
  store: Store;
  logger: FastifyBaseLogger;
  maxQuestionChars: number;
  rateLimitPerMinute: number;
  /** The bot asked, by its name in the channels file (its lines in the question log); undefined for the environment's bot. */
  bot?: string;
  /** The bot's places: a question naming none is answered from their plans. */
  home?: HomePlaces;
}

/** What both chat channels share: the rate limit, the length cut, the answer and the question log. */
export class Conversation {
  private readonly limiter: RateLimiter;

  constructor(private readonly options: ConversationOptions) {
    this.limiter = new RateLimiter(options.rateLimitPerMinute, 60_000);
  }

  ask(channel: Channel, userId: string, text: string): Turn {
    const verdict = this.limiter.take(`${channel}:${userId}`);
    if (!verdict.allowed) return { kind: "rate-limited", notify: verdict.firstRefusal };
    const question = text.trim().slice(0, this.options.maxQuestionChars);
    const started = performance.now();
    const result = answerQuestion(question, this.options.knowledge.index, this.options.home ? { home: this.options.home } : {});
    const latencyMs = performance.now() - started;
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
    return { kind: "answer", result };
  }
}

export const RATE_LIMIT_NOTICE = "Bạn đã hỏi nhiều câu trong một phút. Xin vui lòng đợi một chút rồi hỏi tiếp.";

export const PLEASE_TYPE =
  "Xin vui lòng gõ câu hỏi bằng chữ, ví dụ: «Tỷ lệ thu gom rác là bao nhiêu?» (Please type your question as text.)";
