import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/botProcess.js";
import { FakeTelegram } from "./fakePlatforms.js";

const TSX = join(ROOT, "node_modules/.bin/tsx");

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [join(ROOT, "src/cli/telegramWebhook.ts"), ...args], { cwd: mkdtempSync(join(tmpdir(), "kehoach-cli-")), env: { PATH: process.env.PATH!, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

let envBot: FakeTelegram;
let fileBot: FakeTelegram;
beforeAll(async () => {
  [envBot, fileBot] = await Promise.all([new FakeTelegram().start(), new FakeTelegram().start()]);
});
afterAll(() => Promise.all([envBot.stop(), fileBot.stop()]));

describe("npm run telegram:webhook", () => {
  it("sets every bot's webhook: the environment's at /webhooks/telegram, each file bot at its own route, each with its secret", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kehoach-channels-"));
    const file = join(dir, "channels.yaml");
    writeFileSync(
      file,
      `telegram:\n  - name: lai-hung\n    token: "\${LH_TOKEN}"\n    webhookSecret: lai-hung-secret-0123456789\n    apiRoot: ${fileBot.url}\n`,
    );
    const result = await run(["https://kehoach.example.gov.vn/"], {
      CHANNELS_FILE: file,
      LH_TOKEN: "111:lai-hung",
      TELEGRAM_BOT_TOKEN: "222:env-bot",
      TELEGRAM_WEBHOOK_SECRET: "env-secret-0123456789",
      TELEGRAM_API_ROOT: envBot.url,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const setEnv = envBot.calls.find((call) => call.method === "setWebhook")!;
    const setFile = fileBot.calls.find((call) => call.method === "setWebhook")!;
    expect(setEnv.body).toMatchObject({ url: "https://kehoach.example.gov.vn/webhooks/telegram", secret_token: "env-secret-0123456789" });
    expect(setFile.body).toMatchObject({ url: "https://kehoach.example.gov.vn/webhooks/telegram/lai-hung", secret_token: "lai-hung-secret-0123456789" });
    expect(result.stdout).toContain('"bot": "lai-hung"');
    expect(result.stdout).toContain('"url": "https://kehoach.example.gov.vn/webhooks/telegram/lai-hung"');
  });

  it("says what is wrong in the channels file, Vietnamese first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kehoach-channels-"));
    const file = join(dir, "channels.yaml");
    writeFileSync(file, `telegram:\n  - name: lai-hung\n    token: nope\n    webhookSecret: lai-hung-secret-0123456789\n`);
    const result = await run(["https://kehoach.example.gov.vn"], { CHANNELS_FILE: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("telegram[0] (lai-hung).token: phải có dạng 123456:ABC-DEF... (channels file");
  });
});
