import { vietnameseDate } from "../answer/citation.js";
import type { PlanDocument } from "../ingest/types.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import { indicatorOf } from "../text/wordCut.js";

export interface DocumentSummary {
  metadata: [string, string][];
  sections: { path: string; heading: string; line: number; depth: number; passages: number }[];
  /** `check`: the plan was read by OCR, the figure is to be checked against the paper; `uncertain`: OCR was unsure of it. */
  figures: { section: string; text: string; value: number; unit: string; comparator?: string; indicator: string; line: number; check?: true; uncertain?: true }[];
  warnings: string[];
  /** Set for a plan read by OCR from a scan. */
  readByOcr?: { pages: number; confidence: number };
}

/** What was understood from one plan, for kb:check and the admin console. */
export function describeDocument(doc: PlanDocument, index: KnowledgeIndex): DocumentSummary {
  const { meta, metaSource } = doc;
  const shown = (key: keyof typeof meta, value: string | undefined) =>
    value ? `${value}${metaSource[key] && metaSource[key] !== "text" ? ` (${metaSource[key]})` : ""}` : "—";
  const metadata: [string, string][] = [
    ["number", shown("number", meta.number)],
    ["date", shown("date", meta.date && `${meta.date} (${vietnameseDate(meta.date)})`)],
    ["issuer", shown("issuer", meta.issuer)],
    ["place", shown("place", meta.place)],
    ["parents", meta.parentPlaces.join(", ") || "—"],
    ["aliases", meta.aliases.join(", ") || "—"],
    ["year", shown("year", meta.year?.toString())],
    ["title", shown("title", meta.title)],
    ["signer", shown("signer", meta.signer && `${meta.signer}${meta.signerTitle ? ` (${meta.signerTitle})` : ""}`)],
    ["based on", meta.basis.length ? `${meta.basis.length} item(s): ${meta.basis[0]!.slice(0, 90)}…` : "—"],
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
  const warnings = doc.warnings.map((w) => `${w.line ? `line ${w.line}: ` : ""}${w.message}`);
  return { metadata, sections, figures, warnings, ...(doc.ocr ? { readByOcr: { pages: doc.ocr.pages, confidence: doc.ocr.confidence } } : {}) };
}
