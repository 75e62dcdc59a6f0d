import MiniSearch from "minisearch";
import { extractFigures, type Figure } from "../ingest/figures.js";
import type { FileProblem } from "../ingest/readPlanFile.js";
import type { PlanDocument, Unit } from "../ingest/types.js";
import { documentUnits } from "../ingest/units.js";
import type { Lexicon } from "../lexicon/lexicon.js";
import { buildPlaceDirectory, type PlaceDirectory } from "./places.js";
import { textKeys } from "./textKeys.js";

export interface IndexedUnit extends Unit {
  exact: Set<string>;
  folded: Set<string>;
  bigrams: Set<string>;
  trailExact: Set<string>;
  trailFolded: Set<string>;
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
  search: MiniSearch;
  stats: TermStats;
  places: PlaceDirectory;
  lexicon: Lexicon;
  problems: FileProblem[];
  builtAt: Date;
}

export const SEARCH_FIELDS = ["exact", "folded", "bigram", "trail"] as const;

function count(map: Map<string, number>, keys: Iterable<string>) {
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
}

function trailText(doc: PlanDocument, sectionIndex: number): string {
  return doc.sections[sectionIndex]!.trail.map((heading) => heading.replace(/^\S+\.\s|^\(\S+\)\s/, "")).join(" . ");
}

export function createSearch(): MiniSearch {
  return new MiniSearch({
    fields: [...SEARCH_FIELDS],
    idField: "id",
    tokenize: (text) => text.split(" "),
    processTerm: (term) => term || null,
    searchOptions: { tokenize: (text) => text.split(" "), processTerm: (term) => term || null },
  });
}

export function buildIndex(documents: PlanDocument[], lexicon: Lexicon, problems: FileProblem[] = []): KnowledgeIndex {
  const units: IndexedUnit[] = [];
  const stats: TermStats = { units: 0, exact: new Map(), folded: new Map(), bigrams: new Map() };
  const search = createSearch();
  const trailCache = new Map<string, { exact: Set<string>; folded: Set<string>; text: string }>();

  for (const doc of documents) {
    for (const { passage, text } of documentUnits(doc)) {
      const cacheKey = `${doc.file}#${passage.section}`;
      let trail = trailCache.get(cacheKey);
      if (!trail) {
        const t = trailText(doc, passage.section);
        const keys = textKeys(t, lexicon);
        trail = { exact: new Set(keys.exact), folded: new Set(keys.folded), text: t };
        trailCache.set(cacheKey, trail);
      }
      const keys = textKeys(text, lexicon);
      const unit: IndexedUnit = {
        id: units.length,
        doc,
        passage,
        section: doc.sections[passage.section]!,
        text,
        figures: extractFigures(text, lexicon.units),
        exact: new Set(keys.exact),
        folded: new Set(keys.folded),
        bigrams: new Set(keys.bigrams),
        trailExact: trail.exact,
        trailFolded: trail.folded,
      };
      units.push(unit);
      count(stats.exact, unit.exact);
      count(stats.folded, unit.folded);
      count(stats.bigrams, unit.bigrams);
      search.add({
        id: unit.id,
        exact: keys.exact.join(" "),
        folded: keys.folded.join(" "),
        bigram: keys.bigrams.join(" "),
        trail: [...trail.folded].join(" "),
      });
    }
  }
  stats.units = units.length;
  return { documents, units, search, stats, places: buildPlaceDirectory(documents), lexicon, problems, builtAt: new Date() };
}
