import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { escapeRegExp } from "../text/normalize.js";
import { tokenize } from "../text/tokenize.js";

/** The language data the engine uses; kept in files under lexicon/ so officials can extend it. */
export interface Lexicon {
  /** Matches a sentence that opens with a word breaking down the sentence before it (breakdown-words.txt). */
  breakdownOpening: RegExp | undefined;
  /** Words that say when without a date ("hằng năm", "cuối năm", "sau khi …"; time-words.txt). */
  timeWords: RegExp | undefined;
  /** Words that name a period by the years after them ("giai đoạn", "nhiệm kỳ"; period-words.txt), lower case. */
  periodWords: string[];
  /** Chat shorthand and what it stands for (shorthand.tsv), applied as one expression. */
  shorthand: { pattern: RegExp; expansions: Map<string, string> } | undefined;
  /** A phrase (folded words joined by spaces) -> the unit of the figures that say it (figure-words.tsv). */
  figureWords: Map<string, string>;
  /** Abbreviation (lower case) -> full Vietnamese form. */
  abbreviations: Map<string, string>;
  /** English phrase (lower case, words separated by one space) -> Vietnamese phrase. */
  glossary: Map<string, string>;
  glossaryMaxWords: number;
  /** Groups of Vietnamese phrases that mean the same. */
  synonymGroups: string[][];
  /** Question words and fillers, longest first. */
  stopPhrases: string[];
  /** Words that describe the kind of answer wanted rather than its topic. */
  softWords: string[];
  /** Measure words that may follow a number in a target, longest first. */
  units: string[];
  /** Provinces and cities with the other names residents use for them (places.tsv). */
  places: LexiconPlace[];
  /** Words that ask for or give the situation now, not a target (current-words.txt). */
  currentWords: string[];
  /** Communes and wards merged on 1 July 2025, with the unit each became part of (former-units.tsv). */
  formerUnits: FormerUnit[];
  /** Words that carry a conversation on (conversation.tsv). */
  conversation: ConversationWords;
  /** Changes whenever any lexicon file changes. */
  fingerprint: string;
}

export interface FormerUnit {
  /** "xã Lai Hưng": the unit as it was before 1 July 2025. */
  former: string;
  /** "huyện Bàu Bàng": the district it belonged to. */
  formerDistrict: string;
  /** "phường Bến Cát": the unit it is part of since. */
  current: string;
  /** "thành phố Hồ Chí Minh": the province of the current unit. */
  province: string;
  /** The resolution that made the change. */
  source: string;
}

/** Phrases as written in conversation.tsv, by kind. */
export interface ConversationWords {
  lead: string[];
  tail: string[];
  here: string[];
}

function parseFormerUnits(lines: string[]): FormerUnit[] {
  const units: FormerUnit[] = [];
  for (const line of lines) {
    const [former, formerDistrict, current, province, source] = line.split("\t").map((part) => part.trim());
    if (former && current) units.push({ former, formerDistrict: formerDistrict ?? "", current, province: province ?? "", source: source ?? "" });
  }
  return units;
}

function parseConversation(lines: string[]): ConversationWords {
  const words: ConversationWords = { lead: [], tail: [], here: [] };
  for (const line of lines) {
    const [kind, phrase] = line.split("\t").map((part) => part.trim());
    if (phrase && (kind === "lead" || kind === "tail" || kind === "here")) words[kind].push(phrase.toLowerCase());
  }
  for (const list of Object.values(words)) list.sort(byLengthDesc);
  return words;
}

export interface LexiconPlace {
  /** "tỉnh", "thành phố". */
  kind: string;
  /** "Sơn La". */
  name: string;
  /** Other names: "Ho Chi Minh City", "TP.HCM", a name before 2025. */
  aliases: string[];
  /** The province or city it became part of in 2025, as "KIND NAME". */
  now?: string;
}

const PLACE_KIND_RE = /^(thành phố|tỉnh|huyện|quận|thị xã)\s+(.+)$/iu;

function parsePlaces(lines: string[]): LexiconPlace[] {
  const places: LexiconPlace[] = [];
  for (const line of lines) {
    const [head, ...rest] = line.split("\t").map((part) => part.trim());
    const kindAndName = PLACE_KIND_RE.exec(head ?? "");
    if (!kindAndName) continue;
    const now = rest.find((part) => part.startsWith("now:"))?.slice(4).trim();
    places.push({
      kind: kindAndName[1]!.toLowerCase(),
      name: kindAndName[2]!,
      aliases: rest.filter((part) => part && !part.startsWith("now:")),
      ...(now ? { now } : {}),
    });
  }
  return places;
}

/**
 * The provinces merged in 2025 (places.tsv's "now:"), as rows of former units: a question naming
 * one finds the plans of the province it became part of, and the reply says so. Its other names of
 * two words or more ("Ba Ria Vung Tau") are rows too; short forms ("BRVT") would match too much.
 */
function mergedProvinces(places: readonly LexiconPlace[]): FormerUnit[] {
  return places.flatMap((place) => {
    if (!place.now) return [];
    const names = [`${place.kind} ${place.name}`, ...place.aliases.filter((alias) => alias.trim().split(/\s+/).length >= 2)];
    return names.map((former) => ({ former, formerDistrict: "", current: place.now!, province: "", source: "NQ 202/2025/QH15" }));
  });
}

export const DEFAULT_LEXICON_DIR = fileURLToPath(new URL("../../lexicon/", import.meta.url));

function dataLines(text: string): string[] {
  return text
    .normalize("NFC")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function parseShorthand(lines: string[]): Lexicon["shorthand"] {
  const expansions = new Map<string, string>();
  for (const line of lines) {
    const [short, full] = line.split("\t").map((part) => part.trim());
    if (short && full) expansions.set(short.toLowerCase(), full);
  }
  if (expansions.size === 0) return undefined;
  const alternatives = [...expansions.keys()].sort(byLengthDesc).map(escapeRegExp);
  return { pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu"), expansions };
}

/** "là bn %" -> "là bao nhiêu %". */
export function expandShorthand(text: string, lexicon: Lexicon): string {
  // "Sở KH&ĐT", "TN&MT": an abbreviation written with "&" is the one written without it, when the lexicon has it.
  const joined = text.replace(/(?<![\p{L}])(\p{Lu}{1,4})&(\p{Lu}{1,4})(?![\p{L}])/gu, (found, a: string, b: string) =>
    lexicon.abbreviations.has(`${a}${b}`.toLowerCase()) ? `${a}${b}` : found,
  );
  const shorthand = lexicon.shorthand;
  if (!shorthand) return joined;
  return joined.replace(shorthand.pattern, (found) => shorthand.expansions.get(found.toLowerCase()) ?? found);
}

/** The phrases as one alternation, longest first, any run of spaces matching any other. */
function alternation(phrases: string[]): string {
  return [...phrases].sort(byLengthDesc).map((phrase) => escapeRegExp(phrase).replace(/\s+/g, "\\s+")).join("|");
}

function openingPattern(phrases: string[]): RegExp | undefined {
  return phrases.length ? new RegExp(`^[\\s*_"“(]*(?:${alternation(phrases)})(?![\\p{L}])`, "iu") : undefined;
}

function anywherePattern(phrases: string[]): RegExp | undefined {
  return phrases.length ? new RegExp(`(?<![\\p{L}])(?:${alternation(phrases)})(?![\\p{L}])`, "iu") : undefined;
}

function parseFigureWords(lines: string[]): Map<string, string> {
  const words = new Map<string, string>();
  for (const line of lines) {
    const [unit, ...phrases] = line.split("\t").map((part) => part.trim());
    if (unit) for (const phrase of phrases) if (phrase) words.set(tokenize(phrase).map((token) => token.folded).join(" "), unit);
  }
  return words;
}

function byLengthDesc(a: string, b: string): number {
  return b.length - a.length;
}

export function parseLexicon(files: Record<string, string>): Lexicon {
  const read = (name: string) => dataLines(files[name] ?? "");
  const abbreviations = new Map<string, string>();
  for (const line of read("abbreviations.tsv")) {
    const [abbr, expansion] = line.split("\t").map((part) => part.trim());
    if (abbr && expansion) abbreviations.set(abbr.toLowerCase(), expansion.toLowerCase());
  }
  const glossary = new Map<string, string>();
  let glossaryMaxWords = 1;
  for (const line of read("glossary-en.tsv")) {
    const [english, vietnamese] = line.split("\t").map((part) => part.trim());
    if (!english || !vietnamese) continue;
    // Keyed as questions are tokenised: "people's council" is read as "people s council".
    const key = english.toLowerCase().replace(/[-'’\s]+/g, " ");
    glossary.set(key, vietnamese.toLowerCase());
    glossaryMaxWords = Math.max(glossaryMaxWords, key.split(" ").length);
  }
  const synonymGroups = read("synonyms.tsv")
    .map((line) =>
      line
        .split("\t")
        .map((part) => part.trim().toLowerCase())
        .filter(Boolean),
    )
    .filter((group) => group.length > 1);
  const fingerprint = createHash("sha256")
    .update(JSON.stringify(Object.entries(files).sort()))
    .digest("hex")
    .slice(0, 16);
  const places = parsePlaces(read("places.tsv"));
  return {
    abbreviations,
    glossary,
    glossaryMaxWords,
    synonymGroups,
    stopPhrases: read("stopwords.txt")
      .map((s) => s.toLowerCase())
      .sort(byLengthDesc),
    softWords: read("soft-words.txt").map((s) => s.toLowerCase()),
    places,
    currentWords: read("current-words.txt").map((s) => s.toLowerCase()),
    formerUnits: [...parseFormerUnits(read("former-units.tsv")), ...mergedProvinces(places)],
    conversation: parseConversation(read("conversation.tsv")),
    figureWords: parseFigureWords(read("figure-words.tsv")),
    shorthand: parseShorthand(read("shorthand.tsv")),
    breakdownOpening: openingPattern(read("breakdown-words.txt")),
    timeWords: anywherePattern(read("time-words.txt")),
    periodWords: read("period-words.txt").map((s) => s.toLowerCase()),
    units: read("units.txt")
      .map((s) => s.toLowerCase())
      .sort(byLengthDesc),
    fingerprint,
  };
}

export const LEXICON_FILES = [
  "abbreviations.tsv",
  "glossary-en.tsv",
  "synonyms.tsv",
  "stopwords.txt",
  "soft-words.txt",
  "units.txt",
  "places.tsv",
  "current-words.txt",
  "former-units.tsv",
  "conversation.tsv",
  "figure-words.tsv",
  "shorthand.tsv",
  "breakdown-words.txt",
  "time-words.txt",
  "period-words.txt",
] as const;

/**
 * The files a topic adds to a base file: "glossary-en.agriculture.tsv" extends "glossary-en.tsv".
 * Officials keep the domain vocabulary of each sector in its own file; the base file stays short.
 */
export const SECTOR_FILE_KINDS = ["abbreviations", "glossary-en", "synonyms"] as const;
const SECTOR_FILE_RE = new RegExp(`^(${SECTOR_FILE_KINDS.join("|")})\\.[\\p{L}\\d_-]+\\.tsv$`, "u");

/** The sector files of a lexicon folder, by base file name, in name order. */
export function sectorFiles(dir: string = DEFAULT_LEXICON_DIR): Map<string, string[]> {
  const byBase = new Map<string, string[]>();
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    names = [];
  }
  for (const name of names) {
    const kind = SECTOR_FILE_RE.exec(name)?.[1];
    if (!kind) continue;
    const base = `${kind}.tsv`;
    byBase.set(base, [...(byBase.get(base) ?? []), name]);
  }
  return byBase;
}

export interface LoadLexiconOptions {
  /** False: the base files only, without the sector files (to measure what the sector files add). */
  sectors?: boolean;
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return "";
  }
}

export function loadLexicon(dir: string = DEFAULT_LEXICON_DIR, options: LoadLexiconOptions = {}): Lexicon {
  const files: Record<string, string> = {};
  for (const name of LEXICON_FILES) files[name] = readIfPresent(join(dir, name));
  if (options.sectors !== false) {
    // A sector file's lines follow its base file's: base synonym groups are tried first.
    for (const [base, names] of sectorFiles(dir)) {
      files[base] = [files[base] ?? "", ...names.map((name) => readIfPresent(join(dir, name)))].join("\n");
    }
  }
  return parseLexicon(files);
}
