import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fullIndex, readQuestions, runQuestions, sampleIndex } from "./helpers/knowledge.js";

const OWN = fileURLToPath(new URL("./questions/own.jsonl", import.meta.url));
const DEV = fileURLToPath(new URL("../../shared/eval/questions.dev.jsonl", import.meta.url));

// Regression floors: raise them when the engine improves, never lower them.
describe("the project's own questions (sample plans and plans in other layouts)", () => {
  it("stay fully answered with no confidently wrong answer", () => {
    const run = runQuestions(readQuestions(OWN), fullIndex);
    expect(run.failures).toEqual([]);
    expect(run.accuracy).toBe(1);
  });
});

describe.skipIf(!existsSync(DEV))("the shared development set", () => {
  it("stays at its current accuracy with no confidently wrong answer", () => {
    const run = runQuestions(readQuestions(DEV), sampleIndex);
    expect(run.failures).toEqual([]);
    expect(run.wrong).toBe(0);
  });
});
