import { documentKind } from "../ingest/documentKind.js";
import type { PlanDocument, Section } from "../ingest/types.js";
import type { DocumentRef, SectionRef } from "./types.js";

export type Language = "vi" | "en";

/** yyyy-mm-dd -> dd/mm/yyyy, the way Vietnamese documents write dates. */
export function vietnameseDate(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

export function documentRef(doc: PlanDocument): DocumentRef {
  const { meta } = doc;
  return {
    file: doc.file,
    title: meta.title ?? doc.file,
    ...(meta.number ? { number: meta.number } : {}),
    ...(meta.issuer ? { issuer: meta.issuer } : {}),
    ...(meta.place ? { place: meta.place } : {}),
    ...(meta.date ? { date: meta.date } : {}),
  };
}

/** The heading that names a section: its own, or the nearest one above it. */
export function sectionHeading(section: Section): string {
  if (section.heading) return section.heading;
  const trail = section.trail.map((t) => t.replace(/^(?:\S+\.|\(\S+\))(?:\s+|$)/, "")).filter(Boolean);
  return trail[trail.length - 1] ?? "";
}

export function sectionRef(section: Section): SectionRef {
  return { path: section.path, heading: sectionHeading(section), trail: section.trail };
}

/** "Kế hoạch số 05/KH-UBND ngày 19/01/2024 của UBND Phường 1" */
export function documentLabel(doc: PlanDocument, language: Language): string {
  const { meta } = doc;
  if (!meta.number && !meta.date && !meta.issuer) return `${meta.title ?? doc.file} (${doc.file})`;
  if (language === "en") {
    return [
      documentKind(doc, language),
      meta.number ? `No. ${meta.number}` : "",
      meta.date ? `of ${vietnameseDate(meta.date)}` : "",
      meta.issuer ? `by ${meta.issuer}` : "",
    ]
      .filter(Boolean)
      .join(" ");
  }
  return [
    documentKind(doc, language),
    meta.number ? `số ${meta.number}` : "",
    meta.date ? `ngày ${vietnameseDate(meta.date)}` : "",
    meta.issuer ? `của ${meta.issuer}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** "Kế hoạch số 05/KH-UBND ngày 19/01/2024 của UBND Phường 1, mục I.2 Chỉ tiêu chủ yếu" */
export function citation(doc: PlanDocument, section: Section | undefined, language: Language): string {
  const label = documentLabel(doc, language);
  if (!section) return label;
  const heading = sectionHeading(section);
  if (!section.path && !heading) return `${label}, ${language === "en" ? "introduction" : "phần mở đầu"}`;
  const where = [section.path, heading].filter(Boolean).join(" ");
  return `${label}, ${language === "en" ? "section" : "mục"} ${where}`;
}

/** How a plan is named when several answer: "UBND Phường 1". */
export function placeLabel(doc: PlanDocument): string {
  return doc.meta.issuer ?? doc.meta.place ?? doc.file;
}
