import type { PlanDocument } from "../ingest/types.js";
import { tokenize } from "../text/tokenize.js";
import type { KnowledgeIndex } from "./knowledgeIndex.js";
import { findPlaces } from "./places.js";

/** The places a bot serves, by name as an official writes them: "xã Lai Hưng", "tỉnh Tây Ninh". */
export interface HomePlaces {
  /** The commune or ward whose plans answer a question that names no place. */
  commune?: string;
  /** The district's or province's plans that apply there too. */
  plans?: readonly string[];
}

export interface ResolvedHome {
  /** The plans of the home places, the commune's first. */
  documents: PlanDocument[];
  /** The names that no loaded plan is about (the console shows them). */
  missing: string[];
}

const resolved = new WeakMap<KnowledgeIndex, Map<string, ResolvedHome>>();

/** The plans whose own place (not a parent) is the whole of `name`. */
function plansOfPlace(name: string, index: KnowledgeIndex): PlanDocument[] {
  const tokens = tokenize(name);
  const matches = findPlaces(tokens, index.places).filter((m) => m.alias.level === "place" && m.start === 0 && m.end === tokens.length);
  return [...new Set(matches.map((m) => m.alias.doc))];
}

/**
 * The plans a bot's home places name in this index, worked out once per index (the index is
 * replaced on every change of the plans, so a plan added for the commune counts at once).
 */
export function resolveHome(home: HomePlaces, index: KnowledgeIndex): ResolvedHome {
  const names = [...(home.commune ? [home.commune] : []), ...(home.plans ?? [])];
  const key = names.join("\u0000");
  let ofIndex = resolved.get(index);
  if (!ofIndex) {
    ofIndex = new Map();
    resolved.set(index, ofIndex);
  }
  let result = ofIndex.get(key);
  if (!result) {
    const documents: PlanDocument[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const found = plansOfPlace(name, index);
      if (!found.length) missing.push(name);
      for (const doc of found) if (!documents.includes(doc)) documents.push(doc);
    }
    result = { documents, missing };
    ofIndex.set(key, result);
  }
  return result;
}
