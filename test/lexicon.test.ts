import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LEXICON_DIR, sectorFiles } from "../src/lexicon/lexicon.js";
import { foldedKey } from "../src/text/normalize.js";
import { tokenize } from "../src/text/tokenize.js";
import { type Corpus, LEXICON_CORPUS_DIR, loadCorpus, phraseKeys } from "./helpers/lexiconCorpus.js";

/**
 * Data lines of a lexicon file and of its sector files (glossary-en.<sector>.tsv after glossary-en.tsv,
 * the order the loader reads them in), each with its file and line number, split on TAB.
 */
function entries(name: string): { line: string; parts: string[] }[] {
  const files = [name, ...(sectorFiles().get(name) ?? [])];
  return files.flatMap((file) => {
    const text = readFileSync(join(DEFAULT_LEXICON_DIR, file), "utf8").normalize("NFC");
    return text
      .split(/\r?\n/)
      .map((raw, i) => ({ line: `${file}:${i + 1}`, raw: raw.trim() }))
      .filter(({ raw }) => raw !== "" && !raw.startsWith("#"))
      .map(({ line, raw }) => ({
        line,
        parts: raw
          .split("\t")
          .map((part) => part.trim())
          .filter(Boolean),
      }));
  });
}

/** The key the loader files an English phrase under. */
const englishKey = (phrase: string) => phrase.toLowerCase().replace(/[-\s]+/g, " ");

/** Abbreviations written with "-" or "&": the engine matches one token at a time, so these wait for multi-token matching. */
const MULTI_TOKEN_ABBREVIATIONS = ["KT-XH", "QP-AN", "VH-TT"];

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus();
});

describe("the lexicon corpus", () => {
  it("holds the real plans and names the source of every snippet file", () => {
    expect(corpus.files.length).toBeGreaterThanOrEqual(4);
    for (const name of readdirSync(LEXICON_CORPUS_DIR)) {
      const first = readFileSync(join(LEXICON_CORPUS_DIR, name), "utf8").split("\n")[0]!;
      expect(first, name).toMatch(/^# (Nguồn|Source)[^:]*: \S+/);
    }
  });
});

describe("every lexicon entry's Vietnamese side occurs in real plan text", () => {
  it("synonyms: every member of every group", () => {
    const missing = entries("synonyms.tsv").flatMap(({ line, parts }) =>
      parts.filter((member) => !corpus.has(member)).map((member) => `line ${line}: ${member}`),
    );
    expect(missing).toEqual([]);
  });

  it("abbreviations: the full form, or the abbreviation written as such", () => {
    const missing = entries("abbreviations.tsv")
      .filter(({ parts: [abbr, full] }) => !corpus.has(full!) && !corpus.hasWritten(abbr!))
      .map(({ line, parts }) => `line ${line}: ${parts.join(" = ")}`);
    expect(missing).toEqual([]);
  });

  it("English glossary: the Vietnamese phrase", () => {
    const missing = entries("glossary-en.tsv")
      .filter(({ parts: [, vietnamese] }) => !corpus.has(vietnamese!))
      .map(({ line, parts }) => `line ${line}: ${parts.join(" = ")}`);
    expect(missing).toEqual([]);
  });
});

describe("lexicon entries are consistent", () => {
  it("every line has the number of columns its format asks for", () => {
    for (const name of ["abbreviations.tsv", "glossary-en.tsv"]) {
      const bad = entries(name).filter(({ parts }) => parts.length !== 2);
      expect(bad, name).toEqual([]);
    }
    expect(entries("synonyms.tsv").filter(({ parts }) => parts.length < 2)).toEqual([]);
  });

  it("no English phrase maps to two different Vietnamese phrases", () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { line, parts } of entries("glossary-en.tsv")) {
      const key = englishKey(parts[0]!);
      const vietnamese = parts[1]!.toLowerCase();
      const before = seen.get(key);
      if (before !== undefined && before !== vietnamese) clashes.push(`line ${line}: ${key} = ${vietnamese} / ${before}`);
      seen.set(key, vietnamese);
    }
    expect(clashes).toEqual([]);
  });

  it("no abbreviation stands for two different things", () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { line, parts } of entries("abbreviations.tsv")) {
      const key = parts[0]!.toLowerCase();
      const before = seen.get(key);
      if (before !== undefined && before !== parts[1]!.toLowerCase()) clashes.push(`line ${line}: ${key}`);
      seen.set(key, parts[1]!.toLowerCase());
    }
    expect(clashes).toEqual([]);
  });

  it("no phrase belongs to two synonym groups", () => {
    const groupOf = new Map<string, string>();
    const overlaps: string[] = [];
    for (const { line, parts } of entries("synonyms.tsv")) {
      for (const member of parts) {
        const keys = phraseKeys(member);
        const other = groupOf.get(keys);
        if (other !== undefined) overlaps.push(`${member}: lines ${other} and ${line}`);
        groupOf.set(keys, line);
      }
    }
    expect(overlaps).toEqual([]);
  });

  it("a group whose member extends a member of another group comes first, so the longer phrase is tried first", () => {
    // The engine takes the first group (in file order) with a member at a position of the question.
    const groups = entries("synonyms.tsv").map(({ line, parts }) => ({ line, keys: parts.map((part) => phraseKeys(part).split(" ")) }));
    const shadowed: string[] = [];
    groups.forEach((earlier, i) => {
      for (const later of groups.slice(i + 1)) {
        for (const short of earlier.keys)
          for (const long of later.keys)
            if (long.length > short.length && short.every((key, k) => long[k] === key))
              shadowed.push(`"${long.join(" ")}" (line ${later.line}) is hidden by "${short.join(" ")}" (line ${earlier.line})`);
      }
    });
    expect(shadowed).toEqual([]);
  });

  it("every abbreviation is one token, as the engine matches them, except the listed ones", () => {
    const multi = entries("abbreviations.tsv")
      .map(({ parts }) => parts[0]!)
      .filter((abbr) => tokenize(abbr).length !== 1);
    expect(multi).toEqual(MULTI_TOKEN_ABBREVIATIONS);
  });

  it("no English phrase of several words reads as unaccented Vietnamese", () => {
    // A Vietnamese question typed without marks still gets multi-word English phrases replaced.
    const syllables = new Set(corpusFoldedSyllables());
    const risky = entries("glossary-en.tsv")
      .map(({ parts }) => englishKey(parts[0]!).split(" "))
      .filter((words) => words.length > 1 && words.every((word) => syllables.has(foldedKey(word))))
      .map((words) => words.join(" "));
    expect(risky).toEqual([]);
  });
});

function corpusFoldedSyllables(): string[] {
  const text = corpus.files.map((file) => (file.endsWith(".txt") || file.endsWith(".md") ? readFileSync(file, "utf8") : "")).join("\n");
  return tokenize(text)
    .filter((token) => !token.numeric && token.text !== token.folded)
    .map((token) => token.folded);
}
