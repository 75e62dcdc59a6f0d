import { answerQuestion } from "../answer/answerQuestion.js";
import type { Language } from "../answer/citation.js";
import { formatUnknownScope } from "../answer/replyText.js";
import type { AskResult } from "../answer/types.js";
import type { PlanDocument } from "../ingest/types.js";
import { maskPersonalData } from "../privacy/maskPersonalData.js";
import { analyzeQuestion } from "../search/analyzeQuestion.js";
import type { HomePlaces } from "../search/homePlaces.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import type { PlaceDirectory } from "../search/places.js";
import type { ChatMemory, ChatRef, Store } from "../store/store.js";
import { hasDiacritics } from "../text/normalize.js";
import { followUpRest, withoutHereWords, withoutYears } from "./followUp.js";
import { currentPlace, placeForgotten, placeRemembered } from "./residentText.js";

/** Places offered in one "which place?" reply (a Telegram keyboard of this many buttons stays readable). */
export const MAX_PLACES_OFFERED = 8;
/** A follow-up names a place or a year and little else: a longer message is a question of its own. */
const FOLLOW_UP_MAX_WORDS = 8;

export type ChatOutcome =
  | { kind: "answer"; result: AskResult; question: string }
  | { kind: "which-place"; places: string[]; language: Language; question: string }
  | { kind: "notice"; text: string };

/** The bot whose chats these are: its name (part of every chat's key) and its home places. */
export interface ChatBot {
  /** Its name in the channels file; undefined for the environment's bot. */
  name?: string;
  home?: HomePlaces;
}

/**
 * One chat's conversation over turns: the place it is about (named once, or chosen when asked), the
 * last question (so that "còn Phường 1 thì sao?" asks it again), kept in the store per bot and chat,
 * hashed. The place a question names wins, then the chat's remembered place, then the bot's home.
 */
export class ChatTurns {
  constructor(
    private readonly store: Store,
    private readonly index: () => KnowledgeIndex,
    private readonly memoryDays: number,
    /** A store that cannot be read or written: the turn goes on as if nothing were remembered. */
    private readonly onStoreError: (error: unknown) => void,
    private readonly bot: ChatBot = {},
  ) {}

  private chat(channel: string, chatId: string): ChatRef {
    return { channel, chatId, ...(this.bot.name !== undefined ? { bot: this.bot.name } : {}) };
  }

  /** The bot's home places for answerQuestion; a place given too (remembered or chosen) comes first. */
  private get home(): { home?: HomePlaces } {
    return this.bot.home ? { home: this.bot.home } : {};
  }

  private recall(channel: string, chatId: string): ChatMemory | undefined {
    try {
      const memory = this.store.chatMemory(this.chat(channel, chatId));
      if (!memory || Date.now() - memory.updatedAt > this.memoryDays * 86_400_000) return undefined;
      return memory;
    } catch (error) {
      this.onStoreError(error);
      return undefined;
    }
  }

  private remember(channel: string, chatId: string, memory: Omit<ChatMemory, "updatedAt">): void {
    try {
      this.store.saveChatMemory(this.chat(channel, chatId), memory);
    } catch (error) {
      this.onStoreError(error);
    }
  }

  /** Remembered places resolved, per place directory (rebuilt whenever a plan changes): a change resolves them afresh. */
  private readonly resolved = new WeakMap<PlaceDirectory, Map<string, PlanDocument[] | undefined>>();

  /** The plans of a remembered place; undefined when no plan is of it any more. */
  private plansOf(place: string | undefined): PlanDocument[] | undefined {
    if (!place) return undefined;
    const index = this.index();
    let cache = this.resolved.get(index.places);
    if (!cache) this.resolved.set(index.places, (cache = new Map()));
    if (cache.has(place)) return cache.get(place);
    const analysis = analyzeQuestion(place, index);
    const docs = analysis.placesNamed.length && analysis.scope?.length ? analysis.scope : undefined;
    if (cache.size > 10_000) cache.clear();
    cache.set(place, docs);
    return docs;
  }

  /** How the plans call a place: "xã Lai Hưng", "Phường 1". */
  private labelOf(docs: PlanDocument[]): string {
    return [...new Set(docs.map((doc) => doc.meta.place ?? doc.meta.issuer ?? doc.file))].join(", ");
  }

  question(channel: string, chatId: string, text: string): ChatOutcome {
    const index = this.index();
    const memory = this.recall(channel, chatId);
    const choice = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
    if (memory?.offered && choice) {
      const place = memory.offered[Number(choice[1]) - 1];
      if (place) return this.answerFor(channel, chatId, place, memory);
    }
    const here = withoutHereWords(text, index.lexicon.conversation);
    const asked = here.text || text;
    if (memory?.lastQuestion) {
      const followUp = this.followUp(channel, chatId, asked, memory);
      if (followUp) return followUp;
    }
    const remembered = this.plansOf(memory?.place);
    const result = answerQuestion(asked, index, { ...this.home, ...(remembered ? { place: remembered } : {}) });
    const named = result.explanation.placesNamed;
    const namedKnown = named.length > 0 && !result.explanation.unknownPlace && result.explanation.scope !== "all";
    if (!namedKnown && !remembered) {
      const places = this.placesAnsweringDifferently(result);
      if (places.length > 1) {
        this.remember(channel, chatId, { lastQuestion: maskPersonalData(asked), offered: places });
        return { kind: "which-place", places, language: result.explanation.language, question: asked };
      }
    }
    const place = namedKnown && this.plansOf(named.join(" ")) ? named.join(" ") : memory?.place;
    this.remember(channel, chatId, { ...(place ? { place } : {}), lastQuestion: maskPersonalData(asked) });
    return { kind: "answer", result, question: asked };
  }

  /** The resident picked one of the places offered (a Telegram button). */
  choose(channel: string, chatId: string, offered: number): ChatOutcome | undefined {
    const memory = this.recall(channel, chatId);
    const place = memory?.offered?.[offered];
    return memory && place ? this.answerFor(channel, chatId, place, memory) : undefined;
  }

  /** `/xa <tên>`: remembers the place; the question that was waiting for it is answered. */
  setPlace(channel: string, chatId: string, name: string, command: string): ChatOutcome {
    const index = this.index();
    const memory = this.recall(channel, chatId);
    const language = analyzeQuestion(name || "xa", index).language;
    if (!name.trim()) return { kind: "notice", text: currentPlace(memory?.place && this.labelOf(this.plansOf(memory.place) ?? []), language, command) };
    const docs = this.plansOf(name);
    if (!docs) {
      const unknown = formatUnknownScope({ language, place: name.trim(), known: index.documents });
      return { kind: "notice", text: unknown };
    }
    if (memory?.offered && memory.lastQuestion) return this.answerFor(channel, chatId, name.trim(), memory);
    this.remember(channel, chatId, { place: name.trim(), ...(memory?.lastQuestion ? { lastQuestion: memory.lastQuestion } : {}) });
    return { kind: "notice", text: placeRemembered(this.labelOf(docs), language, command) };
  }

  /** `/quen`: forgets the chat's place and last question. */
  forget(channel: string, chatId: string): ChatOutcome {
    this.remember(channel, chatId, {});
    return { kind: "notice", text: placeForgotten() };
  }

  private answerFor(channel: string, chatId: string, place: string, memory: ChatMemory): ChatOutcome {
    const question = memory.lastQuestion ?? "";
    const docs = this.plansOf(place);
    const result = answerQuestion(question, this.index(), { ...this.home, ...(docs ? { place: docs, replacePlaces: true } : {}) });
    this.remember(channel, chatId, { place, lastQuestion: question });
    return { kind: "answer", result, question };
  }

  /**
   * A message that names only a place or a year ("còn Phường 1 thì sao?", "thế năm 2025?", "Ward 1?")
   * asks the last question again for it; undefined for a message with a topic of its own.
   */
  private followUp(channel: string, chatId: string, text: string, memory: ChatMemory): ChatOutcome | undefined {
    const index = this.index();
    const { rest } = followUpRest(text, index.lexicon.conversation);
    if (!rest || rest.split(/\s+/).length > FOLLOW_UP_MAX_WORDS) return undefined;
    const restAnalysis = analyzeQuestion(rest, index);
    if (restAnalysis.concepts.some((concept) => !concept.soft)) return undefined;
    const namesPlace = restAnalysis.placesNamed.length > 0 || restAnalysis.unknownPlace !== undefined;
    if (!namesPlace && restAnalysis.years.length === 0) return undefined;
    // A place no plan is about: the rest alone gets the reply that says so, and the memory is kept.
    if (restAnalysis.unknownPlace) return { kind: "answer", result: answerQuestion(rest, index, this.home), question: rest };

    const base = memory.lastQuestion!;
    const question = restAnalysis.years.length ? `${withoutYears(base)} ${restAnalysis.years.map((year) => `năm ${year}`).join(" ")}` : base;
    const place = namesPlace ? restAnalysis.placesNamed.join(" ") : memory.place;
    const docs = this.plansOf(place);
    const written = analyzeQuestion(text, index).language;
    // Too few words to tell ("Phường 1?", "2025?"): the language of the question it follows.
    const language = written === "en" || hasDiacritics(text) ? written : analyzeQuestion(base, index).language;
    const result = answerQuestion(question, index, { ...this.home, ...(docs ? { place: docs, replacePlaces: true } : {}), language });
    this.remember(channel, chatId, { ...(place ? { place } : {}), lastQuestion: question });
    return { kind: "answer", result, question };
  }

  /** The places whose plans answer a question that names none, when their answers differ. */
  private placesAnsweringDifferently(result: AskResult): string[] {
    if (result.status !== "answered" || result.answers.length < 2) return [];
    const byPlace = new Map<string, string>();
    for (const answer of result.answers) {
      const place = answer.document.place ?? answer.document.issuer;
      if (place && !byPlace.has(place)) byPlace.set(place, answer.figures[0]?.text ?? answer.quote);
    }
    if (new Set(byPlace.values()).size < 2) return [];
    return [...byPlace.keys()].slice(0, MAX_PLACES_OFFERED);
  }
}
