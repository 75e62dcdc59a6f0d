/**
 * Slows password guessing without ever locking out the right password.
 *
 * Per client: a few wrong tries are free (typing mistakes); after that each wrong try makes the
 * client wait twice as long as the one before (1 s, 2 s, 4 s... up to 5 minutes) before its next
 * try is even checked. Overall: when wrong tries from all clients together pass a ceiling in the last
 * minute, a client that has not been told to wait yet must first wait a delay that grows with
 * the flood (1 s, 2 s, 4 s... up to a minute), so guesses from many addresses are slowed too.
 * A client that comes back after its wait is always checked: another client's guesses cannot take
 * its turn, so the right password gets in after its delay, whatever the attack.
 */
export interface ThrottleSettings {
  freeFailures: number;
  baseDelayMs: number;
  maxClientDelayMs: number;
  /** Wrong tries per minute, from all clients together, before everyone has to wait. */
  overallFailuresPerMinute: number;
  maxOverallDelayMs: number;
  /** A client's count of wrong tries is forgotten this long after its last wait ended. */
  forgetAfterMs: number;
  /** Clients remembered at once; the oldest are forgotten first. */
  maxClients: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  freeFailures: 3,
  baseDelayMs: 1000,
  maxClientDelayMs: 5 * 60_000,
  overallFailuresPerMinute: 20,
  maxOverallDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
  maxClients: 10_000,
};

interface ClientState {
  failures: number;
  /** Before this time the client's tries are not checked. */
  nextTryAt: number;
}

const WINDOW_MS = 60_000;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly clients = new Map<string, ClientState>();
  /** Times of the wrong tries of the last minute, oldest first. */
  private recentFailures: number[] = [];

  constructor(
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** May this client's password be checked now? */
  take(client: string): ThrottleDecision {
    const now = this.now();
    let state = this.clients.get(client);
    if (state && now - state.nextTryAt > this.settings.forgetAfterMs) {
      this.clients.delete(client);
      state = undefined;
    }
    if (state) {
      return now < state.nextTryAt ? { allowed: false, retryAfterMs: state.nextTryAt - now } : { allowed: true };
    }
    const overall = this.overallDelayMs(now);
    if (overall === 0) return { allowed: true };
    // Its turn is kept for it: coming back after the wait, it is checked whatever others do meanwhile.
    this.remember(client, { failures: 0, nextTryAt: now + overall });
    return { allowed: false, retryAfterMs: overall };
  }

  failed(client: string): void {
    const now = this.now();
    this.recentFailures.push(now);
    if (this.recentFailures.length > 100_000) this.recentFailures.splice(0, 50_000);
    const failures = (this.clients.get(client)?.failures ?? 0) + 1;
    const own = failures <= this.settings.freeFailures ? 0 : Math.min(this.settings.baseDelayMs * 2 ** (failures - this.settings.freeFailures - 1), this.settings.maxClientDelayMs);
    this.remember(client, { failures, nextTryAt: now + Math.max(own, this.overallDelayMs(now)) });
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }

  private overallDelayMs(now: number): number {
    const cutoff = now - WINDOW_MS;
    let old = 0;
    while (old < this.recentFailures.length && this.recentFailures[old]! <= cutoff) old++;
    if (old) this.recentFailures.splice(0, old);
    const ceiling = this.settings.overallFailuresPerMinute;
    const count = this.recentFailures.length;
    if (count < ceiling) return 0;
    return Math.min(this.settings.baseDelayMs * 2 ** Math.floor((count - ceiling) / ceiling), this.settings.maxOverallDelayMs);
  }

  private remember(client: string, state: ClientState): void {
    this.clients.delete(client);
    this.clients.set(client, state);
    if (this.clients.size > this.settings.maxClients) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
  }
}
