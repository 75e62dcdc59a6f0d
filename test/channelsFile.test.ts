import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChannelsFileError, parseChannelsFile } from "../src/config/channelsFile.js";

const DEFAULTS = { telegramApiRoot: "https://api.telegram.org", zaloApiBase: "https://openapi.zalo.me", zaloOauthBase: "https://oauth.zaloapp.com", maxEventAgeSeconds: 604_800 };

function problemsOf(source: string, env: Record<string, string> = {}, envBots = { telegram: false, zalo: false }): string[] {
  try {
    parseChannelsFile(source, { file: "channels.yaml", env, defaults: DEFAULTS, envBots });
  } catch (error) {
    if (error instanceof ChannelsFileError) return error.problems;
    throw error;
  }
  throw new Error("expected problems");
}

const ZALO_OA = (name: string, oaId?: string) => `
  - name: ${name}
    ${oaId ? `oaId: ${oaId}` : ""}
    appId: 123
    appSecret: s
    oaSecretKey: k
    accessToken: a
    refreshToken: r`;

describe("the channels file", () => {
  it("reads bots with their places, secrets from the environment and the environment's API addresses", () => {
    const channels = parseChannelsFile(
      `consoleUrl: https://kehoach.example.gov.vn/
telegram:
  - name: lai-hung
    token: \${LH_TOKEN}
    webhookSecret: "\${LH_SECRET}"
    places: { commune: xã Lai Hưng, plans: [huyện Bàu Bàng, tỉnh Bình Dương] }
    rateLimitPerMinute: 5
    officials: { chat: -1001234567890, atOnce: true }
zalo:${ZALO_OA("lai-hung", "4567")}
    officials: { chat: "@laihung_canbo" }
`,
      { file: "channels.yaml", env: { LH_TOKEN: "111:abc", LH_SECRET: "secret-0123456789abcdef" }, defaults: DEFAULTS },
    );
    expect(channels.consoleUrl).toBe("https://kehoach.example.gov.vn");
    expect(channels.telegram).toEqual([
      {
        name: "lai-hung",
        fromEnv: false,
        places: { commune: "xã Lai Hưng", plans: ["huyện Bàu Bàng", "tỉnh Bình Dương"] },
        rateLimitPerMinute: 5,
        officials: { chat: "-1001234567890", via: "lai-hung", atOnce: true, digestAt: "17:00" },
        telegram: { token: "111:abc", webhookSecret: "secret-0123456789abcdef", apiRoot: "https://api.telegram.org" },
      },
    ]);
    // A Zalo OA's officials' chat is sent to by the Telegram bot of the same name.
    expect(channels.zalo[0]).toMatchObject({ name: "lai-hung", oaId: "4567", officials: { chat: "@laihung_canbo", via: "lai-hung" } });
    expect(channels.zalo[0]!.zalo).toMatchObject({ appId: "123", apiBase: "https://openapi.zalo.me", maxEventAgeSeconds: 604_800 });
  });

  it("takes the README's example as it is written", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const start = readme.indexOf("```yaml\nconsoleUrl");
    const example = readme.slice(start + "```yaml\n".length, readme.indexOf("```", start + 8));
    const names = [...example.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
    const env = Object.fromEntries(names.map((name) => [name, name.endsWith("TELEGRAM_TOKEN") ? "123:abc" : `${name.toLowerCase()}-0123456789`]));
    const channels = parseChannelsFile(example, { file: "README.md", env, defaults: DEFAULTS });
    expect(channels.telegram.map((bot) => bot.name)).toEqual(["lai-hung"]);
    expect(channels.zalo[0]).toMatchObject({ oaId: "1234567890123456789", officials: { via: "lai-hung", atOnce: false } });
  });

  it("an empty file lists no bots", () => {
    expect(parseChannelsFile("# none yet\n", { file: "channels.yaml", env: {}, defaults: DEFAULTS })).toEqual({ telegram: [], zalo: [] });
  });

  it("names each problem's place in the file, Vietnamese first, English second", () => {
    const problems = problemsOf(`telegram:
  - name: Lai Hung
    token: \${MISSING_TOKEN}
    webhookSecret: short
    tokn: x
`);
    expect(problems).toEqual([
      "tệp kênh channels.yaml, telegram[0] (Lai Hung).token: nhắc đến biến môi trường MISSING_TOKEN nhưng biến này chưa được đặt (trong .env hoặc môi trường) (channels file channels.yaml, telegram[0] (Lai Hung).token: refers to the environment variable MISSING_TOKEN, which is not set (in .env or the environment))",
      expect.stringMatching(/^tệp kênh channels\.yaml, telegram\[0\] \(Lai Hung\)\.name: phải gồm 1-64 ký tự a-z/),
      expect.stringMatching(/telegram\[0\] \(Lai Hung\)\.webhookSecret: phải gồm 16-256 ký tự .*must be 16-256 characters/),
      expect.stringMatching(/telegram\[0\] \(Lai Hung\): có mục không được hỗ trợ «tokn» \(gõ sai tên\?\)/),
    ]);
  });

  it("refuses YAML that does not parse, with its line", () => {
    expect(problemsOf("telegram:\n  - name: a\n   bad: [\n")[0]).toMatch(/^tệp kênh channels\.yaml không đúng cú pháp YAML ở dòng \d+: .* \(the channels file channels\.yaml is not valid YAML at line \d+: /);
  });

  it("checks names, OA ids and officials' chats across the bots", () => {
    const telegram = (name: string, extra = "") => `
  - name: ${name}
    token: "1:a"
    webhookSecret: secret-0123456789abcdef${extra}`;
    const problems = problemsOf(
      `telegram:${telegram("default")}${telegram("xa-a")}${telegram("xa-a")}
zalo:${ZALO_OA("xa-b")}${ZALO_OA("xa-c", "9")}${ZALO_OA("xa-d", "9")}
    officials: { chat: "-100" }
`,
      {},
      { telegram: true, zalo: false },
    );
    expect(problems.map((p) => p.split(" (channels file")[0])).toEqual([
      "tệp kênh channels.yaml, telegram[0] (default).name: tên «default» dành cho bot khai báo bằng biến môi trường; hãy chọn tên khác",
      "tệp kênh channels.yaml, telegram[2] (xa-a).name: tên «xa-a» đã được dùng cho một bot khác cùng kênh",
      "tệp kênh channels.yaml, zalo[0] (xa-b).oaId: là bắt buộc khi có nhiều OA Zalo: sự kiện được chuyển đến OA theo mã này (recipient.id)",
      "tệp kênh channels.yaml, zalo[2] (xa-d).oaId: OA 9 đã được khai báo cho bot «xa-c»",
      "tệp kênh channels.yaml, zalo[2] (xa-d).officials.via: cần một bot Telegram để gửi tin cho cán bộ: hãy ghi via: <tên bot Telegram>",
      expect.stringMatching(/^tệp kênh channels\.yaml, consoleUrl: là bắt buộc khi có bot gửi câu hỏi chưa trả lời cho cán bộ/),
    ]);
  });
});
