import type { MessageRef } from "../messages/catalogue.js";
import type { MetaIntent } from "../search/analyzeQuestion.js";
import { foldDiacritics } from "../text/normalize.js";

/**
 * Only what the plain sentence needs of an answer and its explanation, so that the engine's
 * explanation may grow or change without this module following it.
 */
export interface PlainInput {
  status: "answered" | "no_answer";
  answers: { document: { file: string }; section: { path: string; heading: string }; figures: { text: string }[] }[];
  explanation: {
    searchedText: string;
    scope: string[] | "all";
    unknownPlace?: string;
    intent?: MetaIntent;
    concepts: { text: string; soft: boolean; known: boolean }[];
    candidates: { file: string; sectionPath: string; trail?: string[]; quote: string; matched: string[]; missing: string[]; requiredMatched: boolean }[];
  };
}

export interface PlainExplanation {
  sentence: MessageRef;
  nearMisses: MessageRef[];
}

const MAX_NEAR_MISSES = 3;
type Candidate = PlainInput["explanation"]["candidates"][number];

const list = (items: string[]) => [...new Set(items)].join(", ");

function sectionLabel(path: string, heading?: string): string | MessageRef {
  if (!path) return { key: "explain.noSection" };
  return heading ? `${path} (${heading})` : path;
}

function candidateSection(c: Candidate): string | MessageRef {
  return sectionLabel(c.sectionPath, c.trail?.at(-1));
}

/**
 * The concepts that carry the question's topic, written as the question wrote them: syllables next
 * to each other in the question make one phrase ("thu gom rác", not "thu, gom, rác").
 */
function topics(concepts: string[], all: PlainInput["explanation"]["concepts"], searchedText: string): string {
  const soft = new Set(all.filter((c) => c.soft).map((c) => c.text));
  const main = concepts.filter((c) => !soft.has(c));
  const wanted = new Set((main.length ? main : concepts).flatMap(foldedWords));
  const phrases: string[] = [];
  const run: string[] = [];
  for (const word of searchedText.split(/\s+/).filter(Boolean)) {
    if (foldedWords(word).every((w) => wanted.has(w)) && foldedWords(word).length) run.push(word);
    else if (run.length) phrases.push(run.splice(0).join(" "));
  }
  if (run.length) phrases.push(run.join(" "));
  return phrases.length ? list(phrases) : list(main.length ? main : concepts);
}

function answeredSentence(input: PlainInput): MessageRef {
  const { answers, explanation } = input;
  if (explanation.intent) return { key: "explain.answeredMeta", params: { what: { key: `intent.${explanation.intent}` } } };
  const top = answers[0]!;
  const chosen =
    explanation.candidates.find((c) => c.file === top.document.file && c.sectionPath === top.section.path) ?? explanation.candidates[0];
  const about = topics(chosen?.matched.length ? chosen.matched : explanation.concepts.map((c) => c.text), explanation.concepts, explanation.searchedText);
  if (answers.length > 1) return { key: "explain.answeredSeveral", params: { count: answers.length, topics: about } };
  if (!top.section.path) return { key: "explain.answeredNoSection", params: { file: top.document.file, topics: about } };
  const section = sectionLabel(top.section.path, top.section.heading);
  const figure = top.figures[0]?.text;
  return figure
    ? { key: "explain.answeredWithFigure", params: { section, topics: about, figure } }
    : { key: "explain.answered", params: { section, topics: about } };
}

function declinedSentence(input: PlainInput, plansLoaded: number): MessageRef {
  const { explanation } = input;
  if (plansLoaded === 0) return { key: "explain.noPlans" };
  if (explanation.unknownPlace) return { key: "explain.unknownPlace", params: { place: explanation.unknownPlace } };
  if (Array.isArray(explanation.scope) && explanation.scope.length === 0) return { key: "explain.unknownYear" };
  if (explanation.intent) return { key: "explain.metaMissing", params: { what: { key: `intent.${explanation.intent}` } } };
  const main = explanation.concepts.filter((c) => !c.soft);
  if (main.length === 0 && explanation.concepts.length === 0) return { key: "explain.noTopicAtAll" };
  const best = explanation.candidates[0];
  if (!best || !main.some((c) => c.known)) return { key: "explain.noTopic", params: { topics: topics((main.length ? main : explanation.concepts).map((c) => c.text), explanation.concepts, explanation.searchedText) } };
  if (!best.requiredMatched || best.matched.length === 0) {
    const missing = best.missing.length ? best.missing : main.map((c) => c.text);
    return { key: "explain.noTopic", params: { topics: topics(missing, explanation.concepts, explanation.searchedText) } };
  }
  if (best.missing.length) {
    return { key: "explain.partial", params: { section: candidateSection(best), matched: topics(best.matched, explanation.concepts, explanation.searchedText), missing: topics(best.missing, explanation.concepts, explanation.searchedText) } };
  }
  return { key: "explain.weak", params: { section: candidateSection(best) } };
}

const foldedWords = (text: string) => foldDiacritics(text.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * How often the plans write two syllables together (the index's folded unit counts): `pair` units
 * hold "a b", `single` units hold the syllable.
 */
export interface SyllableCounts {
  pair(a: string, b: string): number;
  single(a: string): number;
}

/** The search index's own counts (TermStats), as SyllableCounts. */
export function syllableCounts(stats: { folded: Map<string, number>; bigrams: Map<string, number> }): SyllableCounts {
  return { pair: (a, b) => stats.bigrams.get(`${a}_${b}`) ?? 0, single: (a) => stats.folded.get(a) ?? 0 };
}

/** A neighbour that the plans write with this syllable at least this often makes one word with it ("đánh" → "đánh giá"). */
const WORD_PARTNER_SHARE = 0.4;

/**
 * A one-syllable concept that occurs in a passage only as part of one longer word ("giá" only in
 * "đánh giá" when the question asked about "giá điện"): the word it sits in, or undefined. An
 * occurrence next to the question's own neighbouring syllable is a real match ("tỷ" in "tỷ lệ").
 * With the plans' counts, a neighbour is part of the word only when the plans mostly write it with
 * this syllable ("đánh giá", "quốc gia"), not when they meet by chance ("sử dụng điện"); without
 * them, the syllable before stands for the word.
 */
export function onlyInsideWord(concept: string, quote: string, question: string, counts?: SyllableCounts): string | undefined {
  const target = foldedWords(concept);
  if (target.length !== 1) return undefined;
  const asked = foldedWords(question);
  const at = asked.indexOf(target[0]!);
  const before = at > 0 ? asked[at - 1] : undefined;
  const after = at >= 0 ? asked[at + 1] : undefined;
  const words = quote.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const folded = words.map((w) => foldDiacritics(w.toLowerCase()));
  const hosts = new Set<string>();
  for (let i = 0; i < folded.length; i++) {
    if (folded[i] !== target[0]) continue;
    if (folded[i - 1] === before || (after !== undefined && folded[i + 1] === after)) return undefined;
    const host = counts ? partnerWord(words, folded, i, counts) : i > 0 ? `${words[i - 1]!.toLowerCase()} ${words[i]!.toLowerCase()}` : undefined;
    if (!host) return undefined;
    hosts.add(host);
  }
  return hosts.size === 1 ? [...hosts][0] : undefined;
}

/** The two-syllable word the syllable at i belongs to, by how often the plans write its neighbours with it. */
function partnerWord(words: string[], folded: string[], i: number, counts: SyllableCounts): string | undefined {
  const share = (neighbour: string | undefined, together: number) => (neighbour ? together / Math.max(1, counts.single(neighbour)) : 0);
  const before = share(folded[i - 1], folded[i - 1] ? counts.pair(folded[i - 1]!, folded[i]!) : 0);
  const after = share(folded[i + 1], folded[i + 1] ? counts.pair(folded[i]!, folded[i + 1]!) : 0);
  if (Math.max(before, after) < WORD_PARTNER_SHARE) return undefined;
  const pair = before >= after ? [words[i - 1]!, words[i]!] : [words[i]!, words[i + 1]!];
  return pair.join(" ").toLowerCase();
}

/** The first of a passage's matched concepts that it holds only inside a longer word, and that word. */
function insideMatch(c: Candidate, question: string, counts?: SyllableCounts): [string, string] | undefined {
  for (const concept of c.matched) {
    const host = onlyInsideWord(concept, c.quote, question, counts);
    if (host) return [concept, host];
  }
  return undefined;
}

function nearMisses(input: PlainInput, counts?: SyllableCounts): MessageRef[] {
  const { answers, explanation } = input;
  const chosen = new Set(answers.map((a) => `${a.document.file}#${a.section.path}`));
  const question = explanation.searchedText;
  const misses: MessageRef[] = [];
  const seen = new Set<string>();
  // A decline's sentence already speaks of the closest passage.
  if (input.status === "no_answer" && explanation.candidates[0]) seen.add(`${explanation.candidates[0].file}#${explanation.candidates[0].sectionPath}`);
  // The answer itself may rest on a word found only inside a longer one ("giá" in "quốc gia"): say so first.
  const answering = answers.map((a) => explanation.candidates.find((c) => c.file === a.document.file && c.sectionPath === a.section.path));
  for (const c of new Set(answering)) {
    if (!c) continue;
    const inside = insideMatch(c, question, counts);
    if (inside) misses.push({ key: "explain.answerInside", params: { concept: inside[0], word: inside[1] } });
  }
  // A word matched only inside a longer one says most about a wrong match: those come before passages that lack a word.
  const inside: MessageRef[] = [];
  const partial: MessageRef[] = [];
  for (const c of explanation.candidates) {
    const where = `${c.file}#${c.sectionPath}`;
    if (chosen.has(where) || seen.has(where) || c.matched.length === 0) continue;
    seen.add(where);
    const host = insideMatch(c, question, counts);
    if (host) inside.push({ key: "explain.nearMissInside", params: { concept: host[0], word: host[1], section: candidateSection(c) } });
    else if (c.missing.length) {
      const [matched, missing] = [topics(c.matched, explanation.concepts, question), topics(c.missing, explanation.concepts, question)];
      partial.push({ key: "explain.nearMiss", params: { section: candidateSection(c), file: c.file, matched, missing } });
    }
  }
  return [...misses, ...inside, ...partial].slice(0, MAX_NEAR_MISSES);
}

/** One plain sentence saying why the bot answered or declined, and the passages that nearly answered. */
export function explainPlainly(input: PlainInput, plansLoaded: number, counts?: SyllableCounts): PlainExplanation {
  return {
    sentence: input.status === "answered" ? answeredSentence(input) : declinedSentence(input, plansLoaded),
    nearMisses: nearMisses(input, counts),
  };
}
