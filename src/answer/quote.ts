import type { FigureRef } from "./types.js";

const MAX_LEAD_CHARS = 160;

/** The sentence quoted to a resident: a list item or clause with the sentence it belongs to, shortened when long. */
export function quoteOf(unit: { text: string; lead?: string; passage?: { text: string } }): string {
  if (!unit.lead) return unit.text;
  // The clause right after its lead reads on from it ("chỉnh sửa Quy hoạch; phê duyệt Quy hoạch;"): no gap is marked.
  const adjacent = unit.passage?.text.includes(`${unit.lead} ${unit.text}`) === true;
  let lead = unit.lead;
  if (lead.length > MAX_LEAD_CHARS) {
    const tail = lead.slice(-MAX_LEAD_CHARS);
    lead = `…${tail.slice(tail.indexOf(" ") + 1)}`;
  }
  return adjacent ? `${lead} ${unit.text}` : `${lead} … ${unit.text}`;
}

/** Words in front of a figure that say nothing about its size ("đạt 95%" is simply 95%). */
const NEUTRAL_COMPARATOR_RE = /^(đạt|là|bằng|còn|lên|ở mức|hoàn thành|khoảng chừng)$/iu;
const NEUTRAL_PREFIX_RE = /^(đạt|là|lên|còn)\s+/iu;

/** The figure as the plan states it, comparator included: "dưới 1%", "từ 93,45% trở lên", "giảm 02 hộ". */
export function headlineFigure(figure: Pick<FigureRef, "text" | "comparator">): string {
  const comparator = figure.comparator?.trim();
  if (!comparator || NEUTRAL_COMPARATOR_RE.test(comparator)) return figure.text;
  const [before, after] = comparator.split("…").map((part) => part.trim());
  const front = (before ?? "").replace(NEUTRAL_PREFIX_RE, "");
  return [front, figure.text, after].filter(Boolean).join(" ");
}
