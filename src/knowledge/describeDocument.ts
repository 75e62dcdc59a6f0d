import { vietnameseDate } from "../answer/citation.js";
import type { MetaSource, PlanDocument, Warning } from "../ingest/types.js";
import { type Bilingual, bilingual, bilingualRef, type MessageKey, type MessageRef } from "../messages/catalogue.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import { indicatorOf } from "../text/wordCut.js";

export interface DocumentSummary {
  /** Each detail's value, with where it came from when not from the plan's text. */
  metadata: [string, string][];
  sections: { path: string; heading: string; line: number; depth: number; passages: number }[];
  /** `check`: the plan was read by OCR, the figure is to be checked against the paper; `uncertain`: OCR was unsure of it. */
  figures: { section: string; text: string; value: number; unit: string; comparator?: string; indicator: string; line: number; check?: true; uncertain?: true }[];
  /** Each warning as a message reference, its line (if any) in front: rendered in the reader's language. */
  warnings: MessageRef[];
  /** Set for a plan read by OCR from a scan. */
  readByOcr?: { pages: number; confidence: number };
}

const SOURCE_LABELS: Partial<Record<MetaSource, MessageKey>> = { "file name": "kbCheck.fromFileName", override: "kbCheck.corrected" };

/** "dòng 12: ..." in front of a warning that has a line. */
export function warningRef(warning: Warning): MessageRef {
  const { line, ...ref } = warning;
  return line ? { key: "warning.line", params: { line, text: ref } } : ref;
}

/** A warning in both languages, as kb:check and the log print it. */
export const warningText = (warning: Warning): Bilingual => bilingualRef(warningRef(warning));

/** At most `max` characters, cut at a word's end. */
function wholeWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const end = cut.lastIndexOf(" ");
  return (end > max / 2 ? cut.slice(0, end) : text.slice(0, max)).trimEnd();
}

/** What was understood from one plan, for kb:check and the admin console. */
export function describeDocument(doc: PlanDocument, index: KnowledgeIndex): DocumentSummary {
  const { meta, metaSource } = doc;
  const shown = (key: keyof typeof meta, value: string | undefined): string => {
    if (!value) return "—";
    const label = SOURCE_LABELS[metaSource[key] ?? "text"];
    if (!label) return value;
    const from = bilingual(label);
    return `${value} (${from.vi} / ${from.en})`;
  };
  const plain = (value: string) => value;
  const metadata: [string, string][] = [
    ["number", shown("number", meta.number)],
    ["date", shown("date", meta.date && `${meta.date} (${vietnameseDate(meta.date)})`)],
    ["issuer", shown("issuer", meta.issuer)],
    ["place", shown("place", meta.place)],
    ["parents", plain(meta.parentPlaces.join(", ") || "—")],
    ["aliases", plain(meta.aliases.join(", ") || "—")],
    ["year", shown("year", meta.year?.toString())],
    ["title", shown("title", meta.title)],
    ["signer", shown("signer", meta.signer && `${meta.signer}${meta.signerTitle ? ` (${meta.signerTitle})` : ""}`)],
    ["based on", meta.basis.length ? `(${meta.basis.length}) ${wholeWords(meta.basis[0]!, 90)}…` : plain("—")],
  ];
  const counts = new Map<number, number>();
  for (const passage of doc.passages) counts.set(passage.section, (counts.get(passage.section) ?? 0) + 1);
  const sections = doc.sections.map((section, i) => ({
    path: section.path,
    heading: section.heading,
    line: section.line,
    depth: section.depth,
    passages: counts.get(i) ?? 0,
  }));
  const unsure = new Set(doc.ocr?.uncertain.map((word) => word.replace(/[^\p{L}\p{N}]/gu, "")));
  const isUnsure = (text: string) => text.split(/\s+/).some((word) => unsure.has(word.replace(/[^\p{L}\p{N}]/gu, "")));
  const figures = (index.unitsByDocument.get(doc) ?? []).flatMap((unit) =>
      unit.figures.map((figure) => ({
        section: unit.section.path || "·",
        text: figure.text,
        value: figure.value,
        unit: figure.unit,
        ...(figure.comparator ? { comparator: figure.comparator } : {}),
        indicator: indicatorOf(unit.text, figure.start, figure.end),
        line: unit.passage.line,
        ...(doc.ocr ? { check: true as const } : {}),
        ...(doc.ocr && isUnsure(figure.text) ? { uncertain: true as const } : {}),
      })),
    );
  const warnings = doc.warnings.map(warningRef);
  return { metadata, sections, figures, warnings, ...(doc.ocr ? { readByOcr: { pages: doc.ocr.pages, confidence: doc.ocr.confidence } } : {}) };
}
