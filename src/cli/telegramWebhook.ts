import { Api } from "grammy";
import { ConfigError, loadConfig } from "../config/config.js";

/** Points the Telegram bot at this server: setWebhook with the secret, then prints getWebhookInfo. */
async function main() {
  const publicUrl = process.argv[2];
  if (!publicUrl || !/^https:\/\//.test(publicUrl)) {
    console.error("usage: npm run telegram:webhook -- https://your.public.host   (Telegram requires HTTPS)");
    process.exit(2);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  if (!config.telegram) {
    console.error("TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set (see .env.example).");
    process.exit(1);
  }
  const api = new Api(config.telegram.token, { apiRoot: config.telegram.apiRoot });
  const url = `${publicUrl.replace(/\/+$/, "")}/webhooks/telegram`;
  await api.setWebhook(url, { secret_token: config.telegram.webhookSecret, allowed_updates: ["message", "callback_query"], drop_pending_updates: false });
  const info = await api.getWebhookInfo();
  console.log(JSON.stringify(info, null, 2));
}

main().catch((error) => {
  console.error(`setWebhook failed: ${(error as Error).message}`);
  process.exit(1);
});
