import type { PlanDocument } from "../ingest/types.js";
import { foldPhrase } from "../text/normalize.js";
import type { Language } from "./citation.js";

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

/** "Quyết định" for a decision, "Kế hoạch" for a plan (and when nothing says otherwise). */
export function documentKind(doc: PlanDocument, language: Language): string {
  const { title, number } = doc.meta;
  const folded = title ? foldPhrase(title) : "";
  const byTitle = KINDS.find((kind) => folded.startsWith(foldPhrase(kind.vi)));
  const code = number ? /\/([\p{L}]+)(?:-|$)/u.exec(number)?.[1] : undefined;
  const byCode = code ? KINDS.find((kind) => kind.code.toLowerCase() === code.toLowerCase()) : undefined;
  const kind = byTitle ?? byCode ?? KINDS[0]!;
  return language === "en" ? kind.en : kind.vi;
}
