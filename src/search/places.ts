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
  return { aliases };
}

export interface PlaceMatch {
  alias: PlaceAlias;
  start: number;
  end: number;
}

/** Finds the known places named in a question's tokens (matched without diacritics). */
export function findPlaces(tokens: readonly Token[], directory: PlaceDirectory): PlaceMatch[] {
  const folded = tokens.map((t) => t.folded);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const matches: PlaceMatch[] = [];
  for (const alias of directory.aliases) {
    const n = alias.words.length;
    for (let i = 0; i + n <= folded.length; i++) {
      if (taken.slice(i, i + n).some(Boolean)) {
        // The same words may name several documents' place (two plans of one ward).
        const same = matches.find((m) => m.start === i && m.end === i + n);
        if (same && alias.words.every((w, k) => folded[i + k] === w)) matches.push({ alias, start: i, end: i + n });
        continue;
      }
      if (alias.words.every((w, k) => folded[i + k] === w)) {
        // "phường 1" must not match the start of "phường 10".
        matches.push({ alias, start: i, end: i + n });
        for (let k = i; k < i + n; k++) taken[k] = true;
      }
    }
  }
  return matches;
}
