import type { PlanDocument } from "../ingest/types.js";
import type { FormerUnit } from "../lexicon/lexicon.js";
import { tokenize } from "../text/tokenize.js";
import type { PlaceAlias } from "./places.js";

/** The day the 2025 reorganisation took effect: a plan issued before it is of the units as they were. */
export const REORGANISED_ON = "2025-07-01";

const KIND_RE = /^(thành phố|thị xã|thị trấn|huyện|quận|tỉnh|xã|phường)\s+(.+)$/iu;

/** Folded syllables, as questions are folded. */
function folded(text: string): string[] {
  return tokenize(text).map((token) => token.folded);
}

const foldedName = (text: string) => folded(text).join(" ");

/** "quận 3", "Quận 3" and "3" (with the kind left out) compare alike. */
function withoutKind(text: string): string {
  return foldedName(KIND_RE.exec(text.trim())?.[2] ?? text);
}

function placeOf(doc: PlanDocument): string | undefined {
  const { placeKind, placeName } = doc.meta;
  return placeName ? foldedName(placeKind ? `${placeKind} ${placeName}` : placeName) : undefined;
}

/** "thành phố Tây Ninh" is not "tỉnh Tây Ninh"; "Tây Ninh" written without its kind may be either. */
function sameUnit(a: string, b: string): boolean {
  return KIND_RE.test(a.trim()) && KIND_RE.test(b.trim()) ? foldedName(a) === foldedName(b) : withoutKind(a) === withoutKind(b);
}

/** A plan that names its district or province must name the row's; one that names neither may be of any. */
function sameArea(doc: PlanDocument, areas: string[]): boolean {
  if (doc.meta.parentPlaces.length === 0) return true;
  return doc.meta.parentPlaces.some((parent) => areas.some((area) => area && sameUnit(parent, area)));
}

function issuedBeforeReorganisation(doc: PlanDocument): boolean {
  if (doc.meta.date) return doc.meta.date < REORGANISED_ON;
  return doc.meta.year !== undefined && doc.meta.year <= 2025;
}

/** The rows that say what became of the plan's own place: it is a former unit, and the plan is of before the change. */
export function formerRowsOf(doc: PlanDocument, units: readonly FormerUnit[]): FormerUnit[] {
  const place = placeOf(doc);
  if (!place || !issuedBeforeReorganisation(doc)) return [];
  return units.filter((row) => foldedName(row.former) === place && sameArea(doc, [row.formerDistrict, row.province]));
}

/** The rows of the former units merged into the plan's place, when the plan is of the place as it is now. */
export function currentRowsOf(doc: PlanDocument, units: readonly FormerUnit[]): FormerUnit[] {
  const place = placeOf(doc);
  if (!place) return [];
  return units.filter(
    (row) =>
      foldedName(row.current) === place &&
      // A plan of before the change with the same name is of the former unit of that name.
      !(issuedBeforeReorganisation(doc) && foldedName(row.former) === place) &&
      sameArea(doc, [row.province, row.formerDistrict]),
  );
}

/** The names of a unit as residents type them: with its kind, and bare when the bare name is specific enough. */
function namesOf(unit: string): { words: string[]; exact: string[] }[] {
  const match = KIND_RE.exec(unit.trim());
  const name = match ? match[2]! : unit;
  const tokens = tokenize(unit);
  const nameTokens = tokenize(name);
  const names = [{ words: tokens.map((t) => t.folded), exact: tokens.map((t) => t.exact) }];
  if (match && nameTokens.length >= 2 && !nameTokens[0]!.numeric) {
    names.push({ words: nameTokens.map((t) => t.folded), exact: nameTokens.map((t) => t.exact) });
  }
  return names;
}

/**
 * The other names a plan answers to after the reorganisation: a plan of the current unit answers to
 * each former unit merged into it (a question naming the former commune finds it, beside the former
 * commune's own plans); a plan of a former unit answers to the current unit's name as a parent, so
 * a question naming the current unit finds it only when the current unit has no plan of its own.
 */
export function formerUnitAliases(doc: PlanDocument, units: readonly FormerUnit[]): PlaceAlias[] {
  if (units.length === 0) return [];
  const aliases: PlaceAlias[] = [];
  for (const row of currentRowsOf(doc, units)) for (const name of namesOf(row.former)) aliases.push({ ...name, doc, level: "place", formerName: true });
  for (const row of formerRowsOf(doc, units)) for (const name of namesOf(row.current)) aliases.push({ ...name, doc, level: "parent" });
  return aliases;
}
