/**
 * The delivery ids received lately, one map per channel (id → received at, oldest first), so a
 * redelivery is recognised. Keyed by the platform's id as it comes: no key is built per message.
 */
export class RememberedIds {
  private readonly byChannel = new Map<string, Map<string, number>>();

  /** @param atMost ids kept per channel (the newest); past it, the oldest tenth is forgotten at once. */
  constructor(private readonly atMost: number) {}

  get size(): number {
    let size = 0;
    for (const ids of this.byChannel.values()) size += ids.size;
    return size;
  }

  has(channel: string, deliveryId: string): boolean {
    return this.byChannel.get(channel)?.has(deliveryId) ?? false;
  }

  /** An id not yet known is remembered as the newest (a known one keeps its place). */
  add(channel: string, deliveryId: string, receivedAt: number): void {
    let ids = this.byChannel.get(channel);
    if (!ids) {
      ids = new Map();
      this.byChannel.set(channel, ids);
    }
    ids.set(deliveryId, receivedAt);
    if (ids.size <= this.atMost) return;
    // The oldest tenth at once: a Map iterator walks past every entry deleted before it, so taking
    // one id at a time from the front cost tens of microseconds per message once the cap was reached.
    let excess = ids.size - Math.floor(this.atMost * 0.9);
    for (const oldest of ids.keys()) {
      if (excess-- <= 0) break;
      ids.delete(oldest);
    }
  }

  forget(channel: string, deliveryId: string): void {
    this.byChannel.get(channel)?.delete(deliveryId);
  }

  /** Forgets the ids received before `cutoff`. */
  forgetBefore(cutoff: number): void {
    for (const ids of this.byChannel.values()) {
      for (const [deliveryId, receivedAt] of ids) {
        if (receivedAt >= cutoff) break;
        ids.delete(deliveryId);
      }
    }
  }

  *entries(): Generator<[channel: string, deliveryId: string, receivedAt: number]> {
    for (const [channel, ids] of this.byChannel) for (const [deliveryId, receivedAt] of ids) yield [channel, deliveryId, receivedAt];
  }
}
