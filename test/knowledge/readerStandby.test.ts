import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configurePlanReader, keepReadersReady, READER_LIMITS, readerThreadCount, stopReaders } from "../../src/ingest/planReaderPool.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";

const defaults = { ...READER_LIMITS };
afterEach(async () => {
  keepReadersReady(0);
  configurePlanReader(defaults);
  await stopReaders();
});

const plan = () => readFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt"));
const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe("reader threads on standby", () => {
  it("an idle reader stops, unless one is kept ready; lowering the standby stops it again", async () => {
    configurePlanReader({ idleMs: 50 });
    await stopReaders();
    await parsePlanFile("lai-hung-2024.txt", plan());
    expect(readerThreadCount()).toBe(1);
    await waitFor(() => readerThreadCount() === 0);
    expect(readerThreadCount()).toBe(0);

    keepReadersReady(1);
    const doc = await parsePlanFile("lai-hung-2024.txt", plan());
    expect(doc.meta.number).toBe("63/KH-UBND");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readerThreadCount()).toBe(1);

    keepReadersReady(0);
    await waitFor(() => readerThreadCount() === 0);
    expect(readerThreadCount()).toBe(0);
  });

  it("a standby asked for while no reader runs (a restart from the cache) starts one, which reads the next plan", async () => {
    configurePlanReader({ idleMs: 50, standbyStartMs: 20 });
    await stopReaders();
    keepReadersReady(1);
    await waitFor(() => readerThreadCount() === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readerThreadCount()).toBe(1);
    const doc = await parsePlanFile("lai-hung-2024.txt", plan());
    expect(doc.meta.number).toBe("63/KH-UBND");
    expect(readerThreadCount()).toBe(1);
  });
});
