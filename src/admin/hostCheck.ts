import type { FastifyReply, FastifyRequest } from "fastify";
import { normaliseHostName } from "../config/config.js";
import { refusal } from "./refusal.js";

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"] as const;

/**
 * Against DNS rebinding: a page on another site that makes its own name point at this server sends
 * its own name as Host. The console answers only for the names it is configured for; every name the
 * request carries (Host, and X-Forwarded-Host from a proxy) must be one of them.
 */
export function hostGuard(extraHosts: readonly string[] = []) {
  const allowed = new Set<string>([...LOOPBACK_HOSTS, ...extraHosts.map(normaliseHostName)]);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const forwarded = request.headers["x-forwarded-host"];
    const names = [request.headers.host ?? "", ...(Array.isArray(forwarded) ? forwarded : forwarded ? [forwarded] : []).flatMap((v) => v.split(","))];
    const wrong = names.find((name) => !allowed.has(normaliseHostName(name)));
    if (wrong === undefined) return;
    request.log.warn({ host: wrong.slice(0, 200) }, "admin request refused: host name not in ADMIN_HOSTS");
    return void reply.code(421).send(refusal("access.wrongHost", { host: wrong.slice(0, 200) }));
  };
}
