import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { placeName, seededRandom, slug, type SyntheticPlan } from "./syntheticPlans.js";

/**
 * Plans written the way real ones differ: their sections, sentences and vocabulary come from the
 * real plans in the repository (the two sample plans, the commune and the wider real sets), and each
 * plan gets its own place, figures, word order, numbering style, list layout and choice of
 * sentences, so that sentences are rarely shared word for word while the structure stays real.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SAMPLE_PLANS = ["knowledge/lai-hung-2024.txt", "knowledge/phuong-1-tay-ninh-2024.txt"];
const SOURCE_FOLDERS = ["test/realset/communes/plans", "test/realset/wider/plans"];

interface SourceLine {
  text: string;
  /** 0: paragraph; 1: a list item; 2: an item of an item. */
  depth: number;
}

interface SourceSection {
  /** 0 for a preamble without heading; 1 a part (I., A.), 2 a point (1., a)). */
  level: number;
  heading: string;
  lines: SourceLine[];
}

interface SourcePlan {
  sections: SourceSection[];
}

const HEADING_RE = /^(?:#+\s*)?(?:(?:Phần\s+)?([IVX]+)[.)]|(\d+(?:\.\d+)*)[.)]|([a-zđ])\))\s+(\S.*)$/u;
const FRONT_RE = /^(?:Số:|CỘNG HÒA|Độc lập|ỦY BAN|UBND|HỘI ĐỒNG|ĐẢNG|KẾ HOẠCH|NGHỊ QUYẾT|#)|ngày \d+ tháng \d+ năm \d{4}|^-{3,}/u;

function isCapitals(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, "");
  return letters.length >= 6 && letters === letters.toUpperCase() && line.length < 140;
}

/** Hard-wrapped lines (the wider set) joined back into their paragraphs. */
function unwrappedLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^#+\s*/, "").trim();
    if (!line || line.startsWith("<")) {
      lines.push("");
      continue;
    }
    const previous = lines[lines.length - 1];
    const continues = previous && !/[.;:!?]$/.test(previous) && /^[\p{Ll}\d(]/u.test(line) && !HEADING_RE.test(line);
    if (continues) lines[lines.length - 1] = `${previous} ${line}`;
    else lines.push(line);
  }
  return lines.filter(Boolean);
}

function parseSource(text: string): SourcePlan {
  const lines = unwrappedLines(text);
  // The header is written anew for every plan.
  let start = 0;
  while (start < Math.min(lines.length, 12) && FRONT_RE.test(lines[start]!)) start += /^(?:KẾ HOẠCH|NGHỊ QUYẾT)$/u.test(lines[start]!) ? 2 : 1;
  const sections: SourceSection[] = [{ level: 0, heading: "", lines: [] }];
  for (const line of lines.slice(start)) {
    const heading = HEADING_RE.exec(line);
    if (heading && line.length < 160 && !/[.;]$/.test(line)) {
      sections.push({ level: heading[1] ? 1 : 2, heading: heading[4]!, lines: [] });
    } else if (isCapitals(line)) {
      sections.push({ level: 1, heading: line, lines: [] });
    } else {
      const bullet = /^([-+•*–])\s*(.*)$/u.exec(line);
      const current = sections[sections.length - 1]!;
      if (bullet) current.lines.push({ text: bullet[2]!, depth: bullet[1] === "+" ? 2 : 1 });
      else current.lines.push({ text: line, depth: 0 });
    }
  }
  return { sections: sections.filter((s) => s.lines.length > 0 || s.level > 0) };
}

let sources: { samples: SourcePlan[]; others: SourcePlan[] } | undefined;

function loadSources() {
  if (sources) return sources;
  const read = (path: string) => parseSource(readFileSync(join(ROOT, path), "utf8"));
  const others = SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .sort()
      .map((name) => read(join(folder, name))),
  );
  sources = { samples: SAMPLE_PLANS.map(read), others };
  return sources;
}

function provinces(): string[] {
  return readFileSync(join(ROOT, "lexicon/places.tsv"), "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.split("\t")[0]!.replace(/^(tỉnh|thành phố)\s+/u, ""))
    .filter((name) => name.length > 1);
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;

interface Place {
  kind: "xã" | "phường" | "thị trấn";
  name: string;
  province: string;
}

/** Ways real plans say the same thing: one is chosen per occurrence. */
const PHRASINGS: [RegExp, string[]][] = [
  [new RegExp(String.raw`(?<![\p{L}\d])đạt (?:từ |trên )?(?=\d)`, "gu"), ["đạt ", "đạt từ ", "đạt trên ", "phấn đấu đạt ", "ước đạt "]],
  [new RegExp(String.raw`^Duy trì(?![\p{L}\d])`, "gu"), ["Duy trì", "Tiếp tục duy trì", "Giữ vững", "Phấn đấu duy trì"]],
  [new RegExp(String.raw`(?<![\p{L}\d])hộ dân(?![\p{L}\d])`, "gu"), ["hộ dân", "hộ gia đình", "hộ dân cư"]],
  [new RegExp(String.raw`\s?trở lên(?![\p{L}\d])`, "gu"), [" trở lên", ""]],
  [new RegExp(String.raw`(?<![\p{L}\d])bảo hiểm y tế(?![\p{L}\d])`, "giu"), ["bảo hiểm y tế", "BHYT", "Bảo hiểm y tế"]],
  [new RegExp(String.raw`(?<![\p{L}\d])Ủy ban nhân dân(?![\p{L}\d])`, "gu"), ["Ủy ban nhân dân", "UBND", "Uỷ ban nhân dân"]],
  [new RegExp(String.raw`(?<![\p{L}\d])Hội đồng nhân dân(?![\p{L}\d])`, "gu"), ["Hội đồng nhân dân", "HĐND"]],
  [new RegExp(String.raw`(?<![\p{L}\d])kinh tế - xã hội(?![\p{L}\d])`, "giu"), ["kinh tế - xã hội", "kinh tế – xã hội", "KT-XH", "kinh tế, xã hội"]],
  [new RegExp(String.raw`(?<![\p{L}\d])nông thôn mới(?![\p{L}\d])`, "giu"), ["nông thôn mới", "NTM", "Nông thôn mới"]],
  [new RegExp(String.raw`(?<![\p{L}\d])Tăng cường(?![\p{L}\d])`, "gu"), ["Tăng cường", "Đẩy mạnh", "Tiếp tục tăng cường"]],
  [new RegExp(String.raw`(?<![\p{L}\d])thực hiện tốt(?![\p{L}\d])`, "gu"), ["thực hiện tốt", "thực hiện có hiệu quả", "làm tốt"]],
  [new RegExp(String.raw`(?<![\p{L}\d])Tỷ lệ(?![\p{L}\d])`, "gu"), ["Tỷ lệ", "Tỷ lệ", "Tỉ lệ"]],
  [new RegExp(String.raw`(?<![\p{L}\d])người dân(?![\p{L}\d])`, "gu"), ["người dân", "Nhân dân", "nhân dân"]],
  [new RegExp(String.raw`(?<![\p{L}\d])chỉ tiêu(?![\p{L}\d])`, "gu"), ["chỉ tiêu", "chỉ tiêu", "chỉ tiêu kế hoạch"]],
  [new RegExp(String.raw`^(?:Thực hiện|Triển khai)(?![\p{L}\d])`, "giu"), ["Thực hiện", "Triển khai", "Tổ chức thực hiện", "Tiếp tục thực hiện"]],
  [new RegExp(String.raw`^Tiếp tục (?=\p{Ll})`, "gu"), ["Tiếp tục ", "", "Tập trung "]],
  [new RegExp(String.raw`(?<![\p{L}\d])Đảm bảo(?![\p{L}\d])`, "giu"), ["Đảm bảo", "Bảo đảm"]],
  [new RegExp(String.raw`(?<![\p{L}\d])công tác (?=\p{Ll})`, "gu"), ["công tác ", "", "công tác "]],
  [new RegExp(String.raw`(?<![\p{L}\d])kịp thời(?![\p{L}\d])`, "gu"), ["kịp thời", "nhanh chóng, kịp thời", "kịp thời"]],
  [new RegExp(String.raw`(?<![\p{L}\d])theo quy định(?![\p{L}\d])`, "gu"), ["theo quy định", "đúng quy định", "theo đúng quy định của pháp luật"]],
  [new RegExp(String.raw`(?<![\p{L}\d])phòng, chống(?![\p{L}\d])`, "gu"), ["phòng, chống", "phòng chống", "phòng ngừa, đấu tranh"]],
  [new RegExp(String.raw`^Nâng cao(?![\p{L}\d])`, "gu"), ["Nâng cao", "Từng bước nâng cao", "Không ngừng nâng cao"]],
  [new RegExp(String.raw`(?<![\p{L}\d])Nhân dân(?![\p{L}\d])`, "gu"), ["Nhân dân", "người dân", "nhân dân địa phương"]],
];

const NOT_A_PLACE = "(?!(?:hội|Hội|HỘI)\\b)";
const PLACE_RE = new RegExp(`(?<![\\p{L}\\d])(xã|phường|thị trấn|Xã|Phường|Thị trấn|XÃ|PHƯỜNG|THỊ TRẤN)\\s+${NOT_A_PLACE}((?:\\d+|\\p{Lu}[\\p{L}]*)(?:\\s+\\p{Lu}[\\p{L}]*){0,3})`, "gu");
const PROVINCE_RE = /(?<![\p{L}\d])(tỉnh|Tỉnh|TỈNH)\s+(\p{Lu}[\p{L}]*(?:[\s-]+\p{Lu}[\p{L}]*){0,3})/gu;
const HAMLET_RE = /(?<![\p{L}\d])(ấp|thôn|khu phố|bản|tổ dân phố|Ấp|Thôn|Khu phố)\s+(\d+|\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){0,2})/gu;

function cased(sample: string, text: string): string {
  if (sample === sample.toUpperCase()) return text.toUpperCase();
  if (sample[0] === sample[0]!.toUpperCase()) return text[0]!.toUpperCase() + text.slice(1);
  return text;
}

function renamePlaces(text: string, place: Place, random: Random): string {
  return text
    .replace(PLACE_RE, (_m, kind: string) => `${cased(kind, place.kind)} ${cased(kind === kind.toUpperCase() ? kind : "X", place.name)}`)
    .replace(PROVINCE_RE, (_m, kind: string) => `${kind} ${kind === kind.toUpperCase() ? place.province.toUpperCase() : place.province}`)
    .replace(HAMLET_RE, (_m, kind: string) => `${kind} ${chance(random, 0.4) ? 1 + Math.floor(random() * 12) : placeName(Math.floor(random() * 800))}`);
}

/** Every figure but years moves a little; counts keep their thousands dots, decimals their comma. */
function varyFigures(text: string, random: Random, yearShift: number): string {
  const percent = /^\s?%/;
  return text.replace(/(?<![\d/.,])(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(?![\d/])/g, (match: string, whole: string, decimals: string | undefined, offset: number) => {
    const plain = Number(whole.replace(/\./g, ""));
    if (!decimals && plain >= 1990 && plain <= 2040) return String(plain + yearShift);
    const value = plain + (decimals ? Number(`0.${decimals.slice(1)}`) : 0);
    if (value === 100 && chance(random, 0.7)) return match;
    let varied = Math.max(0, value * (0.8 + random() * 0.4));
    if (value <= 100 && percent.test(text.slice(offset + match.length, offset + match.length + 2))) varied = Math.min(100, varied);
    if (decimals) return varied.toFixed(decimals.length - 1).replace(".", ",");
    const rounded = Math.round(varied);
    const shown = whole.includes(".") ? String(rounded).replace(/\B(?=(\d{3})+$)/g, ".") : String(rounded);
    return whole.length >= 2 && whole.startsWith("0") ? shown.padStart(whole.length, "0") : shown;
  });
}

/** "A, B, C và D": the items in another order, as another commune lists them. */
function reorderList(text: string, random: Random): string {
  const end = /[.;]$/.test(text) ? text.slice(-1) : "";
  const parts = (end ? text.slice(0, -1) : text).split(", ");
  if (parts.length < 3 || parts.slice(1).some((part) => part.split(" ").length > 8)) return text;
  const items = parts.slice(1);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return `${[parts[0], ...items].join(", ")}${end}`;
}

/** Moves a leading "Năm 2025, ..." / "Đến năm 2025, ..." to the end of its sentence, or adds one. */
function moveTimePhrase(text: string, year: number, random: Random): string {
  const lead = /^((?:Đến|Trong|Đến hết)?\s?năm \d{4}), (.+?)([.;]?)$/iu.exec(text);
  if (lead) return `${lead[2]![0]!.toUpperCase()}${lead[2]!.slice(1)} ${lead[1]!.toLowerCase()}${lead[3]}`;
  if (/\d/.test(text) && chance(random, 0.3)) {
    const phrase = pick(random, [`Năm ${year}`, `Đến cuối năm ${year}`, `Trong năm ${year}`, `Đến năm ${year + 1}`]);
    return `${phrase}, ${text[0]!.toLowerCase()}${text.slice(1)}`;
  }
  return text;
}

/** A sentence as this commune writes it: its own wording, order, place and figures. */
function rephraseClause(text: string, place: Place, year: number, random: Random): string {
  let out = renamePlaces(text, place, random);
  for (const [pattern, choices] of PHRASINGS) out = out.replace(pattern, () => pick(random, choices));
  if (chance(random, 0.35)) out = reorderList(out, random);
  if (chance(random, 0.4)) out = moveTimePhrase(out, year, random);
  if (chance(random, 0.25)) out = out.replace(/(?<![\p{L}\d])xã(?![\p{L}\d])(?! hội)/u, `${place.kind} ${place.name}`);
  const colon = /:$/.test(out);
  out = out.replace(/[.;,:]*$/, "");
  // Communes name themselves, their hamlets and the year in sentences that a template leaves general.
  if (!colon && chance(random, 0.6)) {
    out += pick(random, [
      ` trên địa bàn ${place.kind} ${place.name}`,
      ` tại ${place.kind} ${place.name}`,
      ` ở ${2 + Math.floor(random() * 14)} ${pick(random, ["ấp", "thôn", "khu phố", "tổ dân phố"])}`,
      ` trong năm ${year}`,
      ` của ${place.kind} ${place.name}`,
    ]);
  }
  return varyFigures(out, random, year - 2024) + (colon ? ":" : "");
}

/** A line of sentences and clauses: some dropped or reordered, each rephrased. */
function rephrase(text: string, place: Place, year: number, random: Random): string {
  let clauses = text.split(/(?<=[.;])\s+(?=\p{Lu}|\p{Ll})/u);
  if (clauses.length > 1) clauses = clauses.filter(() => !chance(random, 0.1));
  if (clauses.length > 2 && chance(random, 0.2)) clauses.push(clauses.splice(1, 1)[0]!);
  const written = clauses.map((clause, i) => {
    const end = i < clauses.length - 1 ? (/;$/.test(clause) ? ";" : ".") : pick(random, [".", ".", ";", ""]);
    const body = rephraseClause(clause, place, year, random);
    return /:$/.test(body) ? body : body + end;
  });
  return written.join(" ");
}

interface Numbering {
  part: (n: number) => string;
  point: (n: number) => string;
  item: (n: number) => string;
  subItem: string;
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];
const LETTERS = "abcdđeghiklmnopqrstuvxy";

function numberingStyle(random: Random): Numbering {
  const part = pick(random, [(n: number) => `${ROMAN[n % 15]}.`, (n: number) => `Phần ${ROMAN[n % 15]}.`, (n: number) => `${"ABCDEFGHIKLMNOP"[n % 15]}.`, (n: number) => `${ROMAN[n % 15]}/`]);
  const point = pick(random, [(n: number) => `${n + 1}.`, (n: number) => `${n + 1})`, (n: number) => `${LETTERS[n % LETTERS.length]})`, (n: number) => `${n + 1}/`]);
  const item = pick(random, [() => "-", () => "-", () => "+", () => "•", () => "*", (n: number) => `${LETTERS[n % LETTERS.length]})`, (n: number) => `(${n + 1})`]);
  return { part, point, item, subItem: pick(random, ["+", "-", "*", "o"]) };
}

function header(place: Place, number: number, year: number, title: string, random: Random): string {
  const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
  const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
  const upperPlace = `${place.kind} ${place.name}`.toUpperCase();
  const layouts = [
    `ỦY BAN NHÂN DÂN\n${upperPlace}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: ${number}/KH-UBND\n\n${place.name}, ngày ${day} tháng ${month} năm ${year - 1}\n\nKẾ HOẠCH\n${title}`,
    `UBND ${upperPlace}\nSố: ${number}/KH-UBND\n\n${place.name}, ngày ${day} tháng ${month} năm ${year - 1}\n\nKẾ HOẠCH\n${title}`,
    `ỦY BAN NHÂN DÂN ${upperPlace}\n\nSố: ${number}/KH-UBND        ${place.name}, ngày ${day} tháng ${month} năm ${year - 1}\n\n## KẾ HOẠCH\n\n### ${title}`,
  ];
  return pick(random, layouts);
}

const TITLES = [
  (y: number) => `Phát triển kinh tế - xã hội, quốc phòng - an ninh năm ${y}`,
  (y: number) => `Thực hiện nhiệm vụ phát triển kinh tế - xã hội năm ${y}`,
  (y: number) => `Thực hiện các chỉ tiêu chủ yếu năm ${y}`,
  (y: number) => `Giảm nghèo bền vững giai đoạn ${y}-${y + 5}`,
  (y: number) => `Chuyển đổi số năm ${y}`,
  (y: number) => `Thu gom, xử lý rác thải sinh hoạt năm ${y}`,
  (y: number) => `Xây dựng nông thôn mới nâng cao năm ${y}`,
];

function signature(place: Place, random: Random): string {
  const given = pick(random, ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc"]);
  const family = pick(random, ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]);
  const title = pick(random, ["CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"]);
  return `${title}\n\n${family} ${given} ${placeName(Math.floor(random() * 870)).split(" ")[0]}\n\nNơi nhận:\n- UBND ${place.kind} ${place.name};\n- Lưu: VT.`;
}

/** A section's lines with this plan's choice of sentences, their wording and its list layout. */
function writeSection(section: SourceSection, place: Place, year: number, numbering: Numbering, random: Random): string[] {
  const kept = section.lines.filter((line) => !chance(random, 0.12) || /y tế|BHYT/iu.test(line.text));
  const out: string[] = [];
  let list: string[] = [];
  let lead: string | undefined;
  const flush = () => {
    // One commune writes a list as lines, another as one sentence of clauses after its lead.
    if (list.length > 1 && chance(random, 0.25)) {
      const joined = list.map((text) => text.replace(/[.;]$/, "")).join("; ");
      if (lead && out[out.length - 1] === lead) out[out.length - 1] = `${lead} ${joined}.`;
      else out.push(`${joined}.`);
    } else {
      list.forEach((text, i) => out.push(`${numbering.item(i)} ${text}`));
    }
    list = [];
  };
  for (const line of kept) {
    const text = rephrase(line.text, place, year, random);
    if (line.depth === 0) {
      flush();
      out.push(text);
      lead = text;
    } else if (line.depth === 2 && list.length) {
      list[list.length - 1] += `\n${numbering.subItem} ${text}`;
    } else {
      list.push(text);
    }
  }
  flush();
  return out;
}

/**
 * N realistic plans. Even plans open with the sections of a sample plan (the facts the bench's
 * questions ask for), odd ones with those of another real plan; each adds a few sections of other
 * real plans, in its own order.
 */
export function generateRealisticPlans(count: number, seed = 2024): SyntheticPlan[] {
  const { samples, others } = loadSources();
  const provinceNames = provinces();
  const random = seededRandom(seed);
  const plans: SyntheticPlan[] = [];
  const files = new Set<string>();
  for (let i = 0; i < count; i++) {
    const kind = pick(random, ["xã", "xã", "xã", "phường", "phường", "thị trấn"] as const);
    const name = placeName(i);
    const place: Place = { kind, name, province: pick(random, provinceNames) };
    const year = 2020 + (i % 7);
    const base = i % 2 === 0 ? samples[(i / 2) % 2]! : pick(random, others);
    const sections = [...base.sections];
    for (let extra = 1 + Math.floor(random() * 3); extra > 0; extra--) {
      const source = pick(random, others);
      const section = pick(random, source.sections);
      sections.splice(1 + Math.floor(random() * sections.length), 0, section);
    }
    const numbering = numberingStyle(random);
    const title = pick(random, TITLES)(year);
    const body: string[] = [];
    let part = 0;
    let point = 0;
    for (const section of sections) {
      if (section.level === 1) {
        body.push("", `${numbering.part(part++)} ${rephrase(section.heading, place, year, random).replace(/[.;]$/, "").toUpperCase()}`);
        point = 0;
      } else if (section.level === 2) {
        body.push("", `${numbering.point(point++)} ${rephrase(section.heading, place, year, random).replace(/[.;]$/, "")}`);
      }
      body.push("", ...writeSection(section, place, year, numbering, random).flatMap((line) => (chance(random, 0.5) ? [line] : [line, ""])));
    }
    const text = [header(place, 10 + Math.floor(random() * 300), year, title, random), ...body, "", signature(place, random), ""].join("\n");
    const prefix = kind === "xã" ? "xa" : kind === "phường" ? "phuong" : "thi-tran";
    let file = `${prefix}-${slug(name)}-${year}.txt`;
    if (files.has(file)) file = file.replace(/\.txt$/, `-${i}.txt`);
    files.add(file);
    plans.push({ file, text, place: name, kind });
  }
  return plans;
}
