import type { Uint32Builder } from "./uint32Builder.js";

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
  /**
   * Ascending short ids, from `start` to `end`: at first a stretch of an array shared by every list
   * (an offset rather than a view: a typed array view is an object of about 90 bytes), copied into
   * an array of their own on the first change. Frequencies, when there are any, are always the
   * list's own, at the same positions.
   */
  ids: Uint32Array | number[];
  start: number;
  end: number;
  /** Their frequencies, at the same positions; undefined while every one is 1 (as in an index of distinct terms). */
  freqs: Uint32Array | number[] | undefined;
  /** Where the last id was found or iterated to: MiniSearch reads an id's frequency right after iterating to it. */
  cursor = 0;
  /** Incremented by every deletion, for iterators to find their place again. */
  epoch = 0;
  /** Whether `ids` is a typed array of the list's own, from 0 to `end`, with room after it. */
  private ownsRoom = false;
  /** Set once an id came out of order: the list is then this map. */
  map: Map<number, number> | undefined;

  constructor(ids: Uint32Array | number[], freqs?: Uint32Array | number[], start = 0, end = ids.length) {
    this.ids = ids;
    this.freqs = freqs;
    this.start = start;
    this.end = end;
    this.cursor = start;
  }

  get size(): number {
    return this.map ? this.map.size : this.end - this.start;
  }

  /** The position of an id, or -1. */
  private find(id: number): number {
    const ids = this.ids;
    if (this.cursor < this.end && ids[this.cursor] === id) return this.cursor;
    let low = this.start;
    let high = this.end - 1;
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
    let low = this.start;
    let high = this.end;
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
      if (freq !== (this.freqs ? this.freqs[at] : 1)) this.ownFrequencies()[this.find(id)] = freq;
      return this;
    }
    if ((this.end > this.start && !(id > this.ids[this.end - 1]!)) || id >>> 0 !== id) {
      this.map = new Map(this.entries());
      this.map.set(id, freq);
      this.ids = [];
      this.ownsRoom = false;
      this.freqs = undefined;
      this.start = this.end = this.cursor = 0;
      this.epoch++;
      return this;
    }
    this.ownIds();
    if (freq !== 1 && !this.freqs) this.freqs = new Array<number>(this.end).fill(1);
    if (this.freqs) this.ownFrequencies().push(freq);
    this.appendId(id);
    return this;
  }

  delete(id: number): boolean {
    if (this.map) return this.map.delete(id);
    const at = this.find(id);
    if (at < 0) return false;
    // Positions move when the ids become the list's own (from 0).
    const position = at - this.start;
    const own = this.ownIds();
    const freqs = this.freqs ? this.ownFrequencies() : undefined;
    if (Array.isArray(own)) own.splice(position, 1);
    else own.copyWithin(position, position + 1, this.end);
    freqs?.splice(position, 1);
    this.end--;
    this.cursor = 0;
    this.epoch++;
    return true;
  }

  /**
   * The ids as the list's own, from position 0 (frequencies are made to match by ownFrequencies):
   * a typed array with room to grow, copied at memory speed from the shared one (a plain array
   * made from it took most of a one-plan update at 10,000 plans, whose common words have hundreds
   * of thousands of postings each).
   */
  private ownIds(): Uint32Array | number[] {
    const owned = this.start === 0 && (Array.isArray(this.ids) ? this.end === this.ids.length : this.ownsRoom);
    if (!owned) {
      const { start, end } = this;
      const count = end - start;
      const own = new Uint32Array(count + (count >> 2) + 4);
      own.set(this.ids instanceof Uint32Array ? this.ids.subarray(start, end) : this.ids.slice(start, end));
      this.ids = own;
      this.ownsRoom = true;
      if (this.freqs) this.freqs = Array.from(this.freqs.slice(start, end));
      this.start = 0;
      this.end = count;
      this.cursor = 0;
      // Positions moved: iterators find their place again.
      this.epoch++;
    }
    return this.ids;
  }

  /** Adds an id after the last (the ids are the list's own). */
  private appendId(id: number): void {
    const ids = this.ids;
    if (Array.isArray(ids)) {
      ids.push(id);
    } else {
      if (this.end === ids.length) {
        const grown = new Uint32Array(ids.length * 2);
        grown.set(ids);
        this.ids = grown;
      }
      (this.ids as Uint32Array)[this.end] = id;
    }
    this.end++;
  }

  private ownFrequencies(): number[] {
    this.ownIds();
    if (!this.freqs) this.freqs = new Array<number>(this.end).fill(1);
    else if (!Array.isArray(this.freqs)) this.freqs = Array.from(this.freqs);
    return this.freqs;
  }

  /**
   * Pushes the postings in a search snapshot's layout (count, 1 when frequencies follow or 0 when
   * every one is 1, the ids, then the frequencies) and returns true; false, pushing nothing, when
   * the list has become a Map or a frequency is not a whole number. Iterating made an entry array
   * per posting: about 2.5 s of writing the cache at 10,000 plans.
   */
  pushSnapshot(out: Uint32Builder): boolean {
    if (this.map) return false;
    const { ids, freqs, start, end } = this;
    let allOnes = true;
    if (freqs) {
      for (let i = start; i < end; i++) {
        const freq = freqs[i]!;
        if (freq >>> 0 !== freq) return false;
        if (freq !== 1) allOnes = false;
      }
    }
    out.push(end - start);
    out.push(allOnes ? 0 : 1);
    for (let i = start; i < end; i++) out.push(ids[i]!);
    if (!allOnes) for (let i = start; i < end; i++) out.push(freqs![i]!);
    return true;
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
    this.at = list.start;
  }

  next(): IteratorResult<T> {
    const list = this.list;
    if (list.epoch !== this.epoch) {
      // Ids were deleted: go on after the last one given, as a Map's iterator would.
      if (list.map) throw new Error("a posting list changed its order while it was iterated");
      this.at = this.last < 0 ? list.start : list.firstAfter(this.last);
      this.epoch = list.epoch;
    }
    const ids = list.ids;
    if (this.at >= list.end) return { done: true, value: undefined };
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
