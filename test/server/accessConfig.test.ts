import { describe, expect, it } from "vitest";
import { LoginThrottle } from "../../src/admin/loginThrottle.js";
import { parseConfig } from "../../src/config/config.js";
import { problemsOf } from "../helpers/configProblems.js";
import { isDirectFromThisMachine, trustOneLocalProxy } from "../../src/server/clientAddress.js";


describe("console access settings", () => {
  it("has safe defaults: loopback names only, timeouts and a connection cap", () => {
    expect(parseConfig({})).toMatchObject({ adminHosts: [], requestTimeoutSeconds: 120, idleTimeoutSeconds: 30, maxConnectionsPerClient: 512 });
  });

  it("reads ADMIN_HOSTS as host names compared without case, port or brackets", () => {
    const config = parseConfig({ ADMIN_HOSTS: " Kehoach.Example.VN , bot.example:8443,[2001:db8::1],10.0.0.5 ,", ADMIN_PASSWORD: "mat-khau-dai-du" });
    expect(config.adminHosts).toEqual(["kehoach.example.vn", "bot.example", "2001:db8::1", "10.0.0.5"]);
  });

  it("names ADMIN_HOSTS entries that are not host names, Vietnamese first", () => {
    expect(problemsOf({ ADMIN_HOSTS: "ok.example, https://x.example/, a b" })).toEqual([
      expect.stringMatching(/^ADMIN_HOSTS có tên máy không hợp lệ «https:\/\/x\.example\/»; .* \(has an invalid host name «https:\/\/x\.example\/»/),
      expect.stringMatching(/^ADMIN_HOSTS có tên máy không hợp lệ «a b»/),
    ]);
  });

  it("requires ADMIN_PASSWORD with TRUST_PROXY=true", () => {
    expect(problemsOf({ TRUST_PROXY: "true" })).toEqual([expect.stringMatching(/^ADMIN_PASSWORD là bắt buộc khi TRUST_PROXY=true: .*\(is required when TRUST_PROXY=true/)]);
    expect(parseConfig({ TRUST_PROXY: "true", ADMIN_PASSWORD: "mat-khau-dai-du" }).trustProxy).toBe(true);
  });

  it("refuses timeouts and caps out of range", () => {
    expect(problemsOf({ REQUEST_TIMEOUT_SECONDS: "0", IDLE_TIMEOUT_SECONDS: "x", MAX_CONNECTIONS_PER_CLIENT: "0" }).map((p) => p.split(" ")[0]).sort()).toEqual([
      "IDLE_TIMEOUT_SECONDS",
      "MAX_CONNECTIONS_PER_CLIENT",
      "REQUEST_TIMEOUT_SECONDS",
    ]);
  });
});

describe("who is local, who is the proxy", () => {
  it("is local only from a loopback socket with no forwarding header", () => {
    expect(isDirectFromThisMachine("127.0.0.1", {})).toBe(true);
    expect(isDirectFromThisMachine("::ffff:127.0.0.1", {})).toBe(true);
    expect(isDirectFromThisMachine("::1", { host: "localhost" })).toBe(true);
    expect(isDirectFromThisMachine("203.0.113.9", {})).toBe(false);
    for (const header of ["x-forwarded-for", "x-forwarded-host", "x-real-ip", "forwarded", "via", "true-client-ip"]) {
      expect(isDirectFromThisMachine("127.0.0.1", { [header]: "127.0.0.1" }), header).toBe(false);
    }
  });

  it("trusts only the connection itself as the proxy, and only from this machine or the local network", () => {
    expect(trustOneLocalProxy("127.0.0.1", 0)).toBe(true);
    expect(trustOneLocalProxy("192.168.1.20", 0)).toBe(true);
    expect(trustOneLocalProxy("fd00::2", 0)).toBe(true);
    expect(trustOneLocalProxy("203.0.113.9", 0)).toBe(false);
    // What the client wrote into X-Forwarded-For before the proxy's entry is never believed.
    expect(trustOneLocalProxy("127.0.0.1", 1)).toBe(false);
  });
});

describe("the login throttle", () => {
  function throttle() {
    let now = 1_000_000;
    const t = new LoginThrottle(undefined, () => now);
    return { t, advance: (ms: number) => (now += ms) };
  }

  it("gives a client three free wrong tries, then waits that double up to 5 minutes, and forgets after 15 minutes", () => {
    const { t, advance } = throttle();
    const waits: number[] = [];
    for (let i = 0; i < 13; i++) {
      t.failed("a");
      const turn = t.take("a");
      waits.push(turn.allowed ? 0 : turn.retryAfterMs);
      advance(waits.at(-1)!);
      expect(t.take("a").allowed).toBe(true);
    }
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000]);
    // Still let in after its wait: the right password is never locked out.
    t.succeeded("a");
    expect(t.take("a").allowed).toBe(true);
    for (let i = 0; i < 4; i++) t.failed("a");
    expect(t.take("a").allowed).toBe(false);
    // Forgotten 15 minutes after its wait ended: three free tries again.
    advance(1000 + 15 * 60_000 + 1);
    expect(t.take("a").allowed).toBe(true);
    t.failed("a");
    expect(t.take("a").allowed).toBe(true);
  });

  it("slows new clients when wrong tries from everyone pass 20 a minute, but keeps each one's turn", () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 20; i++) {
      expect(t.take(`attacker-${i}`).allowed).toBe(true);
      t.failed(`attacker-${i}`);
    }
    const official = t.take("official");
    expect(official).toEqual({ allowed: false, retryAfterMs: 1000 });
    // More guesses meanwhile do not take the official's turn, and make the next newcomer wait longer.
    for (let i = 20; i < 40; i++) expect(t.take(`attacker-${i}`).allowed).toBe(false);
    advance(1000);
    expect(t.take("official").allowed).toBe(true);
    t.succeeded("official");
    for (let i = 20; i < 40; i++) {
      expect(t.take(`attacker-${i}`).allowed).toBe(true);
      t.failed(`attacker-${i}`);
    }
    expect(t.take("newcomer")).toEqual({ allowed: false, retryAfterMs: 2000 });
    advance(61_000);
    expect(t.take("someone-else").allowed).toBe(true);
  });
});
