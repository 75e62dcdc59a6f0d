import type { PlanDocument } from "../ingest/types.js";
import { type Token, tokenize } from "../text/tokenize.js";

/** Folded syllables exactly as questions are folded (i/y rule included: Mỹ = mi). */
function foldedWords(text: string): string[] {
  return tokenize(text).map((token) => token.folded);
}

export interface PlaceAlias {
  /** Folded syllables of the name as a resident may type it. */
  words: string[];
  doc: PlanDocument;
  /** "place": the commune or ward itself; "parent": a district or province it belongs to. */
  level: "place" | "parent";
}

export interface PlaceDirectory {
  /** Longest first, so "xã lai hưng" wins over "lai hưng". */
  aliases: PlaceAlias[];
  /** The aliases by their first word, longest first: a question is matched in time independent of the number of plans. */
  byFirstWord: Map<string, PlaceAlias[]>;
}

export const PLACE_KINDS = ["thi tran", "phuong", "xa"] as const;

function namesFor(kind: string | undefined, name: string): string[][] {
  const nameWords = foldedWords(name);
  if (nameWords.length === 0) return [];
  const names: string[][] = [];
  if (kind) names.push([...foldedWords(kind), ...nameWords]);
  // A bare name is specific enough when it is not a number and has two syllables or more.
  if (!kind || (nameWords.length >= 2 && !/^\d/.test(nameWords[0]!))) names.push(nameWords);
  return names;
}

function splitKind(place: string): { kind?: string; name: string } {
  const match = /^(thành phố|huyện|quận|thị xã|tỉnh|xã|phường|thị trấn)\s+(.+)$/iu.exec(place.trim());
  return match ? { kind: match[1]!, name: match[2]! } : { name: place };
}

export function buildPlaceDirectory(documents: PlanDocument[]): PlaceDirectory {
  const aliases: PlaceAlias[] = [];
  for (const doc of documents) {
    const { meta } = doc;
    if (meta.placeName) for (const words of namesFor(meta.placeKind, meta.placeName)) aliases.push({ words, doc, level: "place" });
    for (const alias of meta.aliases) {
      const words = foldedWords(alias);
      if (words.length) aliases.push({ words, doc, level: "place" });
    }
    for (const parent of meta.parentPlaces) {
      const { kind, name } = splitKind(parent);
      for (const words of namesFor(kind, name)) aliases.push({ words, doc, level: "parent" });
    }
  }
  aliases.sort((a, b) => b.words.length - a.words.length);
  const byFirstWord = new Map<string, PlaceAlias[]>();
  for (const alias of aliases) {
    const list = byFirstWord.get(alias.words[0]!) ?? [];
    list.push(alias);
    byFirstWord.set(alias.words[0]!, list);
  }
  return { aliases, byFirstWord };
}

export interface PlaceMatch {
  alias: PlaceAlias;
  start: number;
  end: number;
}

/** Finds the known places named in a question's tokens (matched without diacritics). */
export function findPlaces(tokens: readonly Token[], directory: PlaceDirectory): PlaceMatch[] {
  const folded = tokens.map((t) => t.folded);
  const matches: PlaceMatch[] = [];
  // Longest names first across the whole question, so "xã lai hưng" wins over "lai hưng".
  const found: PlaceMatch[] = [];
  folded.forEach((word, i) => {
    for (const alias of directory.byFirstWord.get(word) ?? []) {
      const n = alias.words.length;
      // Token by token: "phường 1" never matches the start of "phường 10".
      if (i + n <= folded.length && alias.words.every((w, k) => folded[i + k] === w)) found.push({ alias, start: i, end: i + n });
    }
  });
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Array<boolean>(tokens.length).fill(false);
  for (const match of found) {
    const overlaps = taken.slice(match.start, match.end).some(Boolean);
    // The same words may name several plans' place (two plans of one ward): all of them match.
    const same = matches.some((m) => m.start === match.start && m.end === match.end);
    if (overlaps && !same) continue;
    matches.push(match);
    for (let k = match.start; k < match.end; k++) taken[k] = true;
  }
  return matches;
}
