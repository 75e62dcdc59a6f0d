/**
 * The index's sentence entries by text, made only when something asks for a sentence by its text
 * (a plan added or replaced, a cache written) or, after a restart, a few thousand entries at a time
 * between other work: a restart that ties every plan to its sentences by id does not wait for the
 * hundreds of thousands of sentence texts it read to be hashed (1.4 s at 10,000 realistic plans).
 * Entries come in id order, as adding them one by one would insert them.
 */
export class SentenceMap<Entry extends { text: string }> {
  private byText: Map<string, Entry> | undefined;
  /** The map being made in the background, and the next id to add to it. */
  private partial: Map<string, Entry> | undefined;
  private next = 0;

  constructor(private readonly byId: readonly (Entry | undefined)[]) {}

  private fill(until: number): void {
    const map = (this.partial ??= new Map());
    for (; this.next < until; this.next++) {
      const entry = this.byId[this.next];
      if (entry) map.set(entry.text, entry);
    }
    if (this.next >= this.byId.length) {
      this.byText = map;
      this.partial = undefined;
    }
  }

  private built(): Map<string, Entry> {
    if (!this.byText) this.fill(this.byId.length);
    return this.byText!;
  }

  /** Makes the map `chunk` entries at a time, on timers that do not keep the process alive. */
  fillInBackground(chunk = 4000): void {
    if (this.byText || this.partial) return;
    const step = () => {
      if (this.byText) return;
      this.fill(Math.min(this.next + chunk, this.byId.length));
      if (!this.byText) setTimeout(step, 0).unref();
    };
    this.partial = new Map();
    setTimeout(step, 0).unref();
  }

  get(text: string): Entry | undefined {
    return this.built().get(text);
  }

  has(text: string): boolean {
    return this.built().has(text);
  }

  /** An entry just pushed onto the list by id (a map being made reaches it in its turn). */
  added(entry: Entry): void {
    this.byText?.set(entry.text, entry);
  }

  /** An entry just taken off the list by id. */
  removed(entry: Entry): void {
    const map = this.byText ?? this.partial;
    if (map?.get(entry.text) === entry) map.delete(entry.text);
  }

  get size(): number {
    return this.built().size;
  }

  values(): IterableIterator<Entry> {
    return this.built().values();
  }
}
