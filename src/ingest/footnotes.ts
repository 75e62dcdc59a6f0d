import type { Passage } from "./types.js";
import { collapseSpaces } from "../text/normalize.js";

/** "[1] Xã Phú Mỡ, Phường Sông Cầu, …": a footnote's text, below the signature of a web dump. */
export const FOOTNOTE_RE = /^\[(\d{1,3})\]\s*(.*)$/u;

export interface Footnote {
  marker: string;
  parts: string[];
  line: number;
}

/**
 * Each footnote becomes a passage read with the sentence that carries its marker ("… theo Quyết định
 * số 02110/QĐ-UBND của UBND tỉnh[1], …"), in that sentence's section: the list of communes it names
 * answers "xã Ô Loan có trong danh sách … không?". A footnote no passage refers to stays in the first section.
 */
export function footnotePassages(footnotes: readonly Footnote[], passages: readonly Passage[]): Passage[] {
  const added: Passage[] = [];
  for (const note of footnotes) {
    const text = collapseSpaces(note.parts.join(" ")).trim();
    if (!/\p{L}/u.test(text)) continue;
    const reference = `[${note.marker}]`;
    const referring = passages.find((passage) => passage.text.includes(reference));
    added.push({
      index: passages.length + added.length,
      section: referring?.section ?? 0,
      text,
      line: note.line,
      kind: "paragraph",
      ...(referring ? { lead: referring.text } : {}),
    });
  }
  return added;
}
