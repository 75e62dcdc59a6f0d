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
    expect(stderr).toMatch(/^kehoach-bot cannot start: the data directory .* cannot be used \(ENOTDIR\); set DATA_DIR to a writable folder/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("stops with a message naming the variable when a value is wrong", async () => {
    const port = await start({ PORT: "eighty" });
    expect(port.code).toBe(1);
    expect(port.stderr).toMatch(/kehoach-bot cannot start: Invalid configuration:\n {2}- PORT /);
    const secret = await start({ TELEGRAM_BOT_TOKEN: "123:abc" });
    expect(secret.code).toBe(1);
    expect(secret.stderr).toContain("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_BOT_TOKEN is set");
  });
});
