import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { setTimeout as delay } from "node:timers/promises";
import { DenseMap } from "./denseMap.js";
import { PostingList } from "./postingList.js";
import { ITEMS_PER_STEP, type Steps } from "./steps.js";
import { Uint32Builder } from "./uint32Builder.js";

/**
 * A MiniSearch index in flat form, for the cache of parsed plans: its postings in one Uint32Array
 * rather than MiniSearch's own plain object (an object per term and per field, with string keys),
 * which a restart read back far more slowly than it read everything else. It is loaded into the
 * same structure MiniSearch builds, its postings as PostingLists (a Map's methods over views of the
 * snapshot's array, see postingList.ts), so searches give the very same results.
 *
 * Maps are written by ascending key, the order MiniSearch's loadJS gives them (and, ties being
 * ranked in that order, the order a restart has always searched in).
 *
 * MiniSearch has no public API for this, so the snapshot reads and fills its internal maps; the
 * shapes are checked on both sides and anything unexpected makes the snapshot unusable (the index
 * is then built from the sentences), never wrong.
 */
export interface SearchSnapshot {
  format: 2;
  /** MiniSearch's own serialisation, without its maps. */
  header: Omit<AsPlainObject, "index" | "documentIds" | "fieldLength" | "storedFields">;
  terms: string[];
  /**
   * For each term, in order: its field count, then per field the field id, the posting count, 1 when
   * frequencies follow (0 when every one is 1), the short ids in ascending order and their frequencies.
   */
  postings: Uint32Array;
  /** (short id, document id) pairs. */
  documentIds: Uint32Array;
  /** Per document: its short id, then the length of each field. */
  fieldLength: Uint32Array;
}

type Frequencies = Map<number, number> | PostingList;
type Postings = Map<number, Frequencies>;

type NumberMap<V> = Map<number, V> | DenseMap<V>;

interface Internals {
  _index: { set(term: string, data: Postings): unknown; [Symbol.iterator](): Iterator<[string, Postings]> };
  _documentIds: NumberMap<unknown>;
  _idToShortId: NumberMap<number>;
  _fieldLength: NumberMap<number[]>;
  _storedFields: Map<number, unknown>;
}

const isNumberMap = (value: unknown) => value instanceof Map || value instanceof DenseMap;

function internalsOf(search: MiniSearch): Internals | undefined {
  const internals = search as unknown as Partial<Internals>;
  const ok =
    internals._index !== undefined &&
    typeof internals._index.set === "function" &&
    isNumberMap(internals._documentIds) &&
    isNumberMap(internals._idToShortId) &&
    isNumberMap(internals._fieldLength) &&
    internals._storedFields instanceof Map;
  return ok ? (internals as Internals) : undefined;
}

/** MiniSearch's maps with an entry per document as DenseMaps, when their keys are ascending integers (see denseMap.ts). */
function compactDocumentMaps(internals: Internals): void {
  const dense = <V>(map: NumberMap<V>): NumberMap<V> => (map instanceof Map ? (DenseMap.of(map) ?? map) : map);
  internals._documentIds = dense(internals._documentIds);
  internals._idToShortId = dense(internals._idToShortId);
  const rows = new SharedRows();
  for (const [shortId, lengths] of internals._fieldLength) {
    if (Array.isArray(lengths) && lengths.every(isUint32)) internals._fieldLength.set(shortId, rows.of(lengths, 0, lengths.length));
  }
  internals._fieldLength = dense(internals._fieldLength);
}

/**
 * One array for every document whose field lengths are the same ([12, 12, 11]): a few thousand
 * arrays instead of one per document. MiniSearch only reads a document's field lengths once it
 * has added the document (and makes a new array for each new one), so sharing them changes nothing.
 */
class SharedRows {
  private readonly rows = new Map<string, number[]>();

  of(values: ArrayLike<number>, start: number, end: number): number[] {
    let key = "";
    for (let i = start; i < end; i++) key += `${values[i]},`;
    let row = this.rows.get(key);
    if (!row) {
      row = Array.from({ length: end - start }, (_, i) => values[start + i]!);
      this.rows.set(key, row);
    }
    return row;
  }
}

/** Entries by ascending key: the order in which MiniSearch's own loadJS restores its maps. */
function ascending<V>(map: Iterable<[number, V]>): [number, V][] {
  const entries = [...map];
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]![0] > entries[i]![0]) return entries.sort((a, b) => a[0] - b[0]);
  return entries;
}

const isUint32 = (value: unknown): value is number => typeof value === "number" && value >>> 0 === value;

/**
 * The snapshot of an index whose document ids are numbers and that stores no fields; undefined
 * otherwise. Taken in steps (see steps.ts) between which the index may be searched, never changed:
 * a search removes the postings of discarded documents it meets (MiniSearch's termResults, and
 * scoreTerms), which would change the tree being walked, so until the snapshot is taken searches
 * leave them where they are (they skip them either way, and a vacuum removes them later).
 */
export function* snapshotSearch(search: MiniSearch, fieldCount: number): Steps<SearchSnapshot | undefined> {
  const internals = internalsOf(search);
  if (!internals || internals._storedFields.size > 0) return undefined;
  const plain = search as unknown as { _documentCount: number; _nextId: number; _fieldIds: Record<string, number>; _avgFieldLength: number[]; _dirtCount: number };
  const header = {
    documentCount: plain._documentCount,
    nextId: plain._nextId,
    fieldIds: plain._fieldIds,
    averageFieldLength: [...plain._avgFieldLength],
    dirtCount: plain._dirtCount,
    serializationVersion: 2,
  };
  if (!isUint32(header.documentCount) || !isUint32(header.nextId) || !Array.isArray(header.averageFieldLength)) return undefined;
  const release = keepDiscardedPostings(search);
  try {
    const terms: string[] = [];
    const postings = yield* snapshotPostings(internals, terms);
    const documents = postings && (yield* snapshotDocuments(internals, fieldCount));
    return postings && documents ? { format: 2, header, terms, postings, ...documents } : undefined;
  } finally {
    release();
  }
}

/** The (short id, id) pairs and each document's field lengths, laid out as SearchSnapshot's. */
function* snapshotDocuments(internals: Internals, fieldCount: number): Steps<Pick<SearchSnapshot, "documentIds" | "fieldLength"> | undefined> {
  const documentIds = new Uint32Builder();
  const fieldLength = new Uint32Builder();
  let fits = true;
  yield* byAscendingKey(internals._documentIds, (shortId, id) => {
    fits &&= isUint32(shortId) && isUint32(id);
    documentIds.push(shortId);
    documentIds.push(id as number);
  });
  yield* byAscendingKey(internals._fieldLength, (shortId, lengths) => {
    fieldLength.push(shortId);
    for (let field = 0; field < fieldCount; field++) {
      const length = lengths[field];
      fits &&= isUint32(length);
      fieldLength.push(length!);
    }
  });
  if (!fits) return undefined;
  return { documentIds: yield* documentIds.finish(), fieldLength: yield* fieldLength.finish() };
}

/** The postings of every term, laid out as SearchSnapshot's; the terms pushed onto `terms` in the same order. */
function* snapshotPostings(internals: Internals, terms: string[]): Steps<Uint32Array | undefined> {
  const postings = new Uint32Builder();
  let pausedAt = 0;
  for (const [term, fields] of internals._index) {
    terms.push(term);
    postings.push(fields.size);
    for (const [fieldId, frequencies] of fields) {
      postings.push(fieldId);
      if (frequencies instanceof PostingList && frequencies.pushSnapshot(postings)) continue;
      const entries = ascending<number>(frequencies);
      const allOnes = entries.every(([, frequency]) => frequency === 1);
      postings.push(entries.length);
      postings.push(allOnes ? 0 : 1);
      for (const [shortId, frequency] of entries) {
        if (!isUint32(shortId) || !isUint32(frequency)) return undefined;
        postings.push(shortId);
      }
      if (!allOnes) for (const [, frequency] of entries) postings.push(frequency);
    }
    // A common word has postings in most of a million sentences.
    if (terms.length % ITEMS_PER_STEP === 0 || postings.length - pausedAt > 16 * ITEMS_PER_STEP) {
      pausedAt = postings.length;
      yield;
    }
  }
  return yield* postings.finish();
}

/** Each entry of the map by ascending key, without an entry array per key (a million of them at 10,000 plans). */
function* byAscendingKey<V>(map: NumberMap<V>, visit: (key: number, value: V) => void): Steps<void> {
  let last = -1;
  let seen = 0;
  let ascending = true;
  for (const key of map.keys()) {
    if (key <= last) {
      ascending = false;
      break;
    }
    last = key;
    if (++seen % ITEMS_PER_STEP === 0) yield;
  }
  const keys = ascending ? map.keys() : Array.from(map.keys()).sort((a, b) => a - b);
  for (const key of keys) {
    visit(key, map.get(key)!);
    if (++seen % ITEMS_PER_STEP === 0) yield;
  }
}

/** Searches of `search` leave the postings of discarded documents until the returned function is called. */
function keepDiscardedPostings(search: MiniSearch): () => void {
  const instance = search as unknown as { removeTerm?: unknown };
  if (Object.hasOwn(instance, "removeTerm")) return () => undefined;
  instance.removeTerm = () => undefined;
  return () => delete instance.removeTerm;
}

/** Resolves once MiniSearch is not vacuuming `search` (a vacuum changes its tree between its batches). */
export async function searchAtRest(search: MiniSearch, pollMs = 50): Promise<void> {
  while (search.isVacuuming) await delay(pollMs);
}

/** The MiniSearch index of a snapshot; throws when the snapshot does not fit this MiniSearch. */
export function loadSearchSnapshot(snapshot: SearchSnapshot, options: Options, fieldCount: number): MiniSearch {
  if (snapshot.format !== 2) throw new Error("unknown search snapshot format");
  const search = MiniSearch.loadJS({ ...snapshot.header, index: [], documentIds: {}, fieldLength: {}, storedFields: {} }, options);
  const internals = internalsOf(search);
  if (!internals) throw new Error("this version of MiniSearch does not fit the search snapshot");
  const { documentIds, fieldLength, terms } = snapshot;
  // Filled in ascending order of their keys, as DenseMaps are (any other order makes them Maps).
  internals._documentIds = new DenseMap();
  internals._idToShortId = new DenseMap();
  internals._fieldLength = new DenseMap();
  // The posting lists are views of the snapshot's array (read from the cache into an array of its own; a list copies itself before it changes).
  const { postings } = snapshot;
  for (let i = 0; i < documentIds.length; i += 2) {
    internals._documentIds.set(documentIds[i]!, documentIds[i + 1]!);
    internals._idToShortId.set(documentIds[i + 1]!, documentIds[i]!);
  }
  const stride = fieldCount + 1;
  const rows = new SharedRows();
  for (let i = 0; i < fieldLength.length; i += stride) internals._fieldLength.set(fieldLength[i]!, rows.of(fieldLength, i + 1, i + stride));
  let at = 0;
  for (const term of terms) {
    const fields: Postings = new Map();
    for (let f = postings[at++]!; f > 0; f--) {
      const fieldId = postings[at++]!;
      const count = postings[at++]!;
      const withFrequencies = postings[at++]!;
      const start = at;
      at += count;
      if (at + (withFrequencies ? count : 0) > postings.length || !strictlyAscending(postings, start, at)) throw new Error("the search snapshot is damaged");
      if (withFrequencies) {
        fields.set(fieldId, new PostingList(Array.from(postings.subarray(start, at)), Array.from(postings.subarray(at, at + count))));
        at += count;
      } else {
        fields.set(fieldId, new PostingList(postings, undefined, start, at));
      }
    }
    internals._index.set(term, fields);
  }
  if (at !== postings.length) throw new Error("the search snapshot is damaged");
  return search;
}

function strictlyAscending(ids: Uint32Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (ids[i - 1]! >= ids[i]!) return false;
  return true;
}

/**
 * Puts the postings MiniSearch added as Maps into PostingLists, views of one shared array (after a
 * build; a posting list MiniSearch adds to later takes a copy of its own), and its maps by document
 * into DenseMaps. A map whose keys are not in ascending order, or anything this code does not
 * recognise, is left as it is.
 */
export function compactPostings(search: MiniSearch): void {
  const internals = internalsOf(search);
  if (!internals) return;
  const maps: { fields: Postings; fieldId: number; map: Map<number, number> }[] = [];
  let total = 0;
  for (const [, fields] of internals._index) {
    if (!(fields instanceof Map)) return;
    for (const [fieldId, map] of fields) {
      if (!(map instanceof Map) || !unitAscending(map)) continue;
      maps.push({ fields, fieldId, map });
      total += map.size;
    }
  }
  const shared = new Uint32Array(total);
  let at = 0;
  for (const { fields, fieldId, map } of maps) {
    const start = at;
    for (const id of map.keys()) shared[at++] = id;
    fields.set(fieldId, new PostingList(shared, undefined, start, at));
  }
  compactDocumentMaps(internals);
}

/** Ids in ascending order, each a Uint32, each with frequency 1. */
function unitAscending(map: Map<number, number>): boolean {
  let last = -1;
  for (const [id, frequency] of map) {
    if (frequency !== 1 || !isUint32(id) || id <= last) return false;
    last = id;
  }
  return true;
}

/** A document as MiniSearch's `add` sees it: its id, and for each field (by field id) its terms in token order. */
export interface SearchRow {
  id: number;
  fields: readonly ArrayLike<number>[];
}

/**
 * The snapshot of what MiniSearch's `addAll` then `compactPostings` make of these documents in an
 * empty index, their terms given as ids (`nameOf` their text): every posting grouped by term at
 * once rather than a map entry at a time (`add` was a third of building 1,000 realistic plans).
 * Terms go into the tree in the order `addAll` first meets them, each term's fields in the order it
 * meets them, and average field lengths are summed as MiniSearch sums them, so that the index is
 * the one `addAll` makes. Undefined when `addAll` would not give postings of frequency 1 (a term
 * twice in a field) or would split a term (empty, or with a space): those take `addAll`.
 */
export function snapshotOfRows(rows: readonly SearchRow[], fieldIds: Record<string, number>, termCount: number, nameOf: (term: number) => string): SearchSnapshot | undefined {
  const fieldCount = Object.keys(fieldIds).length;
  const counted = countRows(rows, fieldCount, termCount);
  if (!counted) return undefined;
  const terms = counted.termOrder.map(nameOf);
  if (terms.some((name) => name === "" || name.includes(" "))) return undefined;
  return {
    format: 2,
    header: { documentCount: rows.length, nextId: rows.length, fieldIds, averageFieldLength: counted.averageFieldLength, dirtCount: 0, serializationVersion: 2 },
    terms,
    postings: layOutPostings(rows, fieldCount, counted),
    documentIds: counted.documentIds,
    fieldLength: counted.fieldLength,
  };
}

/** What a first pass over the rows learns: postings per (term, field), the order terms and their fields are met, lengths. */
interface RowCounts {
  /** Postings per slot, a slot being term * fieldCount + field. */
  counts: Uint32Array;
  /** Per term, the fields it is in, and in which order they were met (fieldOrder, by slot). */
  fieldsMet: Uint8Array;
  fieldOrder: Uint8Array;
  termOrder: number[];
  total: number;
  averageFieldLength: number[];
  documentIds: Uint32Array;
  fieldLength: Uint32Array;
}

function countRows(rows: readonly SearchRow[], fieldCount: number, termCount: number): RowCounts | undefined {
  const slots = termCount * fieldCount;
  const counted: RowCounts = {
    counts: new Uint32Array(slots),
    fieldsMet: new Uint8Array(termCount),
    fieldOrder: new Uint8Array(slots),
    termOrder: [],
    total: 0,
    averageFieldLength: [],
    documentIds: new Uint32Array(2 * rows.length),
    fieldLength: new Uint32Array((fieldCount + 1) * rows.length),
  };
  const { counts, fieldsMet, fieldOrder, termOrder, averageFieldLength, documentIds, fieldLength } = counted;
  const lastRow = new Int32Array(slots).fill(-1);
  for (let row = 0; row < rows.length; row++) {
    const { id, fields } = rows[row]!;
    if (!isUint32(id) || fields.length !== fieldCount) return undefined;
    documentIds[2 * row] = row;
    documentIds[2 * row + 1] = id;
    fieldLength[(fieldCount + 1) * row] = row;
    for (let field = 0; field < fieldCount; field++) {
      const terms = fields[field]!;
      // `"".split(" ")` is one empty token, which counts in the field's length.
      const length = Math.max(1, terms.length);
      fieldLength[(fieldCount + 1) * row + 1 + field] = length;
      averageFieldLength[field] = ((averageFieldLength[field] || 0) * row + length) / (row + 1);
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i]!;
        const slot = term * fieldCount + field;
        if (lastRow[slot] === row) return undefined;
        lastRow[slot] = row;
        const before = counts[slot]!;
        counts[slot] = before + 1;
        if (before === 0) {
          const met = fieldsMet[term]!;
          if (met === 0) termOrder.push(term);
          fieldOrder[term * fieldCount + met] = field;
          fieldsMet[term] = met + 1;
        }
      }
      counted.total += terms.length;
    }
  }
  return counted;
}

/** The snapshot's postings: per term its field count, then per field its id, count, 0 (frequencies all 1) and rows. */
function layOutPostings(rows: readonly SearchRow[], fieldCount: number, { counts, fieldsMet, fieldOrder, termOrder, total }: RowCounts): Uint32Array {
  const postings = new Uint32Array(termOrder.length + 3 * countFieldsMet(termOrder, fieldsMet) + total);
  const next = new Uint32Array(counts.length);
  let at = 0;
  for (const term of termOrder) {
    postings[at++] = fieldsMet[term]!;
    for (let i = 0; i < fieldsMet[term]!; i++) {
      const field = fieldOrder[term * fieldCount + i]!;
      const slot = term * fieldCount + field;
      postings[at++] = field;
      postings[at++] = counts[slot]!;
      postings[at++] = 0;
      next[slot] = at;
      at += counts[slot]!;
    }
  }
  for (let row = 0; row < rows.length; row++) {
    const { fields } = rows[row]!;
    for (let field = 0; field < fieldCount; field++) {
      const terms = fields[field]!;
      for (let i = 0; i < terms.length; i++) postings[next[terms[i]! * fieldCount + field]!++] = row;
    }
  }
  return postings;
}

function countFieldsMet(terms: readonly number[], fieldsMet: Uint8Array): number {
  let total = 0;
  for (const term of terms) total += fieldsMet[term]!;
  return total;
}
