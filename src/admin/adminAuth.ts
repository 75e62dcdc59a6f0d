import type {} from "@fastify/cookie";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { RateLimiter } from "../channels/rateLimiter.js";

export const SESSION_COOKIE = "kb_admin";
const SESSION_TTL_MS = 12 * 3600 * 1000;
const LOGIN_ATTEMPTS_PER_MINUTE = 5;
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface Session {
  csrf: string;
  expires: number;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Who may use the console. With ADMIN_PASSWORD: a login, an httpOnly SameSite=Strict session cookie
 * and a CSRF token on every change. Without it: requests from this machine only.
 */
export class AdminAuth {
  private readonly sessions = new Map<string, Session>();
  private readonly loginLimiter = new RateLimiter(LOGIN_ATTEMPTS_PER_MINUTE, 60_000);
  /** Without a password there is no session; this token still guards changes against cross-site requests. */
  private readonly localCsrf = randomBytes(24).toString("hex");

  constructor(private readonly password: string | undefined) {}

  get passwordRequired(): boolean {
    return this.password !== undefined;
  }

  isLoopback(request: FastifyRequest): boolean {
    return LOOPBACK.has(request.ip);
  }

  private session(request: FastifyRequest): Session | undefined {
    const id = request.cookies[SESSION_COOKIE];
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session || session.expires < Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** What the page needs to know on load. */
  state(request: FastifyRequest): { authRequired: boolean; authenticated: boolean; csrfToken?: string } {
    if (!this.passwordRequired) {
      return this.isLoopback(request) ? { authRequired: false, authenticated: true, csrfToken: this.localCsrf } : { authRequired: false, authenticated: false };
    }
    const session = this.session(request);
    return { authRequired: true, authenticated: Boolean(session), ...(session ? { csrfToken: session.csrf } : {}) };
  }

  login(request: FastifyRequest, reply: FastifyReply, password: unknown): { status: 200 | 401 | 429; csrfToken?: string } {
    if (!this.passwordRequired) return { status: 200, csrfToken: this.localCsrf };
    if (!this.loginLimiter.take(request.ip).allowed) return { status: 429 };
    if (typeof password !== "string" || !timingSafeEqual(digest(password), digest(this.password!))) return { status: 401 };
    const id = randomBytes(32).toString("hex");
    const session = { csrf: randomBytes(24).toString("hex"), expires: Date.now() + SESSION_TTL_MS };
    this.sessions.set(id, session);
    reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: "strict",
      secure: request.protocol === "https",
      path: "/",
      maxAge: SESSION_TTL_MS / 1000,
    });
    return { status: 200, csrfToken: session.csrf };
  }

  logout(request: FastifyRequest, reply: FastifyReply): void {
    const id = request.cookies[SESSION_COOKIE];
    if (id) this.sessions.delete(id);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
  }

  /** The guard of every /api/admin route but login and session: 401 without a session, 403 without CSRF. */
  guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    let csrf: string;
    if (this.passwordRequired) {
      const session = this.session(request);
      if (!session) return void reply.code(401).send({ error: "login required" });
      csrf = session.csrf;
    } else {
      if (!this.isLoopback(request)) return void reply.code(403).send({ error: "the console is open only to this machine; set ADMIN_PASSWORD" });
      csrf = this.localCsrf;
    }
    if (CHANGING_METHODS.has(request.method)) {
      const given = request.headers["x-csrf-token"];
      if (typeof given !== "string" || !timingSafeEqual(digest(given), digest(csrf))) {
        return void reply.code(403).send({ error: "missing or wrong CSRF token" });
      }
    }
  };
}
