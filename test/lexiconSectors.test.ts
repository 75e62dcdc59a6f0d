import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import type { PlanDocument } from "../src/ingest/types.js";
import { DEFAULT_LEXICON_DIR, type Lexicon, loadLexicon, sectorFiles } from "../src/lexicon/lexicon.js";
import { buildIndex, type KnowledgeIndex } from "../src/search/knowledgeIndex.js";
import { FIXTURE_DIR, judge, type QuestionItem, readQuestions, SAMPLE_DIR } from "./helpers/knowledge.js";

/**
 * The sector files (glossary-en.<sector>.tsv, synonyms.<sector>.tsv, abbreviations.<sector>.tsv) are the
 * domain lexicon. Adding them must lose no answer: every question of every set that the base files
 * answer right is still answered right with the sector files added.
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface QuestionSet {
  name: string;
  questions: string;
  plans: string[];
}

const SETS: QuestionSet[] = [
  { name: "own", questions: here("./questions/own.jsonl"), plans: [SAMPLE_DIR, FIXTURE_DIR] },
  { name: "dev", questions: here("../../shared/eval/questions.dev.jsonl"), plans: [SAMPLE_DIR] },
  { name: "real", questions: here("../../shared/eval/real/questions.jsonl"), plans: [here("../../shared/eval/real/plans")] },
  { name: "communes", questions: here("./realset/communes/questions.jsonl"), plans: [here("./realset/communes/plans")] },
  { name: "wider", questions: here("./realset/wider/questions.jsonl"), plans: [here("./realset/wider/plans")] },
].filter((set) => existsSync(set.questions));

/** The ids of the questions of a set answered right, and of those answered wrong, under a lexicon ("single:NN" items get plan NN_* alone). */
function verdicts(items: (QuestionItem & { kb?: string })[], documents: PlanDocument[], lexicon: Lexicon) {
  const indexes = new Map<string, KnowledgeIndex>();
  const passed = new Set<string>();
  const wrong = new Set<string>();
  for (const item of items) {
    const kb = item.kb ?? "all";
    let index = indexes.get(kb);
    if (!index) {
      index = buildIndex(kb.startsWith("single:") ? documents.filter((doc) => doc.file.startsWith(kb.slice(7))) : documents, lexicon);
      indexes.set(kb, index);
    }
    const result = answerQuestion(item.q, index);
    if (judge(item, result) === "pass") passed.add(item.id);
    else if (result.status === "answered") wrong.add(item.id);
  }
  return { passed, wrong };
}

let full: Lexicon;
let base: Lexicon;
beforeAll(() => {
  full = loadLexicon();
  base = loadLexicon(undefined, { sectors: false });
});

describe("the sector files of the lexicon", () => {
  it("are there and add entries to the base files", () => {
    expect(sectorFiles().size).toBeGreaterThan(0);
    expect(full.glossary.size).toBeGreaterThan(base.glossary.size);
  });

  it("include the English of questions about a plan (glossary-en.questions.tsv), read like any sector file", () => {
    expect(sectorFiles().get("glossary-en.tsv")).toContain("glossary-en.questions.tsv");
    expect(full.glossary.get("department of construction")).toBe("sở xây dựng");
    expect(base.glossary.has("department of construction")).toBe(false);
  });

  it.each(SETS.map((set) => [set.name, set] as const))("lose no right answer of the %s set and add no wrong one", async (_name, set) => {
    const items = readQuestions(set.questions) as (QuestionItem & { kb?: string })[];
    const documents = (await Promise.all(set.plans.map((dir) => loadKnowledge(dir)))).flatMap((loaded) => loaded.documents);
    const withBase = verdicts(items, documents, base);
    const withFull = verdicts(items, documents, full);
    const lost = [...withBase.passed].filter((id) => !withFull.passed.has(id));
    expect(lost).toEqual([]);
    const newlyWrong = [...withFull.wrong].filter((id) => !withBase.wrong.has(id));
    expect(newlyWrong).toEqual([]);
  });
});

describe("loading the sector files", () => {
  function lexiconDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "lexicon-sectors-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it("reads a sector file after its base file and leaves other names alone", () => {
    const dir = lexiconDir({
      "glossary-en.tsv": "pig\tlợn\n",
      "glossary-en.agriculture.tsv": "# a comment\npig herd\tđàn lợn\nfarm\ttrang trại\n",
      "glossary-en.notes.txt": "cow\tbò\n",
      "synonyms.tsv": "ngô\tbắp\n",
      "synonyms.regional.tsv": "lợn\theo\n",
      "abbreviations.administration.tsv": "NTTS\tnuôi trồng thủy sản\n",
    });
    const lexicon = loadLexicon(dir);
    expect([...lexicon.glossary]).toEqual([
      ["pig", "lợn"],
      ["pig herd", "đàn lợn"],
      ["farm", "trang trại"],
    ]);
    expect(lexicon.glossaryMaxWords).toBe(2);
    expect(lexicon.synonymGroups).toEqual([
      ["ngô", "bắp"],
      ["lợn", "heo"],
    ]);
    expect(lexicon.abbreviations.get("ntts")).toBe("nuôi trồng thủy sản");
    expect([...sectorFiles(dir)]).toEqual([
      ["abbreviations.tsv", ["abbreviations.administration.tsv"]],
      ["glossary-en.tsv", ["glossary-en.agriculture.tsv"]],
      ["synonyms.tsv", ["synonyms.regional.tsv"]],
    ]);
  });

  it("reads only the base files when asked, and the fingerprint tells the two apart", () => {
    const dir = lexiconDir({ "glossary-en.tsv": "pig\tlợn\n", "glossary-en.agriculture.tsv": "farm\ttrang trại\n" });
    const baseOnly = loadLexicon(dir, { sectors: false });
    expect([...baseOnly.glossary.keys()]).toEqual(["pig"]);
    expect(baseOnly.fingerprint).not.toBe(loadLexicon(dir).fingerprint);
  });

  it("changes the fingerprint when a sector file changes, so the index is rebuilt", () => {
    const dir = lexiconDir({ "glossary-en.tsv": "pig\tlợn\n", "glossary-en.agriculture.tsv": "farm\ttrang trại\n" });
    const before = loadLexicon(dir).fingerprint;
    writeFileSync(join(dir, "glossary-en.agriculture.tsv"), "farm\ttrang trại\nfarms\ttrang trại\n");
    expect(loadLexicon(dir).fingerprint).not.toBe(before);
  });

  it("has a base file for every sector file of the repository's lexicon", () => {
    for (const base of sectorFiles().keys()) expect(existsSync(join(DEFAULT_LEXICON_DIR, base)), base).toBe(true);
  });
});
