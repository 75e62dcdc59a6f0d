import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { type Bilingual, bilingual, type MessageKey, type MessageParams, message, viThenEn } from "../messages/catalogue.js";

/** A configuration problem as a catalogue entry: zod carries it, encoded, as the issue's message. */
const problem = (key: MessageKey, params?: MessageParams) => JSON.stringify({ key, params });

function problemText(encoded: string): Bilingual {
  try {
    const { key, params } = JSON.parse(encoded) as { key: MessageKey; params?: MessageParams };
    return bilingual(key, params);
  } catch {
    return bilingual("config.invalidValue");
  }
}
import type { ChannelDefaults } from "./channelsFile.js";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.url({ protocol: /^https?$/, error: problem("config.urlNeeded") }))
    .transform((value) => value.replace(/\/+$/, ""));
const integer = (fallback: number, min: number, max: number) => {
  const range = problem("config.range", { min, max });
  return z.coerce
    .number({ error: problem("config.notInteger") })
    .int({ error: problem("config.notInteger") })
    .min(min, range)
    .max(max, range)
    .default(fallback);
};
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: problem("config.oneOf", { values: values.filter(Boolean).join(", ") }) });
const nonEmpty = () => z.string().trim().min(1, problem("config.notEmpty"));

/** Used when a setting is not given (also by callers that build an AppConfig themselves). */
export const CONNECTION_DEFAULTS = { requestTimeoutSeconds: 120, idleTimeoutSeconds: 30, maxConnectionsPerClient: 512 } as const;

/** How long a chat's remembered place and last question are kept after its last message. */
export const RESIDENT_MEMORY_DEFAULT_DAYS = 30;

/** "Kehoach.Example.", "[::1]", "host:8443" → "kehoach.example", "::1", "host": how host names are compared. */
export function normaliseHostName(host: string): string {
  let name = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(name);
  if (bracketed) name = bracketed[1]!;
  else if (/^[^:]*:\d*$/.test(name)) name = name.slice(0, name.lastIndexOf(":"));
  return name.replace(/\.$/, "");
}

const validHost = (name: string) =>
  z.hostname().safeParse(name).success || z.ipv4().safeParse(name).success || z.ipv6().safeParse(name).success;

/** A comma-separated list of host names, each checked. */
const hostList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const hosts = value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const host of hosts) {
      if (!validHost(normaliseHostName(host))) ctx.addIssue({ code: "custom", message: problem("access.invalidHost", { host }) });
    }
    return hosts.map(normaliseHostName);
  });

export const configSchema = z
  .object({
    HOST: nonEmpty().default("0.0.0.0"),
    PORT: integer(3000, 0, 65535),
    LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    KNOWLEDGE_DIR: nonEmpty().default("./knowledge"),
    LEXICON_DIR: nonEmpty().default("./lexicon"),
    DATA_DIR: nonEmpty().default("./data"),
    BODY_LIMIT_BYTES: integer(256 * 1024, 1024, 50 * 1024 * 1024),
    MAX_QUESTION_CHARS: integer(500, 20, 5000),
    RATE_LIMIT_PER_MINUTE: integer(20, 1, 10_000),
    QUESTION_LOG_RETENTION_DAYS: integer(180, 1, 3650),
    RESIDENT_MEMORY_DAYS: integer(RESIDENT_MEMORY_DEFAULT_DAYS, 1, 3650),
    ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, problem("config.passwordShort")).optional()),
    TRUST_PROXY: oneOf(["true", "false", "1", "0", ""])
      .default("false")
      .transform((value) => value === "true" || value === "1"),
    ADMIN_HOSTS: hostList,
    REQUEST_TIMEOUT_SECONDS: integer(CONNECTION_DEFAULTS.requestTimeoutSeconds, 1, 3600),
    IDLE_TIMEOUT_SECONDS: integer(CONNECTION_DEFAULTS.idleTimeoutSeconds, 1, 3600),
    MAX_CONNECTIONS_PER_CLIENT: integer(CONNECTION_DEFAULTS.maxConnectionsPerClient, 1, 100_000),

    TELEGRAM_BOT_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^\d+:[\w-]+$/, problem("config.telegramToken"))
        .optional(),
    ),
    TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, problem("config.webhookSecret"))
        .optional(),
    ),
    TELEGRAM_API_ROOT: url("https://api.telegram.org"),

    ZALO_APP_ID: optionalText,
    ZALO_APP_SECRET: optionalText,
    ZALO_OA_SECRET_KEY: optionalText,
    ZALO_ACCESS_TOKEN: optionalText,
    ZALO_REFRESH_TOKEN: optionalText,
    ZALO_API_BASE: url("https://openapi.zalo.me"),
    ZALO_OAUTH_BASE: url("https://oauth.zaloapp.com"),
    ZALO_MAX_EVENT_AGE_SECONDS: integer(604_800, 60, 604_800),
    ZALO_OA_ID: optionalText,
    CHANNELS_FILE: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.TRUST_PROXY && !env.ADMIN_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: problem("access.trustProxyNeedsPassword") });
    }
    if (env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: problem("config.secretRequired"),
      });
    }
    const zalo = ["ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN"] as const;
    const given = zalo.filter((key) => env[key]);
    if (given.length > 0 && given.length < zalo.length) {
      for (const key of zalo.filter((k) => !env[k])) {
        ctx.addIssue({ code: "custom", path: [key], message: problem("config.zaloIncomplete", { given: given.join(", ") }) });
      }
    }
  });

export type Env = z.infer<typeof configSchema>;

export interface TelegramConfig {
  token: string;
  webhookSecret: string;
  apiRoot: string;
}

export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  accessToken: string;
  refreshToken: string;
  apiBase: string;
  oauthBase: string;
  maxEventAgeSeconds: number;
}

export interface AppConfig {
  host: string;
  port: number;
  logLevel: Env["LOG_LEVEL"];
  knowledgeDir: string;
  lexiconDir: string;
  dataDir: string;
  bodyLimitBytes: number;
  maxQuestionChars: number;
  rateLimitPerMinute: number;
  /** Question-log entries older than this are deleted. */
  questionLogRetentionDays: number;
  /** A chat's remembered place and last question are forgotten this many days after its last message (default RESIDENT_MEMORY_DEFAULT_DAYS). */
  residentMemoryDays?: number;
  /** Opens the admin console to the network behind a login; without it the console is loopback-only. */
  adminPassword?: string;
  /** Behind one reverse proxy on this machine or the local network: its X-Forwarded-* give the client address and HTTPS. Needs adminPassword. */
  trustProxy: boolean;
  /** Host names the console answers for besides localhost, 127.0.0.1 and ::1 (normalised: lower case, no port, no brackets). */
  adminHosts?: readonly string[];
  /** A request (headers and body) must have arrived within this time, or the connection is closed with 408. */
  requestTimeoutSeconds?: number;
  /** A connection on which nothing happens for this long is closed (also the keep-alive time). */
  idleTimeoutSeconds?: number;
  /** Connections open at once from one address; more are closed at once (a trusted proxy is not counted). */
  maxConnectionsPerClient?: number;
  telegram?: TelegramConfig;
  zalo?: ZaloConfig;
  /** The OA id of the environment's Zalo OA: needed only beside other OAs of the channels file. */
  zaloOaId?: string;
  /** The channels file (several bots), watched for changes; it may not exist yet. */
  channelsFile?: string;
  /** What the channels file does not say (API addresses, the event age limit): the environment's. */
  channelDefaults?: ChannelDefaults;
}

export interface ConfigProblem {
  variable: string;
  text: Bilingual;
}

/** Every problem names its variable; the message lists them all in Vietnamese, then in English. */
export class ConfigError extends Error {
  /** "PORT phải là số nguyên (must be a whole number)": one line per problem. */
  readonly problems: string[];
  /** The whole error in each language. */
  readonly text: Bilingual;
  constructor(details: ConfigProblem[]) {
    const inLanguage = (lang: "vi" | "en") =>
      `${bilingual("config.invalid")[lang]}:\n${details.map((d) => `  - ${d.variable} ${d.text[lang]}`).join("\n")}`;
    const text = { vi: inLanguage("vi"), en: inLanguage("en") };
    super(`${text.vi}\n${text.en}`);
    this.name = "ConfigError";
    this.problems = details.map((d) => `${d.variable} ${viThenEn(d.text)}`);
    this.text = text;
  }

  /** Problems already written in both languages ("tệp kênh …: … (channels file …: …)"), one per line. */
  static ofLines(lines: string[]): ConfigError {
    const error = new ConfigError([]);
    const listed = lines.map((line) => `  - ${line}`).join("\n");
    Object.assign(error, {
      message: `${bilingual("config.invalid").vi} (${bilingual("config.invalid").en}):\n${listed}`,
      problems: lines,
      text: { vi: `${bilingual("config.invalid").vi}:\n${listed}`, en: `${bilingual("config.invalid").en}:\n${listed}` },
    });
    return error;
  }
}

/** A check of the schema without its own wording (should not happen, but never English alone). */
const fallbackProblem = () => problem("config.invalidValue");

/** The channels file beside `.env`, unless CHANNELS_FILE names another. */
export const CHANNELS_FILE_NAME = "channels.yaml";

/** Validates the environment; every problem names its variable. `envDir`: where `.env` is (the channels file's default folder). */
export function parseConfig(env: Record<string, string | undefined>, envDir = "."): AppConfig {
  const result = configSchema.safeParse(env, { error: fallbackProblem });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: issue.path.join(".") || message("config.environment"), text: problemText(issue.message) })),
    );
  }
  const e = result.data;
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    knowledgeDir: resolve(e.KNOWLEDGE_DIR),
    lexiconDir: resolve(e.LEXICON_DIR),
    dataDir: resolve(e.DATA_DIR),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    questionLogRetentionDays: e.QUESTION_LOG_RETENTION_DAYS,
    residentMemoryDays: e.RESIDENT_MEMORY_DAYS,
    ...(e.ADMIN_PASSWORD ? { adminPassword: e.ADMIN_PASSWORD } : {}),
    trustProxy: e.TRUST_PROXY,
    adminHosts: e.ADMIN_HOSTS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    idleTimeoutSeconds: e.IDLE_TIMEOUT_SECONDS,
    maxConnectionsPerClient: e.MAX_CONNECTIONS_PER_CLIENT,
    ...(e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_WEBHOOK_SECRET
      ? { telegram: { token: e.TELEGRAM_BOT_TOKEN, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET, apiRoot: e.TELEGRAM_API_ROOT } }
      : {}),
    ...(e.ZALO_OA_ID ? { zaloOaId: e.ZALO_OA_ID } : {}),
    channelsFile: resolve(e.CHANNELS_FILE ?? resolve(envDir, CHANNELS_FILE_NAME)),
    channelDefaults: {
      telegramApiRoot: e.TELEGRAM_API_ROOT,
      zaloApiBase: e.ZALO_API_BASE,
      zaloOauthBase: e.ZALO_OAUTH_BASE,
      maxEventAgeSeconds: e.ZALO_MAX_EVENT_AGE_SECONDS,
    },
    ...(e.ZALO_APP_ID && e.ZALO_APP_SECRET && e.ZALO_OA_SECRET_KEY && e.ZALO_ACCESS_TOKEN && e.ZALO_REFRESH_TOKEN
      ? {
          zalo: {
            appId: e.ZALO_APP_ID,
            appSecret: e.ZALO_APP_SECRET,
            oaSecretKey: e.ZALO_OA_SECRET_KEY,
            accessToken: e.ZALO_ACCESS_TOKEN,
            refreshToken: e.ZALO_REFRESH_TOKEN,
            apiBase: e.ZALO_API_BASE,
            oauthBase: e.ZALO_OAUTH_BASE,
            maxEventAgeSeconds: e.ZALO_MAX_EVENT_AGE_SECONDS,
          },
        }
      : {}),
  };
}

/** Reads `.env` (if present) into the environment without overriding what is already set, then validates. */
export function loadConfig(envFile = ".env"): AppConfig {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env, dirname(resolve(envFile)));
}
