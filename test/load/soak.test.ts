import { describe, expect, it } from "vitest";
import { formatSoak, runSoak } from "./soak.js";

// The short form of `npm run soak` (which runs for minutes and gives the README its figures).
describe("soak", () => {
  it("answers every message of 120 residents once, without an error response, with flat memory", async () => {
    const figures = await runSoak({ durationMs: 40_000, warmupMs: 15_000, users: 120, thinkMs: [1500, 3500], sampleEveryMs: 1000, syntheticPlans: 100 });
    console.log(formatSoak(figures));
    expect(figures.messages).toBeGreaterThan(1000);
    expect(figures).toMatchObject({ missing: 0, unexpected: 0, wrongText: 0, errorResponses: 0 });
    expect(figures.answered).toBe(figures.messages);
    // Flat: what the heap holds at the end of the run is within noise of what it held after warm-up.
    expect(figures.heapEndMb - figures.heapStartMb).toBeLessThan(Math.max(15, figures.heapStartMb * 0.25));
  }, 120_000);
});
