import type { FastifyInstance } from "fastify";
import pLimit from "p-limit";
import type { BotRegistry, TelegramRuntime } from "../channels/botRegistry.js";
import type { ChannelsWatcher } from "../config/channelsWatcher.js";
import type { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { bilingual } from "../messages/catalogue.js";
import { resolveHome } from "../search/homePlaces.js";
import type { Store } from "../store/store.js";

/** Telegram is asked for a bot's webhook at most this often. */
const WEBHOOK_INFO_TTL_MS = 60_000;
const WEBHOOK_INFO_AT_ONCE = 8;

interface WebhookState {
  /** The address Telegram sends the updates to; empty when none is set. */
  url: string;
  /** The address is this bot's route. */
  set: boolean;
  pendingUpdates?: number;
  lastError?: string;
  /** Telegram could not be asked. */
  unknown?: string;
}

export interface BotRouteDeps {
  registry: BotRegistry;
  store: Store;
  knowledge: KnowledgeBase;
  channelsFile: ChannelsWatcher | undefined;
}

const routeOf = (runtime: TelegramRuntime) => (runtime.config.fromEnv ? "/webhooks/telegram" : `/webhooks/telegram/${runtime.config.name}`);

/** Asks Telegram where each bot's updates go, remembering the answers for a minute. */
class WebhookInfoCache {
  private readonly entries = new Map<TelegramRuntime["bot"], { at: number; state: Promise<WebhookState> }>();
  private readonly limit = pLimit(WEBHOOK_INFO_AT_ONCE);

  of(runtime: TelegramRuntime): Promise<WebhookState> {
    const cached = this.entries.get(runtime.bot);
    if (cached && Date.now() - cached.at < WEBHOOK_INFO_TTL_MS) return cached.state;
    const state = this.limit(() => this.ask(runtime));
    this.entries.set(runtime.bot, { at: Date.now(), state });
    return state;
  }

  private async ask(runtime: TelegramRuntime): Promise<WebhookState> {
    try {
      const info = await runtime.bot.api.getWebhookInfo();
      const url = info.url ?? "";
      return {
        url,
        set: url !== "" && new URL(url).pathname.replace(/\/+$/, "") === routeOf(runtime),
        pendingUpdates: info.pending_update_count,
        ...(info.last_error_message ? { lastError: info.last_error_message } : {}),
      };
    } catch (error) {
      this.entries.delete(runtime.bot);
      return { url: "", set: false, unknown: (error as Error).message };
    }
  }
}

/** Each bot with its state, for the console's list. */
export async function botStatuses(deps: BotRouteDeps, webhooks: WebhookInfoCache) {
  const { registry, store, knowledge } = deps;
  const last = store.lastQuestionPerBot();
  const lastOf = (channel: string, name: string, fromEnv: boolean) =>
    last.find((row) => row.channel === channel && row.bot === (fromEnv ? null : name))?.at ?? null;
  const home = (places: { commune?: string; plans?: readonly string[] }) => {
    if (!places.commune && !places.plans?.length) return { plans: [], missing: [] };
    const resolved = resolveHome(places, knowledge.index);
    return { plans: resolved.documents.map((doc) => doc.file), missing: resolved.missing };
  };
  const officials = (config: { officials?: { chat: string; via: string; atOnce: boolean; digestAt: string } }) =>
    config.officials ? { chat: config.officials.chat, via: config.officials.via, atOnce: config.officials.atOnce, digestAt: config.officials.digestAt } : null;
  const telegram = await Promise.all(
    registry.telegramBots().map(async (runtime) => {
      const { config } = runtime;
      return {
        channel: "telegram" as const,
        name: config.name,
        fromEnv: config.fromEnv,
        route: routeOf(runtime),
        places: config.places,
        home: home(config.places),
        webhook: await webhooks.of(runtime),
        lastMessageAt: lastOf("telegram", config.name, config.fromEnv),
        officials: officials(config),
      };
    }),
  );
  const zalo = registry.zaloBots().map((runtime) => {
    const { config } = runtime;
    return {
      channel: "zalo" as const,
      name: config.name,
      fromEnv: config.fromEnv,
      oaId: config.oaId ?? null,
      places: config.places,
      home: home(config.places),
      tokenExpiresAt: runtime.tokens.current().expiresAt,
      lastMessageAt: lastOf("zalo", config.name, config.fromEnv),
      officials: officials(config),
    };
  });
  return [...telegram, ...zalo];
}

/** GET /api/admin/bots: the bots and the channels file's state, behind the console's login. */
export function registerBotRoutes(api: FastifyInstance, deps: BotRouteDeps): void {
  const webhooks = new WebhookInfoCache();
  api.get("/api/admin/bots", async () => {
    const file = deps.channelsFile;
    const bots = await botStatuses(deps, webhooks);
    const missingPlans = bots.flatMap((bot) => bot.home.missing.map((place) => ({ bot: bot.name, place })));
    return {
      bots,
      channelsFile: file ? { problem: file.problem ?? null, loadedAt: file.loadedAt?.toISOString() ?? null } : null,
      warnings: missingPlans.map(({ bot, place }) => bilingual("channels.homeNotFound", { bot, place })),
    };
  });
}
