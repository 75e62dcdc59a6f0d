import { BlockList, isIPv4 } from "node:net";
import type { IncomingHttpHeaders } from "node:http";

/** Headers by which a proxy says whom it forwards for: any of them means the request did not start here. */
export const FORWARDING_HEADERS = [
  "forwarded",
  "via",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-forwarded-server",
  "x-real-ip",
  "x-client-ip",
  "x-original-forwarded-for",
  "true-client-ip",
  "cf-connecting-ip",
  "fastly-client-ip",
  "x-cluster-client-ip",
] as const;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Where a reverse proxy may sit: this machine or the local network. */
const PROXY_RANGES = new BlockList();
PROXY_RANGES.addSubnet("127.0.0.0", 8, "ipv4");
PROXY_RANGES.addSubnet("10.0.0.0", 8, "ipv4");
PROXY_RANGES.addSubnet("172.16.0.0", 12, "ipv4");
PROXY_RANGES.addSubnet("192.168.0.0", 16, "ipv4");
PROXY_RANGES.addAddress("::1", "ipv6");
PROXY_RANGES.addSubnet("fc00::", 7, "ipv6");
PROXY_RANGES.addSubnet("fe80::", 10, "ipv6");

function inRange(list: BlockList, address: string | undefined): boolean {
  if (!address) return false;
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  try {
    return list.check(plain, isIPv4(plain) ? "ipv4" : "ipv6");
  } catch {
    return false;
  }
}

export const isLoopbackAddress = (address: string | undefined) => inRange(LOOPBACK, address);
export const isProxyAddress = (address: string | undefined) => inRange(PROXY_RANGES, address);

/**
 * Fastify's trustProxy with TRUST_PROXY=true: only the connection itself (hop 0) may be the proxy,
 * and only from this machine or the local network. The client address is then the last one the proxy
 * appended to X-Forwarded-For; what the client wrote before it is never believed.
 */
export function trustOneLocalProxy(address: string, hop: number): boolean {
  return hop === 0 && isProxyAddress(address);
}

export function hasForwardingHeader(headers: IncomingHttpHeaders): boolean {
  return FORWARDING_HEADERS.some((name) => headers[name] !== undefined);
}

/** A request from this machine that came through no proxy: the socket is loopback and nothing says it was forwarded. */
export function isDirectFromThisMachine(socketAddress: string | undefined, headers: IncomingHttpHeaders): boolean {
  return isLoopbackAddress(socketAddress) && !hasForwardingHeader(headers);
}
