import type { Figure } from "../ingest/figures.js";
import type { Passage, PlanDocument, Section, Unit } from "../ingest/types.js";
import type { StoredSets, TermSet } from "./termSet.js";

export interface IndexedUnit extends Unit {
  readonly exact: TermSet;
  readonly folded: TermSet;
  readonly bigrams: TermSet;
  /** The section trail's, heading's, title's and lead's sets, each shared by every unit read with that text. */
  readonly trailSets: TextSets;
  readonly headingSets?: TextSets;
  readonly titleSets?: TextSets;
  readonly leadSets?: TextSets;
  readonly trailExact: TermSet;
  readonly trailFolded: TermSet;
  /** The keys of the unit's own section heading ("6. Sở Tài chính" above that department's tasks). */
  readonly headingExact?: TermSet;
  readonly headingFolded?: TermSet;
  /** The keys of the plan's title: what every passage of the plan is about. */
  readonly titleExact?: TermSet;
  readonly titleFolded?: TermSet;
  /** The keys of the unit's lead (see Unit.lead), when it has one. */
  readonly leadExact?: TermSet;
  readonly leadFolded?: TermSet;
  readonly figures: Figure[];
}

export type SentenceField = "exact" | "folded" | "bigrams";

/** The three sets of every sentence a restart read from the cache, by the sentence's row there. */
export interface StoredSentenceSets {
  exact: StoredSets;
  folded: StoredSets;
  bigrams: StoredSets;
}

/**
 * One distinct sentence text and every unit that reads exactly so. Commune plans are written from
 * their district's template, so the same sentence recurs across plans: its keys are computed and
 * indexed once (one MiniSearch document per distinct text), and its units carry the per-plan context.
 * A sentence read from the cache makes its sets when they are first asked for (see StoredSets).
 */
export class SentenceEntry {
  units: IndexedUnit[] = [];
  private exact: TermSet | undefined;
  private folded: TermSet | undefined;
  private bigrams: TermSet | undefined;

  private constructor(
    /** The MiniSearch document id. */
    readonly id: number,
    readonly text: string,
    readonly figures: Figure[],
    private readonly stored: StoredSentenceSets | undefined,
    private readonly row: number,
  ) {}

  static keyed(id: number, text: string, sets: Record<SentenceField, TermSet>, figures: Figure[]): SentenceEntry {
    const entry = new SentenceEntry(id, text, figures, undefined, 0);
    entry.exact = sets.exact;
    entry.folded = sets.folded;
    entry.bigrams = sets.bigrams;
    return entry;
  }

  static stored(id: number, text: string, stored: StoredSentenceSets, row: number, figures: Figure[]): SentenceEntry {
    return new SentenceEntry(id, text, figures, stored, row);
  }

  get exactSet(): TermSet {
    return (this.exact ??= this.stored!.exact.view(this.row));
  }

  get foldedSet(): TermSet {
    return (this.folded ??= this.stored!.folded.view(this.row));
  }

  get bigramSet(): TermSet {
    return (this.bigrams ??= this.stored!.bigrams.view(this.row));
  }

  /** A set for work that reads every sentence once (the cache, the term counts): not kept when not made yet. */
  peek(field: SentenceField): TermSet {
    return this[field] ?? this.stored![field].view(this.row);
  }
}

/** A text a unit is read with beyond its sentence (its trail, heading, title or lead), as term sets. */
export interface TextSets {
  readonly exact: TermSet;
  readonly folded: TermSet;
}

/** The trails, headings, titles and leads a restart read from the cache, each made into views when first asked for. */
export class StoredTextSets implements TextSets {
  private exactSet: TermSet | undefined;
  private foldedSet: TermSet | undefined;

  constructor(
    private readonly stored: { exact: StoredSets; folded: StoredSets },
    private readonly row: number,
  ) {}

  get exact(): TermSet {
    return (this.exactSet ??= this.stored.exact.view(this.row));
  }

  get folded(): TermSet {
    return (this.foldedSet ??= this.stored.folded.view(this.row));
  }

  /** See SentenceEntry.peek. */
  peek(field: "exact" | "folded"): TermSet {
    return (field === "exact" ? this.exactSet : this.foldedSet) ?? this.stored[field].view(this.row);
  }
}

/** A set of `sets` for work that reads every one once: not kept when not made yet. */
export function peekSet(sets: TextSets, field: "exact" | "folded"): TermSet {
  return sets instanceof StoredTextSets ? sets.peek(field) : sets[field];
}

/** A sentence where a plan has it: the sentence's text, keys and figures are its entry's. */
export class SentenceUnit implements IndexedUnit {
  readonly section: Section;
  headingSets?: TextSets;
  titleSets?: TextSets;
  lead?: string;
  leadSets?: TextSets;

  constructor(
    readonly id: number,
    readonly doc: PlanDocument,
    readonly passage: Passage,
    readonly sentence: SentenceEntry,
    readonly trailSets: TextSets,
  ) {
    this.section = doc.sections[passage.section]!;
  }

  get text(): string {
    return this.sentence.text;
  }

  get figures(): Figure[] {
    return this.sentence.figures;
  }

  get exact(): TermSet {
    return this.sentence.exactSet;
  }

  get folded(): TermSet {
    return this.sentence.foldedSet;
  }

  get bigrams(): TermSet {
    return this.sentence.bigramSet;
  }

  get trailExact(): TermSet {
    return this.trailSets.exact;
  }

  get trailFolded(): TermSet {
    return this.trailSets.folded;
  }

  get headingExact(): TermSet | undefined {
    return this.headingSets?.exact;
  }

  get headingFolded(): TermSet | undefined {
    return this.headingSets?.folded;
  }

  get titleExact(): TermSet | undefined {
    return this.titleSets?.exact;
  }

  get titleFolded(): TermSet | undefined {
    return this.titleSets?.folded;
  }

  get leadExact(): TermSet | undefined {
    return this.leadSets?.exact;
  }

  get leadFolded(): TermSet | undefined {
    return this.leadSets?.folded;
  }
}
