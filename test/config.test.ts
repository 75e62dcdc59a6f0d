import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config/config.js";
import { problemsOf } from "./helpers/configProblems.js";


describe("configuration", () => {
  it("starts with no configuration at all: every channel off", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ port: 3000, host: "0.0.0.0", rateLimitPerMinute: 20, maxQuestionChars: 500 });
    expect(config.telegram).toBeUndefined();
    expect(config.zalo).toBeUndefined();
    expect(config.knowledgeDir).toMatch(/knowledge$/);
  });

  it("switches a channel on when its credentials are complete", () => {
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: "123:abc",
      TELEGRAM_WEBHOOK_SECRET: "0123456789abcdef",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
    });
    expect(config.telegram).toEqual({ token: "123:abc", webhookSecret: "0123456789abcdef", apiRoot: "http://127.0.0.1:9000" });
  });

  it("refuses a Telegram token without a webhook secret", () => {
    expect(problemsOf({ TELEGRAM_BOT_TOKEN: "123:abc" })).toEqual([
      expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_BOT_TOKEN is set/),
    ]);
  });

  it("names every missing Zalo credential when only some are set", () => {
    const problems = problemsOf({ ZALO_APP_ID: "1", ZALO_ACCESS_TOKEN: "t" });
    expect(problems.map((p) => p.split(" ")[0])).toEqual(["ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_REFRESH_TOKEN"]);
  });

  it("names the variable of a wrong value, and never echoes secrets", () => {
    const problems = problemsOf({
      PORT: "eighty",
      ZALO_API_BASE: "ftp://x",
      TELEGRAM_BOT_TOKEN: "not-a-token",
      TELEGRAM_WEBHOOK_SECRET: "short",
    });
    expect(problems.map((p) => p.split(" ")[0]).sort()).toEqual(["PORT", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "ZALO_API_BASE"]);
    expect(problems.join("\n")).not.toContain("not-a-token");
    expect(new ConfigError(problems).message).toMatch(/^Invalid configuration:\n {2}- /);
  });
});
