import type MiniSearch from "minisearch";
import { PostingList } from "./postingList.js";

/** One field's terms of an OR query, as MiniSearch's `{ queries, fields: [field], boost }`. */
export interface FieldTerms {
  field: string;
  terms: readonly string[];
  /** The field's boost (MiniSearch's `boost: { [field]: n }`); 1 when none. */
  boost: number;
}


type Frequencies = Map<number, number> | PostingList;
interface NumberMap<V> {
  get(key: number): V | undefined;
  has(key: number): boolean;
}
interface Internals {
  _index: { get(term: string): Map<number, Frequencies> | undefined };
  _fieldIds: Record<string, number>;
  _documentIds: NumberMap<number>;
  _fieldLength: NumberMap<number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  /** Discarded documents whose postings are still in the index. */
  _dirtCount: number;
  /** Every short id is below it. */
  _nextId: number;
  _options: { searchOptions: { bm25: { k: number; b: number; d: number } } };
  removeTerm(fieldId: number, docId: number, term: string): void;
}

function internalsOf(search: MiniSearch): Internals | undefined {
  const s = search as unknown as Partial<Internals>;
  const bm25 = s._options?.searchOptions?.bm25;
  const ok =
    typeof s._index?.get === "function" &&
    typeof s._fieldIds === "object" &&
    typeof s._documentIds?.get === "function" &&
    typeof s._fieldLength?.get === "function" &&
    Array.isArray(s._avgFieldLength) &&
    typeof s._documentCount === "number" &&
    typeof s._nextId === "number" &&
    typeof s._dirtCount === "number" &&
    typeof s.removeTerm === "function" &&
    typeof bm25?.k === "number" &&
    typeof bm25.b === "number" &&
    typeof bm25.d === "number";
  return ok ? (s as Internals) : undefined;
}

/** Per short id, reused between questions (only the entries a question touched are reset). */
class Scratch {
  sums: Float64Array[] = [];
  /** Bit q set: the document matched a term of query q. */
  present = new Uint8Array(0);
  /** How many distinct query terms the document matched (MiniSearch's "quality"). */
  matched = new Uint16Array(0);

  fit(size: number, queries: number): void {
    if (this.present.length < size) {
      const length = Math.max(size, this.present.length * 2, 1024);
      this.sums = [];
      this.present = new Uint8Array(length);
      this.matched = new Uint16Array(length);
    }
    while (this.sums.length < queries) this.sums.push(new Float64Array(this.present.length));
  }
}
const scratch = new Scratch();

/**
 * The results of MiniSearch's `search({ combineWith: "OR", queries: [{ queries: terms, fields: [field],
 * boost }, …] }, { boostTerm })`, exact terms only, with the very same scores and order, without
 * an object per match: MiniSearch makes a result object (with arrays of the terms and fields it
 * matched) for every posting it scores and sorts them all, most of an answer's time on questions
 * that name no place. The scores are summed in MiniSearch's order (each query's terms in turn,
 * then the queries), so that they are equal to the last bit.
 *
 * Reads MiniSearch's internal maps, like searchSnapshot.ts; undefined when they are not what this
 * expects, and the caller then asks MiniSearch itself.
 */
export function scoreTerms(search: MiniSearch, queries: readonly FieldTerms[], termBoost: (term: string) => number): RankedMatches | undefined {
  const internals = internalsOf(search);
  if (!internals || queries.length > 8) return undefined;
  const size = internals._nextId;
  scratch.fit(size, queries.length);
  const touched: number[] = [];
  // A term in two queries (a word without tone marks is its own folded form) counts once in the quality.
  const seenTerms = new Map<string, Set<number> | undefined>();
  for (const { terms } of queries) for (const term of terms) seenTerms.set(term, seenTerms.has(term) ? new Set() : undefined);
  try {
    queries.forEach((query, q) => scoreQuery(internals, query, q, termBoost, touched, seenTerms));
    return ranked(internals, touched, queries.length);
  } finally {
    for (const id of touched) {
      scratch.present[id] = 0;
      scratch.matched[id] = 0;
    }
  }
}

function scoreQuery(
  internals: Internals,
  { field, terms, boost }: FieldTerms,
  q: number,
  termBoost: (term: string) => number,
  touched: number[],
  seenTerms: Map<string, Set<number> | undefined>,
): void {
  const fieldId = internals._fieldIds[field];
  if (fieldId === undefined) return;
  const sums = scratch.sums[q]!;
  const { present, matched } = scratch;
  const bit = 1 << q;
  const lengths = internals._fieldLength;
  for (const term of terms) {
    const postings = internals._index.get(term)?.get(fieldId);
    if (!postings) continue;
    const weight = termBoost(term) * boost;
    const seen = seenTerms.get(term);
    const add = (docId: number, raw: number) => {
      const weighted = weight * raw;
      const was = present[docId]!;
      if (was === 0) touched.push(docId);
      if (was & bit) sums[docId]! += weighted;
      else sums[docId] = weighted;
      present[docId] = was | bit;
      if (!seen) matched[docId]!++;
      else if (!seen.has(docId)) {
        seen.add(docId);
        matched[docId]!++;
      }
    };
    if (postings instanceof PostingList && !postings.map && (internals._dirtCount === 0 || allLive(internals, postings))) {
      const bm25 = scorer(internals, fieldId, postings.size);
      const { ids, freqs, start, end } = postings;
      for (let at = start; at < end; at++) {
        const docId = ids[at]!;
        add(docId, bm25(freqs ? freqs[at]! : 1, lengths.get(docId)![fieldId]!));
      }
      continue;
    }
    // Postings of discarded documents are removed as they are met, as MiniSearch does (and its
    // count of matching documents goes down for the documents after them).
    let matching = postings.size;
    for (const docId of postings.keys()) {
      if (!internals._documentIds.has(docId)) {
        internals.removeTerm(fieldId, docId, term);
        matching -= 1;
        continue;
      }
      add(docId, scorer(internals, fieldId, matching)(postings.get(docId)!, lengths.get(docId)![fieldId]!));
    }
  }
}

/** MiniSearch's BM25+ of a term in a field that `matching` documents have, written as MiniSearch writes it (the same rounding). */
function scorer(internals: Internals, fieldId: number, matching: number): (termFreq: number, fieldLength: number) => number {
  const { k, b, d } = internals._options.searchOptions.bm25;
  const avgFieldLength = internals._avgFieldLength[fieldId]!;
  const invDocFreq = Math.log(1 + (internals._documentCount - matching + 0.5) / (matching + 0.5));
  return (termFreq, fieldLength) => invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

function allLive(internals: Internals, postings: PostingList): boolean {
  const { ids, start, end } = postings;
  for (let at = start; at < end; at++) if (!internals._documentIds.has(ids[at]!)) return false;
  return true;
}

/**
 * The matches in MiniSearch's order, taken best first: a heap rather than a sort, since a question
 * reads the first few dozen of thousands.
 */
export class RankedMatches {
  /** The current match, after next() returned true. */
  id = 0;
  score = 0;
  private readonly heap: Int32Array;
  private size: number;

  /** `ids` are MiniSearch's short ids when `documentIds` is given: only the matches taken are looked up. */
  constructor(
    private readonly ids: ArrayLike<number>,
    private readonly totals: Float64Array,
    private readonly documentIds?: NumberMap<number>,
  ) {
    this.size = ids.length;
    // Filled by a loop: Int32Array.from with a mapping function took a twentieth of a question's time.
    this.heap = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) this.heap[i] = i;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.sink(i);
  }

  static sorted(ids: readonly number[], scores: readonly number[]): RankedMatches {
    return new RankedMatches(ids, Float64Array.from(scores));
  }

  next(): boolean {
    if (this.size === 0) return false;
    const top = this.heap[0]!;
    this.id = this.documentIds ? this.documentIds.get(this.ids[top]!)! : this.ids[top]!;
    this.score = this.totals[top]!;
    this.heap[0] = this.heap[--this.size]!;
    this.sink(0);
    return true;
  }

  /** a before b: the higher score, then (as a stable sort keeps them) the one met first. */
  private before(a: number, b: number): boolean {
    const sa = this.totals[a]!;
    const sb = this.totals[b]!;
    return sa > sb || (sa === sb && a < b);
  }

  private sink(at: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, heap[at]!)) return;
      const parent = heap[at]!;
      heap[at] = heap[child]!;
      heap[child] = parent;
      at = child;
    }
  }
}

/** The touched documents' totals: each query's sum, added query by query, times the quality (as MiniSearch). */
function ranked(internals: Internals, touched: number[], queries: number): RankedMatches {
  const totals = new Float64Array(touched.length);
  for (let i = 0; i < touched.length; i++) {
    const docId = touched[i]!;
    const present = scratch.present[docId]!;
    let total = 0;
    let first = true;
    for (let q = 0; q < queries; q++) {
      if (!(present & (1 << q))) continue;
      total = first ? scratch.sums[q]![docId]! : total + scratch.sums[q]![docId]!;
      first = false;
    }
    totals[i] = total * (scratch.matched[docId]! || 1);
  }
  return new RankedMatches(touched, totals, internals._documentIds);
}
