/**
 * The postings of one term in one MiniSearch field (short document id -> frequency), in the
 * space of a typed array rather than a `Map`: a `Map` costs 30–40 bytes an entry and over 150 a
 * map, and MiniSearch keeps one per term and field, the largest part of the heap at national scale
 * (see docs/performance.md). MiniSearch reads and changes these through the methods of a `Map`
 * (get, set, delete, size, iteration), which this class has, with a `Map`'s results.
 *
 * MiniSearch's short ids only grow and a document's terms are added when it is, so a term's
 * postings are in ascending id order, which is also their insertion order: they are kept sorted
 * (found by binary search) and iterated in that order, as the `Map` would be. An id that would
 * break the order turns the list into a real `Map` with the same entries in the same order.
 * Deleting while iterating behaves as a `Map` does (the iteration goes on with the next id).
 */
export class PostingList {
  // Not private: PostingIterator, below, reads them (nothing outside this module does).
  /** Ascending short ids: at first a view of a shared array, copied on the first change. */
  ids: Uint32Array | number[];
  /** Their frequencies; undefined while every one is 1 (as in an index of distinct terms). */
  freqs: Uint32Array | number[] | undefined;
  /** Where the last id was found or iterated to: MiniSearch reads an id's frequency right after iterating to it. */
  cursor = 0;
  /** Incremented by every deletion, for iterators to find their place again. */
  epoch = 0;
  /** Set once an id came out of order: the list is then this map. */
  map: Map<number, number> | undefined;

  constructor(ids: Uint32Array | number[], freqs?: Uint32Array | number[]) {
    this.ids = ids;
    this.freqs = freqs;
  }

  /** The postings of a map, when they are in ascending id order; undefined otherwise. */
  static of(map: Map<number, number>): PostingList | undefined {
    const ids: number[] = [];
    let freqs: number[] | undefined;
    let last = -1;
    for (const [id, freq] of map) {
      if (!(id > last) || id >>> 0 !== id || freq >>> 0 !== freq) return undefined;
      if (freq !== 1 && !freqs) freqs = new Array<number>(ids.length).fill(1);
      ids.push(id);
      freqs?.push(freq);
      last = id;
    }
    return new PostingList(ids, freqs);
  }

  get size(): number {
    return this.map ? this.map.size : this.ids.length;
  }

  /** The position of an id, or -1. */
  private find(id: number): number {
    const ids = this.ids;
    if (ids[this.cursor] === id) return this.cursor;
    let low = 0;
    let high = ids.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const value = ids[mid]!;
      if (value === id) {
        this.cursor = mid;
        return mid;
      }
      if (value < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The position of the first id above `id`. */
  firstAfter(id: number): number {
    const ids = this.ids;
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ids[mid]! <= id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  get(id: number): number | undefined {
    if (this.map) return this.map.get(id);
    const at = this.find(id);
    if (at < 0) return undefined;
    return this.freqs ? this.freqs[at] : 1;
  }

  has(id: number): boolean {
    return this.map ? this.map.has(id) : this.find(id) >= 0;
  }

  set(id: number, freq: number): this {
    if (this.map) {
      this.map.set(id, freq);
      return this;
    }
    const at = this.find(id);
    if (at >= 0) {
      if (freq !== (this.freqs ? this.freqs[at] : 1)) this.ownFrequencies()[at] = freq;
      return this;
    }
    const ids = this.ids;
    if ((ids.length > 0 && !(id > ids[ids.length - 1]!)) || id >>> 0 !== id) {
      this.map = new Map(this.entries());
      this.map.set(id, freq);
      this.ids = [];
      this.freqs = undefined;
      this.epoch++;
      return this;
    }
    const own = this.ownIds();
    if (freq !== 1 && !this.freqs) this.freqs = new Array<number>(own.length).fill(1);
    own.push(id);
    if (this.freqs) this.ownFrequencies().push(freq);
    return this;
  }

  delete(id: number): boolean {
    if (this.map) return this.map.delete(id);
    const at = this.find(id);
    if (at < 0) return false;
    this.ownIds().splice(at, 1);
    if (this.freqs) this.ownFrequencies().splice(at, 1);
    this.cursor = 0;
    this.epoch++;
    return true;
  }

  private ownIds(): number[] {
    if (!Array.isArray(this.ids)) this.ids = Array.from(this.ids);
    return this.ids;
  }

  private ownFrequencies(): number[] {
    if (!this.freqs) this.freqs = new Array<number>(this.ids.length).fill(1);
    else if (!Array.isArray(this.freqs)) this.freqs = Array.from(this.freqs);
    return this.freqs;
  }

  keys(): IterableIterator<number> {
    return this.map ? this.map.keys() : new PostingIterator(this, "keys");
  }

  values(): IterableIterator<number> {
    return this.map ? this.map.values() : new PostingIterator(this, "values");
  }

  entries(): IterableIterator<[number, number]> {
    return this.map ? this.map.entries() : new PostingIterator(this, "entries");
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (freq: number, id: number, list: this) => void): void {
    for (const [id, freq] of this.entries()) callback(freq, id, this);
  }
}

class PostingIterator<T> implements IterableIterator<T> {
  private at = 0;
  private last = -1;
  private epoch: number;

  constructor(
    private readonly list: PostingList,
    private readonly kind: "keys" | "values" | "entries",
  ) {
    this.epoch = list.epoch;
  }

  next(): IteratorResult<T> {
    const list = this.list;
    if (list.epoch !== this.epoch) {
      // Ids were deleted: go on after the last one given, as a Map's iterator would.
      if (list.map) throw new Error("a posting list changed its order while it was iterated");
      this.at = this.last < 0 ? 0 : list.firstAfter(this.last);
      this.epoch = list.epoch;
    }
    const ids = list.ids;
    if (this.at >= ids.length) return { done: true, value: undefined };
    const at = this.at++;
    const id = ids[at]!;
    this.last = id;
    list.cursor = at;
    const freq = list.freqs ? list.freqs[at]! : 1;
    const value = this.kind === "keys" ? id : this.kind === "values" ? freq : [id, freq];
    return { done: false, value: value as T };
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}
