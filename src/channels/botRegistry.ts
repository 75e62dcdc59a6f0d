import type { FastifyBaseLogger } from "fastify";
import type { Bot } from "grammy";
import type { ChannelsConfig, TelegramBotConfig, ZaloBotConfig } from "../config/channelsFile.js";
import type { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import type { Store } from "../store/store.js";
import { Conversation } from "./conversation.js";
import type { DeliveryHandler } from "./deliveryInbox.js";
import { createTelegramBot, telegramDeliveryHandler } from "./telegram/telegramBot.js";
import { ZaloChannel } from "./zalo/zaloChannel.js";
import { type RetryPolicy, ZaloClient } from "./zalo/zaloClient.js";
import type { ZaloEvent } from "./zalo/zaloSignature.js";
import { ZaloTokens } from "./zalo/zaloTokens.js";

export interface TelegramRuntime {
  config: TelegramBotConfig;
  /** The inbox channel of its deliveries: "telegram" for the environment's bot, "telegram:<name>" otherwise. */
  channelKey: string;
  bot: Bot;
}

export interface ZaloRuntime {
  config: ZaloBotConfig;
  channelKey: string;
  channel: ZaloChannel;
  tokens: ZaloTokens;
}

export interface RegistryDeps {
  knowledge: KnowledgeBase;
  store: Store;
  logger: FastifyBaseLogger;
  /** The inbox's handlers, by channel key: the registry adds each bot's. */
  handlers: Record<string, DeliveryHandler>;
  maxQuestionChars: number;
  rateLimitPerMinute: number;
  /** Days a chat's remembered place and last question are kept (default RESIDENT_MEMORY_DEFAULT_DAYS). */
  residentMemoryDays?: number;
  telegramRetryAttempts?: number;
  zaloRetry?: RetryPolicy;
}

/** What changes a bot's runtime: anything but its officials' chat (read when a digest is sent). */
function signature(bot: TelegramBotConfig | ZaloBotConfig): string {
  const { officials: _officials, ...rest } = bot;
  return JSON.stringify(rest);
}

/**
 * The Telegram bots and Zalo OAs of the install, each with its own conversation (rate limit, home
 * places, question-log lines), its own webhook secret and, for an OA, its own tokens. `apply` takes
 * a new configuration: bots whose settings did not change keep running untouched.
 */
export class BotRegistry {
  private telegram = new Map<string, TelegramRuntime>();
  private zalo: ZaloRuntime[] = [];
  private signatures = new Map<string, string>();
  private current: ChannelsConfig = { telegram: [], zalo: [] };

  constructor(private readonly deps: RegistryDeps) {}

  get channels(): ChannelsConfig {
    return this.current;
  }

  apply(channels: ChannelsConfig): void {
    const telegram = new Map<string, TelegramRuntime>();
    for (const config of channels.telegram) {
      const existing = this.telegram.get(config.name);
      telegram.set(config.name, existing && this.unchanged("telegram", config) ? { ...existing, config } : this.startTelegram(config));
    }
    const zalo = channels.zalo.map((config) => {
      const existing = this.zalo.find((runtime) => runtime.config.name === config.name);
      return existing && this.unchanged("zalo", config) ? { ...existing, config } : this.startZalo(config);
    });
    this.telegram = telegram;
    this.zalo = zalo;
    this.current = channels;
  }

  /** True when the bot runs with these very settings already. */
  private unchanged(channel: string, config: TelegramBotConfig | ZaloBotConfig): boolean {
    return this.signatures.get(`${channel}:${config.name}`) === signature(config);
  }

  private conversationFor(config: TelegramBotConfig | ZaloBotConfig): Conversation {
    const { knowledge, store, logger, maxQuestionChars, rateLimitPerMinute, residentMemoryDays } = this.deps;
    const home = config.places.commune || config.places.plans?.length ? { home: config.places } : {};
    return new Conversation({
      knowledge,
      store,
      logger,
      maxQuestionChars,
      rateLimitPerMinute: config.rateLimitPerMinute ?? rateLimitPerMinute,
      ...(residentMemoryDays ? { residentMemoryDays } : {}),
      ...(config.fromEnv ? {} : { bot: config.name }),
      ...home,
    });
  }

  private startTelegram(config: TelegramBotConfig): TelegramRuntime {
    const { knowledge, logger, handlers } = this.deps;
    const botLogger = config.fromEnv ? logger : logger.child({ bot: config.name });
    const bot = createTelegramBot({
      config: config.telegram,
      conversation: this.conversationFor(config),
      knowledge,
      ...(this.deps.telegramRetryAttempts !== undefined ? { maxRetryAttempts: this.deps.telegramRetryAttempts } : {}),
    });
    const channelKey = config.fromEnv ? "telegram" : `telegram:${config.name}`;
    handlers[channelKey] = telegramDeliveryHandler(bot, botLogger);
    this.signatures.set(`telegram:${config.name}`, signature(config));
    return { config, channelKey, bot };
  }

  private startZalo(config: ZaloBotConfig): ZaloRuntime {
    const { knowledge, store, logger, handlers } = this.deps;
    const botLogger = config.fromEnv ? logger : logger.child({ bot: config.name });
    const tokens = new ZaloTokens(config.zalo, store, botLogger, 10_000, config.fromEnv ? undefined : config.name);
    const client = new ZaloClient(config.zalo, tokens, botLogger, this.deps.zaloRetry);
    const channel = new ZaloChannel({ config: config.zalo, conversation: this.conversationFor(config), knowledge, client, logger: botLogger });
    const channelKey = config.fromEnv ? "zalo" : `zalo:${config.name}`;
    handlers[channelKey] = channel.answer;
    this.signatures.set(`zalo:${config.name}`, signature(config));
    return { config, channelKey, channel, tokens };
  }

  /** A Telegram bot by name (the environment's is "default"). */
  telegramBot(name: string): TelegramRuntime | undefined {
    return this.telegram.get(name);
  }

  telegramBots(): TelegramRuntime[] {
    return [...this.telegram.values()];
  }

  zaloBots(): readonly ZaloRuntime[] {
    return this.zalo;
  }

  /**
   * The OA an event is addressed to: the one whose id is the event's recipient (or oa_id of a
   * follow); with a single OA, that one.
   */
  zaloFor(event: ZaloEvent): ZaloRuntime | undefined {
    if (this.zalo.length === 1 && !this.zalo[0]!.config.oaId) return this.zalo[0];
    const oaId = String(event.recipient?.id ?? event.oa_id ?? "");
    return this.zalo.find((runtime) => runtime.config.oaId === oaId) ?? (this.zalo.length === 1 ? this.zalo[0] : undefined);
  }
}
