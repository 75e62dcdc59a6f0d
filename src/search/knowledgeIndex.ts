import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { extractFigures, type Figure } from "../ingest/figures.js";
import type { FileProblem } from "../ingest/readPlanFile.js";
import type { Passage, PlanDocument, Unit } from "../ingest/types.js";
import { isAppendixSection } from "../ingest/parsePlan.js";
import { documentUnits } from "../ingest/units.js";
import type { Lexicon } from "../lexicon/lexicon.js";
import { buildPlaceDirectory, type PlaceDirectory, rememberPlaceAliases, type StoredPlaceAlias, storedPlaceAliases } from "./places.js";
import { compactPostings, loadSearchSnapshot, type SearchSnapshot, snapshotSearch } from "./searchSnapshot.js";
import { packSets, type TermColumn, TermDictionary, type TermSet, unpackSets } from "./termSet.js";
import { textKeys } from "./textKeys.js";

export interface IndexedUnit extends Unit {
  exact: TermSet;
  folded: TermSet;
  bigrams: TermSet;
  trailExact: TermSet;
  trailFolded: TermSet;
  /** The keys of the unit's own section heading ("6. Sở Tài chính" above that department's tasks). */
  headingExact?: TermSet;
  headingFolded?: TermSet;
  /** The keys of the plan's title: what every passage of the plan is about. */
  titleExact?: TermSet;
  titleFolded?: TermSet;
  /** The keys of the unit's lead (see Unit.lead), when it has one. */
  leadExact?: TermSet;
  leadFolded?: TermSet;
  figures: Figure[];
}

/** Document frequencies: in how many units each key occurs. */
export interface TermStats {
  units: number;
  exact: Map<string, number>;
  folded: Map<string, number>;
  bigrams: Map<string, number>;
  /** The folded vocabulary by word length, for typo correction; dropped whenever the counts change. */
  foldedByLength?: Map<number, string[]>;
}

/**
 * One distinct sentence text and every unit that reads exactly so. Commune plans are written from
 * their district's template, so the same sentence recurs across plans: its keys are computed and
 * indexed in MiniSearch once, and each plan's unit points at the shared entry.
 */
export interface SentenceEntry {
  /** The MiniSearch document id. */
  id: number;
  text: string;
  exactSet: TermSet;
  foldedSet: TermSet;
  bigramSet: TermSet;
  units: IndexedUnit[];
  figures: Figure[];
}

export interface KnowledgeIndex {
  documents: PlanDocument[];
  units: IndexedUnit[];
  sentences: Map<string, SentenceEntry>;
  /** Term sets of section trails, by trail text (shared by every plan with the same headings). */
  trails: Map<string, { exact: TermSet; folded: TermSet }>;
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

/** What a sentence yields under a given lexicon: kept between runs with the parsed plans. */
export interface SentenceKeys {
  exact: string[];
  folded: string[];
  bigrams: string[];
  figures: Figure[];
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
  /** By `file:contentHash`: each of the plan's sentences as a pair (passage index, sentence id), flattened. */
  units: Map<string, Uint32Array>;
  /** By `file:contentHash`: the names of the plan's place, for the place directory. */
  places?: Map<string, StoredPlaceAlias[]>;
  /** The MiniSearch index: flat (see SearchSnapshot), or as MiniSearch serialises itself when that cannot be. */
  search: SearchSnapshot | AsPlainObject;
}

const planVersion = (doc: PlanDocument) => `${doc.file}:${doc.contentHash}`;

function keysOfSentence(text: string, lexicon: Lexicon): SentenceKeys {
  const keys = textKeys(text, lexicon);
  return {
    exact: [...new Set(keys.exact)],
    folded: [...new Set(keys.folded)],
    bigrams: [...new Set(keys.bigrams)],
    // Extracted once here rather than on first use: lazily cached results kept every answer's
    // garbage collection busy promoting them.
    figures: extractFigures(text, lexicon.units),
  };
}

/** The reusable part of an index, for the next run (see PreparedSentences). */
export function preparedSentences(index: KnowledgeIndex): PreparedSentences {
  const entries = index.sentenceById;
  const setsOf = (field: "exactSet" | "foldedSet" | "bigramSet") => packSets(entries.map((entry) => entry?.[field] ?? NO_TERMS));
  const figures: Figure[] = [];
  const figureEnds = new Uint32Array(entries.length);
  entries.forEach((entry, id) => {
    if (entry) figures.push(...entry.figures);
    figureEnds[id] = figures.length;
  });
  const units = new Map<string, Uint32Array>();
  const places = new Map<string, StoredPlaceAlias[]>();
  for (const [doc, list] of index.unitsByDocument) {
    places.set(planVersion(doc), storedPlaceAliases(doc, index.lexicon.places, index.lexicon.formerUnits));
    const pairs = new Uint32Array(list.length * 2);
    list.forEach((unit, i) => {
      pairs[2 * i] = unit.passage.index;
      pairs[2 * i + 1] = index.sentences.get(unit.text)!.id;
    });
    units.set(planVersion(doc), pairs);
  }
  const search = snapshotSearch(index.search, SEARCH_FIELDS.length) ?? index.search.toJSON();
  return {
    lexicon: index.lexicon.fingerprint,
    terms: index.terms.allNames(),
    texts: entries.map((entry) => entry?.text ?? null),
    exact: setsOf("exactSet"),
    folded: setsOf("foldedSet"),
    bigrams: setsOf("bigramSet"),
    figures,
    figureEnds,
    units,
    places,
    trails: usedTrails(index),
    search,
  };
}

/** The trails and leads of the plans that answer now (the index's map also keeps those of replaced plans). */
function usedTrails(index: KnowledgeIndex): NonNullable<PreparedSentences["trails"]> {
  const used = new Set<string>();
  for (const [doc, list] of index.unitsByDocument) {
    if (doc.meta.title) used.add(doc.meta.title);
    for (const unit of list) {
      if (unit.section.heading) used.add(unit.section.heading);
      used.add(trailText(doc, unit.passage.section));
      if (unit.lead) {
        used.add(unit.lead);
        // The lead's label, when its sets were made from the label (see leadSubject).
        const label = leadLabel(unit.lead);
        if (label) used.add(label);
      }
    }
  }
  const texts: string[] = [];
  const exact: TermSet[] = [];
  const folded: TermSet[] = [];
  for (const text of used) {
    const sets = index.trails.get(text);
    if (!sets) continue;
    texts.push(text);
    exact.push(sets.exact);
    folded.push(sets.folded);
  }
  return { texts, exact: packSets(exact), folded: packSets(folded) };
}

/** The sentences of an earlier build, with the ids they had (null where a sentence is gone). */
function addPreparedSentences(index: KnowledgeIndex, prepared: PreparedSentences): void {
  const { texts, figures, figureEnds } = prepared;
  const [exact, folded, bigrams] = [unpackSets(prepared.exact), unpackSets(prepared.folded), unpackSets(prepared.bigrams)];
  if (exact.length !== texts.length || folded.length !== texts.length || bigrams.length !== texts.length || figureEnds.length !== texts.length) {
    throw new Error("damaged prepared sentences");
  }
  let start = 0;
  for (let id = 0; id < texts.length; id++) {
    const text = texts[id];
    const end = figureEnds[id]!;
    if (text === null || text === undefined) index.sentenceById.push(undefined);
    // Sentences without figures share one empty list (figures are never changed once extracted).
    else addSentence(index, text, exact[id]!, folded[id]!, bigrams[id]!, end > start ? figures.slice(start, end) : NO_FIGURES);
    start = end;
  }
}

function addPreparedTrails(index: KnowledgeIndex, trails: NonNullable<PreparedSentences["trails"]>): void {
  const exact = unpackSets(trails.exact);
  const folded = unpackSets(trails.folded);
  trails.texts.forEach((text, i) => index.trails.set(text, { exact: exact[i]!, folded: folded[i]! }));
}

function addSentence(index: KnowledgeIndex, text: string, exactSet: TermSet, foldedSet: TermSet, bigramSet: TermSet, figures: Figure[]): SentenceEntry {
  const entry: SentenceEntry = { id: index.sentenceById.length, text, exactSet, foldedSet, bigramSet, figures, units: [] };
  index.sentences.set(text, entry);
  index.sentenceById.push(entry);
  return entry;
}

function addKeyedSentence(index: KnowledgeIndex, text: string, { exact, folded, bigrams, figures }: SentenceKeys): SentenceEntry {
  const { terms } = index;
  return addSentence(index, text, terms.setOfDistinct(exact), terms.setOfDistinct(folded), terms.setOfDistinct(bigrams), figures);
}

function dropSentence(index: KnowledgeIndex, entry: SentenceEntry): void {
  index.search.discard(entry.id);
  index.sentences.delete(entry.text);
  index.sentenceById[entry.id] = undefined;
}

function sentenceEntry(index: KnowledgeIndex, text: string, fresh: SentenceEntry[]): SentenceEntry {
  let entry = index.sentences.get(text);
  if (!entry) {
    entry = addKeyedSentence(index, text, keysOfSentence(text, index.lexicon));
    fresh.push(entry);
  }
  return entry;
}

/** A plan's sentences as an earlier build found them, when it knew this version of the plan. */
function preparedUnits(index: KnowledgeIndex, doc: PlanDocument, pairs: Uint32Array | undefined): { passage: Passage; entry: SentenceEntry }[] | undefined {
  if (!pairs) return undefined;
  const units: { passage: Passage; entry: SentenceEntry }[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const passage = doc.passages[pairs[i]!];
    const entry = index.sentenceById[pairs[i + 1]!];
    if (!passage || !entry) return undefined;
    units.push({ passage, entry });
  }
  return units;
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
function prepareDocument(index: KnowledgeIndex, doc: PlanDocument, fresh: SentenceEntry[], countTerms: boolean, prepared?: PreparedSentences): void {
  const { lexicon, terms, stats } = index;
  const trails = new Map<number, { exact: TermSet; folded: TermSet }>();
  const units: IndexedUnit[] = [];
  const sentences =
    preparedUnits(index, doc, prepared?.units.get(planVersion(doc))) ??
    documentUnits(doc).map(({ passage, text }) => ({ passage, entry: sentenceEntry(index, text, fresh) }));
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
        const keys = textKeys(heading, lexicon);
        trail = { exact: terms.setOf(keys.exact), folded: terms.setOf(keys.folded) };
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

/**
 * A unit with only the optional keys it has, in a fixed order, set one by one: spreading optional
 * parts into a literal made a temporary object per part and unit, the largest cost of a restart's
 * tying of plans to their sentences.
 */
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
  const unit: IndexedUnit = {
    id,
    doc,
    passage,
    section: doc.sections[passage.section]!,
    text: entry.text,
    exact: entry.exactSet,
    folded: entry.foldedSet,
    bigrams: entry.bigramSet,
    trailExact: trail.exact,
    trailFolded: trail.folded,
  } as IndexedUnit;
  if (heading) {
    unit.headingExact = heading.exact;
    unit.headingFolded = heading.folded;
  }
  if (title) {
    unit.titleExact = title.exact;
    unit.titleFolded = title.folded;
  }
  unit.figures = entry.figures;
  if (lead && leadSets) {
    unit.lead = lead;
    unit.leadExact = leadSets.exact;
    unit.leadFolded = leadSets.folded;
  }
  return unit;
}

interface TextSets {
  exact: TermSet;
  folded: TermSet;
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
    const keys = textKeys(text, index.lexicon);
    sets = { exact: index.terms.setOf(keys.exact), folded: index.terms.setOf(keys.folded) };
    index.trails.set(text, sets);
    const vocabulary = headingVocabularies.get(index);
    if (vocabulary) {
      for (const key of keys.exact) vocabulary.exact.add(key);
      for (const key of keys.folded) vocabulary.folded.add(key);
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

/**
 * Document frequencies of every sentence at once (a fresh index), counted by term id in typed
 * arrays and turned into the string-keyed maps once per term, in the order the terms were first
 * met, as counting sentence by sentence would insert them.
 */
function countAllSentences({ stats, terms, sentenceById }: KnowledgeIndex): void {
  stats.foldedByLength = undefined;
  const fields = [
    [stats.exact, "exactSet"],
    [stats.folded, "foldedSet"],
    [stats.bigrams, "bigramSet"],
  ] as const;
  const counts = new Float64Array(terms.size);
  for (const [map, field] of fields) {
    counts.fill(0);
    const order: number[] = [];
    for (const entry of sentenceById) {
      if (!entry) continue;
      const times = entry.units.length;
      if (times === 0) continue;
      const set = entry[field];
      for (let i = 0; i < set.length; i++) {
        const id = set[i]!;
        if (counts[id] === 0) order.push(id);
        counts[id] = counts[id]! + times;
      }
    }
    for (const id of order) {
      const name = terms.nameOf(id);
      map.set(name, (map.get(name) ?? 0) + counts[id]!);
    }
  }
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

function emptyIndex(lexicon: Lexicon, problems: FileProblem[]): KnowledgeIndex {
  return {
    documents: [],
    units: [],
    sentences: new Map(),
    trails: new Map(),
    sentenceById: [],
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
  const index = emptyIndex(lexicon, problems);
  const reusable = prepared?.lexicon === lexicon.fingerprint ? prepared : undefined;
  if (reusable) {
    // The sentences keep their ids and terms, so that the saved MiniSearch index can be loaded as it is.
    try {
      index.terms = TermDictionary.of(reusable.terms);
      if (reusable.trails) addPreparedTrails(index, reusable.trails);
      addPreparedSentences(index, reusable);
    } catch {
      // Prepared sentences that do not fit together: everything is keyed and indexed again.
      return buildIndex(documents, lexicon, problems);
    }
  }
  // Two passes: term statistics first, so MiniSearch gets only the informative terms.
  const fresh: SentenceEntry[] = [];
  for (const doc of documents) prepareDocument(index, doc, fresh, false, reusable);
  if (reusable) {
    try {
      index.search = "format" in reusable.search ? loadSearchSnapshot(reusable.search, SEARCH_OPTIONS, SEARCH_FIELDS.length) : MiniSearch.loadJS(reusable.search, SEARCH_OPTIONS);
    } catch {
      // A snapshot this MiniSearch cannot load: everything is keyed and indexed again.
      return buildIndex(documents, lexicon, problems);
    }
    for (const entry of index.sentenceById) if (entry && entry.units.length === 0) dropSentence(index, entry);
  }
  // Counted once per distinct sentence, times the plans that share it.
  countAllSentences(index);
  index.search.addAll(fresh.map((entry) => searchDocument(index, entry)));
  if (fresh.length > 0) compactPostings(index.search);
  index.documents = [...documents];
  if (reusable?.places) {
    for (const doc of documents) {
      const stored = reusable.places.get(planVersion(doc));
      if (stored) rememberPlaceAliases(doc, stored, index.lexicon.places, index.lexicon.formerUnits);
    }
  }
  index.places = buildPlaceDirectory(index.documents, index.lexicon.places, index.lexicon.formerUnits);
  return index;
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
  index.places = buildPlaceDirectory(index.documents, index.lexicon.places, index.lexicon.formerUnits);
  index.problems = problems;
  index.builtAt = new Date();
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
      for (const id of sets.exact) vocabulary.exact.add(index.terms.nameOf(id));
      for (const id of sets.folded) vocabulary.folded.add(index.terms.nameOf(id));
    }
    headingVocabularies.set(index, vocabulary);
  }
  return vocabulary;
}
