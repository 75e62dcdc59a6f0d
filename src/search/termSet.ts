import { ITEMS_PER_STEP, type Steps } from "./steps.js";

/**
 * Term sets are views into shared chunks rather than typed arrays of their own: a typed array of
 * its own also has an ArrayBuffer object and a backing store of its own, about as much memory
 * again as the ids of a sentence.
 */
const CHUNK_IDS = 16_384;
let chunk = new Uint32Array(CHUNK_IDS);
let used = 0;

function allocateSet(length: number): TermSet {
  if (length > CHUNK_IDS / 8) return new Uint32Array(length);
  if (used + length > CHUNK_IDS) {
    chunk = new Uint32Array(CHUNK_IDS);
    used = 0;
  }
  const set = chunk.subarray(used, used + length);
  used += length;
  return set;
}

/**
 * Many term sets in two typed arrays, for the cache: every set's ids one after the other, and where
 * each set ends. Read back as views of one copy of the ids: no typed array per set to deserialise,
 * and no copy of each set.
 */
export interface TermColumn {
  ids: Uint32Array;
  ends: Uint32Array;
}

/** The column of `count` sets (see TermColumn). */
export function* packSets(count: number, setAt: (i: number) => TermSet): Steps<TermColumn> {
  const ends = new Uint32Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += setAt(i).length;
    ends[i] = total;
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  const ids = new Uint32Array(total);
  for (let i = 0; i < count; i++) {
    const set = setAt(i);
    ids.set(set, ends[i]! - set.length);
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  return { ids, ends };
}

/**
 * The sets of a column read back, each made a view of one copy of the ids when it is asked for:
 * a restart at 10,000 plans would otherwise make 1.3 million views before its first answer, and
 * most of them are not read until a question needs them.
 */
export class StoredSets {
  private readonly ids: Uint32Array;
  private readonly ends: Uint32Array;

  /** Throws when the column is damaged. Its arrays are kept, not copied. */
  constructor({ ids, ends }: TermColumn) {
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i]!;
      if (end < start || end > ids.length) throw new Error("damaged term column");
      start = end;
    }
    this.ids = ids;
    this.ends = ends;
  }

  get length(): number {
    return this.ends.length;
  }

  /** A new view of set i (the caller keeps it, or not). */
  view(i: number): TermSet {
    const start = i === 0 ? 0 : this.ends[i - 1]!;
    // A view made by its constructor: subarray's, made a million times at 10,000 plans, took longer.
    return new Uint32Array(this.ids.buffer, this.ids.byteOffset + 4 * start, this.ends[i]! - start);
  }
}

/**
 * Terms interned as numbers, and sets of them as sorted Uint32Arrays: a sentence's terms take
 * 4 bytes each instead of a Set entry, which matters at tens of thousands of plans.
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** A dictionary that gives the same ids as the one whose `allNames()` these are. */
  static of(names: readonly string[]): TermDictionary {
    const dictionary = new TermDictionary();
    for (const name of names) dictionary.intern(name);
    return dictionary;
  }

  /** Every term by id (a copy, to be kept with term sets made by this dictionary). */
  allNames(): string[] {
    return [...this.names];
  }

  /** The term of an id. */
  nameOf(id: number): string {
    return this.names[id]!;
  }

  /** The id of a term, adding it when new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
      this.names.push(term);
    }
    return id;
  }

  /** The id of a known term; undefined when no plan uses it. */
  lookup(term: string): number | undefined {
    return this.ids.get(term);
  }

  termsOf(set: TermSet): string[] {
    return Array.from(set, (id) => this.names[id]!);
  }

  get size(): number {
    return this.ids.size;
  }

  setOf(terms: Iterable<string>): TermSet {
    const unique = new Set<number>();
    for (const term of terms) unique.add(this.intern(term));
    const set = allocateSet(unique.size);
    let i = 0;
    for (const id of unique) set[i++] = id;
    return set.sort();
  }

  /** The set of the first `count` ids (of terms interned here, duplicates allowed), which are sorted in place. */
  setOfIds(ids: Uint32Array, count: number): TermSet {
    if (count > 48) ids.subarray(0, count).sort();
    else insertionSort(ids, count);
    let distinct = 0;
    for (let i = 0; i < count; i++) if (i === 0 || ids[i] !== ids[distinct - 1]) ids[distinct++] = ids[i]!;
    const set = allocateSet(distinct);
    for (let i = 0; i < distinct; i++) set[i] = ids[i]!;
    return set;
  }
}

export type TermSet = Uint32Array;

/** Sorts the first `count` ids in place: for the few ids of a sentence, without a view to sort. */
function insertionSort(ids: Uint32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const id = ids[i]!;
    let j = i - 1;
    while (j >= 0 && ids[j]! > id) {
      ids[j + 1] = ids[j]!;
      j--;
    }
    ids[j + 1] = id;
  }
}

export function hasTerm(set: TermSet, id: number | undefined): boolean {
  if (id === undefined) return false;
  let low = 0;
  let high = set.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = set[mid]!;
    if (value === id) return true;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}
