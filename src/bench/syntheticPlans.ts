import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SAMPLE_DIR = fileURLToPath(new URL("../../knowledge/", import.meta.url));
const SYLLABLES = [
  "An", "Bình", "Tân", "Phú", "Hòa", "Long", "Thạnh", "Mỹ", "Định", "Lợi", "Hưng", "Thuận", "Phước", "Đông", "Tây",
  "Nam", "Bắc", "Trung", "Hiệp", "Thành", "Quang", "Vĩnh", "Khánh", "Hội", "Lộc", "Sơn", "Điền", "Xuân", "Cát", "Minh",
];

/** A small deterministic PRNG (mulberry32), so every run generates the same plans. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticPlan {
  file: string;
  text: string;
  place: string;
  kind: "xã" | "phường" | "thị trấn";
}

/** A unique place name for plan i: two syllables while they last, then three. */
export function placeName(i: number): string {
  const n = SYLLABLES.length;
  const pairs = n * (n - 1);
  if (i < pairs) {
    const a = Math.floor(i / (n - 1));
    let b = i % (n - 1);
    if (b >= a) b++;
    return `${SYLLABLES[a]} ${SYLLABLES[b]}`;
  }
  const j = i - pairs;
  return `${SYLLABLES[Math.floor(j / (n * n)) % n]} ${SYLLABLES[Math.floor(j / n) % n]} ${SYLLABLES[j % n]}`;
}

export function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
}

/** Varies every percentage and count of a plan, keeping its layout and wording. */
function varyFigures(text: string, random: () => number): string {
  return text.replace(/(\d+(?:,\d+)?)(\s?%)/g, (_match, value: string, mark: string) => {
    const base = Number(value.replace(",", "."));
    const varied = Math.max(0, Math.min(100, base + (random() - 0.5) * 10));
    const shown = base % 1 === 0 ? String(Math.round(varied)) : varied.toFixed(2).replace(".", ",");
    return `${shown}${mark}`;
  });
}

/**
 * Gives every sentence of a plan words of its own (its place and the line number), so that no two
 * plans share a sentence: the worst case for the index, which keys and indexes a shared sentence once.
 */
function makeSentencesDistinct(text: string, place: string): string {
  // Bullets of any length and paragraphs; headings keep their words, so section trails stay shared.
  return text.replace(/^([-+].+?|[^-+\d\sIVX].{59,}?)([.;:]?)$/gmu, (_line, body: string, end: string, offset: number) => `${body} (${place}, đoạn ${offset})${end}`);
}

/**
 * N plans generated from the two sample plans: each gets its own commune or ward name, document
 * number, date and figures, so place scoping and ranking work as they would across a province.
 * Plans written from one template share most sentences word for word; `distinctSentences` removes
 * that sharing.
 */
export function generatePlans(count: number, seed = 2024, options: { distinctSentences?: boolean } = {}): SyntheticPlan[] {
  const random = seededRandom(seed);
  const templates = [
    { text: readFileSync(join(SAMPLE_DIR, "lai-hung-2024.txt"), "utf8"), kind: "xã" as const, names: [/Lai Hưng/g] },
    { text: readFileSync(join(SAMPLE_DIR, "phuong-1-tay-ninh-2024.txt"), "utf8"), kind: "phường" as const, names: [/Phường 1(?!\d)/g] },
  ];
  const plans: SyntheticPlan[] = [];
  const files = new Set<string>();
  for (let i = 0; i < count; i++) {
    const template = templates[i % 2]!;
    const name = placeName(i);
    const place = template.kind === "phường" ? `Phường ${name}` : name;
    let text = template.text;
    for (const pattern of template.names) text = text.replace(pattern, place);
    text = text
      .replace(/Số: \d+\/KH-UBND/, `Số: ${100 + i}/KH-UBND`)
      .replace(/ngày \d{2} tháng \d{2} năm (\d{4})/, (_m, year: string) => `ngày ${String(1 + (i % 28)).padStart(2, "0")} tháng ${String(1 + (i % 12)).padStart(2, "0")} năm ${year}`)
      .replace(/Banh Quốc Trung|Trần Hữu Ngọc/, `Nguyễn Văn ${SYLLABLES[i % SYLLABLES.length]}`);
    // Names that differ only in their diacritics share a slug: the file name then takes the number.
    let file = `${template.kind === "xã" ? "xa" : "phuong"}-${slug(name)}-2024.txt`;
    if (files.has(file)) file = file.replace(/-2024\.txt$/, `-${i}-2024.txt`);
    files.add(file);
    const varied = varyFigures(text, random);
    plans.push({ file, text: options.distinctSentences ? makeSentencesDistinct(varied, place) : varied, place: name, kind: template.kind });
  }
  return plans;
}
