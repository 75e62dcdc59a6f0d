import { type Steps } from "./steps.js";

const CHUNK = 1 << 20;

/**
 * A Uint32Array built by pushing, in chunks of a million numbers: a plain array of tens of millions
 * (the search snapshot's postings at 10,000 plans) holds the main thread for hundreds of
 * milliseconds each time it grows, and the typed array made from it once more.
 */
export class Uint32Builder {
  private readonly full: Uint32Array[] = [];
  private chunk = new Uint32Array(CHUNK);
  private used = 0;

  get length(): number {
    return this.full.length * CHUNK + this.used;
  }

  push(value: number): void {
    if (this.used === CHUNK) {
      this.full.push(this.chunk);
      this.chunk = new Uint32Array(CHUNK);
      this.used = 0;
    }
    this.chunk[this.used++] = value;
  }

  /** The numbers pushed, in one array; pauses between chunks. */
  *finish(): Steps<Uint32Array> {
    const out = new Uint32Array(this.length);
    let at = 0;
    for (const chunk of this.full) {
      out.set(chunk, at);
      at += CHUNK;
      yield;
    }
    out.set(this.chunk.subarray(0, this.used), at);
    return out;
  }
}
