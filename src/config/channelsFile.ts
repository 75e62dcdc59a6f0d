import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import { type Bilingual, bilingual, catalogue, type MessageKey, message, viThenEn } from "../messages/catalogue.js";
import type { HomePlaces } from "../search/homePlaces.js";
import type { TelegramConfig, ZaloConfig } from "./config.js";

/** The name of the bot the single-bot environment variables configure. */
export const ENV_BOT_NAME = "default";

/** Where a bot's unanswered questions go: an officials' Telegram chat. */
export interface OfficialsConfig {
  /** A Telegram chat id (-100…) or @channel. */
  chat: string;
  /** The Telegram bot that sends there (a Zalo OA has none of its own). */
  via: string;
  /** Each unanswered question is sent as it comes, besides the daily digest. */
  atOnce: boolean;
  /** When the daily digest is sent, HH:MM in Vietnam's time (UTC+7). */
  digestAt: string;
}

interface BotCommon {
  name: string;
  /** Set by the single-bot environment variables: the routes and store rows of before the channels file. */
  fromEnv: boolean;
  places: HomePlaces;
  rateLimitPerMinute?: number;
  officials?: OfficialsConfig;
}

export interface TelegramBotConfig extends BotCommon {
  telegram: TelegramConfig;
}

export interface ZaloBotConfig extends BotCommon {
  /** The OA's id: events addressed to it (recipient.id, oa_id) are this bot's. */
  oaId?: string;
  zalo: ZaloConfig;
}

export interface ChannelsConfig {
  /** The console's public address, for the links in the officials' messages. */
  consoleUrl?: string;
  telegram: TelegramBotConfig[];
  zalo: ZaloBotConfig[];
}

/** What the channels file does not say: the environment's values. */
export interface ChannelDefaults {
  telegramApiRoot: string;
  zaloApiBase: string;
  zaloOauthBase: string;
  maxEventAgeSeconds: number;
}

export class ChannelsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ChannelsFileError";
  }
}

const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const BOT_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Zod reports a catalogue key as its message; the key is turned into both languages afterwards. */
const key = (k: MessageKey) => k;
const requiredOr = (other: MessageKey) => (issue: { input?: unknown }) => (issue.input === undefined ? key("channels.required") : key(other));

const text = z.string({ error: requiredOr("channels.notText") }).trim().min(1, key("channels.required"));
/** Ids written as numbers in YAML (oaId: 1234567890) are text. */
const idText = z
  .union([z.string(), z.number()], { error: requiredOr("channels.notText") })
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, key("channels.required")));
const url = text.pipe(z.url({ protocol: /^https?$/, error: key("config.urlNeeded") })).transform((value) => value.replace(/\/+$/, ""));
const botName = text.regex(BOT_NAME, key("channels.badName"));
const rateLimit = z.number({ error: key("config.notInteger") }).int(key("config.notInteger")).min(1, key("config.range")).max(10_000, key("config.range"));

const placesSchema = z
  .strictObject({
    commune: text.optional(),
    plans: z.array(text, { error: key("channels.notList") }).default([]),
  })
  .default({ plans: [] });

const officialsSchema = z.strictObject({
  chat: idText.pipe(z.string().regex(/^(-?\d{1,20}|@[A-Za-z]\w{4,31})$/, key("channels.chatId"))),
  via: botName.optional(),
  atOnce: z.boolean({ error: key("config.invalidValue") }).default(false),
  digestAt: text.regex(/^([01]\d|2[0-3]):[0-5]\d$/, key("channels.time")).default("17:00"),
});

const telegramBotSchema = z.strictObject({
  name: botName,
  token: text.regex(/^\d+:[\w-]+$/, key("config.telegramToken")),
  webhookSecret: text.regex(/^[A-Za-z0-9_-]{16,256}$/, key("config.webhookSecret")),
  apiRoot: url.optional(),
  places: placesSchema,
  rateLimitPerMinute: rateLimit.optional(),
  officials: officialsSchema.optional(),
});

const zaloBotSchema = z.strictObject({
  name: botName,
  oaId: idText.optional(),
  appId: idText,
  appSecret: text,
  oaSecretKey: text,
  accessToken: text,
  refreshToken: text,
  apiBase: url.optional(),
  oauthBase: url.optional(),
  places: placesSchema,
  rateLimitPerMinute: rateLimit.optional(),
  officials: officialsSchema.optional(),
});

const fileSchema = z.strictObject({
  consoleUrl: url.optional(),
  telegram: z.array(telegramBotSchema, { error: key("channels.notList") }).default([]),
  zalo: z.array(zaloBotSchema, { error: key("channels.notList") }).default([]),
});

type FileContent = z.infer<typeof fileSchema>;

interface Problem {
  path: (string | number)[];
  text: Bilingual;
}

function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(catalogue, value);
}

function issueText(issue: z.core.$ZodIssue): Bilingual {
  if (issue.code === "unrecognized_keys") return bilingual("channels.unknownKey", { key: issue.keys.join(", ") });
  if (issue.code === "too_small" || issue.code === "too_big") {
    const range = issue.path.at(-1) === "rateLimitPerMinute" ? { min: 1, max: 10_000 } : undefined;
    if (range && isMessageKey(issue.message) && issue.message === "config.range") return bilingual("config.range", range);
  }
  return isMessageKey(issue.message) ? bilingual(issue.message) : bilingual("config.invalidValue");
}

/** `telegram[1].officials.chat`, with the bot's name when it has one: `telegram[1] (lai-hung).officials.chat`. */
function pathText(path: readonly (string | number | symbol)[], raw: unknown): string {
  let node: unknown = raw;
  let text = "";
  for (const part of path) {
    if (typeof part === "number") {
      node = Array.isArray(node) ? node[part] : undefined;
      const name = (node as { name?: unknown } | undefined)?.name;
      text += `[${part}]${typeof name === "string" && name ? ` (${name})` : ""}`;
    } else {
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[String(part)] : undefined;
      text += text ? `.${String(part)}` : String(part);
    }
  }
  return text || "(file)";
}

/** Replaces every `${NAME}` value by the environment's NAME; a reference to an unset variable is a problem. */
function resolveEnvReferences(node: unknown, env: Record<string, string | undefined>, path: (string | number)[], problems: Problem[]): unknown {
  if (typeof node === "string") {
    const reference = ENV_REFERENCE.exec(node.trim());
    if (!reference) return node;
    const value = env[reference[1]!]?.trim();
    if (!value) problems.push({ path, text: bilingual("channels.missingEnv", { name: reference[1]! }) });
    return value ?? "";
  }
  if (Array.isArray(node)) return node.map((item, i) => resolveEnvReferences(item, env, [...path, i], problems));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveEnvReferences(v, env, [...path, k], problems)]));
  }
  return node;
}

/** Names unique per channel, an OA id for each OA when there are several, a Telegram bot for each officials' chat. */
function crossChecks(content: FileContent, envBots: { telegram: boolean; zalo: boolean; zaloOaId?: string }): Problem[] {
  const problems: Problem[] = [];
  for (const channel of ["telegram", "zalo"] as const) {
    const seen = new Set<string>();
    content[channel].forEach((bot, i) => {
      if (bot.name === ENV_BOT_NAME && envBots[channel]) problems.push({ path: [channel, i, "name"], text: bilingual("channels.reservedName", { name: bot.name }) });
      else if (seen.has(bot.name)) problems.push({ path: [channel, i, "name"], text: bilingual("channels.duplicateName", { name: bot.name }) });
      seen.add(bot.name);
    });
  }
  const oaCount = content.zalo.length + (envBots.zalo ? 1 : 0);
  const oaOwners = new Map<string, string>(envBots.zaloOaId ? [[envBots.zaloOaId, ENV_BOT_NAME]] : []);
  content.zalo.forEach((bot, i) => {
    if (!bot.oaId) {
      if (oaCount > 1) problems.push({ path: ["zalo", i, "oaId"], text: bilingual("channels.oaIdNeeded") });
      return;
    }
    const owner = oaOwners.get(bot.oaId);
    if (owner) problems.push({ path: ["zalo", i, "oaId"], text: bilingual("channels.duplicateOa", { oaId: bot.oaId, name: owner }) });
    oaOwners.set(bot.oaId, bot.name);
  });
  const telegramNames = new Set(content.telegram.map((bot) => bot.name));
  let anyOfficials = false;
  for (const channel of ["telegram", "zalo"] as const) {
    content[channel].forEach((bot, i) => {
      if (!bot.officials) return;
      anyOfficials = true;
      const via = bot.officials.via ?? (telegramNames.has(bot.name) ? bot.name : undefined);
      if (!via) problems.push({ path: [channel, i, "officials", "via"], text: bilingual("channels.viaNeeded") });
      else if (!telegramNames.has(via)) problems.push({ path: [channel, i, "officials", "via"], text: bilingual("channels.unknownVia", { name: via }) });
    });
  }
  if (anyOfficials && !content.consoleUrl) problems.push({ path: ["consoleUrl"], text: bilingual("channels.consoleUrlNeeded") });
  return problems;
}

function officialsOf(bot: { name: string; officials?: FileContent["telegram"][number]["officials"] }): { officials?: OfficialsConfig } {
  if (!bot.officials) return {};
  const { chat, via, atOnce, digestAt } = bot.officials;
  return { officials: { chat, via: via ?? bot.name, atOnce, digestAt } };
}

function placesOf(places: { commune?: string | undefined; plans: string[] }): HomePlaces {
  return { ...(places.commune ? { commune: places.commune } : {}), plans: places.plans };
}

function toChannels(content: FileContent, defaults: ChannelDefaults): ChannelsConfig {
  return {
    ...(content.consoleUrl ? { consoleUrl: content.consoleUrl } : {}),
    telegram: content.telegram.map((bot) => ({
      name: bot.name,
      fromEnv: false,
      places: placesOf(bot.places),
      ...(bot.rateLimitPerMinute ? { rateLimitPerMinute: bot.rateLimitPerMinute } : {}),
      ...officialsOf(bot),
      telegram: { token: bot.token, webhookSecret: bot.webhookSecret, apiRoot: bot.apiRoot ?? defaults.telegramApiRoot },
    })),
    zalo: content.zalo.map((bot) => ({
      name: bot.name,
      fromEnv: false,
      ...(bot.oaId ? { oaId: bot.oaId } : {}),
      places: placesOf(bot.places),
      ...(bot.rateLimitPerMinute ? { rateLimitPerMinute: bot.rateLimitPerMinute } : {}),
      ...officialsOf(bot),
      zalo: {
        appId: bot.appId,
        appSecret: bot.appSecret,
        oaSecretKey: bot.oaSecretKey,
        accessToken: bot.accessToken,
        refreshToken: bot.refreshToken,
        apiBase: bot.apiBase ?? defaults.zaloApiBase,
        oauthBase: bot.oauthBase ?? defaults.zaloOauthBase,
        maxEventAgeSeconds: defaults.maxEventAgeSeconds,
      },
    })),
  };
}

export interface ParseChannelsOptions {
  /** Named in the problems. */
  file: string;
  env: Record<string, string | undefined>;
  defaults: ChannelDefaults;
  /** Bots the environment variables already configure (their name is taken, their OA counts). */
  envBots?: { telegram: boolean; zalo: boolean; zaloOaId?: string };
}

function problemLine(file: string, raw: unknown, problem: Problem): string {
  const path = pathText(problem.path, raw);
  return viThenEn({
    vi: message("channels.problem", "vi", { file, path, problem: problem.text.vi }),
    en: message("channels.problem", "en", { file, path, problem: problem.text.en }),
  });
}

/** The bots a channels file lists; every problem, Vietnamese first, names its place in the file. */
export function parseChannelsFile(source: string, options: ParseChannelsOptions): ChannelsConfig {
  const { file } = options;
  const document = parseDocument(source, { prettyErrors: true });
  if (document.errors.length) {
    throw new ChannelsFileError(
      document.errors.map((error) =>
        viThenEn(bilingual("channels.yamlSyntax", { file, line: error.linePos?.[0]?.line ?? "?", reason: error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "") })),
      ),
    );
  }
  const raw = document.toJS() ?? {};
  const problems: Problem[] = [];
  const resolved = resolveEnvReferences(raw, options.env, [], problems);
  const result = fileSchema.safeParse(resolved);
  if (!result.success) {
    // A value from an unset variable is already reported as such.
    const fromMissingVariable = new Set(problems.map((problem) => problem.path.join(".")));
    for (const issue of result.error.issues) {
      if (!fromMissingVariable.has(issue.path.join("."))) problems.push({ path: issue.path as (string | number)[], text: issueText(issue) });
    }
  } else problems.push(...crossChecks(result.data, options.envBots ?? { telegram: false, zalo: false }));
  if (problems.length) throw new ChannelsFileError(problems.map((problem) => problemLine(file, raw, problem)));
  return toChannels(result.data!, options.defaults);
}

/** Reads and parses the channels file; an unreadable file is a ChannelsFileError too. */
export function readChannelsFile(path: string, options: Omit<ParseChannelsOptions, "file">): ChannelsConfig {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new ChannelsFileError([viThenEn(bilingual("channels.unreadable", { file: path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }))]);
  }
  return parseChannelsFile(source, { ...options, file: path });
}

/** The bots of the single-bot environment variables, as channels-file entries named "default". */
export function channelsFromEnv(config: { telegram?: TelegramConfig; zalo?: ZaloConfig; zaloOaId?: string }): ChannelsConfig {
  return {
    telegram: config.telegram ? [{ name: ENV_BOT_NAME, fromEnv: true, places: {}, telegram: config.telegram }] : [],
    zalo: config.zalo
      ? [{ name: ENV_BOT_NAME, fromEnv: true, places: {}, zalo: config.zalo, ...(config.zaloOaId ? { oaId: config.zaloOaId } : {}) }]
      : [],
  };
}

/** The environment's bots followed by the file's. */
export function mergeChannels(fromEnv: ChannelsConfig, fromFile: ChannelsConfig | undefined): ChannelsConfig {
  if (!fromFile) return fromEnv;
  return {
    ...(fromFile.consoleUrl ? { consoleUrl: fromFile.consoleUrl } : {}),
    telegram: [...fromEnv.telegram, ...fromFile.telegram],
    zalo: [...fromEnv.zalo, ...fromFile.zalo],
  };
}
