import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import type { AskResult } from "../../src/answer/types.js";
import { loadKnowledge } from "../../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { buildIndex, type KnowledgeIndex } from "../../src/search/knowledgeIndex.js";

export const SAMPLE_DIR = fileURLToPath(new URL("../../knowledge/", import.meta.url));
export const FIXTURE_DIR = fileURLToPath(new URL("../fixtures/plans/", import.meta.url));

/** The two sample plans. */
export const sampleIndex: KnowledgeIndex = buildIndex((await loadKnowledge(SAMPLE_DIR)).documents, loadLexicon());

/** The sample plans plus the test plans in other layouts. */
export const fullIndex: KnowledgeIndex = buildIndex(
  [...(await loadKnowledge(SAMPLE_DIR)).documents, ...(await loadKnowledge(FIXTURE_DIR)).documents],
  loadLexicon(),
);

export interface QuestionItem {
  id: string;
  q: string;
  nfd?: boolean;
  none?: boolean;
  expect?: { doc: string; text: string; in?: "reply" }[];
}

export function readQuestions(path: string): QuestionItem[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as QuestionItem);
}

const fold = (s: unknown) =>
  String(s ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, "");

/** Judges one answer the way ../shared/eval/score.mjs does. */
export function judge(item: QuestionItem, result: AskResult): "pass" | "wrong" | "missed" {
  if (item.none) return result.status === "no_answer" ? "pass" : "wrong";
  if (result.status !== "answered") return "missed";
  const top = result.answers[0]!;
  const docText = fold(JSON.stringify(top.document));
  const evidence = fold([top.quote, ...top.figures.map((f) => f.text)].join(" "));
  for (const e of item.expect ?? []) {
    const docOk = docText.includes(fold(e.doc)) || (e.in === "reply" && fold(result.reply).includes(fold(e.doc)));
    const hay = e.in === "reply" ? fold(result.reply) + evidence : evidence;
    if (docOk && hay.includes(fold(e.text))) return "pass";
  }
  return "wrong";
}

export function runQuestions(items: QuestionItem[], index: KnowledgeIndex) {
  const outcomes = items.map((item) => {
    const result = answerQuestion(item.nfd ? item.q.normalize("NFD") : item.q, index);
    return { item, result, verdict: judge(item, result) };
  });
  return {
    outcomes,
    accuracy: outcomes.filter((o) => o.verdict === "pass").length / items.length,
    wrong: outcomes.filter((o) => o.verdict === "wrong" && !o.item.none && o.result.status === "answered").length,
    failures: outcomes.filter((o) => o.verdict !== "pass").map((o) => `${o.item.id} ${o.item.q} -> ${o.result.reply.slice(0, 120)}`),
  };
}
