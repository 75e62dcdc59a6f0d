import MiniSearch, { type AsPlainObject, type Options } from "minisearch";

/**
 * A MiniSearch index in flat form, for the cache of parsed plans: its postings in one Uint32Array
 * rather than MiniSearch's own plain object (an object per term and per field, with string keys),
 * which a restart read back far more slowly than it read everything else. It is loaded into the
 * same maps MiniSearch builds, so searches give the very same results.
 *
 * Maps are written by ascending key, the order MiniSearch's loadJS gives them (and, ties being
 * ranked in that order, the order a restart has always searched in).
 *
 * MiniSearch has no public API for this, so the snapshot reads and fills its internal maps; the
 * shapes are checked on both sides and anything unexpected makes the snapshot unusable (the index
 * is then built from the sentences), never wrong.
 */
export interface SearchSnapshot {
  format: 1;
  /** MiniSearch's own serialisation, without its maps. */
  header: Omit<AsPlainObject, "index" | "documentIds" | "fieldLength" | "storedFields">;
  terms: string[];
  /** For each term, in order: its field count, then per field the field id, the posting count and (short id, frequency) pairs. */
  postings: Uint32Array;
  /** (short id, document id) pairs. */
  documentIds: Uint32Array;
  /** Per document: its short id, then the length of each field. */
  fieldLength: Uint32Array;
}

type Postings = Map<number, Map<number, number>>;

interface Internals {
  _index: { set(term: string, data: Postings): unknown; [Symbol.iterator](): Iterator<[string, Postings]> };
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
}

function internalsOf(search: MiniSearch): Internals | undefined {
  const internals = search as unknown as Partial<Internals>;
  const ok =
    internals._index !== undefined &&
    typeof internals._index.set === "function" &&
    internals._documentIds instanceof Map &&
    internals._idToShortId instanceof Map &&
    internals._fieldLength instanceof Map &&
    internals._storedFields instanceof Map;
  return ok ? (internals as Internals) : undefined;
}

/** Entries by ascending key: the order in which MiniSearch's own loadJS restores its maps. */
function ascending<V>(map: Map<number, V>): [number, V][] {
  const entries = [...map];
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]![0] > entries[i]![0]) return entries.sort((a, b) => a[0] - b[0]);
  return entries;
}

const isUint32 = (value: unknown): value is number => typeof value === "number" && value >>> 0 === value;

/** The snapshot of an index whose document ids are numbers and that stores no fields; undefined otherwise. */
export function snapshotSearch(search: MiniSearch, fieldCount: number): SearchSnapshot | undefined {
  const internals = internalsOf(search);
  if (!internals || internals._storedFields.size > 0) return undefined;
  const plain = search as unknown as { _documentCount: number; _nextId: number; _fieldIds: Record<string, number>; _avgFieldLength: number[]; _dirtCount: number };
  const header = {
    documentCount: plain._documentCount,
    nextId: plain._nextId,
    fieldIds: plain._fieldIds,
    averageFieldLength: plain._avgFieldLength,
    dirtCount: plain._dirtCount,
    serializationVersion: 2,
  };
  if (!isUint32(header.documentCount) || !isUint32(header.nextId) || !Array.isArray(header.averageFieldLength)) return undefined;

  const terms: string[] = [];
  const postings: number[] = [];
  for (const [term, fields] of internals._index) {
    terms.push(term);
    postings.push(fields.size);
    for (const [fieldId, frequencies] of fields) {
      postings.push(fieldId, frequencies.size);
      for (const [shortId, frequency] of ascending(frequencies)) {
        if (!isUint32(shortId) || !isUint32(frequency)) return undefined;
        postings.push(shortId, frequency);
      }
    }
  }
  const documentIds: number[] = [];
  for (const [shortId, id] of ascending(internals._documentIds)) {
    if (!isUint32(shortId) || !isUint32(id)) return undefined;
    documentIds.push(shortId, id);
  }
  const fieldLength: number[] = [];
  for (const [shortId, lengths] of ascending(internals._fieldLength)) {
    fieldLength.push(shortId);
    for (let field = 0; field < fieldCount; field++) {
      const length = lengths[field];
      if (!isUint32(length)) return undefined;
      fieldLength.push(length);
    }
  }
  return {
    format: 1,
    header,
    terms,
    postings: Uint32Array.from(postings),
    documentIds: Uint32Array.from(documentIds),
    fieldLength: Uint32Array.from(fieldLength),
  };
}

/** The MiniSearch index of a snapshot; throws when the snapshot does not fit this MiniSearch. */
export function loadSearchSnapshot(snapshot: SearchSnapshot, options: Options, fieldCount: number): MiniSearch {
  if (snapshot.format !== 1) throw new Error("unknown search snapshot format");
  const search = MiniSearch.loadJS({ ...snapshot.header, index: [], documentIds: {}, fieldLength: {}, storedFields: {} }, options);
  const internals = internalsOf(search);
  if (!internals) throw new Error("this version of MiniSearch does not fit the search snapshot");
  const { documentIds, fieldLength, postings, terms } = snapshot;
  for (let i = 0; i < documentIds.length; i += 2) {
    internals._documentIds.set(documentIds[i]!, documentIds[i + 1]!);
    internals._idToShortId.set(documentIds[i + 1]!, documentIds[i]!);
  }
  const stride = fieldCount + 1;
  for (let i = 0; i < fieldLength.length; i += stride) internals._fieldLength.set(fieldLength[i]!, Array.from(fieldLength.subarray(i + 1, i + stride)));
  let at = 0;
  for (const term of terms) {
    const fields: Postings = new Map();
    for (let f = postings[at++]!; f > 0; f--) {
      const fieldId = postings[at++]!;
      const frequencies = new Map<number, number>();
      for (let n = postings[at++]!; n > 0; n--) {
        frequencies.set(postings[at]!, postings[at + 1]!);
        at += 2;
      }
      fields.set(fieldId, frequencies);
    }
    internals._index.set(term, fields);
  }
  if (at !== postings.length) throw new Error("the search snapshot is damaged");
  return search;
}
