import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger } from "fastify";

const WARN_EVERY_MS = 60_000;

export interface ConnectionLimitOptions {
  maxPerAddress: number;
  /** Addresses never counted (the trusted reverse proxy carries every client's connections). */
  exempt: (address: string) => boolean;
  logger: FastifyBaseLogger;
}

/**
 * Closes a new connection at once when its address already holds the maximum: one client holding
 * connections open (slow or half-sent requests) cannot use up the process's file descriptors and
 * starve the webhooks. Logged once a minute per address, with how many were closed meanwhile.
 */
export function limitConnectionsPerAddress(server: Server, options: ConnectionLimitOptions): void {
  const open = new Map<string, number>();
  const warned = new Map<string, { at: number; closed: number }>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || options.exempt(address)) return;
    const count = open.get(address) ?? 0;
    if (count >= options.maxPerAddress) {
      socket.destroy();
      warnOnce(address);
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });

  function warnOnce(address: string) {
    const now = Date.now();
    const last = warned.get(address);
    if (last && now - last.at < WARN_EVERY_MS) {
      last.closed++;
      return;
    }
    options.logger.warn(
      { address, max: options.maxPerAddress, closedSinceLastWarning: last?.closed ?? 0 },
      "connection closed: too many open connections from one address",
    );
    warned.set(address, { at: now, closed: 0 });
    if (warned.size > 10_000) warned.clear();
  }
}
