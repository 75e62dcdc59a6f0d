import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import type { PlanDocument } from "../src/ingest/types.js";
import { type Lexicon, loadLexicon, sectorFiles } from "../src/lexicon/lexicon.js";
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

/** The ids of the questions of a set answered right under a lexicon ("single:NN" items get plan NN_* alone). */
function passedIds(items: (QuestionItem & { kb?: string })[], documents: PlanDocument[], lexicon: Lexicon): Set<string> {
  const indexes = new Map<string, KnowledgeIndex>();
  const passed = new Set<string>();
  for (const item of items) {
    const kb = item.kb ?? "all";
    let index = indexes.get(kb);
    if (!index) {
      index = buildIndex(kb.startsWith("single:") ? documents.filter((doc) => doc.file.startsWith(kb.slice(7))) : documents, lexicon);
      indexes.set(kb, index);
    }
    if (judge(item, answerQuestion(item.q, index)) === "pass") passed.add(item.id);
  }
  return passed;
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

  it.each(SETS.map((set) => [set.name, set] as const))("lose no right answer of the %s set", async (_name, set) => {
    const items = readQuestions(set.questions) as (QuestionItem & { kb?: string })[];
    const documents = (await Promise.all(set.plans.map((dir) => loadKnowledge(dir)))).flatMap((loaded) => loaded.documents);
    const withBase = passedIds(items, documents, base);
    const withFull = passedIds(items, documents, full);
    const lost = [...withBase].filter((id) => !withFull.has(id));
    expect(lost).toEqual([]);
    expect(withFull.size).toBeGreaterThanOrEqual(withBase.size);
  });
});

describe("loading the sector files", () => {
  it("reads only the base files when asked", () => {
    const dir = join(here("../lexicon"));
    expect(loadLexicon(dir, { sectors: false }).fingerprint).not.toBe(loadLexicon(dir).fingerprint);
  });
});
