import MiniSearch from "minisearch";
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
}

export interface KnowledgeIndex {
  documents: PlanDocument[];
  units: IndexedUnit[];
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

export function createSearch(): MiniSearch {
  const split = (text: string) => text.split(" ");
  return new MiniSearch({
    fields: [...SEARCH_FIELDS],
    idField: "id",
    tokenize: split,
    processTerm: (term) => term || null,
    searchOptions: { tokenize: split, processTerm: (term) => term || null },
  });
}

interface PreparedUnit {
  unit: IndexedUnit;
  exact: string[];
  folded: string[];
  bigrams: string[];
}

/** Cuts a plan into indexed sentences and counts their terms; MiniSearch is filled by the caller. */
function prepareDocument(index: KnowledgeIndex, doc: PlanDocument): PreparedUnit[] {
  const { lexicon, terms, stats } = index;
  const trails = new Map<number, { exact: TermSet; folded: TermSet }>();
  const prepared: PreparedUnit[] = [];
  for (const { passage, text } of documentUnits(doc)) {
    let trail = trails.get(passage.section);
    if (!trail) {
      const keys = textKeys(trailText(doc, passage.section), lexicon);
      trail = { exact: terms.setOf(keys.exact), folded: terms.setOf(keys.folded) };
      trails.set(passage.section, trail);
    }
    const keys = textKeys(text, lexicon);
    const exact = [...new Set(keys.exact)];
    const folded = [...new Set(keys.folded)];
    const bigrams = [...new Set(keys.bigrams)];
    const unit = {
      id: index.units.length,
      doc,
      passage,
      section: doc.sections[passage.section]!,
      text,
      exact: terms.setOf(exact),
      folded: terms.setOf(folded),
      bigrams: terms.setOf(bigrams),
      trailExact: trail.exact,
      trailFolded: trail.folded,
    } as IndexedUnit;
    // Figures are extracted when first needed: only candidates and the console ever look at them.
    let figures: Figure[] | undefined;
    Object.defineProperty(unit, "figures", { get: () => (figures ??= extractFigures(text, lexicon.units)), enumerable: true });
    index.units.push(unit);
    count(stats.exact, exact, 1);
    count(stats.folded, folded, 1);
    count(stats.bigrams, bigrams, 1);
    stats.units++;
    prepared.push({ unit, exact, folded, bigrams });
  }
  index.unitsByDocument.set(doc, prepared.map((p) => p.unit));
  return prepared;
}

/** The MiniSearch document of a sentence: only its informative terms (see retrievalMaxDf). */
function searchDocument(index: KnowledgeIndex, prepared: PreparedUnit) {
  const maxDf = retrievalMaxDf(index.stats.units);
  const informative = (keys: string[], df: Map<string, number>) => keys.filter((key) => (df.get(key) ?? 0) <= maxDf).join(" ");
  return {
    id: prepared.unit.id,
    exact: informative(prepared.exact, index.stats.exact),
    folded: informative(prepared.folded, index.stats.folded),
    bigram: informative(prepared.bigrams, index.stats.bigrams),
  };
}

function emptyIndex(lexicon: Lexicon, problems: FileProblem[]): KnowledgeIndex {
  return {
    documents: [],
    units: [],
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

export function buildIndex(documents: PlanDocument[], lexicon: Lexicon, problems: FileProblem[] = []): KnowledgeIndex {
  const index = emptyIndex(lexicon, problems);
  // Two passes: term statistics first, so MiniSearch gets only the informative terms.
  const prepared = documents.flatMap((doc) => prepareDocument(index, doc));
  index.search.addAll(prepared.map((p) => searchDocument(index, p)));
  index.documents = [...documents];
  index.places = buildPlaceDirectory(index.documents);
  return index;
}

/**
 * Replaces some plans of a live index in one synchronous step, so that no question is answered
 * from a half-updated index; much faster than a rebuild when few plans change.
 */
export function updateIndex(index: KnowledgeIndex, removed: PlanDocument[], added: PlanDocument[], problems: FileProblem[]): void {
  for (const doc of removed) {
    for (const unit of index.unitsByDocument.get(doc) ?? []) {
      index.search.discard(unit.id);
      count(index.stats.exact, index.terms.termsOf(unit.exact), -1);
      count(index.stats.folded, index.terms.termsOf(unit.folded), -1);
      count(index.stats.bigrams, index.terms.termsOf(unit.bigrams), -1);
      index.stats.units--;
    }
    index.unitsByDocument.delete(doc);
  }
  const gone = new Set(removed);
  for (const doc of added) index.search.addAll(prepareDocument(index, doc).map((p) => searchDocument(index, p)));
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
