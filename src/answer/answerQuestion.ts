import { isOfKind, kindAskedAbout, kindOpening } from "../ingest/documentKind.js";
import type { PlanDocument } from "../ingest/types.js";
import { type AnalysisOptions, analyzeQuestion, type MetaIntent, type QuestionAnalysis, SELF_REFERENCE_RE } from "../search/analyzeQuestion.js";
import { type HomePlaces, resolveHome } from "../search/homePlaces.js";
import { foldPhrase } from "../text/normalize.js";
import { tokenize } from "../text/tokenize.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import { citation, documentRef, type Language, placeLabel, sectionRef } from "./citation.js";
import { headlineFigure, quoteOf } from "./quote.js";
import { formerNamesNote, labelWithSuccessor } from "./formerNames.js";
import { type MetadataAnswer, metadataAnswer } from "./metadataAnswer.js";
import { CANDIDATES, isConfident, MIN_COVERAGE, type RankedUnit, rankUnits } from "./rankUnits.js";
import { formatAnswered, formatNoAnswer, formatOtherPlaceNote, formatUnknownScope, type ReplyPart } from "./replyText.js";
import { suggestTopics } from "./suggestions.js";
import type { Answer, AskResult, Explanation } from "./types.js";

/** Plans whose best passage scores within this margin of the best one answer side by side. */
const SIMILAR_SCORE_MARGIN = 0.1;
const EXPLAINED_CANDIDATES = 8;
/** "NQ 41/NQ-ĐU … ngày nào", "Luật … ban hành ngày nào": the question is about a document the plan cites. */
const CITES_ANOTHER_DOCUMENT_RE = /^(Căn cứ|Thực hiện|Theo|Triển khai)(?![\p{L}])/iu;
/** A chat reply lists at most this many plans; beyond it the resident is asked to name the place. */
export const MAX_PLANS_LISTED = 5;

function explain(analysis: QuestionAnalysis, ranked: RankedUnit[], decision: string): Explanation {
  return {
    language: analysis.language,
    searchedText: analysis.searchedText,
    typedDiacritics: analysis.typedDiacritics,
    scope: analysis.scope ? analysis.scope.map((doc) => doc.file) : "all",
    placesNamed: analysis.placesNamed,
    ...(analysis.unknownPlace ? { unknownPlace: analysis.unknownPlace } : {}),
    ...(analysis.intent ? { intent: analysis.intent } : {}),
    answerType: analysis.answerType,
    ...(analysis.askedUnit ? { askedUnit: analysis.askedUnit } : {}),
    concepts: analysis.concepts.map(({ text, weight, soft, known, corrected }) => ({
      text,
      weight: Number(weight.toFixed(2)),
      soft,
      known,
      ...(corrected ? { corrected } : {}),
    })),
    candidates: ranked.slice(0, EXPLAINED_CANDIDATES).map((r) => ({
      file: r.unit.doc.file,
      sectionPath: r.unit.section.path,
      trail: r.unit.section.trail,
      quote: r.unit.text,
      figures: r.figures.map((f) => f.text),
      score: Number(r.score.toFixed(3)),
      coverage: Number(r.coverage.toFixed(3)),
      bm25: Number(r.bm25.toFixed(3)),
      matched: analysis.concepts.filter((_, i) => r.credits[i]! > 0).map((c) => c.text),
      missing: analysis.concepts.filter((_, i) => r.credits[i] === 0).map((c) => c.text),
      requiredMatched: r.requiredMatched,
    })),
    decision,
  };
}

function noAnswer(analysis: QuestionAnalysis, ranked: RankedUnit[], decision: string, reply: string): AskResult {
  return {
    question: analysis.question,
    status: "no_answer",
    answers: [],
    reply,
    pieces: [],
    explanation: explain(analysis, ranked, decision),
  };
}

function declineReply(analysis: QuestionAnalysis, index: KnowledgeIndex): string {
  const docs = analysis.scope?.length ? analysis.scope : index.documents;
  const where = (analysis.placesNamed.length || analysis.homeScoped) && analysis.scope ? analysis.scope.map(placeLabel).join(", ") : undefined;
  return formatNoAnswer({ language: analysis.language, ...(where ? { where } : {}), suggestions: suggestTopics(index, docs) });
}

/** "Hồ Cây Dừa thuộc phường nào, rộng bao nhiêu?": a question asking which one and how much. */
function asksTwoThings(analysis: QuestionAnalysis): boolean {
  const folded = foldPhrase(analysis.searchedText);
  return /\b(nao|gi|ai|dau)\b/.test(folded) && /\b(bao nhieu|may)\b/.test(folded) && /[,;]|\bva\b/.test(analysis.searchedText);
}

/** The clause after a unit in its passage, when it gives a figure the unit does not ("…, Phường Ngô Quyền;" / "diện tích: 8.200 m2."). */
function nextClause(unit: RankedUnit["unit"], index: KnowledgeIndex): RankedUnit["unit"] | undefined {
  const next = nextSentence(unit, index);
  return next && next.figures.length > 0 && /;$/.test(unit.text) ? next : undefined;
}

/** "Lý do: Đường … đã được đặt tên theo …. Tuy nhiên, … đã có sự nhầm lẫn …": a reason goes on in the sentence after. */
function nextSentence(unit: RankedUnit["unit"], index: KnowledgeIndex): RankedUnit["unit"] | undefined {
  const units = index.unitsByDocument.get(unit.doc) ?? [];
  const next = units[units.indexOf(unit) + 1];
  return next && next.passage === unit.passage ? next : undefined;
}

function answerFromUnit(r: RankedUnit, language: Language, andThen?: RankedUnit["unit"]): { answer: Answer; part: ReplyPart } {
  const { unit } = r;
  const figures = [...r.figures, ...(andThen?.figures ?? [])].map(({ start: _start, end: _end, ...figure }) => figure);
  return {
    answer: {
      document: documentRef(unit.doc),
      section: sectionRef(unit.section),
      quote: andThen ? `${quoteOf(unit)} ${andThen.text}` : quoteOf(unit),
      figures,
      score: Number(r.score.toFixed(3)),
      line: unit.passage.line,
    },
    part: {
      doc: unit.doc,
      ...(figures[0] ? { figure: headlineFigure(figures[0]) } : {}),
      quote: andThen ? `${quoteOf(unit)} ${andThen.text}` : quoteOf(unit),
      citation: citation(unit.doc, unit.section, language),
    },
  };
}

/** The best passage of each plan that answers about as well as the best one overall. */
function pickAnswers(confident: RankedUnit[], analysis: QuestionAnalysis): RankedUnit[] {
  const best = confident[0]!;
  // A name that fits one plan gets its one answer; one that fits several (Mỹ Thành / Mỹ Thạnh typed
  // without diacritics, or a district) gets each plan's.
  if (analysis.placesNamed.length > 0 && (analysis.scope?.length ?? 0) <= 1) return [best];
  const perDocument = new Map<PlanDocument, RankedUnit>();
  for (const r of confident) if (!perDocument.has(r.unit.doc)) perDocument.set(r.unit.doc, r);
  return [...perDocument.values()].filter((r) => r === best || r.score >= best.score - SIMILAR_SCORE_MARGIN);
}

/** How many plans answer alike, or Infinity when the candidate list was too short to count them all. */
function countSimilarPlans(confident: RankedUnit[]): number {
  const best = confident[0]!;
  const plans = new Set(confident.filter((r) => r.score >= best.score - SIMILAR_SCORE_MARGIN).map((r) => r.unit.doc)).size;
  return confident.length >= CANDIDATES ? Number.POSITIVE_INFINITY : plans;
}

/** What the conversation knows beyond the question: the chat's place, the language to reply in, the bot's home places. */
export interface AnswerOptions extends Omit<AnalysisOptions, "home"> {
  /**
   * The asking bot's places: a question naming none, in a chat with no place, is answered from
   * their plans. Without it every plan answers, as for a single bot.
   */
  home?: HomePlaces;
}

export function answerQuestion(question: string, index: KnowledgeIndex, options: AnswerOptions = {}): AskResult {
  const { home: homePlaces, ...conversation } = options;
  const home = homePlaces ? resolveHome(homePlaces, index).documents : [];
  const analysis = analyzeQuestion(question, index, home.length ? { ...conversation, home } : conversation);
  const result = answerAnalysed(analysis, index);
  const answering = documentsOfFiles(index.documents, result.answers.map((answer) => answer.document.file));
  const notes = [
    formerNamesNote(analysis.placesNamed, answering.length ? answering : (analysis.scope ?? []), index.lexicon, analysis.language),
    otherPlaceNote(result, analysis, answering, home),
  ].filter((note): note is string => note !== undefined);
  if (!notes.length) return result;
  // One line (the Telegram rendering takes the reply's first line for it).
  const note = notes.join(" ");
  return { ...result, note, reply: `${note}\n${result.reply}` };
}

/** Each list of plans (a new list after every change) with the places of its files in it. */
const filePositions = new WeakMap<readonly PlanDocument[], Map<string, number[]>>();

/**
 * The plans of these files, in the order of `documents`: looked up rather than filtered, since
 * reading the file of each of thousands of plans took a twentieth of a question's time.
 */
function documentsOfFiles(documents: readonly PlanDocument[], files: readonly string[]): PlanDocument[] {
  if (files.length === 0) return [];
  let positions = filePositions.get(documents);
  if (!positions) {
    positions = new Map();
    documents.forEach((doc, at) => {
      const known = positions!.get(doc.file);
      if (known) known.push(at);
      else positions!.set(doc.file, [at]);
    });
    filePositions.set(documents, positions);
  }
  const found = new Set<number>();
  for (const file of files) for (const at of positions.get(file) ?? []) found.add(at);
  return [...found].sort((a, b) => a - b).map((at) => documents[at]!);
}

/**
 * A commune's bot answering from another place's plan (named in the question, or the chat's
 * remembered place): the note says whose plan answers, so the resident does not take it for their
 * own commune's. A question naming a unit merged in 2025 gets its own note first (formerNamesNote).
 */
function otherPlaceNote(result: AskResult, analysis: QuestionAnalysis, answering: readonly PlanDocument[], home: readonly PlanDocument[]): string | undefined {
  if (!home.length || analysis.homeScoped || result.status !== "answered") return undefined;
  if (!answering.length || answering.some((doc) => home.includes(doc))) return undefined;
  const placeOf = (doc: PlanDocument) => doc.meta.place ?? placeLabel(doc);
  return formatOtherPlaceNote([...new Set(answering.map(placeOf))], placeOf(home[0]!), result.explanation.language);
}

function answerAnalysed(analysis: QuestionAnalysis, index: KnowledgeIndex): AskResult {
  const { language } = analysis;

  if (index.documents.length === 0) {
    const reply = language === "en" ? "No plans have been loaded yet." : "Chưa có kế hoạch nào được nạp.";
    return noAnswer(analysis, [], "no plans loaded", reply);
  }
  if (analysis.scope && analysis.scope.length === 0) {
    const reply = formatUnknownScope({
      language,
      ...(analysis.unknownPlace ? { place: analysis.unknownPlace } : {}),
      ...(analysis.unknownYear ? { year: analysis.unknownYear } : {}),
      known: index.documents,
    });
    return noAnswer(analysis, [], analysis.unknownPlace ? "names a place no plan is about" : "names a year no plan is for", reply);
  }

  const describedDate = analysis.intent ? undefined : documentDescribedForItsDate(analysis, analysis.scope ?? index.documents);
  // "NQ 41/NQ-ĐU … ban hành ngày nào?" put to plan 14/KH-UBND asks about the resolution it cites.
  const number = analysis.namedDocumentNumber;
  const namesAnotherNumber = number !== undefined && !(analysis.scope ?? index.documents).some((doc) => doc.meta.number?.startsWith(`${number}/`));
  const intent = namesAnotherNumber ? undefined : (analysis.intent ?? (describedDate ? "date" : undefined));
  if (intent) {
    const docs = describedDate ? [describedDate] : (analysis.scope ?? index.documents);
    const askedWords = analysis.concepts.filter((c) => c.known && !c.soft).flatMap((c) => foldPhrase(c.text).split(" "));
    const found = docs.map((doc) => metadataAnswer(doc, intent, language, askedWords)).filter((a) => a !== undefined);
    // A plan whose header does not say it (an excerpt, a dump without the letterhead) may still say it
    // in its text ("Nghị quyết này được HĐND tỉnh thông qua ngày …"): the passages are searched instead.
    if (found.length === 0) return answerFromPassages(analysis, index);
    return answeredFromMetadata(analysis, found, intent, []);
  }

  return answerFromPassages(analysis, index);
}

function answeredFromMetadata(analysis: QuestionAnalysis, found: MetadataAnswer[], intent: MetaIntent, ranked: RankedUnit[]): AskResult {
  const reply = found.length === 1 ? found[0]!.sentence : found.map((f) => `• ${f.sentence}`).join("\n");
  return {
    question: analysis.question,
    status: "answered",
    answers: found.map((f) => f.answer),
    reply,
    pieces: [],
    explanation: explain(analysis, ranked, `answered from the document's ${intent}`),
  };
}

/** A text's words as the index keys them (folded, "kỳ" as "ki"), to compare with a concept's. */
function foldedWords(text: string): Set<string> {
  // "Đảng bộ tỉnh6 tháng đầu năm": a dump that lost the space between a word and a number.
  return new Set(tokenize(text.replace(/(?<=\p{L})(?=\d)/gu, " ")).map((token) => token.folded));
}

/**
 * "Chương trình hành động này cho nhiệm kỳ nào?": asked of the document itself with words its title
 * has (beside the document's kind), the question is answered by the title.
 */
const NAMES_A_DOCUMENT_RE = /\bsố\s*\d+\s*[-/]|\d+\/\d*\/?[\p{Lu}Đ]/u;

function titleThatAnswers(analysis: QuestionAnalysis, docs: readonly PlanDocument[]): PlanDocument | undefined {
  // "… thực hiện nghị quyết nào …?" is answered by a title that names the document ("… Nghị quyết số 04-NQ/TU …").
  const asksReference = analysis.answerType === "reference";
  if (analysis.answerType !== "any" && !asksReference) return undefined;
  const folded = foldPhrase(analysis.searchedText);
  // "Báo cáo kết quả thực hiện nghị quyết nào …?": opened with the document's kind, the question is put to it too.
  const openingKind = kindOpening(folded);
  if (!SELF_REFERENCE_RE.test(folded) && !openingKind) return undefined;
  const asked = analysis.concepts.filter((c) => c.known && !c.soft);
  const titled = docs.filter((doc) => {
    if (!doc.meta.title || (openingKind && !isOfKind(doc, openingKind))) return false;
    if (asksReference && !NAMES_A_DOCUMENT_RE.test(doc.meta.title)) return false;
    const titleWords = foldedWords(doc.meta.title);
    return asked.every((c) => c.alternatives.some((alt) => alt.folded.every((word) => titleWords.has(word))));
  });
  return asked.length > 0 && titled.length === 1 ? titled[0] : undefined;
}

/**
 * "Quyết định kế hoạch bảo vệ bí mật nhà nước Sơn La ngày nào?": a question that starts with a kind of
 * document, asks for a day and otherwise only repeats words of one plan's title asks for that plan's date.
 */
function documentDescribedForItsDate(analysis: QuestionAnalysis, docs: readonly PlanDocument[]): PlanDocument | undefined {
  if (analysis.answerType !== "date" || !analysis.asksForDay || analysis.aboutAnotherDocument) return undefined;
  const kind = kindAskedAbout(foldPhrase(analysis.searchedText));
  if (!kind) return undefined;
  const words = analysis.concepts.filter((c) => c.known && !c.soft).flatMap((c) => c.alternatives[0]!.folded);
  const described = docs.filter((doc) => {
    if (!doc.meta.date || !doc.meta.title) return false;
    const titleWords = foldedWords(`${kind} ${doc.meta.title} ${doc.meta.place ?? ""}`);
    return words.every((word) => titleWords.has(word));
  });
  return described.length === 1 ? described[0] : undefined;
}

/** Why no passage answers, in the decision and in the reply. */
function declineFromPassages(analysis: QuestionAnalysis, index: KnowledgeIndex, ranked: RankedUnit[]): AskResult {
  const best = ranked[0];
  const decision = !analysis.concepts.some((c) => c.known && !c.soft)
    ? "the question has no topic the plans use"
    : !best
      ? "no passage shares a word with the question"
      : !best.requiredMatched
        ? "no passage contains the question's most specific word"
        : `best coverage ${best.coverage.toFixed(2)} is below the threshold`;
  // A year no plan in scope is for, and no passage gives a figure for: say there is no plan of that year.
  const docs = analysis.scope ?? index.documents;
  const missingYear = analysis.years.find((year) => !docs.some((doc) => doc.meta.year === year));
  if (missingYear !== undefined && best?.coverage && best.coverage >= MIN_COVERAGE) {
    const reply = formatUnknownScope({ language: analysis.language, year: missingYear, known: docs });
    return noAnswer(analysis, ranked, `no passage gives a figure for ${missingYear}, and no plan is for that year`, reply);
  }
  return noAnswer(analysis, ranked, decision, declineReply(analysis, index));
}

/** "… thuộc nhóm nào?": the group an item belongs to is asked, which only a passage under a heading or a lead says. */
const ASKS_ITS_GROUP_RE = /\b(thuoc (nhom|linh vuc|muc|phan|chuong|loai) nao|(which|what) (group|category|field|section))\b/;

function saysItsGroup(unit: RankedUnit["unit"]): boolean {
  return unit.lead !== undefined || unit.section.heading !== "";
}

function answerFromPassages(analysis: QuestionAnalysis, index: KnowledgeIndex): AskResult {
  const { language } = analysis;
  const ranked = rankUnits(analysis, index);
  const titled = titleThatAnswers(analysis, analysis.scope ?? index.documents);
  const titleAnswer = titled ? metadataAnswer(titled, "title", language) : undefined;
  if (titleAnswer) return answeredFromMetadata(analysis, [titleAnswer], "title", ranked);
  // Asked for the plan's own number, date or signer, a sentence citing another document ("Căn cứ Kế
  // hoạch số 16/KH-UBND ngày …") is the wrong document's.
  const aboutItself =
    analysis.intent && analysis.intent !== "basis" && analysis.intent !== "title" && !analysis.aboutAnotherDocument;
  const groupAsked = ASKS_ITS_GROUP_RE.test(foldPhrase(analysis.searchedText));
  const confident = ranked.filter(
    (r) => isConfident(r) && !(aboutItself && CITES_ANOTHER_DOCUMENT_RE.test(r.unit.text)) && (!groupAsked || saysItsGroup(r.unit)),
  );
  if (confident.length === 0) return declineFromPassages(analysis, index, ranked);

  const picked = pickAnswers(confident, analysis);
  const readOn = (unit: RankedUnit["unit"]) =>
    analysis.answerType === "reason" ? nextSentence(unit, index) : asksTwoThings(analysis) ? nextClause(unit, index) : undefined;
  const chosen = picked.slice(0, MAX_PLANS_LISTED).map((r) => answerFromUnit(r, language, readOn(r.unit)));
  const more = picked.length > MAX_PLANS_LISTED ? countSimilarPlans(confident) : 0;
  return {
    question: analysis.question,
    status: "answered",
    answers: chosen.map((c) => c.answer),
    reply: formatAnswered(
      chosen.map((c) => c.part),
      language,
      more,
      (doc) => labelWithSuccessor(doc, index.lexicon, language),
    ),
    pieces: chosen.map(({ part: { doc, ...rest } }) => ({ label: labelWithSuccessor(doc, index.lexicon, language), ...rest })),
    explanation: explain(analysis, ranked, chosen.length > 1 ? `${chosen.length} plans answer with similar confidence` : "answered"),
  };
}
