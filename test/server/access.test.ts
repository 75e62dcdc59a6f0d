import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, waitFor } from "../channels/fakePlatforms.js";
import { TELEGRAM_SECRET, telegramEnv, telegramUpdate } from "../channels/harness.js";
import { type BotProcess, runBotToExit, startBotProcess } from "../helpers/botProcess.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";
import { type Nginx, rawRequest, SKIP_WITHOUT_NGINX, startNginx } from "./nginx.js";

/**
 * Who reaches the console, on the real server process, with a real nginx in front of it as the
 * README's set-up has one (issue 19, points 1 to 4).
 */

const PASSWORD = "mat-khau-thu-nghiem";

function dirs() {
  const knowledgeDir = mkdtempSync(join(tmpdir(), "access-kb-"));
  copyFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt"), join(knowledgeDir, "lai-hung-2024.txt"));
  return { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: mkdtempSync(join(tmpdir(), "access-data-")) };
}

const started: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.stop();
});

async function bot(env: Record<string, string>): Promise<BotProcess> {
  const process = await startBotProcess({ ...dirs(), ...env });
  started.push(process);
  return process;
}

async function proxy(upstream: BotProcess): Promise<Nginx> {
  const nginx = await startNginx(upstream.url);
  started.push(nginx);
  return nginx;
}

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const FORGED = ["127.0.0.1", "::1", "127.0.0.1, 8.8.8.8"];

describe.skipIf(SKIP_WITHOUT_NGINX)("the console without ADMIN_PASSWORD, behind nginx", () => {
  it("answers only a request from this machine that came through no proxy", async () => {
    const server = await bot({});
    const nginx = await proxy(server);
    const host = { host: "localhost" };

    // Straight from this machine: the console works (the control).
    expect((await rawRequest(server.url, "/admin", { headers: host })).status).toBe(200);
    const direct = json((await rawRequest(server.url, "/api/admin/session", { headers: host })).body);
    expect(direct).toMatchObject({ authenticated: true, csrfToken: expect.any(String) });
    const csrf = String(direct.csrfToken);

    // Through the proxy every request arrives from 127.0.0.1, but it is not local.
    for (const path of ["/admin", "/api/admin/documents", "/api/admin/questions"]) {
      expect((await rawRequest(nginx.url, path, { headers: host })).status, path).toBe(403);
    }
    const session = await rawRequest(nginx.url, "/api/admin/session", { headers: host });
    expect(json(session.body)).toEqual({ authRequired: false, authenticated: false });
    const login = await rawRequest(nginx.url, "/api/admin/login", { method: "POST", headers: host, body: "{}" });
    expect(login.status).toBe(403);
    expect(login.body).not.toContain(csrf);
    expect(json(login.body).error).toMatch(/^Bảng điều khiển chỉ mở cho chính máy chủ này, không qua proxy\. .*\(The console is open only to this machine/);
    // Even with the token (read directly), a change through the proxy is refused.
    const save = await rawRequest(nginx.url, "/api/admin/tests", {
      method: "POST",
      headers: { ...host, "x-csrf-token": csrf },
      body: JSON.stringify({ question: "bhyt lai hung", expected: "93,45%" }),
    });
    expect(save.status).toBe(403);
    expect(json((await rawRequest(server.url, "/api/admin/tests", { headers: host })).body).tests).toEqual([]);
    // Residents' traffic is not the console's business.
    expect((await rawRequest(nginx.url, "/healthz", { headers: host })).status).toBe(200);

    // Straight to the server with a forged forwarding header: not local either.
    for (const forged of FORGED) {
      const headers = { ...host, "x-forwarded-for": forged };
      expect((await rawRequest(server.url, "/admin", { headers })).status, forged).toBe(403);
      expect((await rawRequest(server.url, "/api/admin/documents", { headers })).status, forged).toBe(403);
      const forgedLogin = await rawRequest(server.url, "/api/admin/login", { method: "POST", headers, body: "{}" });
      expect(forgedLogin.status, forged).toBe(403);
      expect(forgedLogin.body).not.toContain(csrf);
    }
  });

  it("refuses to start with TRUST_PROXY=true, naming ADMIN_PASSWORD, Vietnamese first", async () => {
    const { code, output } = await runBotToExit({ ...dirs(), TRUST_PROXY: "true", PORT: "0" });
    expect(code).toBe(1);
    expect(output).toMatch(/kehoach-bot không khởi động được: Cấu hình không hợp lệ:\n {2}- ADMIN_PASSWORD là bắt buộc khi TRUST_PROXY=true: .*\nkehoach-bot cannot start: Invalid configuration:\n {2}- ADMIN_PASSWORD is required when TRUST_PROXY=true: /);
    expect(output).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(SKIP_WITHOUT_NGINX)("the host check (DNS rebinding)", () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
  });
  afterAll(() => telegram.stop());

  it("answers the console only for loopback names by default; webhooks and /healthz answer any host", async () => {
    const server = await bot(telegramEnv(telegram.url));
    const nginx = await proxy(server);
    for (const name of ["localhost", "LOCALHOST:3000", "127.0.0.1", `127.0.0.1:${new URL(server.url).port}`, "[::1]:3000"]) {
      expect((await rawRequest(server.url, "/api/admin/documents", { headers: { host: name } })).status, name).toBe(200);
    }
    for (const name of ["evil.example", "evil.example:3000", "localhost.evil.example", "127.0.0.1.nip.io"]) {
      for (const path of ["/admin", "/admin/admin.js", "/api/admin/session", "/api/admin/documents", "/api/admin/questions"]) {
        const response = await rawRequest(server.url, path, { headers: { host: name } });
        expect(response.status, `${name} ${path}`).toBe(421);
        expect(response.body).not.toContain("csrfToken");
      }
    }
    const deletion = await rawRequest(server.url, "/api/admin/plans/lai-hung-2024.txt", { method: "DELETE", headers: { host: "evil.example" } });
    expect(deletion.status).toBe(421);
    expect(json(deletion.body).error).toMatch(/^Bảng điều khiển không trả lời cho tên máy «evil\.example»/);
    // A proxy passing on a rebinding page's Host: refused as well, whatever the rest of the request.
    expect((await rawRequest(nginx.url, "/api/admin/documents", { headers: { host: "evil.example" } })).status).toBe(421);
    expect((await rawRequest(server.url, "/api/admin/documents", { headers: { host: "localhost", "x-forwarded-host": "evil.example" } })).status).toBe(421);

    expect((await rawRequest(server.url, "/healthz", { headers: { host: "evil.example" } })).status).toBe(200);
    const update = telegramUpdate("bhyt lai hung", { id: 4242, type: "private" });
    const webhook = await rawRequest(nginx.url, "/webhooks/telegram", {
      method: "POST",
      headers: { host: "bot.public.example", "x-telegram-bot-api-secret-token": TELEGRAM_SECRET },
      body: JSON.stringify(update),
    });
    expect(webhook.status).toBe(200);
    await waitFor(() => telegram.sent().some((call) => call.body.chat_id === 4242), 15_000);
  });

  it("opens the console to the names in ADMIN_HOSTS, behind a login with TRUST_PROXY=true", async () => {
    const server = await bot({ ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: "true", ADMIN_HOSTS: "kehoach.example, Bot.Lai-Hung.example" });
    const nginx = await proxy(server);
    for (const name of ["kehoach.example", "bot.lai-hung.example:443"]) {
      expect((await rawRequest(nginx.url, "/admin", { headers: { host: name } })).status, name).toBe(200);
      const login = await rawRequest(nginx.url, "/api/admin/login", { method: "POST", headers: { host: name }, body: JSON.stringify({ password: PASSWORD }) });
      expect(login.status, name).toBe(200);
      expect(String(login.headers["set-cookie"])).toMatch(/kb_admin=/);
    }
    expect((await rawRequest(nginx.url, "/admin", { headers: { host: "evil.example" } })).status).toBe(421);
    // The password, not the place, opens it now: a request through the proxy without a session gets 401.
    expect((await rawRequest(nginx.url, "/api/admin/documents", { headers: { host: "kehoach.example" } })).status).toBe(401);
  });

  it("refuses to start with an ADMIN_HOSTS entry that is no host name", async () => {
    const { code, output } = await runBotToExit({ ...dirs(), ADMIN_HOSTS: "kehoach.example, not a host/", PORT: "0" });
    expect(code).toBe(1);
    expect(output).toMatch(/^ {2}- ADMIN_HOSTS có tên máy không hợp lệ «not a host\/»; /m);
    expect(output).toMatch(/^ {2}- ADMIN_HOSTS has an invalid host name «not a host\/»; /m);
  });
});

describe("the login limit, on the real server", () => {
  const wrong = (url: string, headers: Record<string, string>) =>
    rawRequest(url, "/api/admin/login", { method: "POST", headers: { host: "localhost", ...headers }, body: JSON.stringify({ password: "doan-bua-mat-khau" }) });

  it.skipIf(SKIP_WITHOUT_NGINX)("counts guesses through the proxy against the client, whatever X-Forwarded-For it sends", async () => {
    const server = await bot({ ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: "true" });
    const nginx = await proxy(server);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await wrong(nginx.url, { "x-forwarded-for": `203.0.113.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
  });

  it("slows guesses from many addresses overall, and lets the right password from another client in after its delay", async () => {
    // Straight from loopback with TRUST_PROXY=true the socket counts as the proxy, so each
    // X-Forwarded-For value is a client of its own: an attacker with many addresses.
    const server = await bot({ ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: "true" });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await wrong(server.url, { "x-forwarded-for": `198.51.100.${i}` })).status);
    // 20 wrong tries a minute overall are checked; after that every new client must wait first.
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual(Array(20).fill(429));

    const official = { "x-forwarded-for": "192.0.2.10" };
    const first = await rawRequest(server.url, "/api/admin/login", { method: "POST", headers: { host: "localhost", ...official }, body: JSON.stringify({ password: PASSWORD }) });
    expect(first.status).toBe(429);
    const wait = Number(first.headers["retry-after"]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    // The attack goes on meanwhile: it cannot take the official's turn.
    for (let i = 40; i < 60; i++) expect((await wrong(server.url, { "x-forwarded-for": `198.51.100.${i}` })).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    const second = await rawRequest(server.url, "/api/admin/login", { method: "POST", headers: { host: "localhost", ...official }, body: JSON.stringify({ password: PASSWORD }) });
    expect(second.status).toBe(200);
    expect(String(second.headers["set-cookie"])).toMatch(/kb_admin=/);
  });
});
