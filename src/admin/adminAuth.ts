import type {} from "@fastify/cookie";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isDirectFromThisMachine } from "../server/clientAddress.js";
import { LoginThrottle } from "./loginThrottle.js";
import { refusal } from "./refusal.js";

export const SESSION_COOKIE = "kb_admin";
const SESSION_TTL_MS = 12 * 3600 * 1000;
const CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface Session {
  csrf: string;
  expires: number;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export type LoginOutcome =
  | { status: 200; csrfToken: string }
  | { status: 401 }
  | { status: 403 }
  | { status: 429; retryAfterSeconds: number };

/**
 * Who may use the console. With ADMIN_PASSWORD: a login (slowed per client and overall, see
 * LoginThrottle), an httpOnly SameSite=Strict session cookie and a CSRF token on every change.
 * Without it: only requests from this machine that came through no proxy.
 */
export class AdminAuth {
  private readonly sessions = new Map<string, Session>();
  private readonly throttle = new LoginThrottle();
  /** Without a password there is no session; this token still guards changes against cross-site requests. */
  private readonly localCsrf = randomBytes(24).toString("hex");

  constructor(private readonly password: string | undefined) {}

  get passwordRequired(): boolean {
    return this.password !== undefined;
  }

  /**
   * The socket's own address, never request.ip: behind a proxy on this machine every request comes
   * from loopback, and a client can write any X-Forwarded-For it likes.
   */
  isLocal(request: FastifyRequest): boolean {
    return isDirectFromThisMachine(request.raw.socket.remoteAddress, request.headers);
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
      return this.isLocal(request) ? { authRequired: false, authenticated: true, csrfToken: this.localCsrf } : { authRequired: false, authenticated: false };
    }
    const session = this.session(request);
    return { authRequired: true, authenticated: Boolean(session), ...(session ? { csrfToken: session.csrf } : {}) };
  }

  /** Checks a password; attempts are counted against request.ip (the proxy's client with TRUST_PROXY, else the socket). */
  login(request: FastifyRequest, reply: FastifyReply, password: unknown): LoginOutcome {
    if (!this.passwordRequired) return this.isLocal(request) ? { status: 200, csrfToken: this.localCsrf } : { status: 403 };
    const client = request.ip;
    const turn = this.throttle.take(client);
    if (!turn.allowed) return { status: 429, retryAfterSeconds: Math.ceil(turn.retryAfterMs / 1000) };
    if (typeof password !== "string" || !timingSafeEqual(digest(password), digest(this.password!))) {
      this.throttle.failed(client);
      return { status: 401 };
    }
    this.throttle.succeeded(client);
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
      if (!this.isLocal(request)) return void reply.code(403).send(refusal("access.localOnly"));
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
