/**
 * The index's sentence entries by text, made only when something asks for a sentence by its text
 * (a plan added or replaced, a cache written): a restart that ties every plan to its sentences by
 * id never hashes the tens of thousands of sentence texts it read. Entries come in id order, as
 * adding them one by one would insert them.
 */
export class SentenceMap<Entry extends { text: string }> {
  private byText: Map<string, Entry> | undefined;

  constructor(private readonly byId: readonly (Entry | undefined)[]) {}

  private built(): Map<string, Entry> {
    if (!this.byText) {
      this.byText = new Map();
      for (const entry of this.byId) if (entry) this.byText.set(entry.text, entry);
    }
    return this.byText;
  }

  get(text: string): Entry | undefined {
    return this.built().get(text);
  }

  has(text: string): boolean {
    return this.built().has(text);
  }

  /** An entry just pushed onto the list by id (nothing to do until the map is made). */
  added(entry: Entry): void {
    this.byText?.set(entry.text, entry);
  }

  /** An entry just taken off the list by id. */
  removed(entry: Entry): void {
    this.byText?.delete(entry.text);
  }

  get size(): number {
    return this.built().size;
  }

  values(): IterableIterator<Entry> {
    return this.built().values();
  }
}
