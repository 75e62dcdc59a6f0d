import { copyFileSync, mkdtempSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, waitFor } from "../channels/fakePlatforms.js";
import { postTelegram, telegramEnv, telegramUpdate } from "../channels/harness.js";
import { type BotProcess, startBotProcess } from "../helpers/botProcess.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";
import { rawRequest } from "./nginx.js";

/** Slow and piled-up connections against the real server process (issue 19, point 15). */

let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await new FakeTelegram().start();
});
afterAll(() => telegram.stop());

let server: BotProcess | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.stop();
  server = undefined;
});

async function bot(env: Record<string, string>): Promise<BotProcess> {
  const knowledgeDir = mkdtempSync(join(tmpdir(), "conn-kb-"));
  copyFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt"), join(knowledgeDir, "lai-hung-2024.txt"));
  server = await startBotProcess({ KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: mkdtempSync(join(tmpdir(), "conn-data-")), ...telegramEnv(telegram.url), ...env });
  return server;
}

interface Held {
  socket: Socket;
  received: () => string;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  isClosed: () => boolean;
}

function open(url: string, localAddress = "127.0.0.1"): Promise<Held> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    sockets.push(socket);
    let received = "";
    let closed = false;
    socket.on("data", (chunk) => (received += String(chunk)));
    socket.on("error", () => undefined);
    const closedPromise = new Promise<void>((done) =>
      socket.on("close", () => {
        closed = true;
        done();
      }),
    );
    socket.once("connect", () => resolve({ socket, received: () => received, closed: closedPromise, isClosed: () => closed }));
    socket.once("error", reject);
  });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

async function answered(url: string, chatId: number): Promise<void> {
  const response = await postTelegram(url, telegramUpdate("bhyt lai hung", { id: chatId, type: "private" }));
  expect(response.status).toBe(200);
  await waitFor(() => telegram.sent().some((call) => call.body.chat_id === chatId), 15_000);
}

describe("slow requests and piled-up connections", () => {
  it("closes a connection whose request body stops half-way, within REQUEST_TIMEOUT_SECONDS", async () => {
    const { url } = await bot({ REQUEST_TIMEOUT_SECONDS: "1", IDLE_TIMEOUT_SECONDS: "600" });
    const slow = await open(url);
    slow.socket.write(`POST /api/admin/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"password":"mat-`);
    const headersOnly = await open(url);
    headersOnly.socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
    // Closed by the server long before the idle timeout (10 minutes here).
    expect(await within(slow.closed, 10_000)).toBe(true);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(await within(headersOnly.closed, 10_000)).toBe(true);
    // The server is fine meanwhile.
    await answered(url, 7001);
  });

  it("closes a connection on which nothing is sent, after IDLE_TIMEOUT_SECONDS", async () => {
    const { url } = await bot({ IDLE_TIMEOUT_SECONDS: "1" });
    const idle = await open(url);
    // A complete request, then silence on a kept-alive connection.
    idle.socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    await waitFor(() => idle.received().includes("\r\n\r\n"), 5000);
    expect(await within(idle.closed, 10_000)).toBe(true);
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it("caps the connections one address holds open, and the webhooks keep answering meanwhile", async () => {
    const { url, output } = await bot({ MAX_CONNECTIONS_PER_CLIENT: "5" });
    // 127.0.0.2 is this machine too, but another address: the client that piles up connections.
    const held: Held[] = [];
    for (let i = 0; i < 30; i++) held.push(await open(url, "127.0.0.2"));
    for (const connection of held) connection.socket.write("POST /api/admin/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{");
    await waitFor(() => held.filter((c) => c.isClosed()).length >= 25, 10_000);
    // The answers keep going out to residents, from their own addresses.
    await answered(url, 7002);
    expect(held.filter((c) => c.isClosed())).toHaveLength(25);
    await expect(rawRequest(url, "/healthz", { localAddress: "127.0.0.2" })).rejects.toThrow();
    await waitFor(() => output().includes("connection closed: too many open connections from one address"), 5000);
    expect(output()).toMatch(/"address":"127\.0\.0\.2","max":5/);
    // Once it lets go, the address is served again.
    for (const connection of held) connection.socket.destroy();
    await waitFor(() => held.every((c) => c.isClosed()), 5000);
    expect((await rawRequest(url, "/healthz", { localAddress: "127.0.0.2" })).status).toBe(200);
  });
});
