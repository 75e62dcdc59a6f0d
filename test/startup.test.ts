import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(ROOT, "node_modules/.bin/tsx");

async function start(env: Record<string, string>) {
  try {
    await promisify(execFile)(TSX, ["src/main.ts"], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

describe("start-up", () => {
  it("stops with a clear message, not a stack trace, when the data directory cannot be used", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "startup-")), "not-a-folder");
    writeFileSync(file, "x");
    const { code, stderr } = await start({ DATA_DIR: join(file, "data"), PORT: "0" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^kehoach-bot không khởi động được: không dùng được thư mục dữ liệu .* \(ENOTDIR\); hãy đặt DATA_DIR là một thư mục ghi được\n/m);
    expect(stderr).toMatch(/^kehoach-bot cannot start: the data directory .* cannot be used \(ENOTDIR\); set DATA_DIR to a writable folder/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("stops with a message naming the variable when a value is wrong, in Vietnamese first, then in English", async () => {
    const port = await start({ PORT: "eighty", LOG_LEVEL: "loud" });
    expect(port.code).toBe(1);
    expect(port.stderr).toContain(
      [
        "kehoach-bot không khởi động được: Cấu hình không hợp lệ:",
        "  - PORT phải là số nguyên",
        "  - LOG_LEVEL phải là một trong: fatal, error, warn, info, debug, trace, silent",
        "kehoach-bot cannot start: Invalid configuration:",
        "  - PORT must be a whole number",
        "  - LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent",
      ].join("\n"),
    );
    expect(port.stderr).not.toMatch(/\n\s+at /);
    const secret = await start({ TELEGRAM_BOT_TOKEN: "123:abc" });
    expect(secret.code).toBe(1);
    expect(secret.stderr).toMatch(/^ {2}- TELEGRAM_WEBHOOK_SECRET bắt buộc khi đã đặt TELEGRAM_BOT_TOKEN \(webhook không có mã bí mật/m);
    expect(secret.stderr).toMatch(/^ {2}- TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_BOT_TOKEN is set/m);
    expect(secret.stderr.indexOf("bắt buộc")).toBeLessThan(secret.stderr.indexOf("is required"));
  });
});
