import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { extractFigures, type Figure } from "../ingest/figures.js";
import type { FileProblem } from "../ingest/readPlanFile.js";
import type { PlanDocument, Unit } from "../ingest/types.js";
import { documentUnits } from "../ingest/units.js";
import type { Lexicon } from "../lexicon/lexicon.js";
import { buildPlaceDirectory, type PlaceDirectory } from "./places.js";
import { TermDictionary, type TermSet } from "./termSet.js";
import { textKeys } from "./textKeys.js";

export interface IndexedUnit extends Unit {
  exact: TermSet;
  folded: TermSet;
  bigrams: TermSet;
  trailExact: TermSet;
  trailFolded: TermSet;
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
  exact: string[];
  folded: string[];
  bigrams: string[];
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

/**
 * Terms in more sentences than this are never used to retrieve (they would make MiniSearch score
 * nearly everything); they are left out of MiniSearch and still count when candidates are ranked.
 */
export function retrievalMaxDf(units: number): number {
  return Math.max(200, Math.floor(units * 0.02));
}

function count(map: Map<string, number>, keys: Iterable<string>, delta: number) {
  for (const key of keys) {
    const value = (map.get(key) ?? 0) + delta;
    if (value > 0) map.set(key, value);
    else map.delete(key);
  }
}

function trailText(doc: PlanDocument, sectionIndex: number): string {
  return doc.sections[sectionIndex]!.trail.map((heading) => heading.replace(/^\S+\.\s|^\(\S+\)\s/, "")).join(" . ");
}

const splitKeys = (text: string) => text.split(" ");
const SEARCH_OPTIONS: Options = {
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
 * Work of an earlier build that a new one may reuse: the keys of each distinct sentence (valid
 * for the lexicon they were made with) and each plan version's sentences.
 */
export interface PreparedSentences {
  lexicon: string;
  sentences: Map<string, SentenceKeys>;
  /** By `file:contentHash`: the plan's sentences as [passage index, text]. */
  units: Map<string, [number, string][]>;
  /**
   * The MiniSearch index and the sentence behind each of its ids: loaded as it is when a build
   * gives every sentence the same id (the same plans in the same order), which spares re-indexing.
   */
  search?: { order: (string | null)[]; index: AsPlainObject };
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
  const sentences = new Map<string, SentenceKeys>();
  for (const [text, { exact, folded, bigrams, figures }] of index.sentences) sentences.set(text, { exact, folded, bigrams, figures });
  const units = new Map<string, [number, string][]>();
  for (const [doc, list] of index.unitsByDocument) units.set(planVersion(doc), list.map((unit) => [unit.passage.index, unit.text]));
  const order = index.sentenceById.map((entry) => entry?.text ?? null);
  return { lexicon: index.lexicon.fingerprint, sentences, units, search: { order, index: index.search.toJSON() } };
}

function addSentence(index: KnowledgeIndex, text: string, keys: SentenceKeys): SentenceEntry {
  const { exact, folded, bigrams, figures } = keys;
  const { terms } = index;
  const entry: SentenceEntry = {
    id: index.sentenceById.length,
    text,
    exact,
    folded,
    bigrams,
    exactSet: terms.setOfDistinct(exact),
    foldedSet: terms.setOfDistinct(folded),
    bigramSet: terms.setOfDistinct(bigrams),
    units: [],
    figures,
  };
  index.sentences.set(text, entry);
  index.sentenceById.push(entry);
  return entry;
}

function dropSentence(index: KnowledgeIndex, entry: SentenceEntry): void {
  index.search.discard(entry.id);
  index.sentences.delete(entry.text);
  index.sentenceById[entry.id] = undefined;
}

function sentenceEntry(index: KnowledgeIndex, text: string, fresh: SentenceEntry[], prepared: PreparedSentences | undefined): SentenceEntry {
  let entry = index.sentences.get(text);
  if (!entry) {
    entry = addSentence(index, text, prepared?.sentences.get(text) ?? keysOfSentence(text, index.lexicon));
    fresh.push(entry);
  }
  return entry;
}

/**
 * Cuts a plan into indexed sentences and counts their terms. Sentences not seen before are added
 * to `fresh`; the caller puts them in MiniSearch once the term statistics are known.
 */
function prepareDocument(index: KnowledgeIndex, doc: PlanDocument, fresh: SentenceEntry[], countTerms: boolean, prepared?: PreparedSentences): void {
  const { lexicon, terms, stats } = index;
  const trails = new Map<number, { exact: TermSet; folded: TermSet }>();
  const units: IndexedUnit[] = [];
  const known = prepared?.units.get(planVersion(doc));
  const sentences = known ? known.map(([passage, text]) => ({ passage: doc.passages[passage]!, text })) : documentUnits(doc);
  for (const { passage, text } of sentences) {
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
    const entry = sentenceEntry(index, text, fresh, prepared);
    const unit = {
      id: index.units.length,
      doc,
      passage,
      section: doc.sections[passage.section]!,
      text,
      exact: entry.exactSet,
      folded: entry.foldedSet,
      bigrams: entry.bigramSet,
      trailExact: trail.exact,
      trailFolded: trail.folded,
      figures: entry.figures,
    };
    index.units.push(unit);
    entry.units.push(unit);
    if (countTerms) countSentence(stats, entry, 1);
    stats.units++;
    units.push(unit);
  }
  index.unitsByDocument.set(doc, units);
}

function countSentence(stats: TermStats, entry: SentenceEntry, delta: number) {
  stats.foldedByLength = undefined;
  count(stats.exact, entry.exact, delta);
  count(stats.folded, entry.folded, delta);
  count(stats.bigrams, entry.bigrams, delta);
}

/** The MiniSearch document of a sentence: only its informative terms (see retrievalMaxDf). */
function searchDocument(index: KnowledgeIndex, entry: SentenceEntry) {
  const maxDf = retrievalMaxDf(index.stats.units);
  const informative = (keys: string[], df: Map<string, number>) => keys.filter((key) => (df.get(key) ?? 0) <= maxDf).join(" ");
  return {
    id: entry.id,
    exact: informative(entry.exact, index.stats.exact),
    folded: informative(entry.folded, index.stats.folded),
    bigram: informative(entry.bigrams, index.stats.bigrams),
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
  const snapshot = reusable?.search?.order.every((text) => text === null || reusable.sentences.has(text)) ? reusable.search : undefined;
  if (snapshot) {
    // The sentences of the snapshot keep their ids, so that its MiniSearch index can be loaded as it is.
    for (const text of snapshot.order) {
      if (text === null) index.sentenceById.push(undefined);
      else addSentence(index, text, reusable!.sentences.get(text)!);
    }
  }
  // Two passes: term statistics first, so MiniSearch gets only the informative terms.
  const fresh: SentenceEntry[] = [];
  for (const doc of documents) prepareDocument(index, doc, fresh, false, reusable);
  if (snapshot) {
    index.search = MiniSearch.loadJS(snapshot.index, SEARCH_OPTIONS);
    for (const entry of index.sentenceById) if (entry && entry.units.length === 0) dropSentence(index, entry);
  }
  // Counted once per distinct sentence, times the plans that share it.
  for (const entry of index.sentenceById) if (entry) countSentence(index.stats, entry, entry.units.length);
  index.search.addAll(fresh.map((entry) => searchDocument(index, entry)));
  index.documents = [...documents];
  index.places = buildPlaceDirectory(index.documents);
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
      countSentence(index.stats, entry, -1);
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
  index.places = buildPlaceDirectory(index.documents);
  index.problems = problems;
  index.builtAt = new Date();
}

/** Sentences that answer now (the units array also keeps those of replaced plans). */
export function passageCount(index: KnowledgeIndex): number {
  let total = 0;
  for (const units of index.unitsByDocument.values()) total += units.length;
  return total;
}
