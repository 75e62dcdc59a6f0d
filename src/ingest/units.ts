import type { Passage, PlanDocument } from "./types.js";

export interface UnitSpan {
  text: string;
  start: number;
}

// Abbreviations that end in a dot inside a sentence: "TT. HĐND", "Đ/c.", "v.v.".
const NO_BREAK_BEFORE_RE = /(?:^|[\s(])(?:TT|TP|Tp|Q|P|TS|ThS|BS|Đ\/c|đ\/c|v\.v|St|Ô|B)\.$/u;
const MIN_UNIT_WORDS = 4;

/**
 * Splits a passage into the sentences (and long clauses) that are searched and quoted.
 * A sentence ends at . ! ? followed by a capital, or at ; followed by more text.
 */
export function splitUnits(text: string): UnitSpan[] {
  const spans: UnitSpan[] = [];
  const breakRe = /([.!?…]+["”»)]?|;)\s+(?=[\p{L}\p{N}"“«(])/gu;
  let start = 0;
  for (const match of text.matchAll(breakRe)) {
    const end = match.index + match[1]!.length;
    const piece = text.slice(start, end);
    if (match[1] !== ";" && NO_BREAK_BEFORE_RE.test(piece)) continue;
    // "(Giao Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh; Sở Tư pháp …)": a list inside brackets stays whole.
    if (match[1] === ";" && insideBrackets(piece)) continue;
    if (match[1] !== ";" && !/^\p{Lu}|^\p{N}|^["“«(]/u.test(text.slice(match.index + match[0].length))) continue;
    spans.push({ text: piece.trim(), start });
    start = match.index + match[0].length;
  }
  if (start < text.length) spans.push({ text: text.slice(start).trim(), start });
  // Fragments too short to stand alone join the unit before them.
  const merged: UnitSpan[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous && hasFewerWords(span.text, MIN_UNIT_WORDS)) previous.text = text.slice(previous.start, span.start + span.text.length).trim();
    else merged.push({ ...span });
  }
  return merged.filter((span) => /\p{L}/u.test(span.text));
}

function insideBrackets(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === "(") depth++;
    else if (char === ")" && depth > 0) depth--;
  }
  return depth > 0;
}

const WORD_RE = /\S+/g;

/** Counts only as far as it needs to: most pieces are long sentences. */
function hasFewerWords(text: string, words: number): boolean {
  WORD_RE.lastIndex = 0;
  for (let seen = 0; WORD_RE.exec(text); ) if (++seen >= words) return false;
  return true;
}

export interface DocumentUnit {
  passage: Passage;
  text: string;
  start: number;
}

export function documentUnits(doc: PlanDocument): DocumentUnit[] {
  return doc.passages.flatMap((passage) =>
    // A table row is one fact: its cells must stay together with their column headers.
    passage.kind === "table-row"
      ? [{ passage, text: passage.text, start: 0 }]
      : splitUnits(passage.text).map((span) => ({ passage, text: span.text, start: span.start })),
  );
}

