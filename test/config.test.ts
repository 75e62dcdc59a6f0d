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
      expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET bắt buộc khi đã đặt TELEGRAM_BOT_TOKEN .*\(is required when TELEGRAM_BOT_TOKEN is set/),
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
  });

  it("words every problem from the message catalogue, all in Vietnamese first, then all in English", () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({ PORT: "eighty", LOG_LEVEL: "loud", ADMIN_PASSWORD: "ngan", HOST: " ", TRUST_PROXY: "yes", RATE_LIMIT_PER_MINUTE: "0", ZALO_API_BASE: "ftp://x" });
    } catch (thrown) {
      error = thrown as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const [vi, en] = [error!.text.vi.split("\n"), error!.text.en.split("\n")];
    expect(vi[0]).toBe("Cấu hình không hợp lệ:");
    expect(en[0]).toBe("Invalid configuration:");
    expect(vi).toHaveLength(8);
    expect(vi).toEqual(
      expect.arrayContaining([
        "  - PORT phải là số nguyên",
        "  - LOG_LEVEL phải là một trong: fatal, error, warn, info, debug, trace, silent",
        "  - ADMIN_PASSWORD phải dài ít nhất 10 ký tự",
        "  - HOST không được để trống",
        "  - TRUST_PROXY phải là một trong: true, false, 1, 0",
        "  - RATE_LIMIT_PER_MINUTE phải từ 1 đến 10000",
        "  - ZALO_API_BASE phải là địa chỉ http(s)",
      ]),
    );
    expect(en).toContain("  - PORT must be a whole number");
    // No problem is left in English only: each Vietnamese line differs from its English one.
    for (let i = 1; i < vi.length; i++) expect(vi[i], en[i]).not.toBe(en[i]);
    expect(error!.message).toBe(`${error!.text.vi}\n${error!.text.en}`);
  });
});
