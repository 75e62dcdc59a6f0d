import type { PlanDocument } from "../ingest/types.js";
import type { FormerUnit, LexiconPlace } from "../lexicon/lexicon.js";
import { formerUnitAliases } from "./formerUnits.js";
import { type Token, tokenize } from "../text/tokenize.js";

/** Folded syllables exactly as questions are folded (i/y rule included: Mỹ = mi). */
function foldedWords(text: string): string[] {
  return tokenize(text).map((token) => token.folded);
}

function exactWords(text: string): string[] {
  return tokenize(text).map((token) => token.exact);
}

export interface PlaceAlias {
  /** Folded syllables of the name as a resident may type it. */
  words: string[];
  /** The same syllables with their diacritics: "Mỹ Thành" and "Mỹ Thạnh" are two wards. */
  exact: string[];
  doc: PlanDocument;
  /** "place": the commune or ward itself; "parent": a district or province it belongs to. */
  level: "place" | "parent";
  /** A unit merged into the plan's place in 2025: the plan speaks of it by name where it is about it. */
  formerName?: boolean;
}

export interface PlaceDirectory {
  /** Longest first, so "xã lai hưng" wins over "lai hưng". */
  aliases: PlaceAlias[];
  /** The aliases by their folded words joined with spaces: a question is matched in time independent of the number of plans. */
  byPhrase: Map<string, PlaceAlias[]>;
  /** The word counts of the names, longest first. */
  lengths: number[];
  /** How many of byPhrase's phrases start with each word: a question's other words start no name. */
  leadWords: Map<string, number>;
}

function leadWordOf(phrase: string): string {
  const space = phrase.indexOf(" ");
  return space < 0 ? phrase : phrase.slice(0, space);
}

function countLead(leadWords: Map<string, number>, phrase: string, change: 1 | -1): void {
  const word = leadWordOf(phrase);
  const count = (leadWords.get(word) ?? 0) + change;
  if (count > 0) leadWords.set(word, count);
  else leadWords.delete(word);
}

export const PLACE_KINDS = ["thi tran", "phuong", "xa"] as const;

function namesFor(kind: string | undefined, name: string): { words: string[]; exact: string[] }[] {
  const nameWords = foldedWords(name);
  if (nameWords.length === 0) return [];
  const names: { words: string[]; exact: string[] }[] = [];
  if (kind) names.push({ words: [...foldedWords(kind), ...nameWords], exact: [...exactWords(kind), ...exactWords(name)] });
  // A bare name is specific enough when it is not a number and has two syllables or more.
  if (!kind || (nameWords.length >= 2 && !/^\d/.test(nameWords[0]!))) names.push({ words: nameWords, exact: exactWords(name) });
  return names;
}

function splitKind(place: string): { kind?: string; name: string } {
  const match = /^(thành phố|huyện|quận|thị xã|tỉnh|xã|phường|thị trấn)\s+(.+)$/iu.exec(place.trim());
  return match ? { kind: match[1]!, name: match[2]! } : { name: place };
}

/** A plan's names are worked out once: the directory is rebuilt after every change of any plan. */
const aliasesByDocument = new WeakMap<PlanDocument, PlaceAlias[]>();

function aliasesOf(doc: PlanDocument): PlaceAlias[] {
  let aliases = aliasesByDocument.get(doc);
  if (!aliases) {
    aliases = [];
    const { meta } = doc;
    if (meta.placeName) for (const name of namesFor(meta.placeKind, meta.placeName)) aliases.push({ ...name, doc, level: "place" });
    for (const alias of meta.aliases) {
      const words = foldedWords(alias);
      if (words.length) aliases.push({ words, exact: exactWords(alias), doc, level: "place" });
    }
    for (const parent of meta.parentPlaces) {
      const { kind, name } = splitKind(parent);
      for (const parentName of namesFor(kind, name)) aliases.push({ ...parentName, doc, level: "parent" });
    }
    aliasesByDocument.set(doc, aliases);
  }
  return aliases;
}

/** The lexicon's other names of a plan's place and parents ("Ho Chi Minh City", "TP.HCM" for thành phố Hồ Chí Minh). */
function lexiconAliasesOf(doc: PlanDocument, byName: Map<string, LexiconPlace>): PlaceAlias[] {
  const named = [
    ...(doc.meta.placeName ? [{ name: doc.meta.placeName, level: "place" as const }] : []),
    ...doc.meta.parentPlaces.map((parent) => ({ name: splitKind(parent).name, level: "parent" as const })),
  ];
  const aliases: PlaceAlias[] = [];
  for (const { name, level } of named) {
    const entry = byName.get(foldedWords(name).join(" "));
    for (const alias of entry?.aliases ?? []) {
      const words = foldedWords(alias);
      if (words.length) aliases.push({ words, exact: exactWords(alias), doc, level });
    }
  }
  return aliases;
}

const NO_PLACES: readonly LexiconPlace[] = [];
const NO_FORMER_UNITS: readonly FormerUnit[] = [];

/** The lexicon's places by folded name, once per lexicon. */
const placesByNameOf = new WeakMap<readonly LexiconPlace[], Map<string, LexiconPlace>>();

function placesByName(lexiconPlaces: readonly LexiconPlace[]): Map<string, LexiconPlace> {
  let byName = placesByNameOf.get(lexiconPlaces);
  if (!byName) {
    byName = new Map(lexiconPlaces.map((place) => [foldedWords(place.name).join(" "), place]));
    placesByNameOf.set(lexiconPlaces, byName);
  }
  return byName;
}

/** Every name of a plan under one lexicon, kept with the plan for the next rebuild of the directory. */
const allAliasesByDocument = new WeakMap<PlanDocument, { lexiconPlaces: readonly LexiconPlace[]; formerUnits: readonly FormerUnit[]; aliases: PlaceAlias[] }>();

function allAliasesOf(doc: PlanDocument, lexiconPlaces: readonly LexiconPlace[], formerUnits: readonly FormerUnit[]): PlaceAlias[] {
  const known = allAliasesByDocument.get(doc);
  if (known && known.lexiconPlaces === lexiconPlaces && known.formerUnits === formerUnits) return known.aliases;
  const byName = placesByName(lexiconPlaces);
  const aliases = [...aliasesOf(doc), ...(byName.size ? lexiconAliasesOf(doc, byName) : []), ...formerUnitAliases(doc, formerUnits)];
  allAliasesByDocument.set(doc, { lexiconPlaces, formerUnits, aliases });
  return aliases;
}

/** A plan's names as kept in the cache of parsed plans (for the lexicon it was made with): without the plan. */
export type StoredPlaceAlias = Omit<PlaceAlias, "doc">;

/** A plan's names under a lexicon, for the cache. */
export function storedPlaceAliases(doc: PlanDocument, lexiconPlaces: readonly LexiconPlace[] = NO_PLACES, formerUnits: readonly FormerUnit[] = NO_FORMER_UNITS): StoredPlaceAlias[] {
  return allAliasesOf(doc, lexiconPlaces, formerUnits).map(({ doc: _doc, ...alias }) => alias);
}

/** A plan's names read from the cache, made under this lexicon: kept as if worked out here. */
export function rememberPlaceAliases(
  doc: PlanDocument,
  stored: readonly StoredPlaceAlias[],
  lexiconPlaces: readonly LexiconPlace[] = NO_PLACES,
  formerUnits: readonly FormerUnit[] = NO_FORMER_UNITS,
): void {
  const aliases = stored.map(({ words, exact, level, formerName }) => {
    const alias: PlaceAlias = { words, exact, doc, level };
    if (formerName) alias.formerName = formerName;
    return alias;
  });
  allAliasesByDocument.set(doc, { lexiconPlaces, formerUnits, aliases });
}

export function buildPlaceDirectory(
  documents: PlanDocument[],
  lexiconPlaces: readonly LexiconPlace[] = NO_PLACES,
  formerUnits: readonly FormerUnit[] = NO_FORMER_UNITS,
): PlaceDirectory {
  const aliases = documents.flatMap((doc) => allAliasesOf(doc, lexiconPlaces, formerUnits));
  aliases.sort((a, b) => b.words.length - a.words.length);
  const byPhrase = new Map<string, PlaceAlias[]>();
  for (const alias of aliases) {
    const phrase = alias.words.join(" ");
    const list = byPhrase.get(phrase);
    if (list) list.push(alias);
    else byPhrase.set(phrase, [alias]);
  }
  const lengths = [...new Set(aliases.map((a) => a.words.length))].sort((a, b) => b - a);
  const leadWords = new Map<string, number>();
  for (const phrase of byPhrase.keys()) countLead(leadWords, phrase, 1);
  return { aliases, byPhrase, lengths, leadWords };
}

/**
 * The directory after some plans were replaced, as buildPlaceDirectory would make it for the plans
 * kept followed by those added, without working through every plan's names again (at 10,000 plans
 * that was most of a one-plan update).
 */
export function updatePlaceDirectory(
  directory: PlaceDirectory,
  removed: ReadonlySet<PlanDocument>,
  added: readonly PlanDocument[],
  lexiconPlaces: readonly LexiconPlace[] = NO_PLACES,
  formerUnits: readonly FormerUnit[] = NO_FORMER_UNITS,
): PlaceDirectory {
  const aliases: PlaceAlias[] = [];
  // The phrases of the plans taken out: only their lists change (at 10,000 plans, looking through
  // every list was a fifth of a one-plan update).
  const touched = new Set<string>();
  for (const alias of directory.aliases) {
    if (removed.has(alias.doc)) touched.add(alias.words.join(" "));
    else aliases.push(alias);
  }
  const byPhrase = new Map(directory.byPhrase);
  const leadWords = new Map(directory.leadWords);
  for (const phrase of touched) {
    const kept = (byPhrase.get(phrase) ?? []).filter((alias) => !removed.has(alias.doc));
    if (kept.length) byPhrase.set(phrase, kept);
    else if (byPhrase.delete(phrase)) countLead(leadWords, phrase, -1);
  }
  for (const doc of added) {
    for (const alias of allAliasesOf(doc, lexiconPlaces, formerUnits)) {
      // After every alias as long or longer: where a stable sort of all of them puts it.
      let at = aliases.length;
      while (at > 0 && aliases[at - 1]!.words.length < alias.words.length) at--;
      aliases.splice(at, 0, alias);
      const phrase = alias.words.join(" ");
      const listed = byPhrase.get(phrase);
      if (!listed) countLead(leadWords, phrase, 1);
      byPhrase.set(phrase, [...(listed ?? []), alias]);
    }
  }
  const lengths = [...new Set(aliases.map((a) => a.words.length))].sort((a, b) => b - a);
  return { aliases, byPhrase, lengths, leadWords };
}

export interface PlaceMatch {
  alias: PlaceAlias;
  start: number;
  end: number;
}

function spelledAsTyped(match: PlaceMatch, tokens: readonly Token[]): boolean {
  return match.alias.exact.every((key, k) => tokens[match.start + k]!.exact === key);
}

/** Finds the known places named in a question's tokens (matched without diacritics). */
export function findPlaces(tokens: readonly Token[], directory: PlaceDirectory): PlaceMatch[] {
  const folded = tokens.map((t) => t.folded);
  const matches: PlaceMatch[] = [];
  // Longest names first across the whole question, so "xã lai hưng" wins over "lai hưng".
  const found: PlaceMatch[] = [];
  for (let i = 0; i < folded.length; i++) {
    if (!directory.leadWords.has(folded[i]!)) continue;
    for (const n of directory.lengths) {
      if (i + n > folded.length) continue;
      // Whole tokens: "phường 1" never matches the start of "phường 10".
      for (const alias of directory.byPhrase.get(folded.slice(i, i + n).join(" ")) ?? []) found.push({ alias, start: i, end: i + n });
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const spelled = found.filter((m) => spelledAsTyped(m, tokens));
  const taken = new Array<boolean>(tokens.length).fill(false);
  for (const match of found) {
    const overlaps = taken.slice(match.start, match.end).some(Boolean);
    // The same words may name several plans' place (two plans of one ward): all of them match.
    const same = matches.some((m) => m.start === match.start && m.end === match.end);
    if (overlaps && !same) continue;
    // Typed with diacritics that one of the names has exactly: the names that differ are other places.
    if (!spelledAsTyped(match, tokens) && spelled.some((m) => m.start === match.start && m.end === match.end)) continue;
    matches.push(match);
    for (let k = match.start; k < match.end; k++) taken[k] = true;
  }
  return matches;
}

export interface NamedPlace {
  place: LexiconPlace;
  start: number;
  end: number;
}

const lexiconPhrases = new WeakMap<readonly LexiconPlace[], { byPhrase: Map<string, LexiconPlace>; lengths: number[]; leadWords: Set<string> }>();

/**
 * Provinces and cities of the lexicon named in a question (with or without their kind, in any of
 * their names), longest first, outside the tokens already taken by the plans' own places.
 */
export function findLexiconPlaces(tokens: readonly Token[], places: readonly LexiconPlace[], taken: readonly boolean[]): NamedPlace[] {
  let phrases = lexiconPhrases.get(places);
  if (!phrases) {
    const byPhrase = new Map<string, LexiconPlace>();
    for (const place of places)
      for (const name of [place.name, `${place.kind} ${place.name}`, ...place.aliases]) byPhrase.set(foldedWords(name).join(" "), place);
    const lengths = [...new Set([...byPhrase.keys()].map((phrase) => phrase.split(" ").length))].sort((a, b) => b - a);
    phrases = { byPhrase, lengths, leadWords: new Set([...byPhrase.keys()].map(leadWordOf)) };
    lexiconPhrases.set(places, phrases);
  }
  const found: NamedPlace[] = [];
  const folded = tokens.map((t) => t.folded);
  for (let i = 0; i < folded.length; i++) {
    if (!phrases.leadWords.has(folded[i]!)) continue;
    for (const n of phrases.lengths) {
      if (i + n > folded.length || taken.slice(i, i + n).some(Boolean)) continue;
      // Several words at least, or one written as a name: "HCM", "Hanoi", not the "an" of a sentence.
      if (n === 1 && !/^\p{Lu}/u.test(tokens[i]!.text)) continue;
      const place = phrases.byPhrase.get(folded.slice(i, i + n).join(" "));
      if (!place) continue;
      found.push({ place, start: i, end: i + n });
      i += n - 1;
      break;
    }
  }
  return found;
}
