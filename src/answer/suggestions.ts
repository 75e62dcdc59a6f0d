import type { PlanDocument } from "../ingest/types.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";
import { foldPhrase } from "../text/normalize.js";

const MAX_WORDS = 8;
const cache = new WeakMap<KnowledgeIndex, Map<string, string[]>>();

/** Indicator names a plan has figures for ("Tỷ lệ thu gom rác"), to suggest what can be asked. */
function indicatorsOf(index: KnowledgeIndex, doc: PlanDocument): string[] {
  let perDoc = cache.get(index);
  if (!perDoc) {
    perDoc = new Map();
    cache.set(index, perDoc);
  }
  const cached = perDoc.get(doc.file);
  if (cached) return cached;
  const found: { text: string; target: boolean }[] = [];
  for (const unit of index.unitsByDocument.get(doc) ?? []) {
    if (unit.figures.length === 0) continue;
    const figure = unit.figures[0]!;
    let name = unit.text.slice(0, figure.start);
    if (figure.comparator) name = name.replace(new RegExp(`${figure.comparator.split(" … ")[0]}\\s*$`, "u"), "");
    name = name.replace(/[\s:,;.-]+$/u, "").trim();
    const words = name.split(/\s+/);
    if (words.length < 2 || words.length > MAX_WORDS) continue;
    found.push({ text: name, target: unit.section.trail.some((t) => /chi tieu|muc tieu/.test(foldPhrase(t))) });
  }
  found.sort((a, b) => Number(b.target) - Number(a.target));
  const names = [...new Set(found.map((f) => f.text))];
  perDoc.set(doc.file, names);
  return names;
}

export function suggestTopics(index: KnowledgeIndex, docs: PlanDocument[], count = 3): string[] {
  // Round-robin over the plans: only the first few plans are ever needed.
  const lists = docs.slice(0, count).map((doc) => indicatorsOf(index, doc));
  const picked: string[] = [];
  for (let i = 0; picked.length < count && lists.some((list) => i < list.length); i++) {
    for (const list of lists) if (list[i] && picked.length < count) picked.push(list[i]!);
  }
  return picked.map((name) => name.charAt(0).toLowerCase() + name.slice(1));
}
