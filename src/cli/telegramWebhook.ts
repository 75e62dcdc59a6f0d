import { existsSync } from "node:fs";
import { Api } from "grammy";
import { type ChannelsConfig, ChannelsFileError, channelsFromEnv, mergeChannels, readChannelsFile } from "../config/channelsFile.js";
import { type AppConfig, ConfigError, loadConfig } from "../config/config.js";

/** The environment's bot and every Telegram bot of the channels file. */
function telegramBots(config: AppConfig): ChannelsConfig["telegram"] {
  const fromEnv = channelsFromEnv(config);
  const file = config.channelsFile;
  const fromFile =
    file && existsSync(file) && config.channelDefaults
      ? readChannelsFile(file, { env: process.env, defaults: config.channelDefaults, envBots: { telegram: Boolean(config.telegram), zalo: Boolean(config.zalo) } })
      : undefined;
  return mergeChannels(fromEnv, fromFile).telegram;
}

/**
 * Points every Telegram bot at this server: setWebhook with its own route and secret, then prints
 * what Telegram says of each (getWebhookInfo). One bot failing does not stop the others.
 */
async function main() {
  const publicUrl = process.argv[2];
  if (!publicUrl || !/^https:\/\//.test(publicUrl)) {
    console.error("usage: npm run telegram:webhook -- https://your.public.host   (Telegram requires HTTPS)");
    process.exit(2);
  }
  let bots: ChannelsConfig["telegram"];
  try {
    bots = telegramBots(loadConfig());
  } catch (error) {
    console.error(error instanceof ConfigError || error instanceof ChannelsFileError ? error.message : error);
    process.exit(1);
  }
  if (!bots.length) {
    console.error("No Telegram bot: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET (see .env.example), or list bots in channels.yaml.");
    process.exit(1);
  }
  const base = publicUrl.replace(/\/+$/, "");
  let failed = 0;
  for (const bot of bots) {
    const api = new Api(bot.telegram.token, { apiRoot: bot.telegram.apiRoot });
    const url = bot.fromEnv ? `${base}/webhooks/telegram` : `${base}/webhooks/telegram/${bot.name}`;
    try {
      await api.setWebhook(url, { secret_token: bot.telegram.webhookSecret, allowed_updates: ["message", "callback_query"], drop_pending_updates: false });
      const info = await api.getWebhookInfo();
      console.log(JSON.stringify({ bot: bot.name, ...info }, null, 2));
    } catch (error) {
      failed++;
      console.error(`${bot.name}: setWebhook failed: ${(error as Error).message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`setWebhook failed: ${(error as Error).message}`);
  process.exit(1);
});
