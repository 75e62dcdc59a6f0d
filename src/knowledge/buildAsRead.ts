import type { PlanDocument } from "../ingest/types.js";
import type { IndexBuilder } from "../search/knowledgeIndex.js";

/**
 * Start-up's index, built while its plans are read: each plan is keyed into the builder as soon as
 * it and every plan before it (in the order the index will hold them) are known, so that the main
 * thread keys one plan while the reader thread reads the next. The builder checks the plans it is
 * finished with against those it was given; should the order here ever differ, it builds again.
 */
export class BuildAsRead {
  private readonly known = new Map<string, PlanDocument | undefined>();
  private next = 0;

  /**
   * `order`: the plans' names in the index's order; `known`: the plans already known (those not
   * being read), with their document or none.
   */
  constructor(
    readonly builder: IndexBuilder,
    private readonly order: readonly string[],
    known: ReadonlyMap<string, PlanDocument | undefined>,
  ) {
    for (const [name, doc] of known) this.known.set(name, doc);
    this.advance();
  }

  /** A plan read (its document), or not read (the document that keeps serving, if any). */
  settle(name: string, doc: PlanDocument | undefined): void {
    this.known.set(name, doc);
    this.advance();
  }

  private advance(): void {
    while (this.next < this.order.length && this.known.has(this.order[this.next]!)) {
      const doc = this.known.get(this.order[this.next]!);
      this.known.delete(this.order[this.next]!);
      this.next++;
      if (doc) this.builder.add(doc);
    }
  }
}
