import type { QueryCombination } from "minisearch";
import type { Figure } from "../ingest/figures.js";
import type { Alternative, Concept, QuestionAnalysis } from "../search/analyzeQuestion.js";
import type { IndexedUnit, KnowledgeIndex } from "../search/knowledgeIndex.js";
import { foldPhrase } from "../text/normalize.js";
import { tokenize } from "../text/tokenize.js";

/** How much of the question a unit answers, and how it was matched. */
export interface RankedUnit {
  unit: IndexedUnit;
  score: number;
  coverage: number;
  bm25: number;
  credits: number[];
  requiredMatched: boolean;
  figures: Figure[];
}

/** Minimum share of the question's weighted concepts a passage must cover to be an answer. */
export const MIN_COVERAGE = 0.6;
const CANDIDATES = 60;
const TRAIL_CREDIT = 0.6;
const LOOSE_CREDIT = 0.5;
const SCATTERED_PHRASE_CREDIT = 0.75;
/** The resident's own words outrank a synonym of them. */
const SYNONYM_CREDIT = 0.9;
const DATE_RE = /\b\d{1,2}\/\d{1,2}(?:\/\d{4})?\b|ngày\s+\d{1,2}|tháng\s+\d{1,2}|quý\s+[IV1-4]/u;
const REFERENCE_RE = /\d+\/\d{4}\/[\p{Lu}]|\d+\/[\p{Lu}]{2,}|\bISO\b|\bTCVN\b|\d+:\d{4}/u;

function alternativeCredit(alt: Alternative, unit: IndexedUnit): number {
  const inBody = (keys: string[], set: Set<string>) => keys.every((key) => set.has(key));
  let credit = 0;
  if (alt.useExact && inBody(alt.exact, unit.exact)) credit = 1;
  else if (inBody(alt.folded, unit.folded)) credit = alt.useExact || alt.loose ? LOOSE_CREDIT : 1;
  if (credit > 0 && alt.folded.length > 1) {
    const adjacent = alt.folded.slice(1).every((key, k) => unit.bigrams.has(`${alt.folded[k]}_${key}`));
    if (!adjacent) credit *= SCATTERED_PHRASE_CREDIT;
  }
  if (alt.synonym) credit *= SYNONYM_CREDIT;
  if (credit === 0) {
    const inTrail = alt.useExact ? inBody(alt.exact, unit.trailExact) : inBody(alt.folded, unit.trailFolded);
    if (inTrail) credit = TRAIL_CREDIT * (alt.loose ? LOOSE_CREDIT : 1);
  }
  return credit;
}

export function conceptCredit(concept: Concept, unit: IndexedUnit): number {
  if (!concept.known) return 0;
  return Math.max(...concept.alternatives.map((alt) => alternativeCredit(alt, unit)));
}

/** The figure that answers: of the unit asked for, of the kind asked for, closest to the question's words. */
function orderFigures(unit: IndexedUnit, analysis: QuestionAnalysis): Figure[] {
  if (unit.figures.length < 2) return unit.figures;
  const wanted = new Set(analysis.concepts.flatMap((c) => (c.known ? c.alternatives.flatMap((a) => a.folded) : [])));
  const scored = unit.figures.map((figure, i) => {
    const windowStart = i > 0 ? unit.figures[i - 1]!.end : 0;
    const context = tokenize(unit.text.slice(windowStart, figure.start));
    const near = context.filter((t) => wanted.has(t.folded)).length;
    let score = near;
    if (analysis.askedUnit && foldPhrase(figure.unit) === analysis.askedUnit) score += 10;
    if (analysis.answerType === "percent" && (figure.unit === "%" || figure.unit === "‰")) score += 3;
    return { figure, score, i };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.figure);
}

function answerTypeBonus(unit: IndexedUnit, analysis: QuestionAnalysis): number {
  const { figures } = unit;
  let bonus = 0;
  if (analysis.askedUnit && figures.some((f) => foldPhrase(f.unit) === analysis.askedUnit)) bonus += 0.2;
  switch (analysis.answerType) {
    case "percent":
      if (figures.some((f) => f.unit === "%" || f.unit === "‰")) bonus += 0.1;
      break;
    case "number":
      if (figures.length > 0) bonus += 0.08;
      break;
    case "date":
      if (DATE_RE.test(unit.text)) bonus += 0.1;
      break;
    case "reference":
      if (REFERENCE_RE.test(unit.text)) bonus += 0.1;
      break;
    default:
      break;
  }
  return bonus;
}

function searchTerms(concepts: Concept[]) {
  const exact = new Set<string>();
  const folded = new Set<string>();
  const bigrams = new Set<string>();
  const weights = new Map<string, number>();
  const weigh = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  for (const concept of concepts) {
    if (!concept.known) continue;
    for (const alt of concept.alternatives) {
      // Words that only a synonym brings in must not outweigh the resident's own words.
      const weight = concept.weight * (alt.synonym ? 0.3 : 1);
      for (const key of alt.useExact ? alt.exact : []) {
        exact.add(key);
        weigh(key, weight);
      }
      for (const key of alt.folded) {
        folded.add(key);
        weigh(key, weight);
      }
      for (let k = 1; k < alt.folded.length; k++) {
        const pair = `${alt.folded[k - 1]}_${alt.folded[k]}`;
        bigrams.add(pair);
        weigh(pair, weight);
      }
    }
  }
  return { exact: [...exact], folded: [...folded], bigrams: [...bigrams], weights };
}

/** Candidate passages for a question, best first, each with its coverage of the question. */
export function rankUnits(analysis: QuestionAnalysis, index: KnowledgeIndex): RankedUnit[] {
  const { concepts } = analysis;
  const totalWeight = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight === 0) return [];
  const terms = searchTerms(concepts);
  if (terms.folded.length === 0) return [];
  const scope = analysis.scope ? new Set(analysis.scope.map((doc) => doc.file)) : undefined;
  const queries: QueryCombination[] = [{ queries: terms.folded, fields: ["folded"] }];
  if (terms.exact.length) queries.push({ queries: terms.exact, fields: ["exact"], boost: { exact: 2 } });
  if (terms.bigrams.length) queries.push({ queries: terms.bigrams, fields: ["bigram"], boost: { bigram: 2 } });
  queries.push({ queries: terms.folded, fields: ["trail"], boost: { trail: 0.3 } });
  const results = index.search.search(
    { combineWith: "OR", queries },
    {
      boostTerm: (term) => terms.weights.get(term) ?? 1,
      ...(scope ? { filter: (result) => scope.has(index.units[result.id as number]!.doc.file) } : {}),
    },
  );
  const top = results.slice(0, CANDIDATES);
  const maxBm25 = top[0]?.score ?? 1;
  const questionKeys = new Set(concepts.flatMap((c) => (c.known ? c.alternatives.filter((a) => !a.synonym).flatMap((a) => a.folded) : [])));
  const required = concepts
    .filter((c) => c.known && !c.soft)
    .reduce<Concept | undefined>((best, c) => (!best || c.weight > best.weight ? c : best), undefined);

  return top
    .map((result) => {
      const unit = index.units[result.id as number]!;
      const credits = concepts.map((concept) => conceptCredit(concept, unit));
      const coverage = concepts.reduce((sum, concept, i) => sum + concept.weight * credits[i]!, 0) / totalWeight;
      const requiredMatched = required ? credits[concepts.indexOf(required)]! >= 0.5 : false;
      const bm25 = result.score / maxBm25;
      // How much of the passage is about the question: a tight passage beats a long one that mentions it.
      let shared = 0;
      for (const key of unit.folded) if (questionKeys.has(key)) shared++;
      const precision = unit.folded.size ? shared / unit.folded.size : 0;
      return {
        unit,
        score: coverage + answerTypeBonus(unit, analysis) + 0.05 * bm25 + 0.1 * precision,
        coverage,
        bm25,
        credits,
        requiredMatched,
        figures: orderFigures(unit, analysis),
      };
    })
    .sort((a, b) => b.score - a.score || a.unit.id - b.unit.id);
}

export function isConfident(ranked: RankedUnit): boolean {
  return ranked.requiredMatched && ranked.coverage >= MIN_COVERAGE;
}
