import axios, { type AxiosInstance, isAxiosError } from "axios";
import type { FastifyBaseLogger } from "fastify";
import type { ZaloConfig } from "../../config/config.js";
import type { ZaloTokens } from "./zaloTokens.js";

export const ZALO_MESSAGE_LIMIT = 2000;
const TOKEN_INVALID = new Set([-216, -220]);
const NOT_REACHABLE = new Set([-213, -230, -232]);
const RATE_LIMITED = -32;

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export type SendOutcome = { ok: true } | { ok: false; reason: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends customer-service messages through the OA Open API v3 with plain HTTP. */
export class ZaloClient {
  private readonly http: AxiosInstance;

  constructor(
    config: ZaloConfig,
    private readonly tokens: ZaloTokens,
    private readonly logger: FastifyBaseLogger,
    private readonly retry: RetryPolicy = { attempts: 4, baseDelayMs: 500 },
    timeoutMs = 10_000,
  ) {
    this.http = axios.create({ baseURL: config.apiBase, timeout: timeoutMs, validateStatus: () => true });
  }

  /** Sends one message of at most 2000 characters, with the retry policy Zalo's error codes call for. */
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
        if (NOT_REACHABLE.has(error)) {
          this.logger.warn(
            { zaloError: error },
            "zalo: the user cannot be messaged now (not a follower or outside the reply window); giving up",
          );
          return { ok: false, reason: `zalo error ${error}` };
        }
        if (response.status >= 500 || error === RATE_LIMITED)
          retryable = response.status >= 500 ? `HTTP ${response.status}` : "zalo rate limit (-32)";
        else {
          this.logger.error({ zaloError: error, status: response.status, zaloMessage: response.data?.message }, "zalo refused the message");
          return { ok: false, reason: `zalo error ${error}` };
        }
      } catch (error) {
        if (error instanceof Error && error.name === "ZaloRefreshError") return { ok: false, reason: error.message };
        if (!isAxiosError(error)) throw error;
        retryable = `network: ${error.code ?? error.message}`;
      }
      if (attempt >= this.retry.attempts) {
        this.logger.error({ reason: retryable, attempts: attempt }, "zalo message not delivered after retries");
        return { ok: false, reason: retryable };
      }
      this.logger.warn({ reason: retryable, attempt }, "zalo send failed; retrying");
      await sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
