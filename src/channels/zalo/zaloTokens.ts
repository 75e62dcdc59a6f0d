import axios, { type AxiosInstance } from "axios";
import type { FastifyBaseLogger } from "fastify";
import type { ZaloConfig } from "../../config/config.js";
import type { Store, ZaloTokenPair } from "../../store/store.js";

/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 30 * 60 * 1000;
/** Assumed lifetime of the first access token from the environment (Zalo's is about 25 hours). */
const ASSUMED_FIRST_LIFETIME_MS = 60 * 60 * 1000;

export class ZaloRefreshError extends Error {
  override name = "ZaloRefreshError";

  /** `mayPassLater`: the OAuth server could not be reached (a refused refresh token is final). */
  constructor(
    message: string,
    readonly mayPassLater = false,
  ) {
    super(message);
  }
}

/**
 * The OA access token and its single-use refresh token. The first pair comes from the environment;
 * after that the store is the source of truth. Only one refresh runs at a time, and the new pair is
 * persisted before it is used.
 */
export class ZaloTokens {
  private refreshing: Promise<ZaloTokenPair> | undefined;
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: ZaloConfig,
    private readonly store: Store,
    private readonly logger: FastifyBaseLogger,
    timeoutMs = 10_000,
    /** The OA's name in the channels file: its pair is kept apart from every other OA's. Undefined: the environment's OA. */
    private readonly bot?: string,
  ) {
    this.http = axios.create({ baseURL: config.oauthBase, timeout: timeoutMs });
    if (!store.getZaloTokens(bot)) {
      store.saveZaloTokens(
        {
          accessToken: config.accessToken,
          refreshToken: config.refreshToken,
          expiresAt: Date.now() + ASSUMED_FIRST_LIFETIME_MS,
        },
        bot,
      );
    }
  }

  current(): ZaloTokenPair {
    return this.store.getZaloTokens(this.bot)!;
  }

  /** The access token to use now, refreshed first when it is about to expire. */
  async accessToken(now = Date.now()): Promise<string> {
    const tokens = this.current();
    if (tokens.expiresAt - now > REFRESH_AHEAD_MS) return tokens.accessToken;
    try {
      return (await this.refresh()).accessToken;
    } catch (error) {
      // A failed early refresh still leaves a token that may be valid for a while.
      if (tokens.expiresAt > now) return tokens.accessToken;
      throw error;
    }
  }

  /**
   * Called when Zalo rejected `rejected`: refreshes unless another caller already replaced it,
   * so replies that failed together cause one refresh, not one each.
   */
  async replaceRejected(rejected: string): Promise<string> {
    const tokens = this.current();
    if (tokens.accessToken !== rejected) return tokens.accessToken;
    return (await this.refresh()).accessToken;
  }

  /** Exchanges the refresh token for a new pair; concurrent callers share one exchange. */
  refresh(): Promise<ZaloTokenPair> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async exchange(): Promise<ZaloTokenPair> {
    const { refreshToken } = this.current();
    const form = new URLSearchParams({ app_id: this.config.appId, grant_type: "refresh_token", refresh_token: refreshToken });
    let data: { access_token?: string; refresh_token?: string; expires_in?: string | number; error?: number; message?: string };
    try {
      const response = await this.http.post("/v4/oa/access_token", form.toString(), {
        headers: { "content-type": "application/x-www-form-urlencoded", secret_key: this.config.appSecret },
      });
      data = response.data;
    } catch (error) {
      this.logger.error({ reason: (error as Error).message }, "zalo token refresh failed: the OAuth server could not be reached");
      throw new ZaloRefreshError("the Zalo OAuth server could not be reached", true);
    }
    if (!data?.access_token || !data.refresh_token) {
      this.logger.error(
        { zaloError: data?.error, zaloMessage: data?.message },
        "zalo token refresh was refused: the OA admin must authorise the app again and set new ZALO tokens",
      );
      throw new ZaloRefreshError(`Zalo refused the refresh token (${data?.error ?? "no token in the answer"})`);
    }
    const expiresInSeconds = Number(data.expires_in ?? 90_000);
    const pair: ZaloTokenPair = {
      accessToken: data.access_token,
      refreshToken: data.refresh_token,
      expiresAt: Date.now() + (Number.isFinite(expiresInSeconds) ? expiresInSeconds : 90_000) * 1000,
    };
    // The refresh token is single-use: persist the new pair before anything uses it.
    this.store.saveZaloTokens(pair, this.bot);
    this.logger.info({ expiresAt: new Date(pair.expiresAt).toISOString() }, "zalo access token refreshed");
    return pair;
  }
}
