import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { isPieceFile, piecesOf, readPieceFile, readPieces } from "../../src/knowledge/pieceFile.js";
import { runAtOnce } from "../../src/search/steps.js";

const MAGIC_LENGTH = 8;
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

  it("reads every typed array into memory of its own, so that nothing read keeps the whole file", () => {
    const tree = sampleTree();
    const bytes = bytesOf(tree);
    const file = join(mkdtempSync(join(tmpdir(), "pieces-")), "cache");
    writeFileSync(file, bytes);
    for (const read of [readPieces(bytes), readPieceFile(file).tree!]) {
      expect(read).toEqual(tree);
      const nested = read.nested as { ids: Uint32Array; numbers: Float64Array };
      expect(nested.ids.buffer).not.toBe(bytes.buffer);
      expect(nested.numbers[1]).toBe(93.45);
      // Typed arrays inside a run of a Map are read by V8 as views of the run's bytes: those of the run only.
      const row = (read.units as Map<string, Uint32Array>).get("plan-3:hash")!;
      expect(row).toEqual(new Uint32Array([9, 12, 15, 18]));
      expect(row.buffer.byteLength).toBeLessThan(bytes.length / 4);
    }
  });

  it("reads a file: a whole one, one in the older format, an empty one, a truncated one", () => {
    const dir = mkdtempSync(join(tmpdir(), "pieces-"));
    const bytes = bytesOf(sampleTree());
    writeFileSync(join(dir, "whole"), bytes);
    writeFileSync(join(dir, "older"), serialize({ fingerprint: "x" }));
    writeFileSync(join(dir, "empty"), "");
    writeFileSync(join(dir, "cut"), bytes.subarray(0, bytes.length - 9));
    expect(readPieceFile(join(dir, "whole")).tree).toEqual(sampleTree());
    expect(readPieceFile(join(dir, "older"))).toEqual({ firstByte: 0xff });
    expect(readPieceFile(join(dir, "empty"))).toEqual({});
    expect(() => readPieceFile(join(dir, "cut"))).toThrow(/ends inside a piece/);
    // A length past the end is refused before any memory is given to it.
    const huge = Buffer.from(bytes);
    huge.writeUInt32LE(0xfffffff0, MAGIC_LENGTH + 4);
    writeFileSync(join(dir, "huge"), huge);
    expect(() => readPieceFile(join(dir, "huge"))).toThrow(/ends inside a piece/);
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
