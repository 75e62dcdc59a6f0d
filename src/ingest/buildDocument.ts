import { createHash } from "node:crypto";
import { layOut } from "./layOut.js";
import { extractMetadata } from "./metadata.js";
import { applyOverride, parseOverride, splitFrontMatter } from "./overrides.js";
import { parseStructure } from "./parsePlan.js";
import type { PlanDocument, Warning } from "./types.js";

/** The detail whose absence a metadata warning is about. */
const WARNING_FIELD: Partial<Record<Warning["key"], keyof PlanDocument["metaSource"]>> = {
  "warning.noNumber": "number",
  "warning.noDate": "date",
  "warning.noTitle": "title",
  "warning.noSigner": "signer",
  "warning.noPlace": "place",
  "warning.placeFromFileName": "place",
};

/**
 * Turns the text of one plan (already decoded and cleaned) into a document:
 * metadata, section tree and passages. `sidecar` is the YAML of NAME.meta.yaml, if any.
 */
export function buildDocument(file: string, text: string, sidecar?: string): PlanDocument {
  const warnings: Warning[] = [];
  const { body, frontMatter } = splitFrontMatter(text);
  const laidOut = layOut(body);
  const structure = parseStructure(laidOut.text, laidOut.lineOf);
  warnings.push(...structure.warnings);
  const { meta, source, warnings: metaWarnings } = extractMetadata(structure.front, laidOut.text, file);

  const overrides = [
    frontMatter !== undefined ? parseOverride(frontMatter, "warning.frontMatter") : undefined,
    sidecar !== undefined ? parseOverride(sidecar, "warning.sidecar") : undefined,
  ];
  for (const result of overrides) {
    if (!result) continue;
    warnings.push(...result.warnings);
    if (result.override) applyOverride(meta, source, result.override);
  }
  // Metadata the official has supplied is no longer worth a warning.
  warnings.push(...metaWarnings.filter((w) => !(WARNING_FIELD[w.key] && source[WARNING_FIELD[w.key]!] === "override")));
  if (!meta.title) meta.title = file.replace(/\.[^.]+$/, "");

  return {
    file,
    meta,
    metaSource: source,
    sections: structure.sections,
    passages: structure.passages,
    warnings,
    contentHash: createHash("sha256")
      .update(text)
      .update("\0")
      .update(sidecar ?? "")
      .digest("hex")
      .slice(0, 16),
  };
}
