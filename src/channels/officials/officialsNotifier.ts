import type { FastifyBaseLogger } from "fastify";
import type { OfficialsConfig, TelegramBotConfig, ZaloBotConfig } from "../../config/channelsFile.js";
import type { Store } from "../../store/store.js";
import type { BotRegistry } from "../botRegistry.js";
import { escapeHtml } from "../render.js";
import { digestDueAt, formatOfficialsMessage } from "./officialsMessage.js";

/** Questions listed in one message; the rest are counted and left for the console. */
const LISTED = 20;

interface Watched {
  channel: "telegram" | "zalo";
  bot: TelegramBotConfig | ZaloBotConfig;
  officials: OfficialsConfig;
}

export interface NotifierOptions {
  registry: BotRegistry;
  store: Store;
  logger: FastifyBaseLogger;
  /** How often a due digest, and a message that could not be sent, are looked at. */
  checkEveryMs?: number;
  now?: () => number;
}

/**
 * Sends each bot's unanswered questions to its officials' Telegram chat: once a day as a digest,
 * and each as it comes when the bot says `atOnce`. How far each has got is kept in the store, so a
 * restart neither repeats nor loses one; a send that fails is tried again at the next check.
 */
export class OfficialsNotifier {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly busy = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.unsubscribe = this.options.store.onQuestionLogged((logged) => {
      if (logged.answered || !logged.bot) return;
      const watched = this.watched().find((w) => w.bot.name === logged.bot && w.officials.atOnce);
      if (watched) void this.sendInstant(watched);
    });
    this.timer = setInterval(() => void this.check(), this.options.checkEveryMs ?? 60_000);
    this.timer.unref();
    void this.check();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  private watched(): Watched[] {
    const { telegram, zalo } = this.options.registry.channels;
    const all = [
      ...telegram.map((bot) => ({ channel: "telegram" as const, bot })),
      ...zalo.map((bot) => ({ channel: "zalo" as const, bot })),
    ];
    return all.flatMap(({ channel, bot }) => (bot.officials && !bot.fromEnv ? [{ channel, bot, officials: bot.officials }] : []));
  }

  /** Sends what is due: digests whose time has come, and instant messages a failure held back. */
  async check(): Promise<void> {
    for (const watched of this.watched()) {
      if (watched.officials.atOnce) await this.sendInstant(watched);
      await this.sendDigestIfDue(watched);
    }
  }

  private cursor(kind: string, watched: Watched): { name: string; value: number } {
    const name = `officials.${kind}.${watched.channel}.${watched.bot.name}`;
    const stored = this.options.store.getSetting(name);
    if (stored !== undefined) return { name, value: Number(stored) };
    // First seen: what was asked before the officials' chat was configured is not sent.
    const value = kind === "digestSentAt" ? this.now() : this.options.store.lastQuestionId();
    this.options.store.setSetting(name, String(value));
    return { name, value };
  }

  private async sendInstant(watched: Watched): Promise<void> {
    await this.once(`instant:${watched.channel}:${watched.bot.name}`, async () => {
      const cursor = this.cursor("instant", watched);
      const questions = this.options.store.unansweredAfter(watched.channel, watched.bot.name, cursor.value, LISTED + 1);
      if (!questions.length) return;
      if (await this.send(watched, "instant", questions)) this.options.store.setSetting(cursor.name, String(questions.at(-1)!.id));
    });
  }

  private async sendDigestIfDue(watched: Watched): Promise<void> {
    await this.once(`digest:${watched.channel}:${watched.bot.name}`, async () => {
      // Both are first set together: questions asked from then on are in the next digest.
      const cursor = this.cursor("digest", watched);
      const sentAt = this.cursor("digestSentAt", watched);
      if (sentAt.value >= digestDueAt(watched.officials.digestAt, this.now())) return;
      const questions = this.options.store.unansweredAfter(watched.channel, watched.bot.name, cursor.value, 10_000);
      if (questions.length && !(await this.send(watched, "digest", questions))) return;
      if (questions.length) this.options.store.setSetting(cursor.name, String(questions.at(-1)!.id));
      this.options.store.setSetting(sentAt.name, String(this.now()));
    });
  }

  /** Runs `task` unless the same task is already under way. */
  private async once(key: string, task: () => Promise<void>): Promise<void> {
    if (this.busy.has(key)) return;
    this.busy.add(key);
    try {
      await task();
    } finally {
      this.busy.delete(key);
    }
  }

  private async send(watched: Watched, kind: "digest" | "instant", questions: { id: number; at: number; question: string }[]): Promise<boolean> {
    const { registry, logger } = this.options;
    const via = registry.telegramBot(watched.officials.via);
    const consoleUrl = registry.channels.consoleUrl ?? "";
    if (!via) return false;
    const text = formatOfficialsMessage({
      kind,
      bot: watched.bot.name,
      questions: questions.slice(0, LISTED),
      more: Math.max(0, questions.length - LISTED),
      link: (id) => `${consoleUrl}/admin#save-log=${id}`,
      escape: escapeHtml,
    });
    try {
      await via.bot.api.sendMessage(watched.officials.chat, text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
      logger.info({ bot: watched.bot.name, kind, questions: questions.length }, "unanswered questions sent to the officials' chat");
      return true;
    } catch (error) {
      logger.warn({ bot: watched.bot.name, kind, reason: (error as Error).message }, "could not send unanswered questions to the officials' chat; will try again");
      return false;
    }
  }
}
