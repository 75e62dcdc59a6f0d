import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { type Steps } from "../search/steps.js";

/**
 * A tree of plain objects, arrays, Maps and typed arrays written as many small pieces rather than
 * one V8 serialisation: one `serialize` of the cache of 10,000 plans holds the main thread for more
 * than a second, a piece for a few milliseconds, and the bot answers between pieces (see steps.ts).
 *
 * Plain objects are walked into; arrays and Maps are cut into runs of items, each run sized as they
 * go so that it serialises in about RUN_MS; typed arrays are written as their raw bytes, 8-byte
 * aligned, and read straight into typed arrays of their own.
 *
 * Each piece is a frame: two u32 (the header's length, the payload's length), the header (a V8
 * serialisation of { path, kind, type }), then the payload, each padded to 8 bytes.
 */

const MAGIC = Buffer.from("KHPIECE1");
const RUN_MS = 4;
const FIRST_RUN = 1;

type Kind = "object" | "array" | "map" | "items" | "value" | "typed";

interface Header {
  path: string[];
  kind: Kind;
  /** The typed array's constructor, for "typed". */
  type?: string;
}

const TYPED_ARRAYS = { Uint8Array, Uint16Array, Uint32Array, Int8Array, Int16Array, Int32Array, Float32Array, Float64Array } as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
const typedName = (value: unknown): TypedArrayName | undefined => {
  if (!ArrayBuffer.isView(value)) return undefined;
  const name = value.constructor.name;
  return name in TYPED_ARRAYS && Object.getPrototypeOf(value) === TYPED_ARRAYS[name as TypedArrayName].prototype ? (name as TypedArrayName) : undefined;
};

const PADDING = Buffer.alloc(8);
const paddingOf = (length: number) => (8 - (length % 8)) % 8;
const padding = (length: number) => PADDING.subarray(0, paddingOf(length));

/** The frames of `root`, with the file's magic first: the buffers to write one after the other. */
export function* piecesOf(root: Record<string, unknown>): Steps<Uint8Array[]> {
  const out: Uint8Array[] = [MAGIC];
  const frame = (header: Header, payload: Uint8Array = PADDING.subarray(0, 0)) => {
    const head = serialize(header);
    const lengths = Buffer.alloc(8);
    lengths.writeUInt32LE(head.length, 0);
    lengths.writeUInt32LE(payload.byteLength, 4);
    out.push(lengths, head, padding(head.length), payload, padding(payload.byteLength));
  };
  function* walk(value: unknown, path: string[]): Steps<void> {
    const type = typedName(value);
    if (type) {
      const view = value as ArrayBufferView;
      frame({ path, kind: "typed", type }, Buffer.from(view.buffer, view.byteOffset, view.byteLength));
    } else if (isPlainObject(value)) {
      frame({ path, kind: "object" });
      for (const [key, member] of Object.entries(value)) if (member !== undefined) yield* walk(member, [...path, key]);
    } else if (Array.isArray(value) || value instanceof Map) {
      frame({ path, kind: Array.isArray(value) ? "array" : "map" });
      yield* runs(Array.isArray(value) ? value : [...value], path);
    } else {
      frame({ path, kind: "value" }, serialize(value));
    }
    yield;
  }
  function* runs(items: readonly unknown[], path: string[]): Steps<void> {
    let size = FIRST_RUN;
    for (let at = 0; at < items.length; ) {
      const run = items.slice(at, at + size);
      const started = performance.now();
      frame({ path, kind: "items" }, serialize(run));
      const took = performance.now() - started;
      at += run.length;
      if (took < RUN_MS / 2) size *= 2;
      else if (took > RUN_MS * 2) size = Math.max(1, Math.floor(size / 2));
      yield;
    }
  }
  yield* walk(root, []);
  return out;
}

/** Whether the bytes were written by piecesOf (else they are in some older format). */
export function isPieceFile(bytes: Buffer): boolean {
  return bytes.length >= MAGIC.length && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

/**
 * The bytes of a piece file, in order. Each payload is read into memory of its own, never a view of
 * one buffer of the whole file: a typed array kept from a view (or nested in a deserialised run,
 * which Node reads back as a view of the run's bytes) would keep every byte of the file alive.
 */
interface ByteSource {
  /** Throws unless `length` more bytes (and their padding) are left: checked before memory is given to them. */
  ensure(length: number): void;
  /** The next `length` bytes (then the padding to 8), in a buffer of their own. */
  take(length: number): Buffer;
  /** The next bytes into `target` (then the padding to 8). */
  takeInto(target: Uint8Array): void;
  atEnd(): boolean;
}

class FileSource implements ByteSource {
  private position = 0;
  private readonly size: number;

  constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
  }

  ensure(length: number): void {
    if (this.position + length + paddingOf(length) > this.size) throw new Error("the file ends inside a piece");
  }

  take(length: number): Buffer {
    this.ensure(length);
    const bytes = Buffer.allocUnsafe(length);
    this.takeInto(bytes);
    return bytes;
  }

  takeInto(target: Uint8Array): void {
    const length = target.byteLength;
    this.ensure(length);
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, target, done, length - done, this.position + done);
      if (read === 0) throw new Error("the file ends inside a piece");
      done += read;
    }
    this.position += length + paddingOf(length);
  }

  atEnd(): boolean {
    return this.position >= this.size;
  }
}

class BufferSource implements ByteSource {
  private at = 0;

  constructor(private readonly bytes: Buffer) {}

  ensure(length: number): void {
    if (this.at + length + paddingOf(length) > this.bytes.length) throw new Error("the file ends inside a piece");
  }

  take(length: number): Buffer {
    return Buffer.from(this.next(length));
  }

  takeInto(target: Uint8Array): void {
    target.set(this.next(target.byteLength));
  }

  atEnd(): boolean {
    return this.at >= this.bytes.length;
  }

  private next(length: number): Buffer {
    this.ensure(length);
    const start = this.at;
    this.at += length + paddingOf(length);
    return this.bytes.subarray(start, start + length);
  }
}

/** The tree piecesOf wrote; throws on bytes that are not whole frames of it. */
export function readPieces(bytes: Buffer): Record<string, unknown> {
  if (!isPieceFile(bytes)) throw new Error("not a piece file");
  const source = new BufferSource(bytes);
  source.take(MAGIC.length);
  return readFrames(source);
}

/**
 * The tree of a piece file; undefined when the file does not start as one, and throws on a file
 * that does but is not whole frames of a tree.
 */
export function readPieceFile(path: string): { tree?: Record<string, unknown>; firstByte?: number } {
  const fd = openSync(path, "r");
  try {
    const source = new FileSource(fd);
    const magic = Buffer.alloc(MAGIC.length);
    const read = readSync(fd, magic, 0, magic.length, 0);
    if (read < magic.length || !magic.equals(MAGIC)) return read > 0 ? { firstByte: magic[0]! } : {};
    source.take(MAGIC.length);
    return { tree: readFrames(source) };
  } finally {
    closeSync(fd);
  }
}

function readFrames(source: ByteSource): Record<string, unknown> {
  let root: Record<string, unknown> | undefined;
  while (!source.atEnd()) {
    const lengths = source.take(8);
    const headLength = lengths.readUInt32LE(0);
    const payloadLength = lengths.readUInt32LE(4);
    const header = deserialize(source.take(headLength)) as Header;
    if (header.path.length === 0) {
      if (header.kind !== "object" || root) throw new Error("a second root");
      source.take(payloadLength);
      root = {};
      continue;
    }
    if (!root) throw new Error("a piece before the root");
    place(root, header, header.kind === "typed" ? typedPayload(header, payloadLength, source) : source.take(payloadLength));
  }
  if (!root) throw new Error("no root");
  return root;
}

/** A typed array's bytes read straight into a typed array of its own. */
function typedPayload({ type }: Header, length: number, source: ByteSource): ArrayBufferView {
  const make = type && Object.hasOwn(TYPED_ARRAYS, type) ? TYPED_ARRAYS[type as TypedArrayName] : undefined;
  if (!make || length % make.BYTES_PER_ELEMENT !== 0) throw new Error("a damaged typed array");
  source.ensure(length);
  const array = new make(length / make.BYTES_PER_ELEMENT);
  source.takeInto(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return array;
}

/** Puts a piece in the tree: `payload` is the typed array itself for "typed", the serialised bytes otherwise. */
function place(root: Record<string, unknown>, { path, kind }: Header, payload: Buffer | ArrayBufferView): void {
  if (!Array.isArray(path) || path.some((key) => typeof key !== "string" || key === "__proto__")) throw new Error("a damaged path");
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown>)[key];
  if (!isPlainObject(parent)) throw new Error("a piece outside an object");
  const key = path[path.length - 1]!;
  switch (kind) {
    case "object":
      parent[key] = {};
      return;
    case "array":
      parent[key] = [];
      return;
    case "map":
      parent[key] = new Map();
      return;
    case "value":
      parent[key] = deserialize(payload as Buffer);
      return;
    case "typed":
      parent[key] = payload;
      return;
    case "items": {
      const items = deserialize(payload as Buffer) as unknown[];
      const into = parent[key];
      if (!Array.isArray(items)) throw new Error("damaged items");
      if (Array.isArray(into)) for (const item of items) into.push(item);
      else if (into instanceof Map) for (const [k, v] of items as [unknown, unknown][]) into.set(k, v);
      else throw new Error("items outside an array or Map");
      return;
    }
    default:
      throw new Error("an unknown piece");
  }
}
