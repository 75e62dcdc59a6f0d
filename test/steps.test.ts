import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { mapInSteps, runAtOnce, runBetweenAnswers, type Steps } from "../src/search/steps.js";

function* squares(count: number, log: string[]): Steps<number> {
  let sum = 0;
  try {
    for (let i = 0; i < count; i++) {
      sum += i * i;
      yield;
    }
    return sum;
  } finally {
    log.push("finally");
  }
}

describe("work in steps", () => {
  it("gives the same result at once and between answers, letting other work run between its slices", async () => {
    const log: string[] = [];
    expect(runAtOnce(squares(1000, log))).toBe(332_833_500);
    let turns = 0;
    let counting = true;
    void (async () => {
      while (counting) {
        await nextTurn();
        turns++;
      }
    })();
    const run = await runBetweenAnswers(squares(1000, log), () => true, 0);
    counting = false;
    expect(run).toMatchObject({ done: true, value: 332_833_500 });
    expect(run.slices).toBeGreaterThan(100);
    expect(turns).toBeGreaterThan(100);
    expect(log).toEqual(["finally", "finally"]);
  });

  it("is given up, its finally blocks run, once what it reads has changed", async () => {
    const log: string[] = [];
    let slicesAllowed = 3;
    const run = await runBetweenAnswers(squares(1_000_000, log), () => --slicesAllowed > 0, 0);
    expect(run.done).toBe(false);
    expect(run.value).toBeUndefined();
    expect(run.slices).toBe(3);
    expect(log).toEqual(["finally"]);
  });

  it("maps a long array with pauses", () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const steps = mapInSteps(items, (n, i) => n * 2 + i);
    let pauses = 0;
    let next = steps.next();
    while (!next.done) {
      pauses++;
      next = steps.next();
    }
    expect(next.value).toEqual(items.map((n) => n * 3));
    expect(pauses).toBeGreaterThanOrEqual(4);
  });
});
