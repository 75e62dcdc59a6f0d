import type { PlanDocument } from "../ingest/types.js";
import { foldPhrase } from "../text/normalize.js";
import { type Language, placeLabel } from "./citation.js";

/** Plans named as examples where the whole list would be too long for one chat message. */
export const EXAMPLE_PLANS = 5;

export interface ReplyPart {
  doc: PlanDocument;
  figure?: string;
  quote: string;
  citation: string;
}

/** Figure first, then the quoted sentence, then the citation. */
export function formatPart(part: ReplyPart, language: Language): string {
  const lead = part.figure ? `${part.figure}: ` : "";
  return language === "en" ? `${lead}«${part.quote}» (Source: ${part.citation})` : `${lead}«${part.quote}» (${part.citation})`;
}

/** `plansAnswering` above the parts shown means the list was cut: the resident is asked to name the place. */
export function formatAnswered(
  parts: ReplyPart[],
  language: Language,
  plansAnswering = parts.length,
  labelOf: (doc: PlanDocument) => string = placeLabel,
): string {
  if (parts.length === 1) return formatPart(parts[0]!, language);
  const cut = plansAnswering > parts.length;
  const howMany = Number.isFinite(plansAnswering) ? String(plansAnswering) : language === "en" ? "Many" : "nhiều";
  const intro = cut
    ? language === "en"
      ? `${howMany} plans answer this; here are ${parts.length} of them. Name your commune or ward for its own answer:`
      : `Có ${howMany} kế hoạch nêu nội dung này; dưới đây là ${parts.length} kế hoạch. Hãy nêu tên xã, phường của bạn để nhận đúng câu trả lời:`
    : language === "en"
      ? "Several plans answer this:"
      : "Nhiều kế hoạch có nội dung này:";
  return [intro, ...parts.map((part) => `• ${labelOf(part.doc)}: ${formatPart(part, language)}`)].join("\n");
}

export function formatPlanList(docs: PlanDocument[]): string {
  return docs.map((doc) => `${placeLabel(doc)}${doc.meta.number ? ` (${doc.meta.number})` : ""}`).join("; ");
}

/** The plans whose place shares most words with `near` (a place name the resident typed), in their order otherwise. */
export function examplePlans(docs: PlanDocument[], near?: string, count = EXAMPLE_PLANS): PlanDocument[] {
  if (!near) return docs.slice(0, count);
  const words = new Set(foldPhrase(near).split(" "));
  const shared = (doc: PlanDocument) => foldPhrase(doc.meta.place ?? placeLabel(doc)).split(" ").filter((w) => words.has(w)).length;
  return docs
    .map((doc, order) => ({ doc, order, score: shared(doc) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, count)
    .map((entry) => entry.doc);
}

/**
 * The plans the bot has, in a sentence short whatever their number: all of them when they are few,
 * otherwise a handful of examples (those nearest `near` first) and how to find one's own.
 */
export function formatKnownPlans(docs: PlanDocument[], language: Language, near?: string): string {
  if (docs.length <= EXAMPLE_PLANS + 1) {
    return language === "en" ? `The plans I have: ${formatPlanList(docs)}.` : `Các kế hoạch hiện có: ${formatPlanList(docs)}.`;
  }
  const examples = formatPlanList(examplePlans(docs, near));
  return language === "en"
    ? `I have ${docs.length} plans, for example: ${examples}. Type the name of your commune or ward to find its plan.`
    : `Tôi có ${docs.length} kế hoạch, ví dụ: ${examples}. Hãy gõ tên xã/phường của bạn để tìm kế hoạch của nơi đó.`;
}

export function formatNoAnswer(options: { language: Language; where?: string; suggestions: string[] }): string {
  const { language, where, suggestions } = options;
  if (language === "en") {
    const text = `Sorry, the published plans${where ? ` of ${where}` : ""} do not answer this question, so I will not guess a figure.`;
    return suggestions.length ? `${text} You can ask, for example, about: ${suggestions.join("; ")}.` : text;
  }
  const text = `Xin lỗi, các kế hoạch hiện có${where ? ` của ${where}` : ""} không nêu nội dung này, nên tôi không đưa ra con số phỏng đoán.`;
  return suggestions.length ? `${text} Bạn có thể hỏi, ví dụ về: ${suggestions.join("; ")}.` : text;
}

export function formatUnknownScope(options: { language: Language; place?: string; year?: number; known: PlanDocument[] }): string {
  const { language, place, year, known } = options;
  const list = known.length ? ` ${formatKnownPlans(known, language, place)}` : "";
  if (language === "en") {
    const what = place ? `a plan of ${place}` : `a plan for ${year}`;
    return `I do not have ${what}.${list}`;
  }
  const what = place ? `kế hoạch của ${place}` : `kế hoạch năm ${year}`;
  return `Tôi chưa có ${what}.${list}`;
}

/** Above an answer from another place's plan than the bot's own commune's. */
export function formatOtherPlaceNote(places: readonly string[], home: string, language: Language): string {
  const list = places.join(", ");
  return language === "en" ? `From the plan of ${list} (not ${home}):` : `Theo kế hoạch của ${list} (không phải của ${home}):`;
}
