import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import { openKnowledge } from "./openKnowledge.js";

/** Holds the index that answers questions now; a rebuilt index replaces it in one assignment. */
export class KnowledgeBase {
  private current: KnowledgeIndex;

  constructor(
    readonly knowledgeDir: string,
    readonly lexiconDir?: string,
  ) {
    this.current = openKnowledge(knowledgeDir, lexiconDir);
  }

  get index(): KnowledgeIndex {
    return this.current;
  }

  reload(): KnowledgeIndex {
    this.current = openKnowledge(this.knowledgeDir, this.lexiconDir);
    return this.current;
  }
}
