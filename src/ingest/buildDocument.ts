import { createHash } from "node:crypto";
import { layOut } from "./layOut.js";
import { extractMetadata } from "./metadata.js";
import { applyOverride, parseOverride, splitFrontMatter } from "./overrides.js";
import { parseStructure } from "./parsePlan.js";
import type { PlanDocument, Warning } from "./types.js";

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
    frontMatter !== undefined ? parseOverride(frontMatter, "front matter") : undefined,
    sidecar !== undefined ? parseOverride(sidecar, "meta.yaml") : undefined,
  ];
  for (const result of overrides) {
    if (!result) continue;
    warnings.push(...result.warnings);
    if (result.override) applyOverride(meta, source, result.override);
  }
  // Metadata the official has supplied is no longer worth a warning.
  const supplied = (key: string) => source[key as keyof typeof source] === "override";
  warnings.push(
    ...metaWarnings.filter((w) => {
      if (/document number/.test(w.message)) return !supplied("number");
      if (/issue date/.test(w.message)) return !supplied("date");
      if (/title/.test(w.message)) return !supplied("title");
      if (/signer/.test(w.message)) return !supplied("signer");
      if (/commune or ward/.test(w.message)) return !supplied("place");
      return true;
    }),
  );
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
