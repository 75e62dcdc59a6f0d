/**
 * A `Map` from small non-negative integers, in an array indexed by the key: MiniSearch keeps three
 * maps with an entry per document (short id -> id, id -> short id, short id -> field lengths), whose
 * keys are dense counters; an array slot costs 8 bytes where a `Map` entry costs 30–40, and is
 * found without hashing, on every posting a search scores.
 *
 * Iteration goes by ascending key, which is a `Map`'s insertion order as long as keys come in
 * ascending order (MiniSearch's counters only grow); a key that comes out of order, or a value that
 * is undefined, turns this into a real `Map` with the same entries in the same order. Deleting while
 * iterating behaves as a `Map` does.
 */
export class DenseMap<V> {
  /** Values by key; undefined where there is none. */
  private slots: (V | undefined)[] = [];
  private count = 0;
  private map: Map<number, V> | undefined;

  /** A dense map with a map's entries, when its keys are ascending integers; undefined otherwise. */
  static of<V>(map: Map<number, V>): DenseMap<V> | undefined {
    const dense = new DenseMap<V>();
    for (const [key, value] of map) {
      if (!dense.appends(key, value)) return undefined;
      dense.slots[key] = value;
      dense.count++;
    }
    return dense;
  }

  /** Whether setting key would keep keys in insertion order. */
  private appends(key: number, value: V): boolean {
    return Number.isInteger(key) && key >= this.slots.length && key < 2 ** 31 && value !== undefined;
  }

  get size(): number {
    return this.map ? this.map.size : this.count;
  }

  get(key: number): V | undefined {
    return this.map ? this.map.get(key) : this.slots[key];
  }

  has(key: number): boolean {
    return this.map ? this.map.has(key) : this.slots[key] !== undefined;
  }

  set(key: number, value: V): this {
    if (this.map) {
      this.map.set(key, value);
    } else if (this.slots[key] !== undefined && value !== undefined) {
      this.slots[key] = value;
    } else if (this.appends(key, value)) {
      // Holes are filled one by one so that the array stays a list (not a dictionary) however large the step.
      while (this.slots.length < key) this.slots.push(undefined);
      this.slots.push(value);
      this.count++;
    } else {
      this.map = new Map(this.entries());
      this.map.set(key, value);
      this.slots = [];
      this.count = 0;
    }
    return this;
  }

  delete(key: number): boolean {
    if (this.map) return this.map.delete(key);
    if (this.slots[key] === undefined) return false;
    this.slots[key] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.map = undefined;
    this.slots = [];
    this.count = 0;
  }

  *entries(): IterableIterator<[number, V]> {
    if (this.map) {
      yield* this.map.entries();
      return;
    }
    for (let key = 0; key < this.slots.length; key++) {
      if (this.map) throw new Error("a dense map changed its order while it was iterated");
      const value = this.slots[key];
      if (value !== undefined) yield [key, value];
    }
  }

  /** Without an entry array per key (the cache's writer walks a million keys). */
  *keys(): IterableIterator<number> {
    if (this.map) {
      yield* this.map.keys();
      return;
    }
    for (let key = 0; key < this.slots.length; key++) {
      if (this.map) throw new Error("a dense map changed its order while it was iterated");
      if (this.slots[key] !== undefined) yield key;
    }
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[number, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: number, map: this) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}
