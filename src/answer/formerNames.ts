import type { PlanDocument } from "../ingest/types.js";
import type { FormerUnit, Lexicon } from "../lexicon/lexicon.js";
import { currentRowsOf, formerRowsOf } from "../search/formerUnits.js";
import { foldPhrase } from "../text/normalize.js";
import { type Language, placeLabel } from "./citation.js";

const KIND_RE = /^(thị trấn|xã|phường)\s+/iu;

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** "xã Lai Hưng" → "Xã Lai Hưng", to open a sentence. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A plan's place as shown when several plans answer, with what its place became: "UBND xã Lai Hưng (nay thuộc phường Bến Cát)". */
export function labelWithSuccessor(doc: PlanDocument, lexicon: Lexicon, language: Language): string {
  const rows = formerRowsOf(doc, lexicon.formerUnits);
  if (rows.length === 0) return placeLabel(doc);
  const current = unique(rows.map((row) => row.current)).join(language === "en" ? " and " : " và ");
  return language === "en" ? `${placeLabel(doc)} (now part of ${current})` : `${placeLabel(doc)} (nay thuộc ${current})`;
}

/** Does the name the resident typed ("lai hung", "xã Lai Hưng") name this former unit? */
function namesFormer(typed: string, row: FormerUnit): boolean {
  const folded = foldPhrase(typed);
  return folded === foldPhrase(row.former) || folded === foldPhrase(row.former.replace(KIND_RE, ""));
}

/**
 * The sentence that opens a reply to a question naming a former unit, for the plans that answer:
 * "Xã Lai Hưng (huyện Bàu Bàng cũ) nay thuộc phường Bến Cát." Undefined when the question names none.
 */
export function formerNamesNote(placesNamed: readonly string[], docs: readonly PlanDocument[], lexicon: Lexicon, language: Language): string | undefined {
  const units = lexicon.formerUnits;
  if (units.length === 0 || placesNamed.length === 0 || docs.length === 0) return undefined;
  const relevant = new Set<FormerUnit>();
  for (const doc of docs) for (const row of [...currentRowsOf(doc, units), ...formerRowsOf(doc, units)]) relevant.add(row);
  const named = [...relevant].filter((row) => placesNamed.some((typed) => namesFormer(typed, row)));
  if (named.length === 0) return undefined;
  const sentences = unique(
    named.map((row) => {
      const district = row.formerDistrict ? (language === "en" ? ` (former ${row.formerDistrict})` : ` (${row.formerDistrict} cũ)`) : "";
      return language === "en"
        ? `Since 1 July 2025, ${row.former}${district} is part of ${row.current}.`
        : `Từ 01/07/2025, ${row.former}${district} thuộc ${row.current}.`;
    }),
  );
  return capitalised(sentences.join(" "));
}
