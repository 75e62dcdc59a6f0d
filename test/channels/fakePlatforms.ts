import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

type Scripted = { status?: number; body: unknown } | "drop";

/** Plays the next scripted answer, if any: a status and body, or a dropped connection. */
function playScripted(next: Scripted | undefined, request: FastifyRequest, reply: FastifyReply): boolean {
  if (next === undefined) return false;
  if (next === "drop") {
    reply.hijack();
    request.raw.socket.destroy();
  } else reply.code(next.status ?? 200).send(next.body);
  return true;
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: "127.0.0.1", port: 0 });
}

/** Plays Telegram's Bot API: records every call, answers getMe and sendMessage, or what a test scripts. */
export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly script: Scripted[] = [];
  url = "";
  /** Delay before answering sendMessage, to keep an update in flight. */
  delayMs = 0;
  /** Called for every recorded call, as it arrives. */
  onCall?: (call: RecordedCall) => void;
  /** Where setWebhook pointed the bot (getWebhookInfo answers it). */
  webhookUrl = "";
  private readonly app = Fastify();
  private messageId = 0;

  async start(): Promise<this> {
    this.app.post("/bot:token/:method", async (request, reply) => {
      const { method } = request.params as { method: string };
      const call = { method, body: (request.body ?? {}) as Record<string, unknown>, headers: request.headers };
      this.calls.push(call);
      this.onCall?.(call);
      if (method === "getMe") {
        return {
          ok: true,
          result: {
            id: 999,
            is_bot: true,
            first_name: "Kế hoạch",
            username: "kehoach_bot",
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        };
      }
      if (method === "setWebhook") {
        this.webhookUrl = String((request.body as { url?: string }).url ?? "");
        return { ok: true, result: true };
      }
      if (method === "getWebhookInfo") {
        return { ok: true, result: { url: this.webhookUrl, has_custom_certificate: false, pending_update_count: 0 } };
      }
      if (playScripted(this.script.shift(), request, reply)) return reply;
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const body = request.body as { chat_id: number; text: string };
      return { ok: true, result: { message_id: ++this.messageId, date: 0, chat: { id: body.chat_id, type: "private" }, text: body.text } };
    });
    this.url = await listen(this.app);
    return this;
  }

  sent(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "sendMessage");
  }

  stop() {
    return this.app.close();
  }
}

/** Plays Zalo's openapi (messages) and oauth (tokens) hosts. */
export class FakeZalo {
  readonly messages: RecordedCall[] = [];
  readonly refreshes: RecordedCall[] = [];
  readonly script: Scripted[] = [];
  url = "";
  /** Delay before answering a message call, to keep a reply in flight. */
  delayMs = 0;
  /** The only refresh token the fake accepts: each is single-use and rotates. */
  validRefreshToken = "refresh-0";
  /** Called for every message call, as it arrives. */
  onMessage?: (call: RecordedCall) => void;
  private issued = 0;
  private readonly app = Fastify();

  async start(): Promise<this> {
    this.app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    this.app.post("/v3.0/oa/message/cs", async (request, reply) => {
      const call = { method: "message/cs", body: request.body as Record<string, unknown>, headers: request.headers };
      this.messages.push(call);
      this.onMessage?.(call);
      if (playScripted(this.script.shift(), request, reply)) return reply;
      const messageId = `m${this.messages.length}`;
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return { error: 0, message: "Success", data: { message_id: messageId } };
    });
    this.app.post("/v4/oa/access_token", async (request) => {
      const form = request.body as Record<string, string>;
      this.refreshes.push({ method: "access_token", body: form, headers: request.headers });
      if (form.refresh_token !== this.validRefreshToken || request.headers.secret_key !== "app-secret") {
        return { error: -14014, error_name: "Invalid refresh token", error_description: "refresh token is invalid" };
      }
      this.issued++;
      this.validRefreshToken = `refresh-${this.issued}`;
      return { access_token: `access-${this.issued}`, refresh_token: `refresh-${this.issued}`, expires_in: "90000" };
    });
    this.url = await listen(this.app);
    return this;
  }

  /** Forgets every call and starts the token rotation again from refresh-0. */
  reset() {
    this.messages.length = 0;
    this.refreshes.length = 0;
    this.script.length = 0;
    this.validRefreshToken = "refresh-0";
    this.issued = 0;
    this.delayMs = 0;
  }

  stop() {
    return this.app.close();
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
