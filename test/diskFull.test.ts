import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, waitFor } from "./channels/fakePlatforms.js";
import { postTelegram, telegramEnv, telegramUpdate } from "./channels/harness.js";
import { runBotToExit, startBotProcess } from "./helpers/botProcess.js";
import { SAMPLE_DIR } from "./helpers/knowledge.js";

// A full disk is played by a small tmpfs mounted in a private mount namespace (needs root, as in CI).
const canMount = spawnSync("unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"]).status === 0;
if (!canMount) console.warn("disk-full tests skipped: this user cannot mount a tmpfs in a private mount namespace");

/** Runs the bot with `dir` as a tmpfs of `size`, prepared by `setup` (shell) before the bot starts. */
function onTmpfs(dir: string, size: string, setup: string): string[] {
  return ["unshare", "-m", "sh", "-c", `mount -t tmpfs -o size=${size} tmpfs "$0" && (cd "$0" && ${setup}) && exec "$@"`, dir];
}

/** Fills the tmpfs the bot sees, through the bot's own view of the file system. */
function fillDisk(pid: number, dir: string) {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const file = `/proc/${pid}/root${dir}/filler`;
  writeFileSync(file, "");
  try {
    for (;;) writeFileSync(file, chunk, { flag: "a" });
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
  }
}

describe.runIf(canMount)("disk full", () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
  });
  afterAll(() => telegram.stop());

  it("at start-up: one clear message, no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "full-"));
    const { code, output } = await runBotToExit(
      { DATA_DIR: join(dir, "data") },
      { wrap: onTmpfs(dir, "16k", "(head -c 1000000 /dev/zero > fill 2>/dev/null || true)") },
    );
    expect(code).toBe(1);
    expect(output).toMatch(/^kehoach-bot không khởi động được: không dùng được thư mục dữ liệu \S+ \((SQLITE_FULL|ENOSPC): ổ đĩa đầy; hãy giải phóng chỗ trống\)/m);
    expect(output).toMatch(/^kehoach-bot cannot start: the data directory \S+ cannot be used \((SQLITE_FULL|ENOSPC): the disk is full; free some space\)/m);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("while running: residents are still answered, an upload gets 507 and the plans are untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "full-"));
    const bot = await startBotProcess(
      {
        KNOWLEDGE_DIR: join(dir, "kb"),
        DATA_DIR: join(dir, "data"),
        ...telegramEnv(telegram.url),
      },
      { wrap: onTmpfs(dir, "4m", `mkdir kb data && cp ${SAMPLE_DIR}/lai-hung-2024.txt ${SAMPLE_DIR}/phuong-1-tay-ninh-2024.txt kb/`) },
    );
    try {
      fillDisk(bot.child.pid!, dir);

      // The inbox journal's last page may still hold a message or two; twenty cannot fit.
      for (let i = 0; i < 20; i++) {
        expect((await postTelegram(bot.url, telegramUpdate("Tỷ lệ thu gom rác là bao nhiêu?", { id: 500 + i, type: "private" }))).status).toBe(200);
      }
      await waitFor(() => telegram.sent().length === 20, 20_000);
      expect(telegram.sent().every((call) => String(call.body.text).includes("95%"))).toBe(true);
      expect(bot.output()).toContain("could not record received messages; answering them anyway");

      const { csrfToken } = (await (await fetch(`${bot.url}/api/admin/session`)).json()) as { csrfToken: string };
      const form = new FormData();
      form.append("file", new Blob([`Số: 15/KH-UBND\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ dùng nước sạch đạt 87,5%.\n${"- Nội dung.\n".repeat(20_000)}`]), "xa-dinh-hoa-2024.txt");
      const upload = await fetch(`${bot.url}/api/admin/plans`, { method: "POST", headers: { "x-csrf-token": csrfToken }, body: form });
      expect(upload.status).toBe(507);
      expect(((await upload.json()) as { error: string }).error).toMatch(/disk is full or not writable\); nothing was changed/);
      expect(readdirSync(`/proc/${bot.child.pid}/root${dir}/kb`).sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
      expect(await (await fetch(`${bot.url}/healthz`)).json()).toMatchObject({ status: "ok", documents: 2 });
    } finally {
      await bot.kill();
    }
  }, 60_000);
});
