import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex, type KnowledgeIndex } from "../src/search/knowledgeIndex.js";
import { judge, type QuestionItem, readQuestions } from "./helpers/knowledge.js";

/** Runs a set whose items name their knowledge base ("single:NN": the plan NN_* alone, "all": every plan), as ../shared/eval/run-set.mjs does. */
async function runSet(folder: string) {
  const items = readQuestions(join(folder, "questions.jsonl")) as (QuestionItem & { kb?: string })[];
  const plans = (await loadKnowledge(join(folder, "plans"))).documents;
  const lexicon = loadLexicon();
  const indexes = new Map<string, KnowledgeIndex>();
  let passed = 0;
  let wrong = 0;
  for (const item of items) {
    const kb = item.kb ?? "all";
    let index = indexes.get(kb);
    if (!index) {
      index = buildIndex(kb.startsWith("single:") ? plans.filter((doc) => doc.file.startsWith(kb.slice(7))) : plans, lexicon);
      indexes.set(kb, index);
    }
    const result = answerQuestion(item.q, index);
    const verdict = judge(item, result);
    if (verdict === "pass") passed++;
    else if (verdict === "wrong" && !item.none) wrong++;
  }
  return { accuracy: passed / items.length, wrong, plans: readdirSync(join(folder, "plans")).length, questions: items.length };
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SHARED_REAL = here("../../shared/eval/real/");

// Regression floors at the level reached; raise them when the engine improves, never lower them.
describe("real plans of communes, districts and provinces (the project's own sets)", () => {
  const runs = Promise.all([runSet(here("./realset/communes/")), runSet(here("./realset/wider/"))]);

  it("commune and ward plans", async () => {
    const [run] = await runs;
    expect(run.plans).toBeGreaterThanOrEqual(20);
    expect(run.accuracy).toBeGreaterThanOrEqual(0.975);
    expect(run.wrong).toBe(0);
  });

  it("district, city and province documents", async () => {
    const [, run] = await runs;
    expect(run.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(run.wrong).toBeLessThanOrEqual(1);
  });

  it("together: at least 25 real plans and 400 questions, 95% answered right, at most one confidently wrong", async () => {
    const all = await runs;
    const questions = all.reduce((sum, run) => sum + run.questions, 0);
    const passed = all.reduce((sum, run) => sum + run.accuracy * run.questions, 0);
    expect(all.reduce((sum, run) => sum + run.plans, 0)).toBeGreaterThanOrEqual(25);
    expect(questions).toBeGreaterThanOrEqual(400);
    expect(passed / questions).toBeGreaterThanOrEqual(0.95);
    expect(all.reduce((sum, run) => sum + run.wrong, 0)).toBeLessThanOrEqual(1);
  });
});

describe.skipIf(!existsSync(SHARED_REAL))("the shared real-plan development corpus", () => {
  it("stays at its current level", async () => {
    const run = await runSet(SHARED_REAL);
    expect(run.accuracy).toBeGreaterThanOrEqual(0.975);
    expect(run.wrong).toBeLessThanOrEqual(1);
  });
});
