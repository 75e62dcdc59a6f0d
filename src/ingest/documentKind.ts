import { foldPhrase } from "../text/normalize.js";
import type { PlanDocument } from "./types.js";

/** The forms of administrative document a plan file may be, by the word its title starts with and the code in its number. */
const KINDS: ReadonlyArray<{ vi: string; en: string; code: string }> = [
  { vi: "Kế hoạch", en: "Plan", code: "KH" },
  { vi: "Quyết định", en: "Decision", code: "QĐ" },
  { vi: "Nghị quyết", en: "Resolution", code: "NQ" },
  { vi: "Chương trình", en: "Programme", code: "CTr" },
  { vi: "Báo cáo", en: "Report", code: "BC" },
  { vi: "Đề án", en: "Scheme", code: "ĐA" },
  { vi: "Thông báo", en: "Notice", code: "TB" },
  { vi: "Chỉ thị", en: "Directive", code: "CT" },
];

function kindOf(doc: PlanDocument) {
  const { title, number } = doc.meta;
  const folded = title ? foldPhrase(title) : "";
  const byTitle = KINDS.find((kind) => folded.startsWith(foldPhrase(kind.vi)));
  const code = number ? /\/\s*([\p{L}]+)\s*(?:-|$)/u.exec(number)?.[1] : undefined;
  const byCode = code ? KINDS.find((kind) => kind.code.toLowerCase() === code.toLowerCase()) : undefined;
  return byTitle ?? byCode;
}

/** "Quyết định" for a decision, "Kế hoạch" for a plan (and when nothing says otherwise). */
export function documentKind(doc: PlanDocument, language: "vi" | "en"): string {
  const kind = kindOf(doc) ?? KINDS[0]!;
  return language === "en" ? kind.en : kind.vi;
}

const FOLDED_KINDS = KINDS.map((kind) => foldPhrase(kind.vi));
const KIND_AFTER_VERB_RE = new RegExp(`\\b(?:ban hanh|ky|phe duyet|thong qua) (${FOLDED_KINDS.join("|")})\\b(?! nay)`);

/** The kind a question starts with ("Đề án rác thải của xã … số mấy?"), folded: "de an"; undefined when it starts otherwise. */
export function kindOpening(foldedQuestion: string): string | undefined {
  return FOLDED_KINDS.find((kind) => foldedQuestion.startsWith(`${kind} `));
}

export function kindAskedAbout(foldedQuestion: string): string | undefined {
  // "Kế hoạch … số mấy?", or "Ai ban hành kế hoạch thực hiện …?": the kind opens the question or follows the verb asked about.
  const opening = kindOpening(foldedQuestion);
  if (opening) return opening;
  // The first document named after such a verb: "Ai ký quyết định ban hành kế hoạch …" asks about the decision.
  return KIND_AFTER_VERB_RE.exec(foldedQuestion)?.[1];
}

/** Whether the document is of that kind (folded), or says nothing of its kind. */
export function isOfKind(doc: PlanDocument, foldedKind: string): boolean {
  const kind = kindOf(doc);
  return kind === undefined || foldPhrase(kind.vi) === foldedKind;
}
