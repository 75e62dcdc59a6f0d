import axios, { type AxiosInstance, isAxiosError } from "axios";
import type { FastifyBaseLogger } from "fastify";
import type { ZaloConfig } from "../../config/config.js";
import { ZaloRefreshError, type ZaloTokens } from "./zaloTokens.js";

export const ZALO_MESSAGE_LIMIT = 2000;
const TOKEN_INVALID = new Set([-216, -220]);
/** Zalo will not let this user be messaged now: final, not retried. */
const NOT_REACHABLE = new Map([
  [-213, "the user does not follow the OA (or blocked it)"],
  [-230, "outside Zalo's reply window (the user has not written to the OA for 7 days)"],
  [-232, "outside Zalo's reply window"],
]);
const RATE_LIMITED = -32;

/**
 * Attempts made within one send before the failure goes back to the inbox, which retries the
 * message on its durable schedule (seconds to half an hour). One by default: waiting here would hold
 * one of the inbox's slots and be lost with the process.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export type SendOutcome = { ok: true } | { ok: false; reason: string };

/** A send that may succeed later (Zalo 5xx, its -32 quota, the network): the inbox retries it. */
export class ZaloSendError extends Error {
  override name = "ZaloSendError";

  constructor(readonly summary: string) {
    super(`zalo: ${summary}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends customer-service messages through the OA Open API v3 with plain HTTP. */
export class ZaloClient {
  private readonly http: AxiosInstance;

  constructor(
    config: ZaloConfig,
    private readonly tokens: ZaloTokens,
    private readonly logger: FastifyBaseLogger,
    private readonly retry: RetryPolicy = { attempts: 1, baseDelayMs: 500 },
    timeoutMs = 10_000,
  ) {
    this.http = axios.create({ baseURL: config.apiBase, timeout: timeoutMs, validateStatus: () => true });
  }

  /**
   * Sends one message of at most 2000 characters. Resolves `ok: false` when Zalo refuses it for good
   * (logged as what it is); throws a ZaloSendError when it may go through later.
   */
  async sendText(userId: string, text: string): Promise<SendOutcome> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let retryable: string;
      try {
        const accessToken = await this.tokens.accessToken();
        const response = await this.http.post(
          "/v3.0/oa/message/cs",
          { recipient: { user_id: userId }, message: { text } },
          { headers: { access_token: accessToken, "content-type": "application/json" } },
        );
        const error = Number(response.data?.error ?? (response.status >= 400 ? response.status : 0));
        if (response.status < 300 && error === 0) return { ok: true };
        if (response.status < 500 && TOKEN_INVALID.has(error) && !refreshed) {
          refreshed = true;
          this.logger.warn({ zaloError: error }, "zalo access token rejected; refreshing once");
          await this.tokens.replaceRejected(accessToken);
          continue;
        }
        const unreachable = NOT_REACHABLE.get(error);
        if (unreachable) {
          this.logger.warn({ zaloError: error, why: unreachable }, "zalo: the user cannot be messaged now; giving up");
          return { ok: false, reason: `zalo error ${error}` };
        }
        if (response.status >= 500 || error === RATE_LIMITED)
          retryable = response.status >= 500 ? `HTTP ${response.status}` : "zalo rate limit (-32)";
        else {
          this.logger.error({ zaloError: error, status: response.status, zaloMessage: response.data?.message }, "zalo refused the message");
          return { ok: false, reason: `zalo error ${error}` };
        }
      } catch (error) {
        if (error instanceof ZaloRefreshError) {
          if (error.mayPassLater) throw new ZaloSendError("the OAuth server could not be reached");
          return { ok: false, reason: error.message };
        }
        if (!isAxiosError(error)) throw error;
        retryable = `network: ${error.code ?? error.message}`;
      }
      if (attempt >= this.retry.attempts) throw new ZaloSendError(retryable);
      this.logger.warn({ reason: retryable, attempt }, "zalo send failed; retrying");
      await sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
