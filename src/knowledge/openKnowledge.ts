import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadLexicon } from "../lexicon/lexicon.js";
import { buildIndex, type KnowledgeIndex } from "../search/knowledgeIndex.js";
import { loadKnowledge } from "./loadKnowledge.js";
import type { RefusedFiles } from "./refusedFiles.js";

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL("../../knowledge/", import.meta.url));

/** Loads the plans of a folder and the lexicon, and builds the search index over them. */
export async function openKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR, lexiconDir?: string, refused?: RefusedFiles): Promise<KnowledgeIndex> {
  const { documents, problems } = await loadKnowledge(resolve(dir), refused);
  return buildIndex(documents, loadLexicon(lexiconDir), problems);
}
