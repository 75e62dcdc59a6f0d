import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { extractFigures, type Figure } from "../ingest/figures.js";
import type { FileProblem } from "../ingest/readPlanFile.js";
import type { Passage, PlanDocument } from "../ingest/types.js";
import { isAppendixSection } from "../ingest/parsePlan.js";
import { documentUnits } from "../ingest/units.js";
import type { Lexicon } from "../lexicon/lexicon.js";
import { buildPlaceDirectory, type PlaceDirectory, rememberPlaceAliases, type StoredPlaceAlias, storedPlaceAliases, updatePlaceDirectory } from "./places.js";
import { compactPostings, loadSearchSnapshot, type SearchRow, type SearchSnapshot, snapshotOfRows, snapshotSearch } from "./searchSnapshot.js";
import { SentenceMap } from "./sentenceMap.js";
import { ITEMS_PER_STEP, mapInSteps, runAtOnce, type Steps } from "./steps.js";
import { type IndexedUnit, peekSet, SentenceEntry, type SentenceField, SentenceUnit, type StoredSentenceSets, StoredTextSets, type TextSets } from "./indexedUnits.js";
import { packSets, StoredSets, type TermColumn, TermDictionary, type TermSet } from "./termSet.js";
import { SentenceTerms } from "./sentenceTerms.js";

export type { IndexedUnit, SentenceEntry } from "./indexedUnits.js";

/** Document frequencies: in how many units each key occurs. */
export interface TermStats {
  units: number;
  exact: Map<string, number>;
  folded: Map<string, number>;
  bigrams: Map<string, number>;
  /** The folded vocabulary by word length, for typo correction; dropped whenever the counts change. */
  foldedByLength?: Map<number, string[]>;
}

export interface KnowledgeIndex {
  documents: PlanDocument[];
  units: IndexedUnit[];
  sentences: SentenceMap<SentenceEntry>;
  /** Term sets of section trails, by trail text (shared by every plan with the same headings). */
  trails: Map<string, TextSets>;
  /** Sentence entries by MiniSearch id. */
  sentenceById: (SentenceEntry | undefined)[];
  /** The units of each plan, for questions limited to the places they name. */
  unitsByDocument: Map<PlanDocument, IndexedUnit[]>;
  search: MiniSearch;
  terms: TermDictionary;
  stats: TermStats;
  places: PlaceDirectory;
  lexicon: Lexicon;
  problems: FileProblem[];
  builtAt: Date;
}

export const SEARCH_FIELDS = ["exact", "folded", "bigram"] as const;

const NO_TERMS: TermSet = new Uint32Array(0);
const NO_FIGURES: Figure[] = [];

/**
 * Terms in more sentences than this are never used to retrieve (they would make MiniSearch score
 * nearly everything); they are left out of MiniSearch and still count when candidates are ranked.
 */
export function retrievalMaxDf(units: number): number {
  return Math.max(200, Math.floor(units * 0.02));
}

function count(map: Map<string, number>, terms: TermDictionary, set: TermSet, delta: number) {
  for (const id of set) {
    const key = terms.nameOf(id);
    const value = (map.get(key) ?? 0) + delta;
    if (value > 0) map.set(key, value);
    else map.delete(key);
  }
}

function trailText(doc: PlanDocument, sectionIndex: number): string {
  return doc.sections[sectionIndex]!.trail.map((heading) => heading.replace(/^\S+\.\s|^\(\S+\)\s/, "")).join(" . ");
}

const splitKeys = (text: string) => text.split(" ");
export const SEARCH_OPTIONS: Options = {
  fields: [...SEARCH_FIELDS],
  idField: "id",
  tokenize: splitKeys,
  processTerm: (term) => term || null,
  searchOptions: { tokenize: splitKeys, processTerm: (term) => term || null },
};

export function createSearch(): MiniSearch {
  return new MiniSearch(SEARCH_OPTIONS);
}

/**
 * Work of an earlier build that a new one reuses (valid for the lexicon it was made with): each
 * distinct sentence's keys and figures, each plan version's sentences, and the MiniSearch index.
 * Kept in flat form, term ids in columns of typed arrays rather than strings and small arrays: a
 * restart reads it, and reading a million small objects cost more than building the index from it.
 */
export interface PreparedSentences {
  lexicon: string;
  /** The term dictionary, by id. */
  terms: string[];
  /** Each distinct sentence's text by MiniSearch id; null for the ids of sentences no plan has any more. */
  texts: (string | null)[];
  /** Each sentence's keys, by MiniSearch id (term ids into `terms`; empty for the ids that are null). */
  exact: TermColumn;
  folded: TermColumn;
  bigrams: TermColumn;
  /** Every sentence's figures one after the other, by MiniSearch id, and where each sentence's figures end. */
  figures: Figure[];
  figureEnds: Uint32Array;
  /** The term sets of the section trails and list leads the plans use, by their text. */
  trails?: { texts: string[]; exact: TermColumn; folded: TermColumn };
  /**
   * By `file:contentHash`: each of the plan's units as UNIT_FIELDS numbers (see unitRow): its
   * passage, its sentence and what it was tied to (trail, heading, title and lead sets by their
   * place in `trails`, its lead by its place in `leads`), so that a restart makes the units without
   * working their ties out again.
   */
  units: Map<string, Uint32Array>;
  /** The units' leads, each once. */
  leads?: string[];
  /** The term frequencies of the plans whose units these are (see termCounts), for a restart that finds no plan changed. */
  termCounts?: TermCounts;
  /** By `file:contentHash`: the names of the plan's place, for the place directory. */
  places?: Map<string, StoredPlaceAlias[]>;
  /** The MiniSearch index: flat (see SearchSnapshot), or as MiniSearch serialises itself when that cannot be. */
  search: SearchSnapshot | AsPlainObject;
}

const planVersion = (doc: PlanDocument) => `${doc.file}:${doc.contentHash}`;

/** The reusable part of an index, for the next run (see PreparedSentences). */
export function preparedSentences(index: KnowledgeIndex): PreparedSentences {
  return runAtOnce(prepareSentences(index));
}

/**
 * The same in steps, for the bot to run between answers (see steps.ts): the index must not change
 * meanwhile, and its search is read-only while its snapshot is taken (see snapshotSearch).
 */
export function* prepareSentences(index: KnowledgeIndex): Steps<PreparedSentences> {
  const entries = index.sentenceById;
  const setsOf = (field: SentenceField) => packSets(entries.length, (id) => entries[id]?.peek(field) ?? NO_TERMS);
  const figures: Figure[] = [];
  const figureEnds = new Uint32Array(entries.length);
  for (let id = 0; id < entries.length; id++) {
    const entry = entries[id];
    if (entry) for (const figure of entry.figures) figures.push(figure);
    figureEnds[id] = figures.length;
    if (id % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  const trails = yield* usedTrails(index);
  const leads = new Map<string, number>();
  const units = new Map<string, Uint32Array>();
  const places = new Map<string, StoredPlaceAlias[]>();
  for (const [doc, list] of index.unitsByDocument) {
    places.set(planVersion(doc), storedPlaceAliases(doc, index.lexicon.places, index.lexicon.formerUnits));
    const rows = unitRows(index, list, trails.places, leads);
    if (rows) units.set(planVersion(doc), rows);
    yield;
  }
  const search = (yield* snapshotSearch(index.search, SEARCH_FIELDS.length)) ?? index.search.toJSON();
  return {
    lexicon: index.lexicon.fingerprint,
    texts: yield* mapInSteps(entries, (entry) => entry?.text ?? null),
    exact: yield* setsOf("exact"),
    folded: yield* setsOf("folded"),
    bigrams: yield* setsOf("bigrams"),
    figures,
    figureEnds,
    units,
    leads: [...leads.keys()],
    termCounts: yield* termCounts(index),
    places,
    trails: trails.column,
    search,
    // Last: the dictionary only grows, and every id above is in it.
    terms: index.terms.allNames(),
  };
}

/** The numbers a unit is stored as: passage, sentence, trail, then heading, title, lead text and lead sets each + 1 (0 for none). */
const UNIT_FIELDS = 7;

/** A plan's units as rows of UNIT_FIELDS numbers; undefined when one of its sets is not among the stored trails. */
function unitRows(index: KnowledgeIndex, list: IndexedUnit[], setPlaces: Map<TextSets, number>, leads: Map<string, number>): Uint32Array | undefined {
  const rows = new Uint32Array(list.length * UNIT_FIELDS);
  const placeOf = (sets: TextSets | undefined) => (sets === undefined ? 0 : (setPlaces.get(sets) ?? -1) + 1);
  for (let i = 0; i < list.length; i++) {
    const unit = list[i]!;
    let lead = 0;
    if (unit.lead !== undefined) {
      lead = leads.get(unit.lead) ?? leads.size;
      if (lead === leads.size) leads.set(unit.lead, lead);
      lead++;
    }
    const row = [unit.passage.index, index.sentences.get(unit.text)!.id, placeOf(unit.trailSets) - 1, placeOf(unit.headingSets), placeOf(unit.titleSets), lead, placeOf(unit.leadSets)];
    if (row[2]! < 0 || row.some((value) => value < 0)) return undefined;
    rows.set(row, i * UNIT_FIELDS);
  }
  return rows;
}

/** The trails and leads of the plans that answer now (the index's map also keeps those of replaced plans). */
function* usedTrails(index: KnowledgeIndex): Steps<{ column: NonNullable<PreparedSentences["trails"]>; places: Map<TextSets, number> }> {
  const used = new Set<string>();
  // A section's texts once per plan and a lead's once in all: the set's order is the one of
  // adding every unit's texts, without working a trail out per unit (a million at 10,000 plans).
  const leadsSeen = new Set<string>();
  for (const [doc, list] of index.unitsByDocument) {
    if (doc.meta.title) used.add(doc.meta.title);
    const sectionsSeen = new Set<number>();
    for (const unit of list) {
      if (!sectionsSeen.has(unit.passage.section)) {
        sectionsSeen.add(unit.passage.section);
        if (unit.section.heading) used.add(unit.section.heading);
        used.add(trailText(doc, unit.passage.section));
      }
      if (unit.lead && !leadsSeen.has(unit.lead)) {
        leadsSeen.add(unit.lead);
        used.add(unit.lead);
        // The lead's label, when its sets were made from the label (see leadSubject).
        const label = leadLabel(unit.lead);
        if (label) used.add(label);
      }
    }
    yield;
  }
  const texts: string[] = [];
  const exact: TermSet[] = [];
  const folded: TermSet[] = [];
  // Units hold a text's sets: where each is stored, for the units' rows.
  const places = new Map<TextSets, number>();
  let seen = 0;
  for (const text of used) {
    if (++seen % ITEMS_PER_STEP === 0) yield;
    const sets = index.trails.get(text);
    if (!sets) continue;
    places.set(sets, texts.length);
    texts.push(text);
    exact.push(peekSet(sets, "exact"));
    folded.push(peekSet(sets, "folded"));
  }
  const column = { texts, exact: yield* packSets(exact.length, (i) => exact[i]!), folded: yield* packSets(folded.length, (i) => folded[i]!) };
  return { column, places };
}

/** The sentences of an earlier build, with the ids they had (null where a sentence is gone). */
function addPreparedSentences(index: KnowledgeIndex, prepared: PreparedSentences): void {
  const { texts, figures, figureEnds } = prepared;
  const stored: StoredSentenceSets = { exact: new StoredSets(prepared.exact), folded: new StoredSets(prepared.folded), bigrams: new StoredSets(prepared.bigrams) };
  const rows = texts.length;
  if (stored.exact.length !== rows || stored.folded.length !== rows || stored.bigrams.length !== rows || figureEnds.length !== rows || index.sentenceById.length !== 0) {
    throw new Error("damaged prepared sentences");
  }
  let start = 0;
  for (let row = 0; row < rows; row++) {
    const text = texts[row];
    const end = figureEnds[row]!;
    if (text === null || text === undefined) index.sentenceById.push(undefined);
    // Sentences without figures share one empty list (figures are never changed once extracted).
    else addEntry(index, SentenceEntry.stored(row, text, stored, row, end > start ? figures.slice(start, end) : NO_FIGURES));
    start = end;
  }
}

/** The stored trails in the index's map, and in the order they were stored (which units' rows refer to). */
function addPreparedTrails(index: KnowledgeIndex, trails: NonNullable<PreparedSentences["trails"]>): TextSets[] {
  const stored = { exact: new StoredSets(trails.exact), folded: new StoredSets(trails.folded) };
  if (stored.exact.length !== trails.texts.length || stored.folded.length !== trails.texts.length) throw new Error("damaged trails");
  return trails.texts.map((text, row) => {
    const sets = new StoredTextSets(stored, row);
    index.trails.set(text, sets);
    return sets;
  });
}

function addEntry(index: KnowledgeIndex, entry: SentenceEntry): SentenceEntry {
  index.sentenceById.push(entry);
  index.sentences.added(entry);
  return entry;
}

/** The term sets of new sentences, made by one SentenceTerms per build or update (its tokens are let go after). */
const sentenceTerms = new WeakMap<KnowledgeIndex, SentenceTerms>();

function keyerOf(index: KnowledgeIndex): SentenceTerms {
  let keyer = sentenceTerms.get(index);
  if (!keyer) sentenceTerms.set(index, (keyer = new SentenceTerms(index.terms, index.lexicon)));
  return keyer;
}

function addKeyedSentence(index: KnowledgeIndex, text: string): SentenceEntry {
  const sets = keyerOf(index).setsOf(text);
  // Figures are extracted once here rather than on first use: lazily cached results kept every
  // answer's garbage collection busy promoting them.
  return addEntry(index, SentenceEntry.keyed(index.sentenceById.length, text, sets, extractFigures(text, index.lexicon.units)));
}

function dropSentence(index: KnowledgeIndex, entry: SentenceEntry): void {
  index.search.discard(entry.id);
  index.sentences.removed(entry);
  index.sentenceById[entry.id] = undefined;
}

function sentenceEntry(index: KnowledgeIndex, text: string, fresh: SentenceEntry[]): SentenceEntry {
  let entry = index.sentences.get(text);
  if (!entry) {
    entry = addKeyedSentence(index, text);
    fresh.push(entry);
  }
  return entry;
}

/** What a restart reuses to make units: the stored trails in their stored order, and the leads. */
interface StoredTies {
  sets: TextSets[];
  leads: readonly string[];
}

/**
 * A plan's units as an earlier build made them, when it knew this version of the plan: added to
 * the index and true, or false (nothing added) when a row does not fit the plan or the stored sets.
 */
function addStoredUnits(index: KnowledgeIndex, doc: PlanDocument, rows: Uint32Array, ties: StoredTies): boolean {
  if (rows.length % UNIT_FIELDS !== 0) return false;
  const optional = <T>(list: readonly T[], place: number): T | null | undefined => (place === 0 ? undefined : (list[place - 1] ?? null));
  const units: IndexedUnit[] = [];
  const entries: SentenceEntry[] = [];
  for (let i = 0; i < rows.length; i += UNIT_FIELDS) {
    const passage = doc.passages[rows[i]!];
    const entry = index.sentenceById[rows[i + 1]!];
    const trail = ties.sets[rows[i + 2]!];
    const heading = optional(ties.sets, rows[i + 3]!);
    const title = optional(ties.sets, rows[i + 4]!);
    const lead = optional(ties.leads, rows[i + 5]!);
    const leadSets = optional(ties.sets, rows[i + 6]!);
    if (!passage || !entry || !trail || heading === null || title === null || lead === null || leadSets === null) return false;
    units.push(indexedUnit(index.units.length + units.length, doc, passage, entry, trail, heading, title, lead, leadSets));
    entries.push(entry);
  }
  for (let i = 0; i < units.length; i++) {
    index.units.push(units[i]!);
    entries[i]!.units.push(units[i]!);
  }
  index.stats.units += units.length;
  index.unitsByDocument.set(doc, units);
  return true;
}

/**
 * The next clause of the same sentence: in the same passage, or in the paragraph a hard-wrapped dump
 * began after a clause ending in ";" ("Thay thế Quyết định số 3089 …;" / "Quyết định số 1397 …;").
 */
const RUN_ON_KINDS = new Set<Passage["kind"]>(["paragraph", "preamble", "item"]);

/** "Căn cứ …;" / "Căn cứ …;": parallel lines that each open alike stand on their own. */
function sameOpeningWord(a: string, b: string): boolean {
  const first = (text: string) => /\p{L}+/u.exec(text)?.[0]?.toLowerCase();
  return first(a) === first(b);
}

function continuesClauses(before: Passage, passage: Passage): boolean {
  return (RUN_ON_KINDS.has(before.kind) && RUN_ON_KINDS.has(passage.kind) && passage.kind !== "item" && before.section === passage.section && passage.lead === undefined);
}

/**
 * Cuts a plan into indexed sentences and counts their terms. Sentences not seen before are added
 * to `fresh`; the caller puts them in MiniSearch once the term statistics are known.
 */
function prepareDocument(index: KnowledgeIndex, doc: PlanDocument, fresh: SentenceEntry[], countTerms: boolean): void {
  const { lexicon, stats } = index;
  const trails = new Map<number, { exact: TermSet; folded: TermSet }>();
  const units: IndexedUnit[] = [];
  const sentences = documentUnits(doc).map(({ passage, text }) => ({ passage, entry: sentenceEntry(index, text, fresh) }));
  const title = doc.meta.title ? sharedSets(index, doc.meta.title) : undefined;
  let opening: { passage: Passage; text: string } | undefined;
  let previous: { passage: Passage; text: string } | undefined;
  for (const { passage, entry } of sentences) {
    // A clause of a list ("…, năm 2026 đề ra 23 chỉ tiêu; …; thu nhập … đạt 80 triệu đồng;") is read
    // with the clause that opens its sentence, and an item with the sentence it is an item of.
    const opens =
      !previous ||
      (previous.passage === passage
        ? /[.!?…]["”»)]*$/u.test(previous.text)
        : !(/;$/.test(previous.text) && continuesClauses(previous.passage, passage) && !sameOpeningWord(opening!.text, entry.text)));
    if (opens) opening = { passage, text: entry.text };
    const before = previous;
    previous = { passage, text: entry.text };
    const breaksDownPrevious = before !== undefined && before.passage === passage && lexicon.breakdownOpening?.test(entry.text) === true;
    const clauseLead = breaksDownPrevious
      ? before!.text
      : !opens && passage.kind !== "table-row" && /[;:]$/.test(opening!.text)
        ? opening!.text
        : undefined;
    const lead = [passage.lead, clauseLead].filter(Boolean).join(" ") || undefined;
    let trail = trails.get(passage.section);
    if (!trail) {
      const heading = trailText(doc, passage.section);
      trail = index.trails.get(heading);
      if (!trail) {
        trail = keyerOf(index).headingSetsOf(heading);
        index.trails.set(heading, trail);
      }
      trails.set(passage.section, trail);
    }
    const section = doc.sections[passage.section]!;
    // An appendix's title is read like the trail above a section: what every row under it is about.
    const heading = section.heading && !isAppendixSection(section) ? sharedSets(index, section.heading) : undefined;
    // Leads are shared like headings: the items of one list all point at the same sets.
    const leadSets = lead ? sharedSets(index, leadSubject(lead, clauseLead)) : undefined;
    const unit = indexedUnit(index.units.length, doc, passage, entry, trail, heading, title, lead, leadSets);
    index.units.push(unit);
    entry.units.push(unit);
    if (countTerms) countSentence(index, entry, 1);
    stats.units++;
    units.push(unit);
  }
  index.unitsByDocument.set(doc, units);
}

/** A unit of a plan's sentence, with the heading, title and lead it is read with. */
function indexedUnit(
  id: number,
  doc: PlanDocument,
  passage: Passage,
  entry: SentenceEntry,
  trail: TextSets,
  heading: TextSets | undefined,
  title: TextSets | undefined,
  lead: string | undefined,
  leadSets: TextSets | undefined,
): IndexedUnit {
  const unit = new SentenceUnit(id, doc, passage, entry, trail);
  if (heading) unit.headingSets = heading;
  if (title) unit.titleSets = title;
  if (lead && leadSets) {
    unit.lead = lead;
    unit.leadSets = leadSets;
  }
  return unit;
}

/**
 * "Học kỳ II: Bắt đầu ngay sau khi kết thúc học kỳ I;" opening the clause "kết thúc năm học trước
 * ngày 31/5/2025": the clause is about its label, "Học kỳ II", not about what the rest of the opening
 * mentions. A list item keeps the whole sentence it belongs to.
 */
function leadSubject(lead: string, clauseLead: string | undefined): string {
  if (lead !== clauseLead) return lead;
  return leadLabel(lead) ?? lead;
}

function leadLabel(lead: string): string | undefined {
  return /^([^:;,]{3,40}):\s+\S/u.exec(lead)?.[1];
}

/** The term sets of a heading, lead or title, kept once for every unit that shares the text. */
function sharedSets(index: KnowledgeIndex, text: string): { exact: TermSet; folded: TermSet } {
  let sets = index.trails.get(text);
  if (!sets) {
    sets = keyerOf(index).headingSetsOf(text);
    index.trails.set(text, sets);
    const vocabulary = headingVocabularies.get(index);
    if (vocabulary) {
      for (const id of sets.exact) vocabulary.exact.add(index.terms.nameOf(id));
      for (const id of sets.folded) vocabulary.folded.add(index.terms.nameOf(id));
    }
  }
  return sets;
}

function countSentence({ stats, terms }: KnowledgeIndex, entry: SentenceEntry, delta: number) {
  stats.foldedByLength = undefined;
  count(stats.exact, terms, entry.exactSet, delta);
  count(stats.folded, terms, entry.foldedSet, delta);
  count(stats.bigrams, terms, entry.bigramSet, delta);
}

/** Per field, (term id, units) pairs in the order the terms were first met; and the number of units. */
export interface TermCounts {
  units: number;
  exact: Uint32Array;
  folded: Uint32Array;
  bigrams: Uint32Array;
}

/**
 * Document frequencies of every sentence at once (a fresh index), counted by term id in typed
 * arrays, in the order the terms were first met by id, as counting sentence by sentence would
 * insert them in the maps.
 */
function* termCounts({ stats, terms, sentenceById }: KnowledgeIndex): Steps<TermCounts> {
  const counts = new Float64Array(terms.size);
  // The ids in the order first met, each once: at most every id.
  const order = new Uint32Array(terms.size);
  function* countField(field: SentenceField): Steps<Uint32Array> {
    counts.fill(0);
    let met = 0;
    for (let at = 0; at < sentenceById.length; at++) {
      if (at % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const entry = sentenceById[at];
      if (!entry) continue;
      const times = entry.units.length;
      if (times === 0) continue;
      const set = entry.peek(field);
      for (let i = 0; i < set.length; i++) {
        const id = set[i]!;
        if (counts[id] === 0) order[met++] = id;
        counts[id] = counts[id]! + times;
      }
    }
    const pairs = new Uint32Array(met * 2);
    for (let i = 0; i < met; i++) {
      pairs[2 * i] = order[i]!;
      pairs[2 * i + 1] = counts[order[i]!]!;
    }
    return pairs;
  }
  return { units: stats.units, exact: yield* countField("exact"), folded: yield* countField("folded"), bigrams: yield* countField("bigrams") };
}

/** The string-keyed maps of document frequencies from counts by term id; false (nothing set) when the counts do not fit the dictionary. */
function fillStats({ stats, terms }: KnowledgeIndex, counts: TermCounts): boolean {
  const fields = [
    [stats.exact, counts.exact],
    [stats.folded, counts.folded],
    [stats.bigrams, counts.bigrams],
  ] as const;
  for (const [, pairs] of fields) {
    if (pairs.length % 2 !== 0) return false;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i]! >= terms.size) return false;
  }
  stats.foldedByLength = undefined;
  for (const [map, pairs] of fields) {
    for (let i = 0; i < pairs.length; i += 2) {
      const name = terms.nameOf(pairs[i]!);
      map.set(name, (map.get(name) ?? 0) + pairs[i + 1]!);
    }
  }
  return true;
}

/** The MiniSearch document of a sentence: only its informative terms (see retrievalMaxDf). */
function searchDocument(index: KnowledgeIndex, entry: SentenceEntry) {
  const maxDf = retrievalMaxDf(index.stats.units);
  const informative = (set: TermSet, df: Map<string, number>) => index.terms.termsOf(set).filter((key) => (df.get(key) ?? 0) <= maxDf).join(" ");
  return {
    id: entry.id,
    exact: informative(entry.exactSet, index.stats.exact),
    folded: informative(entry.foldedSet, index.stats.folded),
    bigram: informative(entry.bigramSet, index.stats.bigrams),
  };
}

/** A sentence's informative term ids per search field, in the order `searchDocument` gives them. */
function searchRow(index: KnowledgeIndex, entry: SentenceEntry, informative: InformativeTerms): SearchRow {
  return { id: entry.id, fields: [informative.of(entry.exactSet, 0), informative.of(entry.foldedSet, 1), informative.of(entry.bigramSet, 2)] };
}

/** Which term ids are informative in each field (see retrievalMaxDf), looked up once per term. */
class InformativeTerms {
  /** Per field (0: unknown yet, 1: informative, 2: not). */
  private readonly known: Uint8Array[];
  /** Document frequencies per field, in SEARCH_FIELDS' order. */
  private readonly df: Map<string, number>[];
  private readonly maxDf: number;

  constructor(private readonly index: KnowledgeIndex) {
    this.maxDf = retrievalMaxDf(index.stats.units);
    this.known = SEARCH_FIELDS.map(() => new Uint8Array(index.terms.size));
    this.df = [index.stats.exact, index.stats.folded, index.stats.bigrams];
  }

  of(set: TermSet, field: number): number[] {
    const known = this.known[field]!;
    const df = this.df[field]!;
    const ids: number[] = [];
    for (const id of set) {
      if (known[id] === 0) known[id] = (df.get(this.index.terms.nameOf(id)) ?? 0) <= this.maxDf ? 1 : 2;
      if (known[id] === 1) ids.push(id);
    }
    return ids;
  }
}

/**
 * Puts new sentences into MiniSearch: into a new index straight from their term ids (what
 * `addAll` would make, see snapshotOfRows), into one loaded from the cache through `addAll`.
 */
function addToSearch(index: KnowledgeIndex, fresh: SentenceEntry[], searchIsNew: boolean): void {
  if (fresh.length === 0) return;
  if (searchIsNew) {
    const informative = new InformativeTerms(index);
    const rows = fresh.map((entry) => searchRow(index, entry, informative));
    const fieldIds = Object.fromEntries(SEARCH_FIELDS.map((field, i) => [field, i]));
    const snapshot = snapshotOfRows(rows, fieldIds, index.terms.size, (id) => index.terms.nameOf(id));
    if (snapshot) {
      index.search = loadSearchSnapshot(snapshot, SEARCH_OPTIONS, SEARCH_FIELDS.length);
      return;
    }
  }
  index.search.addAll(fresh.map((entry) => searchDocument(index, entry)));
  compactPostings(index.search);
}

function emptyIndex(lexicon: Lexicon, problems: FileProblem[]): KnowledgeIndex {
  const sentenceById: (SentenceEntry | undefined)[] = [];
  return {
    documents: [],
    units: [],
    sentences: new SentenceMap(sentenceById),
    trails: new Map(),
    sentenceById,
    unitsByDocument: new Map(),
    search: createSearch(),
    terms: new TermDictionary(),
    stats: { units: 0, exact: new Map(), folded: new Map(), bigrams: new Map() },
    places: buildPlaceDirectory([]),
    lexicon,
    problems,
    builtAt: new Date(),
  };
}

export function buildIndex(documents: PlanDocument[], lexicon: Lexicon, problems: FileProblem[] = [], prepared?: PreparedSentences): KnowledgeIndex {
  const builder = new IndexBuilder(lexicon, prepared);
  for (const doc of documents) builder.add(doc);
  return builder.finish(documents, problems);
}

/**
 * Builds an index plan by plan: `add` each plan as it is read, then `finish` with every plan, the
 * same as `buildIndex` with them. Start-up keys each plan while the reader thread reads the next.
 */
export class IndexBuilder {
  private readonly index: KnowledgeIndex;
  private readonly reusable: PreparedSentences | undefined;
  private readonly ties: StoredTies;
  // Two passes: sentences are keyed and their terms counted first, so MiniSearch gets only the informative terms.
  private readonly fresh: SentenceEntry[] = [];
  private readonly added: PlanDocument[] = [];
  private stored = 0;
  /** Prepared sentences that do not fit together: everything is keyed and indexed again. */
  private unfit = false;

  constructor(
    readonly lexicon: Lexicon,
    private readonly prepared?: PreparedSentences,
  ) {
    this.index = emptyIndex(lexicon, []);
    this.reusable = prepared?.lexicon === lexicon.fingerprint ? prepared : undefined;
    this.ties = { sets: [], leads: this.reusable?.leads ?? [] };
    if (!this.reusable) return;
    // The sentences keep their ids and terms, so that the saved MiniSearch index can be loaded as it is.
    try {
      this.index.terms = TermDictionary.of(this.reusable.terms);
      if (this.reusable.trails) this.ties.sets = addPreparedTrails(this.index, this.reusable.trails);
      addPreparedSentences(this.index, this.reusable);
    } catch {
      this.unfit = true;
    }
  }

  add(doc: PlanDocument): void {
    if (this.unfit) return;
    this.added.push(doc);
    const rows = this.reusable?.units.get(planVersion(doc));
    if (rows && addStoredUnits(this.index, doc, rows, this.ties)) this.stored++;
    else prepareDocument(this.index, doc, this.fresh, false);
  }

  /** Whether these are the plans added, in the order added. */
  matches(documents: readonly PlanDocument[]): boolean {
    return documents.length === this.added.length && documents.every((doc, i) => doc === this.added[i]);
  }

  /** The index of these plans: those added, in that order, or else they are built again. */
  finish(documents: PlanDocument[], problems: FileProblem[]): KnowledgeIndex {
    if (this.unfit) return buildIndex(documents, this.lexicon, problems);
    if (!this.matches(documents)) return buildIndex(documents, this.lexicon, problems, this.prepared);
    const { index, reusable, stored } = this;
    if (reusable) {
      try {
        index.search = "format" in reusable.search ? loadSearchSnapshot(reusable.search, SEARCH_OPTIONS, SEARCH_FIELDS.length) : MiniSearch.loadJS(reusable.search, SEARCH_OPTIONS);
      } catch {
        // A snapshot this MiniSearch cannot load: everything is keyed and indexed again.
        return buildIndex(documents, this.lexicon, problems);
      }
      for (const entry of index.sentenceById) if (entry && entry.units.length === 0) dropSentence(index, entry);
    }
    // The plans the cache was written with, every one tied as then: their term frequencies as then.
    const samePlans = reusable?.termCounts !== undefined && stored === documents.length && stored === reusable.units.size && reusable.termCounts.units === index.stats.units;
    // Counted once per distinct sentence, times the plans that share it.
    if (!samePlans || !fillStats(index, reusable.termCounts!)) fillStats(index, runAtOnce(termCounts(index)));
    addToSearch(index, this.fresh, reusable === undefined);
    index.documents = [...documents];
    if (reusable?.places) {
      for (const doc of documents) {
        const stored = reusable.places.get(planVersion(doc));
        if (stored) rememberPlaceAliases(doc, stored, index.lexicon.places, index.lexicon.formerUnits);
      }
    }
    index.places = buildPlaceDirectory(index.documents, index.lexicon.places, index.lexicon.formerUnits);
    index.problems = problems;
    index.builtAt = new Date();
    sentenceTerms.delete(index);
    return index;
  }
}

/**
 * Replaces some plans of a live index in one synchronous step, so that no question is answered
 * from a half-updated index; much faster than a rebuild when few plans change.
 */
export function updateIndex(index: KnowledgeIndex, removed: PlanDocument[], added: PlanDocument[], problems: FileProblem[]): void {
  const gone = new Set(removed);
  for (const doc of removed) {
    for (const unit of index.unitsByDocument.get(doc) ?? []) {
      const entry = index.sentences.get(unit.text)!;
      countSentence(index, entry, -1);
      index.stats.units--;
      entry.units = entry.units.filter((u) => u !== unit);
      if (entry.units.length === 0) dropSentence(index, entry);
    }
    index.unitsByDocument.delete(doc);
  }
  const fresh: SentenceEntry[] = [];
  for (const doc of added) prepareDocument(index, doc, fresh, true);
  index.search.addAll(fresh.map((entry) => searchDocument(index, entry)));
  index.documents = [...index.documents.filter((doc) => !gone.has(doc)), ...added];
  index.places = updatePlaceDirectory(index.places, gone, added, index.lexicon.places, index.lexicon.formerUnits);
  index.problems = problems;
  index.builtAt = new Date();
  sentenceTerms.delete(index);
}

/** Sentences that answer now (the units array also keeps those of replaced plans). */
export function passageCount(index: KnowledgeIndex): number {
  let total = 0;
  for (const units of index.unitsByDocument.values()) total += units.length;
  return total;
}

/** The words of the plans' headings and titles, kept up to date as new heading texts come in. */
const headingVocabularies = new WeakMap<KnowledgeIndex, { exact: Set<string>; folded: Set<string> }>();

/**
 * Words that occur in headings or titles only ("4. Đường Lê Duẩn" above the street's lines): they
 * are words of the plans, which passages under those headings match through them. Worked out once
 * per index from its heading sets, then extended by each new heading (a replaced plan's words stay,
 * which only keeps them counted as words of the plans).
 */
export function headingVocabulary(index: KnowledgeIndex): { exact: ReadonlySet<string>; folded: ReadonlySet<string> } {
  let vocabulary = headingVocabularies.get(index);
  if (!vocabulary) {
    vocabulary = { exact: new Set<string>(), folded: new Set<string>() };
    for (const sets of index.trails.values()) {
      for (const id of peekSet(sets, "exact")) vocabulary.exact.add(index.terms.nameOf(id));
      for (const id of peekSet(sets, "folded")) vocabulary.folded.add(index.terms.nameOf(id));
    }
    headingVocabularies.set(index, vocabulary);
  }
  return vocabulary;
}
