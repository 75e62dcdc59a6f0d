import { isOfKind, kindAskedAbout } from "../ingest/documentKind.js";
import type { PlanDocument } from "../ingest/types.js";
import { expandShorthand, type Lexicon } from "../lexicon/lexicon.js";
import { cleanText, collapseSpaces, foldPhrase, hasDiacritics } from "../text/normalize.js";
import { diacriticRatio, type Token, tokenize } from "../text/tokenize.js";
import { FirstWordIndex } from "./firstWordIndex.js";
import { headingVocabulary, type KnowledgeIndex, type TermStats } from "./knowledgeIndex.js";
import { findLexiconPlaces, findPlaces } from "./places.js";

export const MAX_QUESTION_CHARS = 500;

export type AnswerType = "percent" | "number" | "date" | "reference" | "reason" | "source" | "any";
export type MetaIntent = "signer" | "date" | "number" | "basis" | "issuer" | "title" | "posted";

/** One way a concept may be written: its syllables, matched with or without diacritics. */
export interface Alternative {
  exact: string[];
  folded: string[];
  /** Match on the exact keys (the resident typed diacritics) or on the folded ones. */
  useExact: boolean;
  /** Typed with diacritics the plans never use: matched without them, for part of the credit. */
  loose?: boolean;
  /** A synonym of what the resident typed, not their own words. */
  synonym?: boolean;
}

/** A unit of meaning in the question: a syllable, an abbreviation or a phrase with its synonyms. */
export interface Concept {
  text: string;
  alternatives: Alternative[];
  weight: number;
  /** Describes the kind of answer (chỉ tiêu, phấn đấu) rather than the topic. */
  soft: boolean;
  /** False when the words occur nowhere in the plans. */
  known: boolean;
  corrected?: string;
  /** The unit of the figures that say this concept by themselves ("%" for "tỷ lệ"; figure-words.tsv). */
  saidByFigureIn?: string;
}

export interface QuestionToken extends Token {
  fromGlossary: boolean;
  useExact: boolean;
}

export interface QuestionAnalysis {
  question: string;
  language: "vi" | "en";
  /** The question after the English glossary, as searched. */
  searchedText: string;
  typedDiacritics: boolean;
  /** Documents the question is limited to; undefined when it names no place. */
  scope?: PlanDocument[];
  placesNamed: string[];
  /** A place the question names that no plan is about. */
  unknownPlace?: string;
  /** The scope is the asking bot's home plans: the question named no place. */
  homeScoped?: boolean;
  /** Years the question names: the figures given for them are preferred. */
  years: number[];
  /** A plan year the question names that no plan is for. */
  unknownYear?: number;
  intent?: MetaIntent;
  answerType: AnswerType;
  /** The measure word asked for: "hộ" in "bao nhiêu hộ". */
  askedUnit?: string;
  /** The period of a rate asked for, folded ("nam" for "mỗi năm" or "per year"). */
  askedPer?: string;
  /** "hiện có", "now": the situation now is asked, not a target. */
  asksCurrent: boolean;
  /** "thuộc huyện nào": the kind of unit (folded) the place in question belongs to is asked. */
  asksParentUnit?: string;
  /** "hạn nộp … là ngày nào", "deadline": the last day for something is asked. */
  asksDeadline?: boolean;
  /** "bao nhiêu tiền", "how much money": an amount of money is asked. */
  asksMoney?: boolean;
  /** "từ năm nào đến năm nào", "trong giai đoạn nào": a period is asked, from its start to its end. */
  asksPeriod?: boolean;
  /** "số mấy", "số hiệu": the number of a document is asked, not a count. */
  asksDocumentNumber: boolean;
  /** The question names or asks for another document ("Nghị quyết 23/2016/NQ-HĐND …", "theo quyết định số mấy"). */
  /** The number of a document the question names ("NQ 41/NQ-ĐU" -> "41"), to tell the plan's own from another's. */
  namedDocumentNumber?: string;
  aboutAnotherDocument: boolean;
  /** "ngày nào", "hạn chót": the answer must give a day, not only a year. */
  asksForDay?: boolean;
  concepts: Concept[];
}

const ENGLISH_MIN_SHARE = 0.4;
/** English words a question must have to be English though it has words with tone marks (a place's name). */
const ENGLISH_AMONG_VIETNAMESE = 3;
/** Words after which a number such as 2030 is a year: "năm 2030", "đến 2030", "by 2030". */
const YEAR_LEAD_WORDS = new Set(["nam", "den", "toi", "truoc", "sau", "cuoi", "vao", "trong", "by", "in", "of", "until", "to", "before", "after"]);
const PLACE_WORDS_EN = new Set(["ward", "commune", "town", "district", "province", "hamlet", "village", "city"]);
const VIETNAMESE_SYLLABLE_RE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/;

const INTENT_PATTERNS: ReadonlyArray<readonly [MetaIntent, RegExp]> = [
  ["signer", /\b(ai ky|nguoi ky|ky boi ai|do ai ky|ky ban hanh|who signed|signed by|signer|signatory)\b/],
  ["issuer", /\b((ai|co quan nao|don vi nao|cap nao) ban hanh|who issued|issued by|which agency)\b/],
  [
    "date",
    /\b((ban hanh|ky|ra doi)( vao)? (ngay nao|ngay bao nhieu|khi nao|luc nao|bao gio|thang nao|nam nao)|ngay ban hanh|ngay ky|when was (it|the plan|this plan)? ?(issued|signed|published|adopted)|issue date|date of the plan)\b/,
  ],
  [
    "number",
    /^(ke hoach|quyet dinh|nghi quyet|chuong trinh|de an|bao cao|thong bao)\b(?:(?! (to trinh|quyet dinh|nghi quyet|ke hoach|cong van|bao cao|thong bao|van ban|chi thi|nghi dinh|thong tu|luat)\b).)*\bso (may|bao nhieu|hieu)\b|\b(so hieu|(ke hoach|quyet dinh|nghi quyet|chuong trinh|van ban)( nay)?( co)? so (may|bao nhieu|gi)|so cua (ke hoach|quyet dinh|nghi quyet|van ban)|so ke hoach|plan number|document number|reference number)\b/,
  ],
  // "căn cứ văn bản nào", "dựa trên cơ sở nào"; not a name that contains the words ("quản lý rủi ro dựa vào cộng đồng").
  [
    "basis",
    /\b((can cu|dua tren|dua vao)( vao)? ((nhung )?(van ban|quyet dinh|nghi quyet|luat|nghi dinh|thong tu|chi thi|cong van|ke hoach|chuong trinh)( \w+){0,4} nao|dau|co so nao|nao|gi)|(xay dung|ban hanh|lap) theo (van ban|quyet dinh|nghi quyet|chi thi|cong van|ke hoach|chuong trinh)( \w+){0,4} nao|can cu phap ly|co so phap ly|based on (what|which)|legal basis)\b/,
  ],
  ["title", /\b(ten (cua )?(ke hoach|chuong trinh|quyet dinh|nghi quyet|de an|bao cao|van ban)|trich yeu|title of)\b/],
];

/** "kế hoạch này", "chương trình hành động này": the question names the document it is put to. */
export const SELF_REFERENCE_RE = /\b((?:ke hoach|chuong trinh|quyet dinh|nghi quyet|de an|van ban|bao cao)(?: hanh dong)?) nay\b/;
const PER_WORDS: Record<string, string> = { year: "nam", month: "thang", quarter: "quy", day: "ngay", week: "tuan" };
const NAMES_ANOTHER_DOCUMENT_RE = /\d+\/\d*\/?[\p{Lu}Đđ]|\bsố\s+\d+\s*[-/]\s*[\p{Lu}Đđ]|căn cứ|\b(luật|chỉ thị|nghị định|thông tư)(?![\p{L}])/iu;
const CARRIES_OUT_RE = /\b(thuc hien|trien khai|theo|implementing|under)\b/;
const ASKS_DOCUMENT_NUMBER_RE = /\b(quyet dinh|nghi quyet|van ban|to trinh|cong van|bao cao|thong bao|chuong trinh|de an)\b(?! nay).*\bso (may|bao nhieu)\b/;

/** Whether folded text holds one of the lexicon's words for the situation now. */
export function mentionsCurrent(folded: string, lexicon: Lexicon): boolean {
  const padded = ` ${folded} `;
  return currentPhrases(lexicon).some((phrase) => padded.includes(phrase));
}

const currentPhraseCache = new WeakMap<Lexicon, string[]>();
function currentPhrases(lexicon: Lexicon): string[] {
  let phrases = currentPhraseCache.get(lexicon);
  if (!phrases) {
    phrases = lexicon.currentWords.map((word) => ` ${foldPhrase(word)} `);
    currentPhraseCache.set(lexicon, phrases);
  }
  return phrases;
}

function idf(df: number, units: number): number {
  return Math.log(1 + (units - df + 0.5) / (df + 0.5));
}

function isEnglishWord(word: string, english: Set<string>): boolean {
  return english.has(word) || (word.endsWith("s") && english.has(word.slice(0, -1)));
}

const englishWordsCache = new WeakMap<Lexicon, Set<string>>();
function englishWords(lexicon: Lexicon): Set<string> {
  let words = englishWordsCache.get(lexicon);
  if (!words) {
    words = new Set<string>();
    for (const phrase of lexicon.stopPhrases) if (/^[a-z']{2,}$/.test(phrase)) words.add(phrase);
    for (const key of lexicon.glossary.keys()) for (const word of key.split(" ")) if (word.length > 1) words.add(word);
    englishWordsCache.set(lexicon, words);
  }
  return words;
}

function detectLanguage(tokens: Token[], lexicon: Lexicon): "vi" | "en" {
  const words = tokens.filter((t) => !t.numeric);
  const english = englishWords(lexicon);
  const count = words.filter((t) => {
    if (hasDiacritics(t.text)) return false;
    const word = t.text.toLowerCase();
    if (isEnglishWord(word, english)) return true;
    // Not shaped like a Vietnamese syllable and not a known abbreviation: an English word.
    return word.length >= 3 && !VIETNAMESE_SYLLABLE_RE.test(t.folded) && !lexicon.abbreviations.has(word);
  }).length;
  // "Which day is waste collected in the Phú cluster villages?": English that names a place in Vietnamese.
  if (words.some((t) => hasDiacritics(t.text))) return count >= ENGLISH_AMONG_VIETNAMESE && count / words.length >= 0.5 ? "en" : "vi";
  return count >= 2 && count / Math.max(1, words.length) >= ENGLISH_MIN_SHARE ? "en" : "vi";
}

const glossaryLeadCache = new WeakMap<Lexicon, Set<string>>();
/** The first words of the glossary's phrases of several words: no other word starts one. */
function glossaryLeadWords(lexicon: Lexicon): Set<string> {
  let leads = glossaryLeadCache.get(lexicon);
  if (!leads) {
    leads = new Set<string>();
    for (const key of lexicon.glossary.keys()) if (key.includes(" ")) leads.add(key.slice(0, key.indexOf(" ")));
    glossaryLeadCache.set(lexicon, leads);
  }
  return leads;
}

/** The longest glossary phrase that starts at word i, with how many words it takes. */
function glossaryMatchAt(words: readonly string[], tokens: readonly Token[], i: number, lexicon: Lexicon, english: boolean): { vietnamese: string; n: number } | undefined {
  // Words separated by punctuation are not one phrase; a joining hyphen (waste-collection) is no break.
  let samePhrase = 1;
  while (i + samePhrase < tokens.length && tokens[i + samePhrase]!.phrase === tokens[i]!.phrase) samePhrase++;
  const longest = glossaryLeadWords(lexicon).has(words[i]!) ? Math.min(lexicon.glossaryMaxWords, samePhrase) : 1;
  for (let n = longest; n >= 1; n--) {
    const phrase = words.slice(i, i + n);
    if (!english && n === 1 && !PLACE_WORDS_EN.has(phrase[0]!)) continue;
    if (!english && n > 1 && phrase.some((w) => !/^[a-z'-]+$/.test(w))) continue;
    const singular = phrase
      .slice(0, -1)
      .concat(phrase[n - 1]!.replace(/(?<=[a-z]{3})(es|s)$/, ""))
      .join(" ");
    const vietnamese = lexicon.glossary.get(phrase.join(" ")) ?? lexicon.glossary.get(singular);
    if (vietnamese) return { vietnamese, n };
  }
  return undefined;
}

/** Replaces English words and phrases by the Vietnamese the plans use (longest phrase first). */
function applyGlossary(tokens: Token[], lexicon: Lexicon, english: boolean): { text: string; glossaryRanges: [number, number][] } {
  const out: string[] = [];
  const glossaryRanges: [number, number][] = [];
  let length = 0;
  const push = (text: string, fromGlossary: boolean) => {
    if (out.length) {
      out.push(" ");
      length++;
    }
    if (fromGlossary) glossaryRanges.push([length, length + text.length]);
    out.push(text);
    length += text.length;
  };
  const words = tokens.map((t) => t.text.toLowerCase());
  let i = 0;
  while (i < tokens.length) {
    if (i > 0 && tokens[i - 1]!.phrase !== tokens[i]!.phrase) push(",", false);
    const match = glossaryMatchAt(words, tokens, i, lexicon, english);
    push(match ? match.vietnamese : tokens[i]!.text, Boolean(match));
    i += match ? match.n : 1;
  }
  return { text: out.join(""), glossaryRanges };
}

function keysOf(text: string): { exact: string[]; folded: string[] } {
  const tokens = tokenize(text);
  return { exact: tokens.map((t) => t.exact), folded: tokens.map((t) => t.folded) };
}

type PhraseKeys = ReturnType<typeof keysOf>;

interface LexiconPhrases {
  stops: FirstWordIndex<PhraseKeys>;
  soft: FirstWordIndex<PhraseKeys>;
  synonyms: FirstWordIndex<PhraseKeys[]>;
  /** The soft words and synonyms of more than one word, soft words first. */
  longer: FirstWordIndex<PhraseKeys>;
  units: string[];
}

const phraseCache = new WeakMap<Lexicon, LexiconPhrases>();
function lexiconPhrases(lexicon: Lexicon): LexiconPhrases {
  let cached = phraseCache.get(lexicon);
  if (!cached) {
    const firstWord = (phrase: PhraseKeys) => [phrase.folded[0]];
    const longestFirst = (a: PhraseKeys, b: PhraseKeys) => b.exact.length - a.exact.length;
    const soft = lexicon.softWords.map(keysOf).sort(longestFirst);
    const synonyms = lexicon.synonymGroups.map((group) => group.map(keysOf));
    cached = {
      stops: new FirstWordIndex(lexicon.stopPhrases.map(keysOf).sort(longestFirst), firstWord),
      soft: new FirstWordIndex(soft, firstWord),
      synonyms: new FirstWordIndex(synonyms, (group) => group.map((member) => member.folded[0])),
      longer: new FirstWordIndex(
        [...soft, ...synonyms.flat()].filter((phrase) => phrase.exact.length > 1),
        firstWord,
      ),
      units: lexicon.units.map((u) => foldPhrase(u)).sort((a, b) => b.length - a.length),
    };
    phraseCache.set(lexicon, cached);
  }
  return cached;
}

/** The first of the phrases filed under the token's word that occurs at position i. */
function firstPhraseAt(tokens: QuestionToken[], free: boolean[], i: number, phrases: FirstWordIndex<PhraseKeys>): PhraseKeys | undefined {
  return phrases.startingWith(tokens[i]!.folded).find((phrase) => phraseAt(tokens, free, i, phrase));
}

/** Does the phrase occur at position i of the (still available) question tokens? */
function phraseAt(tokens: QuestionToken[], free: boolean[], i: number, phrase: { exact: string[]; folded: string[] }): boolean {
  const n = phrase.exact.length;
  if (n === 0 || i + n > tokens.length) return false;
  for (let k = 0; k < n; k++) {
    const token = tokens[i + k]!;
    if (!free[i + k]) return false;
    if (k > 0 && token.phrase !== tokens[i + k - 1]!.phrase) return false;
    if (token.useExact ? token.exact !== phrase.exact[k] : token.folded !== phrase.folded[k]) return false;
  }
  return true;
}

function editDistanceOne(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function vocabularyByLength(stats: TermStats): Map<number, string[]> {
  if (!stats.foldedByLength) {
    const byLength = new Map<number, string[]>();
    for (const word of stats.folded.keys()) {
      const list = byLength.get(word.length);
      if (list) list.push(word);
      else byLength.set(word.length, [word]);
    }
    stats.foldedByLength = byLength;
  }
  return stats.foldedByLength;
}

/** A typo fixed by the plans' own words: the candidate at one edit that forms a known pair with a neighbour. */
function correctTypo(tokens: QuestionToken[], i: number, stats: TermStats): string | undefined {
  const word = tokens[i]!.folded;
  if (word.length < 2 || tokens[i]!.numeric) return undefined;
  const previous = tokens[i - 1]?.phrase === tokens[i]!.phrase ? tokens[i - 1]!.folded : undefined;
  const next = tokens[i + 1]?.phrase === tokens[i]!.phrase ? tokens[i + 1]!.folded : undefined;
  let best: { word: string; support: number } | undefined;
  const byLength = vocabularyByLength(stats);
  for (const length of [word.length - 1, word.length, word.length + 1]) {
    for (const candidate of byLength.get(length) ?? []) {
      if (!editDistanceOne(word, candidate)) continue;
      const support =
        (previous ? (stats.bigrams.get(`${previous}_${candidate}`) ?? 0) : 0) + (next ? (stats.bigrams.get(`${candidate}_${next}`) ?? 0) : 0);
      if (support > 0 && (!best || support > best.support)) best = { word: candidate, support };
    }
  }
  return best?.word;
}

function alternativeDf(alt: Alternative, stats: TermStats): number {
  if (alt.folded.length > 1) {
    let df = Number.POSITIVE_INFINITY;
    for (let k = 1; k < alt.folded.length; k++) df = Math.min(df, stats.bigrams.get(`${alt.folded[k - 1]}_${alt.folded[k]}`) ?? 0);
    return df;
  }
  const map = alt.useExact ? stats.exact : stats.folded;
  return map.get(alt.useExact ? alt.exact[0]! : alt.folded[0]!) ?? 0;
}

/** Every pair of neighbouring words of the name occurs in the plans ("xã thạch", "thạch kim"). */
function namedInPlans(words: readonly Token[], stats: TermStats): boolean {
  for (let k = 1; k < words.length; k++) if (!stats.bigrams.has(`${words[k - 1]!.folded}_${words[k]!.folded}`)) return false;
  return words.length > 1;
}

function detectIntent(folded: string): MetaIntent | undefined {
  return INTENT_PATTERNS.find(([, pattern]) => pattern.test(folded))?.[0];
}

/** The concepts written as one of these (folded) only frame the question: soft words. */
function softenFraming(concepts: Concept[], framing: readonly string[]): void {
  for (const concept of concepts) if (framing.includes(foldPhrase(concept.text))) concept.soft = true;
}

const periodPatternCache = new WeakMap<Lexicon, { words: string[]; beforeYears: RegExp }[]>();
function periodPatterns(lexicon: Lexicon): { words: string[]; beforeYears: RegExp }[] {
  let patterns = periodPatternCache.get(lexicon);
  if (!patterns) {
    patterns = lexicon.periodWords.map((phrase) => {
      const folded = foldPhrase(phrase);
      return { words: folded.split(" "), beforeYears: new RegExp(String.raw`\b${folded} (?:tu )?(?:nam )?(?:19|20)\d{2}\b`) };
    });
    periodPatternCache.set(lexicon, patterns);
  }
  return patterns;
}

/** The words of each period word ("giai đoạn") that the question puts before years. */
function periodWordsBeforeYears(folded: string, lexicon: Lexicon): string[][] {
  if (!/ (?:19|20)\d{2}\b/.test(folded)) return [];
  return periodPatterns(lexicon)
    .filter((pattern) => pattern.beforeYears.test(folded))
    .map((pattern) => pattern.words);
}

/** "… được đăng ngày nào?", "When was it posted?": when the page put the document online (read with its tone marks: "đang" is "now"). */
const POSTED_ASKED_RE = /(?<![\p{L}])đăng(?:\s+(?:tải|lên))?(?![\p{L}]).*(?<![\p{L}])(?:ngày nào|khi nào|lúc nào|bao giờ|hôm nào)|\bwhen was\b.*\b(?:posted|published online|put online|uploaded)\b/iu;
/** "Kinh phí … lấy từ đâu?", "… từ nguồn nào?": where money or means come from. */
const SOURCE_ASKED_RE = /\b(lay (tu|o) dau|tu dau|(tu|lay tu|bang|o) nguon nao|nguon nao|nguon gi|which source|what source|funded by|come from)\b/;
const LENGTH_ASKED_RE = /(?<!\bkeo )\b(rong|dai|cao|sau|day) (?:la )?(?:bao nhieu|may)\b/;
const DEADLINE_ASKED_RE = /\b(han|thoi han|han chot|han cuoi|deadline)\b/;
const PARENT_UNIT_ASKED_RE = /\b(?:thuoc|o|nam o|nam trong) (huyen|tinh|quan|thi xa|thanh pho|xa|phuong) nao\b/;
const MONEY_ASKED_RE = /\b(bao nhieu|may) tien\b|\bhow much (money|funding|funds)\b/;
const PERIOD_ASKED_RE = /\btu (nam|thang|ngay|quy|khi|luc) nao den (nam|thang|ngay|quy|khi|luc) nao\b|\b(giai doan|thoi ky) nao\b|\bfrom (what|which) year\b/;

function detectAnswerType(folded: string, raw: string): AnswerType {
  if (/\b(phan tram|ty le|ti le|percent|percentage)\b/.test(folded) || /%/.test(raw)) return "percent";
  if (/\b(khi nao|bao gio|ngay nao|thang nao|nam nao|luc nao|thoi gian nao|thoi han|when|what year)\b/.test(folded)) return "date";
  if (
    /\b(nghi dinh|thong tu|quyet dinh|chi thi|nghi quyet|van ban|luat|tieu chuan|iso) nao\b|\bwhich (decree|circular|law|standard)\b/.test(
      folded,
    )
  )
    return "reference";
  if (/\b(vi sao|tai sao|vi ly do gi|ly do gi|ly do nao|do dau|why)\b/.test(folded)) return "reason";
  if (SOURCE_ASKED_RE.test(folded)) return "source";
  // "thứ mấy", "loại mấy": an ordinal or a class (Thứ Ba, đô thị loại V), not a count.
  if (/\b(bao nhieu|how many|how much|so luong)\b/.test(folded) || asksHowMany(folded, raw)) return "number";
  return "any";
}

/** "mấy", typed as such or without tone marks; not "máy" ("bộ máy", "máy tính") nor an ordinal ("thứ mấy"). */
function asksHowMany(folded: string, raw: string): boolean {
  if (/(?<![\p{L}])mấy(?![\p{L}])/iu.test(raw)) return /(?<!\b(thu|loai|hang|cap|bac|khoa|ky|lan|dot) )\bmay\b/.test(folded);
  if (!/(?<![\p{L}])may(?![\p{L}])/iu.test(raw)) return false;
  return /(?<!\b(thu|loai|hang|cap|bac|khoa|ky|lan|dot|bo) )\bmay\b(?! (tinh|moc|bay|cay|gat|xuc|nong|chu|in|phat))/.test(folded);
}

/** What the conversation knows beyond the question's own words (src/residents). */
export interface AnalysisOptions {
  /**
   * The plans of the place the chat is about: used when the question names no place, or instead of
   * the places it names when `replacePlaces` is set (a follow-up asking the last question for another place).
   */
  place?: PlanDocument[];
  replacePlaces?: boolean;
  /** The language to reply in, when the words searched are not the resident's own (a follow-up). */
  language?: "vi" | "en";
  /**
   * The plans of the asking bot's commune (and the district's or province's that apply there): a
   * question naming no place, in a chat with no place of its own, is about them.
   */
  home?: readonly PlanDocument[];
}

export function analyzeQuestion(rawQuestion: string, index: KnowledgeIndex, options: AnalysisOptions = {}): QuestionAnalysis {
  const { lexicon, stats } = index;
  const question = collapseSpaces(cleanText(rawQuestion)).trim().slice(0, MAX_QUESTION_CHARS);
  const originalTokens = tokenize(expandShorthand(question, lexicon));
  const written = detectLanguage(originalTokens, lexicon);
  const language = options.language ?? written;
  const { text: searchedText, glossaryRanges } = applyGlossary(originalTokens, lexicon, written === "en");
  const typedDiacritics = diacriticRatio(originalTokens) >= 0.3;
  const tokens: QuestionToken[] = tokenize(searchedText).map(({ text, start, end, exact, folded, phrase, numeric }) => {
    const fromGlossary = glossaryRanges.some(([s, e]) => start >= s && end <= e);
    return { text, start, end, exact, folded, phrase, numeric, fromGlossary, useExact: fromGlossary || typedDiacritics };
  });
  const folded = foldPhrase(searchedText);
  const free = tokens.map(() => true);

  // Places: known ones limit the answer to their plans; an unknown one means no plan answers.
  const placeMatches = findPlaces(tokens, index.places);
  // A former unit's name stays a word to search, softly: the current unit's plan names it where it is about it.
  const formerNameWords = new Set<string>();
  for (const match of placeMatches) {
    if (match.alias.formerName) {
      for (const word of match.alias.words) formerNameWords.add(word);
      continue;
    }
    for (let k = match.start; k < match.end; k++) free[k] = false;
    // The kind written after the name, as English puts it ("Da Nang city", "Ho Chi Minh thành phố" once glossed).
    const after = tokens.slice(match.end, match.end + 2).map((t) => t.folded);
    const kindAfter = after[0] === "thanh" && after[1] === "pho" ? 2 : ["tinh", "huyen", "xa", "phuong", "quan"].includes(after[0] ?? "") ? 1 : 0;
    for (let k = match.end; k < match.end + kindAfter; k++) free[k] = false;
  }
  const placeDocs = [...new Set(placeMatches.filter((m) => m.alias.level === "place").map((m) => m.alias.doc))];
  const parentDocs = [...new Set(placeMatches.filter((m) => m.alias.level === "parent").map((m) => m.alias.doc))];
  let scope: PlanDocument[] | undefined = placeDocs.length ? placeDocs : parentDocs.length ? parentDocs : undefined;
  const placesNamed = [
    ...new Set(
      placeMatches.map((m) =>
        tokens
          .slice(m.start, m.end)
          .map((t) => t.text)
          .join(" "),
      ),
    ),
  ];

  let unknownPlace: string | undefined;
  if (!placeDocs.length) {
    for (let i = 0; i < tokens.length - 1; i++) {
      const two = i + 2 < tokens.length && tokens[i]!.folded === "thi" && tokens[i + 1]!.folded === "tran";
      const kindLength = two ? 2 : ["xa", "phuong"].includes(tokens[i]!.folded) ? 1 : 0;
      if (!kindLength || !free[i]) continue;
      const kindToken = tokens[i]!;
      if (kindToken.useExact && !kindToken.fromGlossary && !["xa~", "phương`", "thi.", "thi"].includes(kindToken.exact)) continue;
      const nameStart = i + kindLength;
      const first = tokens[nameStart];
      if (!first || !free[nameStart] || first.phrase !== kindToken.phrase) continue;
      if (first.folded === "hoi") continue; // xã hội
      let nameEnd = nameStart;
      if (first.numeric) nameEnd = nameStart + 1;
      else
        while (
          nameEnd < tokens.length &&
          nameEnd - nameStart < 4 &&
          /^\p{Lu}/u.test(tokens[nameEnd]!.text) &&
          tokens[nameEnd]!.phrase === first.phrase
        )
          nameEnd++;
      if (nameEnd > nameStart) {
        // A commune no plan is about but a plan's text names (an excerpt without its header, a district
        // plan that lists it): its name is searched for like any word, so the passage must name it too.
        // One that no plan names at all gets no answer.
        if (namedInPlans(tokens.slice(i, nameEnd), stats)) break;
        for (let k = i; k < nameEnd; k++) free[k] = false;
        unknownPlace = tokens
          .slice(i, nameEnd)
          .map((t) => t.text)
          .join(" ");
        if (!scope) scope = [];
        break;
      }
    }
  }

  // Provinces and cities the lexicon knows: their words never drive the match, and one that no plan
  // is about or belongs to means no plan answers (a figure of another place would mislead).
  const namedPlaces = findLexiconPlaces(
    tokens,
    lexicon.places,
    tokens.map((_, k) => !free[k] || placeMatches.some((m) => m.alias.formerName && k >= m.start && k < m.end)),
  );
  for (const named of namedPlaces) for (let k = named.start; k < named.end; k++) free[k] = false;
  const unnamed = !placeDocs.length && !parentDocs.length && !unknownPlace && namedPlaces.length > 0;
  const first = namedPlaces[0];
  const placeWords = first ? tokens.slice(first.start, first.end) : [];
  // Typed with its tone marks, so that "Da Nang" is not taken for the "đa năng" a plan says.
  const writtenAsPlansWriteIt = placeWords.some((t) => hasDiacritics(t.text)) && placeWords.every((t) => stats.exact.has(t.exact));
  if (unnamed && writtenAsPlansWriteIt && namedInPlans(placeWords, stats)) {
    // "… chương trình giảm nghèo nhanh và bền vững tỉnh Thanh Hóa …" in a commune's plan: a province no plan is
    // about but a plan's text names is searched for like any words, as a commune is above.
    for (let k = first!.start; k < first!.end; k++) free[k] = true;
  } else if (unnamed) {
    unknownPlace = tokens
      .slice(first!.start, first!.end)
      .map((t) => t.text)
      .join(" ");
    scope = [];
  }
  // The place named wins; then the chat's remembered place; then a commune bot's own plans.
  if (options.place?.length && (options.replacePlaces || (!placeMatches.length && !unknownPlace))) {
    scope = options.place;
    unknownPlace = undefined;
  }
  const homeScoped = !scope && !placeMatches.length && Boolean(options.home?.length);
  if (homeScoped) scope = [...options.home!];

  // "năm 2025", "đến 2030", "by 2030": a year. When only some plans are for it, the question is
  // about those; when the plans' text names it (targets for 2025, 2030 and 2035 in one plan), it is a
  // preference for the passages that name it; a year no plan is for nor names: no plan answers.
  // Other years (năm học 2024-2025) stay ordinary words.
  let unknownYear: number | undefined;
  const years: number[] = [];
  tokens.forEach((token, i) => {
    if (!/^(19|20)\d{2}$/.test(token.text) || !free[i]) return;
    const lead = tokens[i - 1];
    if (i > 0 && !(lead && YEAR_LEAD_WORDS.has(lead.folded))) return;
    if (lead && /^(19|20)\d{2}$/.test(lead.text)) return;
    const year = Number(token.text);
    years.push(year);
    const base = scope ?? index.documents;
    const ofYear = base.filter((doc) => doc.meta.year === year);
    if (ofYear.length && ofYear.length < base.length) scope = ofYear;
    if (ofYear.length) {
      free[i] = false;
      return;
    }
    if (stats.folded.has(token.folded)) return;
    free[i] = false;
    if (base.some((doc) => doc.meta.year !== undefined)) {
      unknownYear = year;
      scope = [];
    }
  });

  // "Báo cáo thẩm tra … số mấy?" put to a resolution asks about another document than the plans in scope.
  const kind = kindAskedAbout(folded);
  const ofOtherKind = kind !== undefined && !(scope ?? index.documents).some((doc) => isOfKind(doc, kind));
  const asksANumber = /\bso (may|bao nhieu|hieu)\b/.test(folded);
  const aboutAnotherDocument =
    NAMES_ANOTHER_DOCUMENT_RE.test(question) || (ofOtherKind && asksANumber) || (kind === undefined && ASKS_DOCUMENT_NUMBER_RE.test(folded));
  const detected = ofOtherKind ? undefined : POSTED_ASKED_RE.test(question) ? "posted" : detectIntent(folded);
  // "kế hoạch thực hiện Nghị quyết 48/NQ-CP" names the plan by what it carries out: that number is not another document asked about.
  const numberMatch = /(?<![\d/])(\d{1,5})\s*\/\s*(?:(?:19|20)\d{2}\s*\/\s*)?[\p{Lu}Đ]/u.exec(question);
  const namedNumber = numberMatch && !CARRIES_OUT_RE.test(foldPhrase(question.slice(0, numberMatch.index))) ? numberMatch : null;
  // "… theo quyết định số mấy?": the number of the document something was done under, not the plan's own.
  const intent = detected === "number" && /\b(theo|tai|bang|cua) (quyet dinh|nghi quyet|van ban|to trinh|cong van|ke hoach|chuong trinh) so (may|bao nhieu|gi)\b/.test(folded) ? undefined : detected;
  const answerType = detectAnswerType(folded, question);
  const phrases = lexiconPhrases(lexicon);
  let askedUnit: string | undefined;
  const askedMatch = /\b(?:bao nhieu|may|how many)\s+(.+)$/.exec(folded);
  if (askedMatch) askedUnit = phrases.units.find((unit) => askedMatch[1] === unit || askedMatch[1]!.startsWith(`${unit} `));
  // "số mẫu quan trắc … là bao nhiêu": the measure counted is named after "số (lượng)".
  const countedMatch = askedUnit || answerType !== "number" ? null : /^(?:.* )?so (?:luong )?(.+)$/.exec(folded);
  if (countedMatch) askedUnit = phrases.units.find((unit) => countedMatch[1] === unit || countedMatch[1]!.startsWith(`${unit} `));
  // "mỗi năm", "hằng tháng", "per year": a rate is asked ("336 mẫu/năm").
  const askedPer = /\b(?:moi|mot|hang|hau|per|a|each) (nam|thang|quy|ngay|tuan|year|month|quarter|day|week)\b/.exec(folded)?.[1];

  // Question words and fillers. Without diacritics "tai" may be "tại" or "tai (nạn)": keep a word the plans pair with its neighbour.
  // A question word that ends a longer phrase of the lexicon stays in it: "hiện" of "thực hiện".
  const inLongerPhrase = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < tokens.length; i++) {
    const longer = firstPhraseAt(tokens, free, i, phrases.longer);
    if (longer) for (let k = i + 1; k < i + longer.exact.length; k++) inLongerPhrase[k] = true;
  }
  for (let i = 0; i < tokens.length; i++) {
    if (!free[i] || inLongerPhrase[i]) continue;
    const stop = firstPhraseAt(tokens, free, i, phrases.stops);
    if (!stop) continue;
    const n = stop.exact.length;
    if (n === 1 && !tokens[i]!.useExact) {
      const prev = i > 0 && free[i - 1] && tokens[i - 1]!.phrase === tokens[i]!.phrase ? tokens[i - 1]!.folded : undefined;
      const next = free[i + 1] && tokens[i + 1]?.phrase === tokens[i]!.phrase ? tokens[i + 1]!.folded : undefined;
      const paired =
        (prev && stats.bigrams.has(`${prev}_${tokens[i]!.folded}`)) || (next && stats.bigrams.has(`${tokens[i]!.folded}_${next}`));
      if (paired) continue;
    }
    for (let k = i; k < i + n; k++) free[k] = false;
    i += n - 1;
  }

  const concepts: Concept[] = [];
  const altFrom = (keys: { exact: string[]; folded: string[] }, useExact: boolean): Alternative => ({ ...keys, useExact });
  for (let i = 0; i < tokens.length; i++) {
    if (!free[i]) continue;
    const token = tokens[i]!;
    const useExact = token.useExact;
    const lower = token.text.toLowerCase();
    const expansion = lexicon.abbreviations.get(lower);
    const looksAbbreviated = token.text === token.text.toUpperCase() || (lower.length >= 3 && !VIETNAMESE_SYLLABLE_RE.test(token.folded));
    if (expansion && looksAbbreviated && !token.numeric) {
      concepts.push({
        text: token.text,
        alternatives: [altFrom(keysOf(expansion), true), altFrom({ exact: [token.exact], folded: [token.folded] }, false)],
        weight: 0,
        soft: false,
        known: true,
      });
      continue;
    }
    const soft = firstPhraseAt(tokens, free, i, phrases.soft);
    const group = phrases.synonyms.startingWith(token.folded).find((members) => members.some((member) => phraseAt(tokens, free, i, member)));
    const member = group?.filter((m) => phraseAt(tokens, free, i, m)).sort((a, b) => b.exact.length - a.exact.length)[0];
    const length = Math.max(soft?.exact.length ?? 0, member?.exact.length ?? 0, 1);
    const text = tokens
      .slice(i, i + length)
      .map((t) => t.text)
      .join(" ");
    if (member && member.exact.length >= (soft?.exact.length ?? 0)) {
      const alternatives = group!.map((m) => ({ ...altFrom(m, useExact), ...(m === member ? {} : { synonym: true }) }));
      concepts.push({ text, alternatives, weight: 0, soft: false, known: true });
    } else if (soft && soft.exact.length > 1) {
      concepts.push({ text, alternatives: [altFrom(soft, useExact)], weight: 0, soft: true, known: true });
    } else {
      const alternative = altFrom({ exact: [token.exact], folded: [token.folded] }, useExact);
      const concept: Concept = { text, alternatives: [alternative], weight: 0, soft: Boolean(soft), known: true };
      const inPlans = useExact ? stats.exact.has(token.exact) : stats.folded.has(token.folded);
      const inHeadings = () => (useExact ? headingVocabulary(index).exact.has(token.exact) : headingVocabulary(index).folded.has(token.folded));
      if (!inPlans && !inHeadings()) {
        if (useExact && stats.folded.has(token.folded)) {
          alternative.useExact = false;
          alternative.loose = true;
        } else {
          // A word typed with its tone marks is meant as written ("học phí" is not a slip for "học phổ").
          const corrected = written === "vi" && !hasDiacritics(token.text) ? correctTypo(tokens, i, stats) : undefined;
          if (corrected) {
            concept.alternatives = [{ exact: [corrected], folded: [corrected], useExact: false }];
            concept.corrected = corrected;
          } else concept.known = false;
        }
      }
      concepts.push(concept);
    }
    for (let k = i; k < i + length; k++) free[k] = false;
    i += length - 1;
  }

  // "… lấy từ nguồn nào?": the words asking for a source only frame the question.
  if (answerType === "source") softenFraming(concepts, ["lay", "tu", "nguon", "source", "funded"]);
  // "mặt cắt ngang rộng bao nhiêu?": the adjective says what kind of figure is asked, which the plan gives
  // without it ("mặt cắt ngang 68m"); "kéo dài mấy ngày" asks a duration, "kéo dài" being its verb.
  const lengthAsked = LENGTH_ASKED_RE.exec(folded)?.[1];
  if (lengthAsked) softenFraming(concepts, [lengthAsked]);
  // "Hạn nộp hồ sơ … là khi nào?": a deadline is asked, which plans write "trước ngày …"; "hạn" only frames it.
  const deadline = answerType === "date" && DEADLINE_ASKED_RE.test(folded);
  if (deadline) softenFraming(concepts, ["han", "thoi han", "han chot", "deadline"]);
  // "Xã Cát Vân thuộc huyện nào?": the unit a place belongs to is asked; "thuộc" only frames it.
  const parentUnit = PARENT_UNIT_ASKED_RE.exec(folded)?.[1];
  if (parentUnit) {
    const framing = concepts.findIndex((c) => foldPhrase(c.text) === "thuoc");
    if (framing >= 0) concepts.splice(framing, 1);
  }
  // A year the plans name is a preference, never the topic; so is a former unit's name.
  for (const concept of concepts) {
    const saidBy = lexicon.figureWords.get(concept.alternatives[0]!.folded.join(" "));
    if (saidBy) concept.saidByFigureIn = saidBy;
    if (years.includes(Number(concept.text))) concept.soft = true;
    if (concept.alternatives.length === 1 && concept.alternatives[0]!.folded.every((word) => formerNameWords.has(word))) concept.soft = true;
  }
  // "Chương trình hành động này …": the document the question is put to frames it; it is not its topic.
  const itself = SELF_REFERENCE_RE.exec(folded)?.[1]?.split(" ");
  // It names only the document the question is put to, which every passage is of: it is no word to look for.
  if (itself) {
    const framing = concepts.filter((concept) => concept.alternatives[0]!.folded.every((word) => itself.includes(word)));
    concepts.splice(0, concepts.length, ...concepts.filter((concept) => !framing.includes(concept)));
  }
  // "Tổng kinh phí cả giai đoạn 2026-2030": the years say the period; the plan may write "từ năm 2026 - 2030".
  for (const words of periodWordsBeforeYears(folded, lexicon)) {
    for (const concept of concepts) if (concept.alternatives[0]!.folded.every((word) => words.includes(word))) concept.soft = true;
  }
  // "… có dùng Quỹ phòng chống thiên tai không?": the verb a yes-or-no question is put with frames it; the plan says "Nguồn Quỹ …".
  const framingVerb = /\bco ([a-z]+)\b.*\bkhong\s*$/.exec(folded)?.[1];
  const framed = framingVerb ? concepts.find((c) => foldPhrase(c.text) === framingVerb) : undefined;
  if (framed) framed.soft = true;

  const maxIdf = idf(0, stats.units);
  for (const concept of concepts) {
    if (!concept.known) {
      // An English word the glossary does not know says less than a Vietnamese word the plans never use.
      const english = written === "en" && /^[a-z'-]+$/i.test(concept.text);
      // A soft word ("đạt", "chỉ tiêu") that a plan happens not to use says no more than when it does.
      concept.weight = maxIdf * (english ? 0.4 : 1) * (concept.soft ? 0.3 : 1);
      continue;
    }
    const df = Math.max(...concept.alternatives.map((alt) => alternativeDf(alt, stats)));
    concept.weight = idf(Math.min(df, stats.units), stats.units) * (concept.soft ? 0.3 : 1) * (/^\d/.test(concept.text) ? 0.6 : 1);
  }

  return {
    question,
    language,
    searchedText,
    typedDiacritics,
    ...(scope ? { scope } : {}),
    placesNamed,
    ...(unknownPlace ? { unknownPlace } : {}),
    ...(homeScoped ? { homeScoped } : {}),
    ...(unknownYear ? { unknownYear } : {}),
    years,
    ...(intent ? { intent } : {}),
    answerType,
    ...(askedUnit ? { askedUnit } : {}),
    ...(askedPer ? { askedPer: PER_WORDS[askedPer] ?? askedPer } : {}),
    asksCurrent: mentionsCurrent(folded, lexicon),
    ...(MONEY_ASKED_RE.test(folded) ? { asksMoney: true } : {}),
    ...(parentUnit ? { asksParentUnit: parentUnit } : {}),
    ...(deadline ? { asksDeadline: true } : {}),
    asksDocumentNumber: (asksANumber || /\b(number|no)\b/.test(folded)) && !/\bso (may|bao nhieu) (?!(la|cua|o|tai|theo|ngay|nam|va)\b)\w/.test(folded),
    aboutAnotherDocument,
    ...(namedNumber ? { namedDocumentNumber: namedNumber[1] } : {}),
    ...(answerType === "date" && /\b(ngay nao|ngay bao nhieu|ngay may|what date|which day)\b/.test(folded) ? { asksForDay: true } : {}),
    ...(answerType === "date" && PERIOD_ASKED_RE.test(folded) ? { asksPeriod: true } : {}),
    concepts,
  };
}
