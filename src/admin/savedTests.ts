import { answerQuestion } from "../answer/answerQuestion.js";
import type { AskResult } from "../answer/types.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import type { SavedTest, Store } from "../store/store.js";
import { foldDiacritics } from "../text/normalize.js";

/** The expected value that means "the bot must say the plans do not answer". */
export const EXPECT_NO_ANSWER = "no_answer";

const fold = (text: string) => foldDiacritics(text).toLowerCase().replace(/\s+/g, "");

export function testPasses(expected: string, result: AskResult): boolean {
  if (expected.trim() === EXPECT_NO_ANSWER) return result.status === "no_answer";
  if (result.status !== "answered") return false;
  const top = result.answers[0]!;
  const evidence = fold([top.quote, ...top.figures.map((f) => f.text), result.reply].join(" "));
  return evidence.includes(fold(expected));
}

/** What a saved question should expect from an answer the official saw: its figure, or "no answer". */
export function expectedFrom(result: Pick<AskResult, "status" | "answers">): string {
  if (result.status === "no_answer") return EXPECT_NO_ANSWER;
  const top = result.answers[0];
  return top?.figures[0]?.text ?? top?.quote.slice(0, 200) ?? EXPECT_NO_ANSWER;
}

export interface TestOutcome extends SavedTest {
  /** The latest reply differs from the one an official accepted. */
  changed: boolean;
}

function record(store: Store, index: KnowledgeIndex, test: SavedTest): void {
  const result = answerQuestion(test.question, index);
  store.recordTestRun(test.id, testPasses(test.expected, result) ? "pass" : "fail", result.reply);
}

/** Runs one saved question against the index, records the outcome and returns it. */
export function runSavedTest(store: Store, index: KnowledgeIndex, test: SavedTest): TestOutcome | undefined {
  record(store, index, test);
  return describeTests(store).find((t) => t.id === test.id);
}

/** Runs every saved question against the index and records the outcome. */
export function runSavedTests(store: Store, index: KnowledgeIndex): TestOutcome[] {
  for (const test of store.listSavedTests()) record(store, index, test);
  return describeTests(store);
}

export function describeTests(store: Store): TestOutcome[] {
  return store
    .listSavedTests()
    .map((test) => ({ ...test, changed: test.acceptedReply !== undefined && test.lastReply !== undefined && test.acceptedReply !== test.lastReply }));
}
