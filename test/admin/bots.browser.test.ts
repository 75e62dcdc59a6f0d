import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, waitFor } from "../channels/fakePlatforms.js";
import { type Harness, startHarness, telegramUpdate } from "../channels/harness.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../helpers/makeFiles.js";

const SECRETS = { "lai-hung": "lai-hung-secret-0123456789", "phuong-1": "phuong-1-secret-0123456789" } as const;

// Under CI Chromium is installed by .ci/run, so the browser test must run there; elsewhere it is skipped without it.
describe.skipIf(!CHROMIUM && !process.env.CI)("the console's bots, in a real browser", () => {
  let laiHung: FakeTelegram;
  let phuong: FakeTelegram;
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const ask = (bot: keyof typeof SECRETS, text: string, chat: number) =>
    fetch(`${harness.url}/webhooks/telegram/${bot}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRETS[bot] },
      body: JSON.stringify(telegramUpdate(text, { id: chat, type: "private" })),
    });

  beforeAll(async () => {
    [laiHung, phuong] = await Promise.all([new FakeTelegram().start(), new FakeTelegram().start()]);
    const channelsFile = join(mkdtempSync(join(tmpdir(), "kehoach-channels-")), "channels.yaml");
    writeFileSync(
      channelsFile,
      `consoleUrl: http://127.0.0.1
telegram:
  - name: lai-hung
    token: "111:a"
    webhookSecret: ${SECRETS["lai-hung"]}
    apiRoot: ${laiHung.url}
    places: { commune: xã Lai Hưng }
    officials: { chat: "-1001", atOnce: true }
  - name: phuong-1
    token: "222:b"
    webhookSecret: ${SECRETS["phuong-1"]}
    apiRoot: ${phuong.url}
    places: { commune: Phường 1 }
`,
    );
    harness = await startHarness({ config: { channelsFile } });
    laiHung.webhookUrl = "https://kehoach.example.gov.vn/webhooks/telegram/lai-hung";
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await Promise.all([laiHung?.stop(), phuong?.stop()]);
  });

  it("opens the officials' link on the question and saves it in one click", async () => {
    await ask("lai-hung", "Bao giờ có sân bay quốc tế?", 61);
    await waitFor(() => laiHung.sent().some((call) => String(call.body.chat_id) === "-1001"));
    const link = /href="([^"]+)"/.exec(String(laiHung.sent().find((call) => String(call.body.chat_id) === "-1001")!.body.text))![1]!;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1\/admin#save-log=\d+$/);
    await page.goto(`${harness.url}${new URL(link).pathname}${new URL(link).hash}`);
    await expect.poll(() => page.locator("#save-link-text").innerText()).toBe("Lưu câu hỏi «Bao giờ có sân bay quốc tế?» thành câu hỏi mẫu?");
    expect(await page.getByRole("tab", { name: "Người dân hỏi", exact: true }).getAttribute("aria-selected")).toBe("true");
    await page.locator("#save-link-button").click();
    await expect.poll(() => page.locator("#save-link-status").innerText()).toMatch(/^Đã lưu làm câu hỏi mẫu/);
    expect(harness.store.listSavedTests().map((test) => test.question)).toEqual(["Bao giờ có sân bay quốc tế?"]);
  });

  it("lists the bots with their webhook and last message, and shows one bot's questions", async () => {
    await ask("phuong-1", "Tỷ lệ thu gom rác là bao nhiêu?", 62);
    await harness.settled();
    await page.goto(`${harness.url}/admin`);
    await page.getByRole("tab", { name: "Người dân hỏi", exact: true }).click();
    await expect.poll(() => page.locator("#bots tbody tr").count()).toBe(2);
    const rows = await page.locator("#bots tbody tr").allInnerTexts();
    expect(rows[0]).toMatch(/lai-hung[\s\S]*xã Lai Hưng[\s\S]*đã đặt[\s\S]*-1001: ngay và tổng hợp lúc 17:00/);
    expect(rows[1]).toMatch(/phuong-1[\s\S]*Phường 1[\s\S]*chưa đặt \(npm run telegram:webhook\)/);
    await expect.poll(() => page.locator("#questions tbody tr").count()).toBe(2);
    await page.getByLabel("Bot", { exact: true }).selectOption("telegram:phuong-1");
    await expect.poll(() => page.locator("#questions tbody tr").count()).toBe(1);
    expect(await page.locator("#questions tbody tr").innerText()).toContain("95%");
    expect(pageErrors).toEqual([]);
  });
});
