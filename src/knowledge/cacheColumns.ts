import { type Figure, RELATION_PRIORITY, type Relation } from "../ingest/figures.js";
import type { Passage, PassageKind, PlanDocument, Section } from "../ingest/types.js";
import { ITEMS_PER_STEP, type Steps } from "../search/steps.js";

/**
 * The plans' passages and sections, and every text of the cache, in columns: the texts one after
 * the other in one string (each text once), the passages and sections as rows of numbers. A
 * restart read an object and a string per passage, section and sentence, which the young-generation
 * collector then copied twice as all of it stays alive; one long string is allocated where large
 * objects are and never copied, and each text is a slice of it. A passage or section that reads the
 * same in several plans is stored, and read back, once (the serializer did that for the objects).
 */

/** Every distinct text once, in a few long strings (a string has at most about 2^29 characters). */
export interface TextPool {
  chunks: string[];
  /** Where each text ends in its chunk; a text is referred to by its place here. */
  ends: Uint32Array;
  /** How many texts the chunks up to each one hold. */
  chunkEnds: Uint32Array;
}

const NONE = 0xffffffff;
/** 32 MB of two-byte characters: still one large object, and far from the limit. */
// Small enough to join and serialise in a few milliseconds (see pieceFile.ts).
const CHUNK_CHARS = 1024 * 1024;

export class TextPoolWriter {
  private readonly places = new Map<string, number>();
  private readonly chunks: string[][] = [[]];
  private readonly ends: number[] = [];
  private readonly chunkEnds: number[] = [];
  private length = 0;

  add(text: string): number {
    let place = this.places.get(text);
    if (place === undefined) {
      place = this.ends.length;
      this.places.set(text, place);
      if (this.length > 0 && this.length + text.length > CHUNK_CHARS) {
        this.chunkEnds.push(place);
        this.chunks.push([]);
        this.length = 0;
      }
      this.chunks[this.chunks.length - 1]!.push(text);
      this.length += text.length;
      this.ends.push(this.length);
    }
    return place;
  }

  /** NONE for null. */
  *addColumn(texts: readonly (string | null)[]): Steps<Uint32Array> {
    const column = new Uint32Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      column[i] = text === null ? NONE : this.add(text);
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
    return column;
  }

  *finish(): Steps<TextPool> {
    const chunks: string[] = [];
    for (const parts of this.chunks) {
      chunks.push(parts.join(""));
      yield;
    }
    return { chunks, ends: Uint32Array.from(this.ends), chunkEnds: Uint32Array.from([...this.chunkEnds, this.ends.length]) };
  }
}

/** The texts of a pool by place, each a slice of its chunk. */
export function poolTexts({ chunks, ends, chunkEnds }: TextPool): string[] {
  if (chunkEnds.length !== chunks.length || chunkEnds[chunkEnds.length - 1] !== ends.length) throw new Error("damaged text pool");
  const texts = new Array<string>(ends.length);
  let place = 0;
  chunks.forEach((chunk, c) => {
    let start = 0;
    for (; place < chunkEnds[c]!; place++) {
      const end = ends[place]!;
      if (end < start || end > chunk.length) throw new Error("damaged text pool");
      texts[place] = chunk.slice(start, end);
      start = end;
    }
  });
  return texts;
}

export function textColumn(places: Uint32Array, texts: readonly string[]): (string | null)[] {
  return Array.from(places, (place) => {
    if (place === NONE) return null;
    const text = texts[place];
    if (text === undefined) throw new Error("damaged text column");
    return text;
  });
}

const PASSAGE_KEYS = ["index", "section", "text", "line", "kind"];
const SECTION_KEYS = ["path", "label", "heading", "trail", "line", "depth"];
const KINDS: readonly PassageKind[] = ["paragraph", "bullet", "item", "table-row", "preamble"];
const PASSAGE_FIELDS = 6;
const SECTION_FIELDS = 6;

const isCount = (value: unknown): value is number => typeof value === "number" && value >>> 0 === value && value !== NONE;

function hasKeys(object: object, keys: readonly string[], optional?: string): boolean {
  const own = Object.keys(object);
  const expected = optional !== undefined && optional in object ? [...keys, optional] : keys;
  return own.length === expected.length && own.every((key, i) => key === expected[i]);
}

function fitsPassage(p: Passage): boolean {
  return hasKeys(p, PASSAGE_KEYS, "lead") && isCount(p.index) && isCount(p.section) && typeof p.text === "string" && isCount(p.line) && KINDS.includes(p.kind) && (p.lead === undefined || typeof p.lead === "string");
}

function fitsSection(s: Section): boolean {
  return (
    hasKeys(s, SECTION_KEYS) && typeof s.path === "string" && typeof s.label === "string" && typeof s.heading === "string" && Array.isArray(s.trail) && s.trail.every((t) => typeof t === "string") && isCount(s.line) && isCount(s.depth)
  );
}

const DOCUMENT_KEYS = ["file", "meta", "metaSource", "sections", "passages"];

/** A plan whose keys begin in the parser's order (which PartReader gives back). */
function hasLeadingKeys(doc: PlanDocument): boolean {
  const keys = Object.keys(doc);
  return DOCUMENT_KEYS.every((key, i) => keys[i] === key) && !keys.includes("passageRows");
}

/** The passages and sections of every plan, each distinct one once. */
export interface PartColumns {
  /** Per passage: index, section, text, line, kind, lead + 1 (0 for none); texts by their place in the pool. */
  passages: Uint32Array;
  /** Per section: path, label, heading, line, depth, and where its trail ends in `trails`. */
  sections: Uint32Array;
  trails: Uint32Array;
}

/** A plan stored with its passages and sections as places in the part columns. */
export type StoredDocument = Omit<PlanDocument, "passages" | "sections"> & { passageRows: Uint32Array; sectionRows: Uint32Array };

export class PartWriter {
  private readonly passages: number[] = [];
  private readonly sections: number[] = [];
  private readonly trails: number[] = [];
  private readonly passageRows = new Map<string, number>();
  private readonly sectionRows = new Map<string, number>();

  constructor(private readonly pool: TextPoolWriter) {}

  /** The plan in columns, or the plan as it is when one of its parts is not of the shape the columns hold. */
  add(doc: PlanDocument): PlanDocument | StoredDocument {
    if (!hasLeadingKeys(doc) || !doc.passages.every(fitsPassage) || !doc.sections.every(fitsSection)) return doc;
    const { passages, sections, ...rest } = doc;
    const passageRows = Uint32Array.from(passages, (p) => this.passageRow(p));
    const sectionRows = Uint32Array.from(sections, (s) => this.sectionRow(s));
    return { ...rest, passageRows, sectionRows };
  }

  private passageRow(p: Passage): number {
    const key = `${p.index}\0${p.section}\0${p.line}\0${p.kind}\0${p.lead === undefined ? "\u0001" : p.lead}\0${p.text}`;
    let row = this.passageRows.get(key);
    if (row === undefined) {
      row = this.passages.length / PASSAGE_FIELDS;
      this.passages.push(p.index, p.section, this.pool.add(p.text), p.line, KINDS.indexOf(p.kind), p.lead === undefined ? 0 : this.pool.add(p.lead) + 1);
      this.passageRows.set(key, row);
    }
    return row;
  }

  private sectionRow(s: Section): number {
    const key = `${s.path}\0${s.label}\0${s.heading}\0${s.line}\0${s.depth}\0${s.trail.join("\0")}`;
    let row = this.sectionRows.get(key);
    if (row === undefined) {
      row = this.sections.length / SECTION_FIELDS;
      for (const heading of s.trail) this.trails.push(this.pool.add(heading));
      this.sections.push(this.pool.add(s.path), this.pool.add(s.label), this.pool.add(s.heading), s.line, s.depth, this.trails.length);
      this.sectionRows.set(key, row);
    }
    return row;
  }

  finish(): PartColumns {
    return { passages: Uint32Array.from(this.passages), sections: Uint32Array.from(this.sections), trails: Uint32Array.from(this.trails) };
  }
}

/** The parts back as objects, each distinct one once, and each plan with its own lists of them. */
export class PartReader {
  private readonly passages: Passage[] = [];
  private readonly sections: Section[] = [];

  constructor(columns: PartColumns, texts: readonly string[]) {
    const text = (place: number) => {
      const found = texts[place];
      if (found === undefined) throw new Error("damaged part columns");
      return found;
    };
    const p = columns.passages;
    for (let i = 0; i + PASSAGE_FIELDS <= p.length; i += PASSAGE_FIELDS) {
      const kind = KINDS[p[i + 4]!];
      if (kind === undefined) throw new Error("damaged part columns");
      const passage: Passage = { index: p[i]!, section: p[i + 1]!, text: text(p[i + 2]!), line: p[i + 3]!, kind };
      if (p[i + 5] !== 0) passage.lead = text(p[i + 5]! - 1);
      this.passages.push(passage);
    }
    const s = columns.sections;
    let trailStart = 0;
    for (let i = 0; i + SECTION_FIELDS <= s.length; i += SECTION_FIELDS) {
      const trailEnd = s[i + 5]!;
      if (trailEnd < trailStart || trailEnd > columns.trails.length) throw new Error("damaged part columns");
      const trail = Array.from(columns.trails.subarray(trailStart, trailEnd), text);
      trailStart = trailEnd;
      this.sections.push({ path: text(s[i]!), label: text(s[i + 1]!), heading: text(s[i + 2]!), trail, line: s[i + 3]!, depth: s[i + 4]! });
    }
  }

  document(stored: PlanDocument | StoredDocument): PlanDocument {
    if (!("passageRows" in stored)) return stored;
    const { passageRows, sectionRows, ...rest } = stored;
    const pick = <T>(list: T[], rows: Uint32Array) =>
      Array.from(rows, (row) => {
        const part = list[row];
        if (part === undefined) throw new Error("damaged part columns");
        return part;
      });
    // The order of PlanDocument's keys as the parser makes them, sections before passages.
    const { file, meta, metaSource, ...after } = rest;
    return { file, meta, metaSource, sections: pick(this.sections, sectionRows), passages: pick(this.passages, passageRows), ...after } as PlanDocument;
  }
}

/**
 * The sentences' figures in columns: a quarter of a million figure objects at 10,000 plans took
 * V8's deserializer about 0.8 s of a restart, where making them from numbers takes a few
 * milliseconds. A figure's optional parts are marked present bit by bit, in the order the figure
 * reader sets its keys, so that each comes back with the same keys in the same order.
 */
export interface FigureColumns {
  /** Per figure: which optional parts it has (bits, see OPTIONAL), its text, unit, per, comparator and relation as places in the pool (0 when absent), start and end. */
  rows: Uint32Array;
  /** Per figure: value, max, of (0 when absent). */
  numbers: Float64Array;
}

const FIGURE_FIELDS = 8;
/** The optional keys in the order the reader sets them (see describe in figures.ts), with the bit that marks each. */
const OPTIONAL = { max: 1, of: 2, per: 4, comparator: 8, relation: 16 } as const;
const OPTIONAL_BITS = Object.entries(OPTIONAL);
const FIGURE_KEYS = ["text", "value", "max", "of", "unit", "per", "comparator", "relation", "start", "end"];

function fitsFigure(f: Figure): boolean {
  const order = Object.keys(f).map((key) => FIGURE_KEYS.indexOf(key));
  const inOrder = order.every((place, i) => place >= 0 && (i === 0 || order[i - 1]! < place));
  const strings = [f.text, f.unit, f.per ?? "", f.comparator ?? ""].every((s) => typeof s === "string");
  const numbers = [f.value, f.max ?? 0, f.of ?? 0].every((n) => typeof n === "number");
  const relation = f.relation === undefined || RELATION_PRIORITY.includes(f.relation);
  const present = Object.values(f).every((value) => value !== undefined);
  return inOrder && "unit" in f && strings && numbers && relation && present && isCount(f.start) && isCount(f.end);
}

/** The figures in columns, or undefined when one of them is not of the shape the columns hold (they are then stored as they are). */
export function* figureColumns(figures: readonly Figure[], pool: TextPoolWriter): Steps<FigureColumns | undefined> {
  for (let i = 0; i < figures.length; i++) {
    if (!fitsFigure(figures[i]!)) return undefined;
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  const rows = new Uint32Array(figures.length * FIGURE_FIELDS);
  const numbers = new Float64Array(figures.length * 3);
  const place = (text: string | undefined) => (text === undefined ? 0 : pool.add(text));
  for (let i = 0; i < figures.length; i++) {
    const f = figures[i]!;
    let present = 0;
    for (const [key, bit] of OPTIONAL_BITS) if (key in f) present |= bit;
    const r = i * FIGURE_FIELDS;
    rows[r] = present;
    rows[r + 1] = place(f.text);
    rows[r + 2] = place(f.unit);
    rows[r + 3] = place(f.per);
    rows[r + 4] = place(f.comparator);
    rows[r + 5] = place(f.relation);
    rows[r + 6] = f.start;
    rows[r + 7] = f.end;
    numbers[i * 3] = f.value;
    numbers[i * 3 + 1] = f.max ?? 0;
    numbers[i * 3 + 2] = f.of ?? 0;
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  return { rows, numbers };
}

export function figuresOf({ rows, numbers }: FigureColumns, texts: readonly string[]): Figure[] {
  const count = rows.length / FIGURE_FIELDS;
  if (!Number.isInteger(count) || numbers.length !== count * 3) throw new Error("damaged figure columns");
  const text = (place: number) => {
    const found = texts[place];
    if (found === undefined) throw new Error("damaged figure columns");
    return found;
  };
  const figures = new Array<Figure>(count);
  for (let i = 0; i < count; i++) {
    const r = i * FIGURE_FIELDS;
    const present = rows[r]!;
    // Set key by key in the reader's order (see OPTIONAL).
    const figure = { text: text(rows[r + 1]!), value: numbers[i * 3]! } as Figure;
    if (present & OPTIONAL.max) figure.max = numbers[i * 3 + 1]!;
    if (present & OPTIONAL.of) figure.of = numbers[i * 3 + 2]!;
    figure.unit = text(rows[r + 2]!);
    if (present & OPTIONAL.per) figure.per = text(rows[r + 3]!);
    if (present & OPTIONAL.comparator) figure.comparator = text(rows[r + 4]!);
    if (present & OPTIONAL.relation) {
      const relation = text(rows[r + 5]!) as Relation;
      if (!RELATION_PRIORITY.includes(relation)) throw new Error("damaged figure columns");
      figure.relation = relation;
    }
    figure.start = rows[r + 6]!;
    figure.end = rows[r + 7]!;
    figures[i] = figure;
  }
  return figures;
}
