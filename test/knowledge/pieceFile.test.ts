import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { isPieceFile, piecesOf, readPieces } from "../../src/knowledge/pieceFile.js";
import { runAtOnce } from "../../src/search/steps.js";

const bytesOf = (root: Record<string, unknown>) => Buffer.concat(runAtOnce(piecesOf(root)));

function sampleTree() {
  const shared = new Uint32Array(64).map((_, i) => i * 3);
  return {
    fingerprint: "abc",
    count: 42,
    nothing: null,
    texts: Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? null : `câu số ${i}`)),
    entries: Array.from({ length: 3000 }, (_, i) => [`plan-${i}.txt`, { signature: `${i}:${i * 2}`, doc: { file: `plan-${i}.txt`, rows: new Uint32Array([i, i + 1]) } }]),
    units: new Map(Array.from({ length: 500 }, (_, i) => [`plan-${i}:hash`, shared.subarray(i % 60, (i % 60) + 4)])),
    nested: { ids: new Uint32Array([1, 2, 3]), numbers: new Float64Array([0.5, 93.45, -1]), bytes: new Uint8Array([7, 8, 9]), empty: {}, list: [] },
  };
}

describe("the piece file of the cache", () => {
  it("reads back the tree it wrote: objects, long arrays, Maps and typed arrays", () => {
    const tree = sampleTree();
    const bytes = bytesOf(tree);
    expect(isPieceFile(bytes)).toBe(true);
    const read = readPieces(bytes);
    expect(read).toEqual(tree);
    expect((read.units as Map<string, Uint32Array>).get("plan-3:hash")).toEqual(new Uint32Array([9, 12, 15, 18]));
    expect(Object.keys(read)).toEqual(Object.keys(tree));
  });

  it("cuts long arrays into many pieces, so that no one serialisation is long", () => {
    const pieces = runAtOnce(piecesOf({ texts: Array.from({ length: 200_000 }, (_, i) => `text ${i}`) }));
    // Five buffers per frame; the first run is one item, then runs double while they stay quick.
    expect(pieces.length / 5).toBeGreaterThan(5);
  });

  it("reads top-level typed arrays as views of the file's bytes, not copies", () => {
    const bytes = bytesOf({ ids: new Uint32Array([5, 6, 7]), numbers: new Float64Array([1.5]) });
    const read = readPieces(bytes) as { ids: Uint32Array; numbers: Float64Array };
    expect(read.ids.buffer).toBe(bytes.buffer);
    expect(read.numbers[0]).toBe(1.5);
  });

  it("refuses bytes that are not whole pieces of a tree", () => {
    const bytes = bytesOf(sampleTree());
    expect(() => readPieces(bytes.subarray(0, bytes.length - 9))).toThrow();
    expect(() => readPieces(Buffer.from("KHPIECE1garbage!"))).toThrow();
    expect(() => readPieces(serialize({ fingerprint: "x" }))).toThrow(/not a piece file/);
    expect(isPieceFile(serialize({ fingerprint: "x" }))).toBe(false);
  });

  it("refuses a path that would reach an object's prototype", () => {
    const bytes = bytesOf({ __proto_x: { polluted: true } });
    const forged = Buffer.from(bytes.toString("latin1").replaceAll("__proto_x", "__proto__"), "latin1");
    expect(forged.length).toBe(bytes.length);
    expect(() => readPieces(forged)).toThrow(/damaged path/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
