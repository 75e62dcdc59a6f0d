const NONE: readonly never[] = [];

/**
 * Phrases (or groups of phrases) listed under the folded first word of each, in the order given:
 * at a question's token only those filed under its word can start there, so looking for the first
 * that does reads a handful of phrases, not the lexicon's hundreds.
 */
export class FirstWordIndex<T> {
  private readonly byWord = new Map<string, T[]>();

  /** `firstWordsOf` gives each item's folded first words (a group has one per member). */
  constructor(items: readonly T[], firstWordsOf: (item: T) => readonly (string | undefined)[]) {
    for (const item of items) {
      for (const word of new Set(firstWordsOf(item))) {
        if (word === undefined) continue;
        const list = this.byWord.get(word);
        if (list) list.push(item);
        else this.byWord.set(word, [item]);
      }
    }
  }

  /** The items that may start with this folded word, in the order they were given. */
  startingWith(word: string): readonly T[] {
    return this.byWord.get(word) ?? NONE;
  }
}
