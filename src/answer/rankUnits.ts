import type { QueryCombination } from "minisearch";
import { unitFact } from "./unitFacts.js";
import { type FieldTerms, RankedMatches, scoreTerms } from "../search/scoreTerms.js";
import type { Figure } from "../ingest/figures.js";
import type { PlanDocument, Section } from "../ingest/types.js";
import type { Lexicon } from "../lexicon/lexicon.js";
import { type Alternative, type Concept, type QuestionAnalysis } from "../search/analyzeQuestion.js";
import { type IndexedUnit, type KnowledgeIndex, retrievalMaxDf, type TermStats } from "../search/knowledgeIndex.js";
import { hasTerm, type TermDictionary, type TermSet } from "../search/termSet.js";
import { isUpperCaseLine } from "../ingest/lineSyntax.js";
import { foldPhrase } from "../text/normalize.js";
import { foldedBigrams, tokenize } from "../text/tokenize.js";

/** How much of the question a unit answers, and how it was matched. */
export interface RankedUnit {
  unit: IndexedUnit;
  score: number;
  coverage: number;
  bm25: number;
  credits: number[];
  requiredMatched: boolean;
  /** The most specific word occurs in the plans, and any year asked for is given: the passage may answer without the word. */
  requiredKnown: boolean;
  /** The passage holds the kind of answer asked for: a percentage, a number, a date. */
  fitsAnswerType: boolean;
  figures: Figure[];
}

/** Minimum share of the question's weighted concepts a passage must cover to be an answer. */
export const MIN_COVERAGE = 0.6;
export const CANDIDATES = 60;
const TRAIL_CREDIT = 0.6;
const LEAD_CREDIT = 0.9;
/** A word of the heading right above the passage. */
const HEADING_CREDIT = 0.95;
/** A word of the plan's title, for any passage of the plan. */
const TITLE_CREDIT = 0.3;
/**
 * "Nghị quyết này có hiệu lực kể từ ngày 14 tháng 7 năm 2017": a sentence that speaks of the document
 * itself is about what its title says.
 */
const SPEAKS_OF_ITSELF_RE = /(?<![\p{L}])(?:kế hoạch|chương trình|quyết định|nghị quyết|đề án|quy chế|quy định|văn bản)(?: hành động)? này(?![\p{L}])/iu;
const SELF_TITLE_CREDIT = HEADING_CREDIT;
const speaksOfItself = (text: string) => SPEAKS_OF_ITSELF_RE.test(text);

const LOOSE_CREDIT = 0.5;
const SCATTERED_PHRASE_CREDIT = 0.75;
/** The resident's own words outrank a synonym of them. */
const SYNONYM_CREDIT = 0.9;
const DATE_RE = /\b\d{1,2}\/\d{1,2}(?:\/\d{4})?\b|ngày\s+\d{1,2}|tháng\s+\d{1,2}|qu[ýí]\s+[IV1-4]|năm\s+(19|20)\d{2}/iu;
/** "Tờ trình số 289/TTr-HĐND ngày 27/6/2017": the date of a document cited, which says nothing of when things happen. */
const CITED_DOCUMENT_DATE_RE = /\bsố\s+\d+[^\s,;]*\s*,?\s*ngày\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})/giu;
/** Whether the passage gives a date of its own (not only the dates of the documents it cites). */
function givesDate(text: string, analysis: QuestionAnalysis, lexicon: Lexicon): boolean {
  // "… số mấy, ngày nào?": a document's number and date asked; a document cited gives them.
  const own = analysis.aboutAnotherDocument || analysis.asksDocumentNumber ? text : text.replace(CITED_DOCUMENT_DATE_RE, " ");
  if (analysis.asksPeriod) return PERIOD_RE.test(own);
  if ((analysis.asksForDay ? DAY_RE : DATE_RE).test(own)) return true;
  // "khi nào" without a day asked: "… hằng năm tại các kỳ họp cuối năm" says when (lexicon/time-words.txt).
  return !analysis.asksForDay && (/\d{1,2}\/\d{4}/.test(own) || lexicon.timeWords?.test(own) === true);
}
/** "Từ năm 2025 đến hết năm 2030", "giai đoạn 2026-2030", "từ tháng 3 đến tháng 10": a period, from its start to its end. */
const PERIOD_RE =
  /(?<![\p{L}])(?:từ|trong)\s+(?:(?:ngày|tháng|năm|quý)\s+)?[\dIV][^;]{0,40}?\s(?:đến|tới)\s+(?:hết\s+)?(?:(?:ngày|tháng|năm|quý)\s+)?[\dIV]|(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}/iu;
const UNIT_KINDS: Record<string, string> = { huyen: "huyện", tinh: "tỉnh", quan: "quận", "thi xa": "thị xã", "thanh pho": "thành phố", xa: "xã", phuong: "phường" };
const unitOfKindRes = new Map<string, RegExp>();

/** "… của UBND huyện Như Xuân …": the passage names a unit of that kind (folded: "huyen"). */
function namesUnitOfKind(text: string, foldedKind: string): boolean {
  let re = unitOfKindRes.get(foldedKind);
  if (!re) {
    const kind = UNIT_KINDS[foldedKind] ?? foldedKind;
    const spellings = [kind, kind.charAt(0).toUpperCase() + kind.slice(1), kind.toUpperCase()];
    re = new RegExp(String.raw`(?<![\p{L}])(?:${spellings.join("|")})\s+\p{Lu}`, "u");
    unitOfKindRes.set(foldedKind, re);
  }
  return re.test(text);
}

/** An amount of money: a figure in đồng, or a figure under what plans count in money ("Kế hoạch vốn năm 2023: 6.800", "Đơn giá (đồng): 95.614"). */
const MONEY_RE = /\d[\d.,]*\s*(?:nghìn |triệu |tỷ )?(?:đồng|USD)(?![\p{L}])|(?<![\p{L}])(?:vốn|kinh phí|ngân sách|dự toán|đơn giá|thành tiền|mức thưởng|mức hỗ trợ|tiền thưởng|tiền hỗ trợ)(?![\p{L}])[^.;]{0,60}?\d/iu;
/** "Thời gian thực hiện: Quý III Năm 2026": a task's time, as a table's column or a field of its own gives it. */
const TIME_FIELD_RE = /(?:^|;\s)(?:Thời gian|Thời hạn|Tiến độ)(?: thực hiện| hoàn thành)?\s*:\s*\S/iu;
/** "Do ngân sách nhà nước đảm bảo", "được trích từ Quỹ Thi đua", "từ nguồn kinh phí …": where money or means come from. */
const GIVES_SOURCE_RE =
  /(?<![\p{L}])(?:nguồn(?: vốn| kinh phí)?|ngân sách[^.;]{0,40}?(?:đảm bảo|bảo đảm|cấp|bố trí|hỗ trợ)|(?:do|từ|bằng) (?:ngân sách|quỹ|vốn)|trích từ|huy động|xã hội hóa|vốn (?:vay|lồng ghép|đối ứng))(?![\p{L}])/iu;
/** "… gửi về UBND tỉnh trước ngày 28/2/2023": the last day for something. */
const DEADLINE_RE = /(?<![\p{L}])(?:trước ngày|chậm nhất|hạn chót|hạn cuối|không muộn hơn|trước thời hạn)(?![\p{L}])/iu;
/** "Lý do: …", "… do có sự nhầm lẫn", "nhằm …": a passage that says why. */
const GIVES_REASON_RE = /(?<![\p{L}])(?:lý do|nguyên nhân|vì|bởi|do|nhằm|để)(?![\p{L}])/iu;
const DAY_RE = /\b\d{1,2}\/\d{1,2}(?:\/\d{4})?\b|ngày\s+\d{1,2}/iu;
/** Numbers that count nothing: years, dates, the numbers of documents and of their parts ("số 254/QĐ-UBND", "giai đoạn 2018-2020", "Điều 1"). */
const NOT_A_COUNT_RE =
  /\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|\b\d+[^\s,;]*\/[^\s,;]*[\p{L}][^\s,;]*|(?<![\d.,])(?:19|20)\d{2}(?!\d|[.,]\d|\s*(?:%|hộ|người|ha|tấn))|(?<![\p{L}])(?:điều|khoản|điểm|mục|phụ lục|chương|phần|mẫu(?: số)?)\s+[\dIVX]+(?![\p{L}\d])/giu;
/** Whether the passage gives a number that could answer "bao nhiêu" (a count or an amount; "Học kỳ I" is a name). */
function givesCount(text: string): boolean {
  return /\d/u.test(text.replace(NOT_A_COUNT_RE, " "));
}
/** The facts of a unit's text kept between questions (see unitFacts.ts). */
const IN_CAPITALS = 0;
const GIVES_COUNT = 1;
const SPEAKS_OF_ITSELF = 2;
const YEAR_IN_TEXT_RE = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;
const NAMES_A_YEAR_RE = /(?<!\d)(?:19|20)\d{2}(?!\d)/;

/** The last year named in a stretch of text ("Đến năm 2030: 100%" -> 2030). */
function lastYearIn(text: string): number | undefined {
  let year: number | undefined;
  for (const match of text.matchAll(YEAR_IN_TEXT_RE)) year = Number(match[0]);
  return year;
}
const REFERENCE_RE = /\d+\/\d{4}\/[\p{Lu}]|\d+\/[\p{Lu}]{2,}|\bISO\b|\bTCVN\b|\d+:\d{4}/u;

/** An alternative with its keys looked up as term ids once per question. */
interface CompiledAlternative {
  alt: Alternative;
  exact: (number | undefined)[];
  folded: (number | undefined)[];
  bigrams: (number | undefined)[];
}

export interface CompiledConcept {
  concept: Concept;
  alternatives: CompiledAlternative[];
}

export function compileConcepts(concepts: Concept[], terms: TermDictionary): CompiledConcept[] {
  return concepts.map((concept) => ({
    concept,
    alternatives: concept.alternatives.map((alt) => ({
      alt,
      exact: alt.exact.map((key) => terms.lookup(key)),
      folded: alt.folded.map((key) => terms.lookup(key)),
      bigrams: alt.folded.slice(1).map((key, k) => terms.lookup(`${alt.folded[k]}_${key}`)),
    })),
  }));
}

// Plain loops: this runs for every concept of every scanned sentence, and closures there fill the young heap.
function all(set: TermSet, ids: (number | undefined)[]): boolean {
  for (let k = 0; k < ids.length; k++) if (!hasTerm(set, ids[k])) return false;
  return true;
}

function alternativeCredit(compiled: CompiledAlternative, unit: IndexedUnit, index: KnowledgeIndex): number {
  const { alt } = compiled;
  let credit = 0;
  if (alt.useExact && all(unit.exact, compiled.exact)) credit = 1;
  // Typed with its tone marks, a syllable the plans also write that way is another word where only its
  // bare letters match ("giá" is not the "gia" of "quốc gia").
  else if (alt.useExact && !alt.loose && alt.exact.length === 1) credit = 0;
  else if (all(unit.folded, compiled.folded)) credit = alt.useExact || alt.loose ? LOOSE_CREDIT : 1;
  if (credit > 0 && compiled.bigrams.length > 0 && !all(unit.bigrams, compiled.bigrams)) credit *= SCATTERED_PHRASE_CREDIT;
  if (alt.synonym) credit *= SYNONYM_CREDIT;
  if (credit === 0 && unit.leadFolded) {
    // The sentence a list item belongs to says nearly as much as the item itself ("trong đó:" / "- Lúa: 507 ha").
    const inLead = alt.useExact ? all(unit.leadExact!, compiled.exact) : all(unit.leadFolded, compiled.folded);
    if (inLead) credit = LEAD_CREDIT * (alt.loose ? LOOSE_CREDIT : 1);
  }
  if (credit === 0 && unit.headingFolded) {
    const inHeading = alt.useExact ? all(unit.headingExact!, compiled.exact) : all(unit.headingFolded, compiled.folded);
    if (inHeading) credit = HEADING_CREDIT * (alt.loose ? LOOSE_CREDIT : 1);
  }
  if (credit === 0) {
    const inTrail = alt.useExact ? all(unit.trailExact, compiled.exact) : all(unit.trailFolded, compiled.folded);
    if (inTrail) credit = TRAIL_CREDIT * (alt.loose ? LOOSE_CREDIT : 1);
  }
  if (credit === 0 && unit.titleFolded) {
    const inTitle = alt.useExact ? all(unit.titleExact!, compiled.exact) : all(unit.titleFolded, compiled.folded);
    if (inTitle) credit = (unitFact(index, unit, SPEAKS_OF_ITSELF, speaksOfItself) ? SELF_TITLE_CREDIT : TITLE_CREDIT) * (alt.loose ? LOOSE_CREDIT : 1);
  }
  return credit;
}

export function conceptCredit(compiled: CompiledConcept, unit: IndexedUnit, index: KnowledgeIndex): number {
  if (!compiled.concept.known) return 0;
  let best = 0;
  const { alternatives } = compiled;
  for (let k = 0; k < alternatives.length; k++) {
    const credit = alternativeCredit(alternatives[k]!, unit, index);
    if (credit > best) best = credit;
  }
  const unitSaying = compiled.concept.saidByFigureIn;
  if (best === 0 && unitSaying && unit.figures.some((figure) => figure.unit === unitSaying)) best = LEAD_CREDIT;
  return best;
}

const COMPUTED_RE = /=\s*$/u;

/** The figure that answers: of the unit asked for, of the kind asked for, closest to the question's words. */
function orderFigures(unit: IndexedUnit, analysis: QuestionAnalysis): Figure[] {
  if (unit.figures.length < 2) return unit.figures;
  const years = analysis.years;
  const wanted = new Map<string, number>();
  for (const c of analysis.concepts) if (c.known) for (const a of c.alternatives) for (const word of a.folded) wanted.set(word, Math.max(wanted.get(word) ?? 0, c.weight));
  const scored = unit.figures.map((figure, i) => {
    // "1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng": what the sentence works out is its figure, unless a
    // rate is asked; it is worked out from the figures before it, and is about what they are about.
    const computed = i > 0 && COMPUTED_RE.test(unit.text.slice(unit.figures[i - 1]!.end, figure.start));
    const windowStart = i > 0 && !computed ? unit.figures[i - 1]!.end : 0;
    const context = tokenize(unit.text.slice(windowStart, figure.start));
    // The question's words before the figure, each once ("trạm 3G/4G sang trạm 5G" repeats two of
    // them) and nearer ones more ("Tổng đàn trâu, bò đạt 500 con, lợn đạt 1.300 con": lợn is 1.300's).
    let near = 0;
    const seen = new Set<string>();
    for (let k = context.length - 1; k >= 0; k--) {
      const word = context[k]!.folded;
      if (seen.has(word) || !wanted.has(word)) continue;
      seen.add(word);
      near += 1 + wanted.get(word)! / (context.length - k);
    }
    let score = near;
    if (analysis.askedUnit && foldPhrase(figure.unit) === analysis.askedUnit) score += 10;
    if (analysis.answerType === "percent" && (figure.unit === "%" || figure.unit === "‰")) score += 3;
    if (analysis.askedPer && figure.per && foldPhrase(figure.per).endsWith(analysis.askedPer)) score += 5;
    if (computed && !analysis.askedPer) score += 10;
    if (years.length) {
      // The year the figure is given for: named just before it ("năm 2030: 54.468", "đến năm 2030 đạt 100%").
      const year = lastYearIn(unit.text.slice(windowStart, figure.start));
      if (year !== undefined) score += years.includes(year) ? 20 : -5;
    }
    return { figure, score, i };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.figure);
}

/** A question asking "bao nhiêu", "mấy phần trăm" or "khi nào" is answered only by a passage that says it. */
function fitsAnswerType(unit: IndexedUnit, analysis: QuestionAnalysis, index: KnowledgeIndex): boolean {
  const { lexicon } = index;
  // A title or heading in capitals left among the passages answers nothing.
  if (unitFact(index, unit, IN_CAPITALS, isUpperCaseLine)) return false;
  if (analysis.asksParentUnit && !namesUnitOfKind(unit.text, analysis.asksParentUnit)) return false;
  switch (analysis.answerType) {
    case "percent":
      return unit.figures.some((f) => f.unit === "%" || f.unit === "‰") || /\d\s*[%‰]/.test(unit.text);
    case "number":
      if (analysis.asksMoney && !MONEY_RE.test(unit.text) && !(unit.lead && MONEY_RE.test(unit.lead))) return false;
      return unit.figures.length > 0 || (analysis.asksDocumentNumber ? /\d/u.test(unit.text) : unitFact(index, unit, GIVES_COUNT, givesCount));
    case "date":
      return givesDate(unit.text, analysis, lexicon);
    case "source":
      return GIVES_SOURCE_RE.test(unit.text);
    default:
      return true;
  }
}

function answerTypeBonus(unit: IndexedUnit, analysis: QuestionAnalysis, lexicon: Lexicon): number {
  const { figures } = unit;
  let bonus = 0;
  if (analysis.askedUnit && figures.some((f) => foldPhrase(f.unit) === analysis.askedUnit)) bonus += 0.2;
  if (analysis.askedPer && figures.some((f) => f.per && foldPhrase(f.per).endsWith(analysis.askedPer!))) bonus += 0.1;
  switch (analysis.answerType) {
    case "percent":
      if (figures.some((f) => f.unit === "%" || f.unit === "‰")) bonus += 0.1;
      break;
    case "number":
      if (figures.length > 0) bonus += 0.08;
      break;
    case "date":
      if (givesDate(unit.text, analysis, lexicon)) bonus += TIME_FIELD_RE.test(unit.text) || (analysis.asksDeadline && DEADLINE_RE.test(unit.text)) ? 0.15 : 0.1;
      break;
    case "reference":
      if (REFERENCE_RE.test(unit.text)) bonus += 0.1;
      break;
    case "reason":
      if (GIVES_REASON_RE.test(unit.text)) bonus += 0.1;
      break;
    case "source":
      if (GIVES_SOURCE_RE.test(unit.text)) bonus += 0.1;
      break;
    default:
      break;
  }
  return bonus;
}

/** Retrieval scores at most about this many postings (unless the single most selective term has more). */
const POSTINGS_BUDGET = 4000;
/** Questions limited to places with at most this many sentences are scored sentence by sentence. */
const SCAN_LIMIT = 20_000;

/** The informative terms of a question, weighted, for MiniSearch: common syllables would make it score nearly everything. */
function searchTerms(concepts: Concept[], stats: TermStats) {
  const maxDf = retrievalMaxDf(stats.units);
  const candidates: { field: "exact" | "folded" | "bigram"; term: string; weight: number; df: number }[] = [];
  for (const concept of concepts) {
    if (!concept.known) continue;
    for (const alt of concept.alternatives) {
      // Words that only a synonym brings in must not outweigh the resident's own words.
      const weight = concept.weight * (alt.synonym ? 0.3 : 1);
      if (alt.useExact) for (const key of alt.exact) candidates.push({ field: "exact", term: key, weight, df: stats.exact.get(key) ?? 0 });
      for (const key of alt.folded) candidates.push({ field: "folded", term: key, weight, df: stats.folded.get(key) ?? 0 });
      for (let k = 1; k < alt.folded.length; k++) {
        const pair = `${alt.folded[k - 1]}_${alt.folded[k]}`;
        candidates.push({ field: "bigram", term: pair, weight, df: stats.bigrams.get(pair) ?? 0 });
      }
    }
  }
  // A question made only of common words retrieves nothing: too vague to answer with a figure.
  // Among the informative terms the most selective come first, up to a budget of postings:
  // a topic every plan of a province shares need not be scored in every plan.
  const informative = candidates.filter((c) => c.df > 0 && c.df <= maxDf).sort((a, b) => a.df - b.df);
  const chosen: typeof informative = [];
  let postings = 0;
  for (const c of informative) {
    if (chosen.length > 0 && postings + c.df > POSTINGS_BUDGET) break;
    chosen.push(c);
    postings += c.df;
  }
  const byField = { exact: new Set<string>(), folded: new Set<string>(), bigram: new Set<string>() };
  const weights = new Map<string, number>();
  for (const c of chosen) {
    byField[c.field].add(c.term);
    weights.set(c.term, Math.max(weights.get(c.term) ?? 0, c.weight));
  }
  return { exact: [...byField.exact], folded: [...byField.folded], bigrams: [...byField.bigram], weights };
}

/** Candidate sentences, and each one's BM25 score relative to the best (none when scanned directly: 0 for each). */
interface Candidates {
  units: readonly IndexedUnit[];
  bm25?: readonly number[];
}

/**
 * The passages of the plans a question is limited to, when they are few enough to scan: a scan
 * reads thousands, so no object is made for each (a plan's own list is used as it is).
 */
function scopedUnits(scope: readonly PlanDocument[], index: KnowledgeIndex): readonly IndexedUnit[] | undefined {
  let total = 0;
  for (const doc of scope) total += index.unitsByDocument.get(doc)?.length ?? 0;
  if (total > SCAN_LIMIT) return undefined;
  if (scope.length === 1) return index.unitsByDocument.get(scope[0]!) ?? [];
  const units: IndexedUnit[] = [];
  for (const doc of scope) for (const unit of index.unitsByDocument.get(doc) ?? []) units.push(unit);
  return units;
}

function candidates(analysis: QuestionAnalysis, index: KnowledgeIndex): Candidates {
  const scoped = analysis.scope && scopedUnits(analysis.scope, index);
  if (scoped) return { units: scoped };
  const found = retrievedCandidates(analysis, index);
  return { units: found.map((f) => f.unit), bm25: found.map((f) => f.bm25) };
}

/** The best sentences of the whole index for the question's informative terms, with the passages around them. */
function retrievedCandidates(analysis: QuestionAnalysis, index: KnowledgeIndex): { unit: IndexedUnit; bm25: number }[] {
  const scope = analysis.scope;
  const terms = searchTerms(analysis.concepts, index.stats);
  const queries: FieldTerms[] = [];
  if (terms.folded.length) queries.push({ field: "folded", terms: terms.folded, boost: 1 });
  if (terms.exact.length) queries.push({ field: "exact", terms: terms.exact, boost: 2 });
  if (terms.bigrams.length) queries.push({ field: "bigram", terms: terms.bigrams, boost: 2 });
  if (queries.length === 0) return [];
  const inScope = scope ? new Set(scope) : undefined;
  const matches = retrieve(index, queries, (term) => terms.weights.get(term) ?? 1);
  // Each result is a distinct sentence; the plans that share it each bring their own unit.
  const found: { unit: IndexedUnit; bm25: number }[] = [];
  let maxScore: number | undefined;
  collect: while (matches.next()) {
    const units = index.sentenceById[matches.id]!.units;
    if (inScope && !units.some((unit) => inScope.has(unit.doc))) continue;
    maxScore ??= matches.score;
    for (const unit of units) {
      if (inScope && !inScope.has(unit.doc)) continue;
      found.push({ unit, bm25: matches.score / maxScore });
      if (found.length === CANDIDATES) break collect;
    }
  }
  return withPassagesOfTheirSection(withClausesOfTheirSentence(found, index), analysis, index);
}

/** MiniSearch's results for the queries, scored without an object per match when its internals allow (see scoreTerms). */
function retrieve(index: KnowledgeIndex, queries: FieldTerms[], termBoost: (term: string) => number): RankedMatches {
  const scored = scoreTerms(index.search, queries, termBoost);
  if (scored) return scored;
  const combination: QueryCombination = {
    combineWith: "OR",
    queries: queries.map(({ field, terms, boost }) => ({ queries: [...terms], fields: [field], ...(boost !== 1 ? { boost: { [field]: boost } } : {}) })),
  };
  const results = index.search.search(combination, { boostTerm: termBoost });
  return RankedMatches.sorted(results.map((r) => r.id as number), results.map((r) => r.score));
}

/** The best few candidates bring the other sentences of their section, up to this many each. */
const SECTION_SIBLINGS_OF = 30;
const SECTION_SIBLINGS = 20;

/**
 * "6. Đường Nguyễn Trãi (QL.31 - …)" above "Quy mô: Chiều dài 2.500m": the sentence that answers may share
 * none of the question's words but through its heading, which retrieval does not read. The sentences of
 * a retrieved sentence's section are candidates too, matched through their heading.
 */
function withPassagesOfTheirSection(
  found: { unit: IndexedUnit; bm25: number }[],
  analysis: QuestionAnalysis,
  index: KnowledgeIndex,
): { unit: IndexedUnit; bm25: number }[] {
  const asked: number[] = [];
  for (const concept of analysis.concepts) {
    if (!concept.known || concept.soft) continue;
    for (const alt of concept.alternatives) for (const key of alt.folded) {
      const id = index.terms.lookup(key);
      if (id !== undefined) asked.push(id);
    }
  }
  const headingAsked = (unit: IndexedUnit) => unit.headingFolded !== undefined && asked.some((id) => hasTerm(unit.headingFolded!, id));
  const seen = new Set(found.map((f) => f.unit));
  const added: { unit: IndexedUnit; bm25: number }[] = [];
  addSectionsHeadedByTheQuestion(found, asked, seen, added, index);
  for (const { unit } of found.slice(0, SECTION_SIBLINGS_OF)) {
    if (!headingAsked(unit)) continue;
    const units = index.unitsByDocument.get(unit.doc) ?? [];
    const at = units.indexOf(unit);
    let from = at;
    while (from > 0 && units[from - 1]!.section === unit.section && at - from < SECTION_SIBLINGS) from--;
    for (let k = from; k < units.length && k < from + SECTION_SIBLINGS && units[k]!.section === unit.section; k++) {
      const sibling = units[k]!;
      if (seen.has(sibling)) continue;
      seen.add(sibling);
      added.push({ unit: sibling, bm25: 0 });
    }
  }
  return added.length ? [...found, ...added] : found;
}

/** The plans of the best few candidates are searched for sections whose heading says this many of the question's words. */
const HEADED_PLANS = 3;
const HEADING_WORDS_ASKED = 3;

/**
 * "3. Thời gian thực hiện Chương trình" above "Từ năm 2025 đến hết năm 2030.": a section's only sentence
 * may say none of the question's words, which its heading says. The sections of the plans retrieved
 * whose heading has several of the question's words bring their sentences.
 */
function addSectionsHeadedByTheQuestion(
  found: readonly { unit: IndexedUnit }[],
  asked: readonly number[],
  seen: Set<IndexedUnit>,
  added: { unit: IndexedUnit; bm25: number }[],
  index: KnowledgeIndex,
): void {
  const plans = new Set<PlanDocument>();
  for (const { unit } of found) {
    if (plans.size === HEADED_PLANS) break;
    plans.add(unit.doc);
  }
  const distinctAsked = [...new Set(asked)];
  for (const plan of plans) {
    let lastHeading: TermSet | undefined;
    let headed = false;
    let taken = 0;
    for (const unit of index.unitsByDocument.get(plan) ?? []) {
      if (unit.headingFolded !== lastHeading) {
        lastHeading = unit.headingFolded;
        headed = lastHeading !== undefined && distinctAsked.filter((id) => hasTerm(lastHeading!, id)).length >= HEADING_WORDS_ASKED;
        taken = 0;
      }
      if (!headed || seen.has(unit) || taken === SECTION_SIBLINGS) continue;
      seen.add(unit);
      added.push({ unit, bm25: 0 });
      taken++;
    }
  }
}

/** The best few candidates are searched with the clauses that follow them in their passage. */
const CLAUSE_SIBLINGS_OF = 10;
/** How far below a lead ending with ":" its items are looked for. */
const ITEMS_UNDER_A_LEAD = 60;

/**
 * "Ra mắt AI pháp luật …;" retrieved, "Thời gian thực hiện: Tháng 12/2025." is not (none of the
 * question's words): the clauses after a retrieved opening are candidates too, matched through their lead.
 */
function withClausesOfTheirSentence(found: { unit: IndexedUnit; bm25: number }[], index: KnowledgeIndex): { unit: IndexedUnit; bm25: number }[] {
  const seen = new Set(found.map((f) => f.unit));
  const added: { unit: IndexedUnit; bm25: number }[] = [];
  for (const { unit } of found.slice(0, CLAUSE_SIBLINGS_OF)) {
    if (!/[;:]$/.test(unit.text)) continue;
    const units = index.unitsByDocument.get(unit.doc) ?? [];
    const at = units.indexOf(unit);
    for (let k = at + 1; k < units.length && units[k]!.passage === unit.passage; k++) {
      const sibling = units[k]!;
      if (!seen.has(sibling) && sibling.lead !== undefined) {
        seen.add(sibling);
        added.push({ unit: sibling, bm25: 0 });
      }
    }
    // "Số lượng thực hiện: 4.692 hộ …, trong đó:": the items under it, in the passages that follow.
    if (!unit.text.endsWith(":")) continue;
    for (let k = at + 1; k < units.length && k <= at + ITEMS_UNDER_A_LEAD; k++) {
      const item = units[k]!;
      if (!seen.has(item) && item.passage !== unit.passage && item.lead?.includes(unit.text)) {
        seen.add(item);
        added.push({ unit: item, bm25: 0 });
      }
    }
  }
  return added.length ? [...found, ...added] : found;
}

/** Candidate passages for a question, best first, each with its coverage of the question. */
export function rankUnits(analysis: QuestionAnalysis, index: KnowledgeIndex): RankedUnit[] {
  const { concepts } = analysis;
  const totalWeight = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight === 0 || !concepts.some((c) => c.known)) return [];
  const compiled = compileConcepts(concepts, index.terms);
  const questionIdSet = new Set<number>();
  for (const c of compiled) {
    if (!c.concept.known) continue;
    for (const a of c.alternatives) if (!a.alt.synonym) for (const id of a.folded) if (id !== undefined) questionIdSet.add(id);
  }
  // A passage's words are a sorted set: the question's few words are looked up in it, not the other way round.
  const questionIds = [...questionIdSet];
  const heaviest = (list: Concept[]) => list.reduce<Concept | undefined>((best, c) => (!best || c.weight > best.weight ? c : best), undefined);
  // "Năm 2026 xã Định Tân đề ra bao nhiêu chỉ tiêu chủ yếu?": made only of words that say what kind of
  // answer is wanted, the question is about them; a year stays a preference.
  const required =
    heaviest(concepts.filter((c) => c.known && !c.soft)) ?? heaviest(concepts.filter((c) => c.known && !/^\d+$/.test(c.text) && c.alternatives.length === 1 && !c.alternatives[0]!.synonym && c.text.includes(" ")));
  const requiredIndex = required ? concepts.indexOf(required) : -1;
  // A year asked for that is not the plan's own (when the plan says which year it is for): the passage
  // must give a figure for it, in its text, its lead or its headings. The start of a period
  // ("giai đoạn 2026 - 2030") gives no figure for that year.
  const yearRes = analysis.years.map((year) => new RegExp(String.raw`(?<!\d)${year}(?!\d|\s*[-–]\s*\d{4})`));
  // A plan that does not say its year (a news item on a council session) gives the year of each passage only where the passage says it.
  const givesAskedYear = (unit: IndexedUnit) =>
    yearRes.length === 0 ||
    (unit.doc.meta.year !== undefined && analysis.years.includes(unit.doc.meta.year)) ||
    yearRes.some((re) => re.test(yearContext(unit)) || unit.section.trail.some((heading) => re.test(heading))) ||
    (unit.doc.meta.year === undefined && !NAMES_A_YEAR_RE.test(yearContext(unit)));
  const ranked: RankedUnit[] = [];
  const scratch = new Float64Array(compiled.length);
  const { units, bm25: bm25s } = candidates(analysis, index);
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const bm25 = bm25s ? bm25s[u]! : 0;
    let weighted = 0;
    for (let i = 0; i < compiled.length; i++) {
      scratch[i] = conceptCredit(compiled[i]!, unit, index);
      weighted += concepts[i]!.weight * scratch[i]!;
    }
    const coverage = weighted / totalWeight;
    if (coverage === 0) continue;
    // Copied by a loop: Array.from of a typed array was a twentieth of a question's time.
    const credits = new Array<number>(compiled.length);
    for (let i = 0; i < compiled.length; i++) credits[i] = scratch[i]!;
    // How much of the passage is about the question: a tight passage beats a long one that mentions it.
    const folded = unit.folded;
    let shared = 0;
    for (let i = 0; i < questionIds.length; i++) if (hasTerm(folded, questionIds[i])) shared++;
    const precision = folded.length ? shared / folded.length : 0;
    ranked.push({
      unit,
      score: coverage + answerTypeBonus(unit, analysis, index.lexicon) + 0.05 * bm25 + 0.1 * precision,
      coverage,
      bm25,
      credits,
      requiredMatched: requiredIndex >= 0 && credits[requiredIndex]! >= 0.5,
      requiredKnown: requiredIndex >= 0 && required!.known,
      fitsAnswerType: true,
      figures: [],
    });
  }
  ranked.sort((a, b) => b.score - a.score || a.unit.id - b.unit.id);
  const top = ranked.slice(0, CANDIDATES);
  const pairs = adjacentWordPairs(analysis, index);
  const namesAsked = analysis.answerType === "any" && ASKS_WHICH_PLACES_RE.test(foldPhrase(analysis.searchedText));
  // Checked on the candidates kept only: they read the passage's text.
  for (const r of top) {
    r.score += yearPreference(r.unit, analysis.years) + wordOrderPreference(r.unit, pairs, index);
    // A question not asking how things are now asks for the plan's target: "Hiện nay, … là 87 trạm" is its starting point.
    if (saysCurrent(r.unit, index)) r.score += analysis.asksCurrent ? CURRENT_PREFERENCE : -CURRENT_PREFERENCE;
    if (namesAsked && NAMES_RE.test(r.unit.text)) r.score += NAMES_PREFERENCE;
    const yearGiven = givesAskedYear(r.unit);
    r.requiredMatched &&= yearGiven;
    r.requiredKnown &&= yearGiven;
    r.fitsAnswerType = fitsAnswerType(r.unit, analysis, index);
    r.figures = orderFigures(r.unit, analysis);
  }
  top.sort((a, b) => b.score - a.score || a.unit.id - b.unit.id);
  preferItemOverItsLead(top, concepts);
  preferSentenceOverItsRow(top);
  return top;
}

/** Score added to a passage that has every pair of the question's adjacent words side by side ("kết thúc năm học"). */
const WORD_ORDER_PREFERENCE = 0.05;

interface WordPair {
  /** The pair's id among the plans' bigram keys ("ket_thuc"). */
  id: number;
  weight: number;
}

/** Pairs of words side by side in the question that some plan also has side by side, each weighted by its two words. */
function adjacentWordPairs(analysis: QuestionAnalysis, index: KnowledgeIndex): WordPair[] {
  const asked = ` ${foldPhrase(analysis.searchedText).replace(/[^\p{L}\p{N}]+/gu, " ")} `;
  const pairs: WordPair[] = [];
  const { concepts } = analysis;
  for (let i = 0; i + 1 < concepts.length; i++) {
    const [a, b] = [concepts[i]!, concepts[i + 1]!];
    if (!a.known || !b.known) continue;
    const [left, right] = [foldPhrase(a.text).split(" ").at(-1)!, foldPhrase(b.text).split(" ")[0]!];
    if (!asked.includes(` ${left} ${right} `)) continue;
    const id = index.terms.lookup(`${left}_${right}`);
    if (id !== undefined) pairs.push({ id, weight: a.weight + b.weight });
  }
  return pairs;
}

const headingBigramCache = new WeakMap<Section, TermSet>();
/** The bigram keys of a section's own heading, among those the plans' sentences have. */
function headingBigrams(section: Section, index: KnowledgeIndex): TermSet {
  let set = headingBigramCache.get(section);
  if (!set) {
    const ids = foldedBigrams(tokenize(section.heading))
      .map((key) => index.terms.lookup(key))
      .filter((id): id is number => id !== undefined);
    set = Uint32Array.from(new Set(ids)).sort();
    headingBigramCache.set(section, set);
  }
  return set;
}

function wordOrderPreference(unit: IndexedUnit, pairs: readonly WordPair[], index: KnowledgeIndex): number {
  if (pairs.length === 0) return 0;
  // The heading right above counts as the passage's words ("Sở Tài chính:" over its tasks).
  const heading = unit.section.heading ? headingBigrams(unit.section, index) : undefined;
  let total = 0;
  let found = 0;
  for (const pair of pairs) {
    total += pair.weight;
    if (hasTerm(unit.bigrams, pair.id) || (heading && hasTerm(heading, pair.id))) found += pair.weight;
  }
  return (WORD_ORDER_PREFERENCE * found) / total;
}

interface CurrentKeys {
  /** The dictionary's size when worked out: a plan added since may bring a phrase's words. */
  termCount: number;
  /** Each phrase of lexicon/current-words.txt as its bigram keys ("hien_nay"), or a single word as its key. */
  phrases: { ids: number[]; bigrams: boolean }[];
}
const currentKeysCache = new WeakMap<KnowledgeIndex, CurrentKeys>();

function currentKeys(index: KnowledgeIndex): CurrentKeys["phrases"] {
  let keys = currentKeysCache.get(index);
  if (!keys || keys.termCount !== index.terms.size) {
    keys = { termCount: index.terms.size, phrases: [] };
    for (const phrase of index.lexicon.currentWords) {
      const tokens = tokenize(phrase);
      const bigrams = tokens.length > 1;
      const ids = (bigrams ? foldedBigrams(tokens) : tokens.map((t) => t.folded)).map((name) => index.terms.lookup(name));
      if (ids.length && ids.every((id) => id !== undefined)) keys.phrases.push({ ids: ids as number[], bigrams });
    }
    currentKeysCache.set(index, keys);
  }
  return keys.phrases;
}

/** Whether a sentence says how things are now ("Hiện nay, …"), read from its keys rather than its text. */
function saysCurrent(unit: IndexedUnit, index: KnowledgeIndex): boolean {
  return currentKeys(index).some(({ ids, bigrams }) => ids.every((id) => hasTerm(bigrams ? unit.bigrams : unit.folded, id)));
}

/** "… ở những khu vực nào?", "ở đâu?": the places are asked by name, not counted ("03 khu vực nuôi"). */
const ASKS_WHICH_PLACES_RE = /\b((nhung|cac) (khu vuc|dia diem|dia ban|xa|phuong|thon|huyen|vung|diem|noi|tuyen duong) nao|o dau|tai dau|where)\b/;
/** Two capitalised words in a row past a sentence's first word: a name ("Cành Nàng - xã Bá Thước"). */
const NAMES_RE = /\s\p{Lu}\p{Ll}*\s\p{Lu}\p{Ll}*(?![\p{L}])/u;
const NAMES_PREFERENCE = 0.05;

/** Score added, when the situation now is asked ("hiện có bao nhiêu trạm"), to a passage that gives it ("Hiện nay, … 22 trạm 5G"). */
const CURRENT_PREFERENCE = 0.1;

/** Score added when a year is asked: "Đến năm 2030: 90%" beats its twin "Đến năm 2025: 80%" for "đến năm 2030". */
const YEAR_PREFERENCE = 0.05;

/** "Năm 2025, tình hình … đạt …": the year a passage opens with is the year of each of its clauses. */
const OPENING_YEAR_RE = /^[\s*_]*(?:trong |đến |đến hết |cuối )?năm\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)/iu;

/** OPENING_YEAR_RE at the start of any sentence of a passage. */
const SENTENCE_OPENING_YEAR_RE = new RegExp(`(?:^|[.!?]\\s+)${OPENING_YEAR_RE.source.slice(1)}`, "giu");

/** The years a unit is about: those it names, else those of the sentence it is read with, else the one its passage opens with. */
function yearsOf(unit: IndexedUnit): number[] {
  const inText = [...unit.text.matchAll(YEAR_IN_TEXT_RE)].map((m) => Number(m[0]));
  if (inText.length) return inText;
  const inLead = unit.lead ? [...unit.lead.matchAll(YEAR_IN_TEXT_RE)].map((m) => Number(m[0])) : [];
  if (inLead.length) return inLead;
  const opening = openingYear(unit);
  return opening ? [Number(opening[1])] : [];
}

/** "Năm 2024, xã … . Trong đó, …; thu nhập … đạt 65,4 triệu": the year of the last sentence before the unit that opens with one. */
function openingYear(unit: IndexedUnit): RegExpExecArray | null {
  const { text } = unit.passage;
  const at = text.indexOf(unit.text);
  if (at <= 0) return OPENING_YEAR_RE.exec(text);
  let found: RegExpExecArray | null = null;
  for (const match of text.slice(0, at).matchAll(SENTENCE_OPENING_YEAR_RE)) found = match;
  return found;
}

/** The text that says which year a unit is about: its own if it names a year, else its lead's, else its passage's opening. */
function yearContext(unit: IndexedUnit): string {
  if (NAMES_A_YEAR_RE.test(unit.text)) return unit.text;
  if (unit.lead !== undefined && NAMES_A_YEAR_RE.test(unit.lead)) return unit.lead;
  return openingYear(unit)?.[0] ?? "";
}

function yearPreference(unit: IndexedUnit, years: readonly number[]): number {
  if (years.length === 0) return 0;
  const named = yearsOf(unit);
  if (named.length === 0) return 0;
  return named.some((year) => years.includes(year)) ? YEAR_PREFERENCE : -YEAR_PREFERENCE;
}

/** Coverage at which a passage answers though it lacks the question's most specific word, when that word is one the plans use. */
export const STRONG_COVERAGE = 0.75;

/**
 * "Hỗ trợ 120 hộ vay vốn, trong đó:" above "+ Hộ nghèo: 45 hộ": when the best passage is the sentence
 * a list belongs to and one of its items has every word of the question the sentence lacks, the
 * question is about that item. A question about the total lacks nothing in the sentence, and keeps it.
 */
function preferItemOverItsLead(ranked: RankedUnit[], concepts: Concept[]): void {
  const lead = ranked[0];
  if (!lead || !/[:;]$/.test(lead.unit.text)) return;
  // Words the sentence has only through the sentence above it or its headings are words it lacks.
  const lacking = concepts.map((c, i) => (c.known && !c.soft && lead.credits[i]! < 1 ? i : -1)).filter((i) => i >= 0);
  if (lacking.length === 0) return;
  // The item must say more of what the sentence lacks, not only share its headings.
  const at = ranked.findIndex(
    (r) => r.unit.lead?.includes(lead.unit.text) && lacking.every((i) => r.credits[i]! > 0) && lacking.some((i) => r.credits[i]! > lead.credits[i]!),
  );
  if (at <= 0) return;
  const [item] = ranked.splice(at, 1);
  // Read with the sentence it is an item of, the item covers what the two cover together.
  item!.score = Math.max(item!.score, lead.score);
  item!.coverage = Math.max(item!.coverage, lead.coverage);
  item!.requiredMatched ||= lead.requiredMatched;
  item!.requiredKnown ||= lead.requiredKnown;
  ranked.unshift(item!);
}

/** How far below a table row a sentence giving the same figure may score and still be quoted instead. */
const SENTENCE_OVER_ROW_MARGIN = 0.15;

/**
 * A plan often gives a figure twice: in its text ("số lượng mẫu quan trắc 64 mẫu/năm") and in the
 * table appended to it. When the best passage is the row and a sentence nearly as good, as sure,
 * gives the same headline figure, the sentence is what a resident can read.
 */
function preferSentenceOverItsRow(ranked: RankedUnit[]): void {
  const row = ranked[0];
  const figure = row?.figures[0];
  if (!row || !figure || row.unit.passage.kind !== "table-row") return;
  const at = ranked.findIndex(
    (r) =>
      r.unit.passage.kind !== "table-row" &&
      r.score >= row.score - SENTENCE_OVER_ROW_MARGIN &&
      r.figures[0]?.value === figure.value &&
      isConfident(r),
  );
  if (at <= 0) return;
  const [sentence] = ranked.splice(at, 1);
  ranked.unshift(sentence!);
}

export function isConfident(ranked: RankedUnit): boolean {
  if (ranked.coverage < MIN_COVERAGE || !ranked.fitsAnswerType) return false;
  return ranked.requiredMatched || (ranked.coverage >= STRONG_COVERAGE && ranked.requiredKnown);
}
