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

function count(map: Map<string, number>, keys: Iterable<string>) {
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
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

export function buildIndex(documents: PlanDocument[], lexicon: Lexicon, problems: FileProblem[] = []): KnowledgeIndex {
  const units: IndexedUnit[] = [];
  const unitsByDocument = new Map<PlanDocument, IndexedUnit[]>();
  const stats: TermStats = { units: 0, exact: new Map(), folded: new Map(), bigrams: new Map() };
  const terms = new TermDictionary();
  const search = createSearch();
  const pending: { exact: string[]; folded: string[]; bigrams: string[] }[] = [];

  for (const doc of documents) {
    const trails = new Map<number, { exact: TermSet; folded: TermSet }>();
    const own: IndexedUnit[] = [];
    for (const { passage, text } of documentUnits(doc)) {
      let trail = trails.get(passage.section);
      if (!trail) {
        const keys = textKeys(trailText(doc, passage.section), lexicon);
        trail = { exact: terms.setOf(keys.exact), folded: terms.setOf(keys.folded) };
        trails.set(passage.section, trail);
      }
      const keys = textKeys(text, lexicon);
      const exact = new Set(keys.exact);
      const folded = new Set(keys.folded);
      const bigrams = new Set(keys.bigrams);
      const unit = {
        id: units.length,
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
      Object.defineProperty(unit, "figures", {
        get: () => (figures ??= extractFigures(text, lexicon.units)),
        enumerable: true,
      });
      units.push(unit);
      own.push(unit);
      count(stats.exact, exact);
      count(stats.folded, folded);
      count(stats.bigrams, bigrams);
      pending.push({ exact: [...exact], folded: [...folded], bigrams: [...bigrams] });
    }
    unitsByDocument.set(doc, own);
  }
  stats.units = units.length;
  const maxDf = retrievalMaxDf(units.length);
  const informative = (keys: string[], df: Map<string, number>) => keys.filter((key) => (df.get(key) ?? 0) <= maxDf).join(" ");
  search.addAll(
    pending.map((keys, id) => ({
      id,
      exact: informative(keys.exact, stats.exact),
      folded: informative(keys.folded, stats.folded),
      bigram: informative(keys.bigrams, stats.bigrams),
    })),
  );
  return {
    documents,
    units,
    unitsByDocument,
    search,
    terms,
    stats,
    places: buildPlaceDirectory(documents),
    lexicon,
    problems,
    builtAt: new Date(),
  };
}
