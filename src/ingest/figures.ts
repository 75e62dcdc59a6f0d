/**
 * Extracts the figures of a target from Vietnamese text: "đạt trên 95%", "93,45%", "3-5%",
 * "0,3‰", "5/52", "04/09 thôn", "02 hộ", "2.961 tấn", "45 triệu đồng/năm", "từ 08 đến 10".
 * Document numbers (05/KH-UBND), dates (27/7, 31/12/2021), years, ages and ordinal
 * references (lớp 1, Phường 1, kỳ họp thứ 7) are not figures.
 */

export type Relation = "eq" | "gt" | "gte" | "lt" | "lte" | "increase" | "decrease" | "maintain";

export interface Figure {
  /** The figure as written in the source, e.g. "93,45%" or "02 hộ". */
  text: string;
  value: number;
  /** Upper bound of a range ("3-5%" -> 5). */
  max?: number;
  /** Denominator of a ratio ("5/52" -> 52). */
  of?: number;
  /** "%", "‰", a measure word such as "hộ", or "" for a bare count. */
  unit: string;
  /** Rate denominator: "năm" in "45 triệu đồng/năm". */
  per?: string;
  /** The words in front of (and "trở lên" behind) the figure, as written: "đạt trên", "từ … trở lên". */
  comparator?: string;
  relation?: Relation;
  start: number;
  end: number;
}

const NUM = String.raw`\d+(?:[.,]\d+)*`;
const SEP = String.raw`\s*(?:[-–—]|đến|tới)\s*`;
const NUMBER_START_RE = /(?<![\p{L}\p{N}.,/:])\d/gu;
const HAS_DIGIT_RE = /\d/;

const RANGE_RE = new RegExp(String.raw`^(${NUM})\s*([%‰])?${SEP}(${NUM})`, "u");
const PERCENT_RE = new RegExp(String.raw`^(${NUM})\s*([%‰])`, "u");
const RATIO_RE = new RegExp(String.raw`^(${NUM})\s*/\s*(${NUM})`, "u");
const BARE_RE = new RegExp(`^(${NUM})`, "u");

/** Words that, right before a number, make it a reference rather than a figure. */
const REFERENCE_WORDS = [
  "số",
  "thứ",
  "lớp",
  "khóa",
  "khoá",
  "phường",
  "khu phố",
  "ấp",
  "tổ",
  "thôn",
  "đề án",
  "nghị định",
  "thông tư",
  "quyết định",
  "chỉ thị",
  "nghị quyết",
  "kế hoạch",
  "công văn",
  "năm",
  "ngày",
  "tháng",
  "quý",
  "giai đoạn",
  "nhiệm kỳ",
  "loại",
  "cấp",
  "iso",
  "tcvn",
  "mục",
  "điều",
  "khoản",
  "chương",
  "phụ lục",
  "quốc lộ",
  "tỉnh lộ",
  "đường",
  "hẻm",
  "ngõ",
  "kỳ",
  "lần thứ",
  "phiên",
  "học kỳ",
  "top",
];
/** Words that, right after a number, make it a qualifier or a time span. */
const QUALIFIER_AFTER_RE = /^\s*(tuổi|tháng|năm|ngày|giờ|tuần|quý|đầu năm|cuối năm|tại chỗ)(?![\p{L}])/iu;

const COMPARATORS: ReadonlyArray<readonly [string, Relation]> = [
  ["không vượt quá", "lte"],
  ["không quá", "lte"],
  ["tối thiểu", "gte"],
  ["ít nhất", "gte"],
  ["tối đa", "lte"],
  ["duy trì", "maintain"],
  ["trên", "gt"],
  ["hơn", "gt"],
  ["vượt", "gt"],
  ["dưới", "lt"],
  ["tăng", "increase"],
  ["thêm", "increase"],
  ["giảm", "decrease"],
  ["đạt", "eq"],
  ["từ", "gte"],
  ["còn", "eq"],
  ["khoảng", "eq"],
  ["bằng", "eq"],
  ["là", "eq"],
  ["lên", "eq"],
  ["ở mức", "eq"],
  ["hoàn thành", "eq"],
  ["≥", "gte"],
  ["≤", "lte"],
  [">", "gt"],
  ["<", "lt"],
];
// "tăng từ 3-5%" is an increase, "đạt từ 90%" a lower bound: movement words outrank "từ".
/** Every relation, the one a figure is given first when its words say several. */
export const RELATION_PRIORITY: readonly Relation[] = ["lt", "lte", "gt", "increase", "decrease", "maintain", "gte", "eq"];

export function parseVietnameseNumber(text: string): number {
  const hasComma = text.includes(",");
  const hasDot = text.includes(".");
  let normalised = text;
  if (hasComma && hasDot) normalised = text.replace(/\./g, "").replace(",", ".");
  else if (hasComma) normalised = text.replace(",", ".").replace(/,/g, "");
  else if (hasDot) {
    const groups = text.split(".");
    const thousands = groups.slice(1).every((g) => g.length === 3);
    normalised = thousands ? groups.join("") : text;
  }
  return Number(normalised);
}

function isWordBoundary(text: string, index: number): boolean {
  const next = text[index];
  return next === undefined || !/[\p{L}\p{M}\p{N}]/u.test(next);
}

function matchUnit(text: string, from: number, units: readonly string[]): { unit: string; end: number } | undefined {
  const rest = text.slice(from);
  const space = /^\s*/.exec(rest)![0].length;
  const lower = rest.slice(space).toLowerCase();
  for (const unit of units) {
    if (lower.startsWith(unit) && isWordBoundary(rest, space + unit.length)) {
      return { unit, end: from + space + unit.length };
    }
  }
  return undefined;
}

function matchPer(text: string, from: number, units: readonly string[]): { per: string; end: number } | undefined {
  const m = new RegExp(String.raw`^\s*/\s*(?:(${NUM})\s*)?`, "u").exec(text.slice(from));
  if (!m) return undefined;
  const after = from + m[0].length;
  const unit = matchUnit(text, after, [...units, "năm", "tháng", "quý", "ngày", "người", "hộ"]);
  if (!unit) return undefined;
  return { per: `${m[1] ? `${m[1]} ` : ""}${unit.unit}`, end: unit.end };
}

function wordsBefore(text: string, index: number, count: number): string[] {
  const words =
    text
      .slice(Math.max(0, index - 60), index)
      .toLowerCase()
      .match(/[\p{L}\p{M}]+|[^\s\p{L}\p{M}]/gu) ?? [];
  return words.slice(-count);
}

// One expression for all the words, compiled once: this runs for every number of every sentence.
const REFERENCE_BEFORE_RE = new RegExp(String.raw`(^|[^\p{L}])(${REFERENCE_WORDS.join("|")})\s*$`, "u");

function isReference(text: string, start: number): boolean {
  const before = text
    .slice(Math.max(0, start - 20), start)
    .toLowerCase()
    .replace(/[:.]\s*$/, " ");
  // "Danh mục 79 dự án": a list of 79, not part 79 of a document.
  return REFERENCE_BEFORE_RE.test(before) && !/danh mục\s*$/u.test(before);
}

/** Each comparator phrase by its text, with its place in COMPARATORS (the first listed wins) and its length in words. */
const COMPARATOR_BY_PHRASE = new Map(COMPARATORS.map(([phrase, relation], order) => [phrase, { relation, order, size: phrase.split(" ").length }] as const));
const LONGEST_COMPARATOR = Math.max(...[...COMPARATOR_BY_PHRASE.values()].map(({ size }) => size));

/** The comparator phrase of COMPARATORS, listed first, that the words end with at `end`. */
function comparatorEndingAt(words: readonly string[], end: number): { phrase: string; relation: Relation; size: number } | undefined {
  let best: { phrase: string; relation: Relation; size: number; order: number } | undefined;
  let phrase = "";
  for (let size = 1; size <= Math.min(LONGEST_COMPARATOR, end); size++) {
    phrase = size === 1 ? words[end - 1]! : `${words[end - size]!} ${phrase}`;
    const found = COMPARATOR_BY_PHRASE.get(phrase);
    if (found && (!best || found.order < best.order)) best = { phrase, ...found };
  }
  return best;
}

function comparatorBefore(text: string, start: number): { words: string[]; relations: Relation[] } {
  const words = wordsBefore(text, start, 4);
  const found: string[] = [];
  const relations: Relation[] = [];
  let i = words.length;
  while (i > 0) {
    const comparator = comparatorEndingAt(words, i);
    if (!comparator) break;
    found.unshift(comparator.phrase);
    relations.push(comparator.relation);
    i -= comparator.size;
  }
  return { words: found, relations };
}

function describe(text: string, start: number, end: number, base: Omit<Figure, "text" | "start" | "end">): Figure {
  const { words, relations } = comparatorBefore(text, start);
  const orMore = /^\s*trở lên/u.exec(text.slice(end));
  if (orMore) relations.push("gte");
  let comparator = words.join(" ");
  if (orMore) comparator = comparator ? `${comparator} … trở lên` : "… trở lên";
  let relation = RELATION_PRIORITY.find((r) => relations.includes(r));
  // "từ 08 đến 10": a range, not a lower bound.
  if (relation === "gte" && base.max !== undefined && !orMore) relation = "eq";
  return {
    text: text.slice(start, end).trim(),
    ...base,
    ...(comparator ? { comparator } : {}),
    ...(relation ? { relation } : {}),
    start,
    end,
  };
}

function isYear(value: number, raw: string): boolean {
  return /^\d{4}$/.test(raw) && value >= 1900 && value <= 2100;
}

/** Figures in order of appearance. `units` are the measure words, longest first. */
export function extractFigures(text: string, units: readonly string[]): Figure[] {
  const figures: Figure[] = [];
  if (!HAS_DIGIT_RE.test(text)) return figures;
  let consumedUntil = 0;
  for (const match of text.matchAll(NUMBER_START_RE)) {
    const start = match.index;
    if (start < consumedUntil) continue;
    const rest = text.slice(start);
    const figure = readFigureAt(text, start, rest, units);
    if (figure === "skip-token") {
      consumedUntil = start + (/^[\d.,/:\-–\p{L}]+/u.exec(rest)?.[0].length ?? 1);
      continue;
    }
    if (figure) {
      figures.push(figure);
      consumedUntil = figure.end;
    }
  }
  return figures;
}

function readFigureAt(text: string, start: number, rest: string, units: readonly string[]): Figure | "skip-token" | undefined {
  // Document numbers and standards: 05/KH-UBND, 144/2021/NĐ-CP, 9001:2015, 10/NQ-HĐND.
  if (/^\d+(?:\/\d+)*\/\s*\p{L}/u.test(rest) || /^\d+(?:\/\d+){2}/u.test(rest) || /^\d+:\d+/u.test(rest)) {
    return "skip-token";
  }
  // Date or year ranges: 2024-2025, 2021-2026.
  if (/^(19|20)\d{2}\s*[-–]\s*(19|20)\d{2}/u.test(rest)) return "skip-token";

  const range = RANGE_RE.exec(rest);
  if (range) {
    const low = parseVietnameseNumber(range[1]!);
    const high = parseVietnameseNumber(range[3]!);
    let end = start + range[0].length;
    let unit = "";
    const mark = /^\s*([%‰])/u.exec(text.slice(end));
    if (mark) {
      unit = mark[1]!;
      end += mark[0].length;
    } else if (range[2]) {
      unit = range[2];
    } else {
      const measure = matchUnit(text, end, units);
      if (measure) {
        unit = measure.unit;
        end = measure.end;
      }
    }
    if (unit && high >= low && !isYear(low, range[1]!)) {
      return describe(text, start, end, { value: low, max: high, unit });
    }
  }

  const percent = PERCENT_RE.exec(rest);
  if (percent) {
    return describe(text, start, start + percent[0].length, { value: parseVietnameseNumber(percent[1]!), unit: percent[2]! });
  }

  const ratio = RATIO_RE.exec(rest);
  if (ratio) {
    const end = start + ratio[0].length;
    const value = parseVietnameseNumber(ratio[1]!);
    const of = parseVietnameseNumber(ratio[2]!);
    const measure = matchUnit(text, end, units);
    if (measure) return describe(text, start, measure.end, { value, of, unit: measure.unit });
    const looksLikeDate = value >= 1 && value <= 31 && of >= 1 && of <= 12;
    if (looksLikeDate || isReference(text, start)) return "skip-token";
    return describe(text, start, end, { value, of, unit: "" });
  }

  const bare = BARE_RE.exec(rest);
  if (!bare) return undefined;
  const raw = bare[1]!;
  const value = parseVietnameseNumber(raw);
  const end = start + raw.length;
  if (isReference(text, start) || QUALIFIER_AFTER_RE.test(text.slice(end))) return "skip-token";
  const measure = matchUnit(text, end, units);
  if (measure) {
    if (isYear(value, raw)) return "skip-token";
    const per = matchPer(text, measure.end, units);
    return describe(text, start, per?.end ?? measure.end, {
      value,
      unit: measure.unit,
      ...(per ? { per: per.per } : {}),
    });
  }
  if (isYear(value, raw)) return "skip-token";
  if (comparatorBefore(text, start).words.length > 0 && /^\s*(?:$|[.;,)])/u.test(text.slice(end))) {
    return describe(text, start, end, { value, unit: "" });
  }
  return undefined;
}
