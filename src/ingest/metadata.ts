import { escapeRegExp, foldPhrase } from "../text/normalize.js";
import type { RawFrontParts } from "./parsePlan.js";
import type { DocumentMeta, MetaSource, Warning } from "./types.js";
import { POSTED_RE, sentenceCase } from "./lineSyntax.js";

/** "Số: 05/KH-UBND", also typed with spaces around its parts ("Số: 76 /CTr - UBND"). */
const NUMBER_RE = /Số\s*[:.]?\s*(\d+(?:\s*[/-]\s*[\p{L}\dĐđ.&]+)*[^\s,;]*)/iu;
const DATE_RE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
const KIND = "(xã|Xã|XÃ|phường|Phường|PHƯỜNG|thị trấn|Thị trấn|Thị Trấn|THỊ TRẤN)";
// Words that follow a council's or committee's name without being part of it: "HĐND TỈNH NĂM 2018".
const NOT_NAME_WORD = String.raw`(?!(?:Năm|NĂM|Khóa|KHÓA|Khoá|KHOÁ|Kỳ|KỲ|Về|VỀ|Lần|LẦN|Nhiệm|NHIỆM)(?![\p{L}]))`;
const NAME_WORD = String.raw`${NOT_NAME_WORD}(?:\p{Lu}[\p{L}\p{M}]*|\d{1,3})`;
// Words of a name stay on one line: "XÃ TÂN ĐỊNH" above "Số: ..." is not "Tân Định Số".
const NAME = String.raw`(${NAME_WORD}(?:[ \t]+(?:[-–][ \t]+)?${NAME_WORD}){0,4})`;
const ISSUER_IN_TEXT_RE = new RegExp(
  String.raw`(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HĐND|Hội đồng nhân dân|Đảng ủy|Đảng uỷ|Đảng bộ)\s+${KIND}\s+${NAME}`,
  "gu",
);
/** "xã Định Tân" anywhere: the place of an excerpt without a header, when it is named more than once. */
const PLACE_IN_TEXT_RE = new RegExp(String.raw`(?<![\p{L}])${KIND}[ \t]+${NAME}`, "gu");
const PARENT_KIND = "(thành phố|Thành phố|THÀNH PHỐ|huyện|Huyện|HUYỆN|quận|Quận|QUẬN|thị xã|Thị xã|THỊ XÃ|tỉnh|Tỉnh|TỈNH)";
/** "HĐND tỉnh Gia Lai", "UBND thành phố Bắc Giang": the issuer of a provincial or city document without its header. */
const LARGER_ISSUER_IN_TEXT_RE = new RegExp(
  String.raw`(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HĐND|Hội đồng nhân dân|HỘI ĐỒNG NHÂN DÂN)\s+${PARENT_KIND}[ \t]+${NAME}`,
  "gu",
);
const PARENT_AFTER_RE = new RegExp(String.raw`^,?\s*${PARENT_KIND}\s+${NAME}`, "u");
const AGENCY_PLACE_RE = new RegExp(String.raw`^${KIND}\s+(.+)$`, "u");
const AGENCY_PARENT_RE = new RegExp(String.raw`^${PARENT_KIND}\s+(.+)$`, "u");
const AGENCY_BODY_RE = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\s*/iu;
const COUNCIL_RE = /^(HỘI ĐỒNG NHÂN DÂN|HĐND)/iu;
const ROLE_RE = /^(?:(TM|KT|TL|TUQ|Q)\s*\.\s*)?(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND.*|(PHÓ\s+)?CHỦ TỊCH.*)$/iu;
const PERSON_RE = /^(?:(?:Ông|Bà)\s+)?(\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,4})$/u;
const ROLE_THEN_NAME_RE = /^((?:(?:TM|KT|TL|TUQ|Q)\s*\.\s*)?(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|(?:PHÓ\s+)?CHỦ TỊCH)[\p{Lu}\p{M}\s.]*?)\s+(\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){1,4})$/u;
const NOT_A_NAME_RE = /(Chủ|Tịch|Ủy|Uỷ|Ban|Nhân|Dân|Nơi|Nhận|Lưu|Đã|Ký)(?![\p{L}])/u;

export function titleCaseName(name: string): string {
  if (name !== name.toUpperCase()) return name.trim();
  // "BÀ RỊA-VŨNG TÀU" -> "Bà Rịa-Vũng Tàu": each word after a space or a hyphen.
  return name
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/(^|-)(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()))
    .join(" ");
}

/**
 * The signature as separate lines, also when a layout table put it in one row beside "Nơi nhận"
 * ("| Nơi nhận: ... | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lâm Hải Giang |"): each cell, its roles and the name after them.
 */
function signaturePieces(lines: readonly { line: number; text: string }[]): { line: number; text: string }[] {
  const pieces: { line: number; text: string }[] = [];
  for (const { line, text } of lines) {
    const cells = text.includes("|") ? text.split("|").map((cell) => cell.trim()).filter(Boolean) : [text];
    for (const cell of cells) {
      const roleThenName = ROLE_THEN_NAME_RE.exec(cell);
      if (!roleThenName) {
        pieces.push({ line, text: cell });
        continue;
      }
      for (const role of roleThenName[1]!.split(/(?<=\p{Lu}{2})(?<!PHÓ)\s+(?=(?:PHÓ\s+)?CHỦ TỊCH)/u)) pieces.push({ line, text: role.trim() });
      pieces.push({ line, text: roleThenName[2]! });
    }
  }
  return pieces;
}

/** "KT. CHỦ TỊCH" -> "KT. Chủ tịch", "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch". */
function roleName(text: string): string {
  const prefix = /^(TM|KT|TL|TUQ|Q)\s*\.\s*/iu.exec(text);
  const role = text
    .slice(prefix?.[0].length ?? 0)
    .toLowerCase()
    .replace(/chủ tịch/u, "Chủ tịch")
    .replace(/^phó/u, "Phó");
  return prefix ? `${prefix[1]!.toUpperCase()}. ${role}` : role;
}

const PLACE_KIND_PREFIX_RE = /^(thành phố|thị xã|thị trấn|huyện|quận|tỉnh|xã|phường)\s+/iu;

/** A title read from capitals ("… trên địa bàn tỉnh đắk lắk") with the plan's place names in their own case. */
function withNamesCapitalised(title: string, names: readonly (string | undefined)[]): string {
  let result = title;
  for (const name of names) {
    if (!name || name === name.toLowerCase() || !result.includes(name.toLowerCase())) continue;
    const escaped = escapeRegExp(name.toLowerCase());
    result = result.replace(new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, "gu"), name);
  }
  return result;
}


export function displayPlace(kind: string | undefined, name: string): string {
  if (!kind) return name;
  const lowerKind = kind.toLowerCase();
  // "Phường 1" is written with a capital, "xã Lai Hưng" without.
  return /^\d/.test(name) ? `${lowerKind.charAt(0).toUpperCase()}${lowerKind.slice(1)} ${name}` : `${lowerKind} ${name}`;
}

function isoDate(day: string, month: string, year: string): string | undefined {
  const d = Number(day);
  const m = Number(month);
  if (d < 1 || d > 31 || m < 1 || m > 12) return undefined;
  return `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function mostFrequent<T>(items: T[], key: (item: T) => string): T | undefined {
  const counts = new Map<string, { item: T; count: number }>();
  for (const item of items) {
    const k = key(item);
    const entry = counts.get(k) ?? { item, count: 0 };
    entry.count++;
    counts.set(k, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.item;
}

/** Place guessed from a file name such as "xa-tan-dinh-2024.txt": folded, used only when the text names none. */
function placeFromFileName(file: string): { kind: string; name: string } | undefined {
  const slug = file.replace(/\.[^.]+$/, "").toLowerCase();
  const match = /^(xa|phuong|thi-tran)-(.+?)(?:-(?:19|20)\d{2}.*)?$/.exec(slug);
  if (!match) return undefined;
  const kind = { xa: "xã", phuong: "phường", "thi-tran": "thị trấn" }[match[1] as "xa" | "phuong" | "thi-tran"];
  return { kind, name: match[2]!.replace(/-/g, " ") };
}

export interface ExtractedMeta {
  meta: DocumentMeta;
  source: Partial<Record<keyof DocumentMeta, MetaSource>>;
  warnings: Warning[];
}

export function extractMetadata(front: RawFrontParts, fullText: string, file: string): ExtractedMeta {
  const meta: DocumentMeta = { parentPlaces: [], aliases: [], basis: [...front.basis], lines: {} };
  const source: ExtractedMeta["source"] = {};
  const warnings: Warning[] = [];
  const set = <K extends keyof DocumentMeta>(key: K, value: DocumentMeta[K] | undefined, from: MetaSource = "text") => {
    if (value === undefined || value === "") return;
    meta[key] = value;
    source[key] = from;
  };

  if (front.numberLine) {
    set("number", NUMBER_RE.exec(front.numberLine.text)?.[1]?.replace(/\s+/g, "").replace(/[.]$/, ""));
    meta.lines.number = front.numberLine;
  }

  if (front.postedLine) {
    const posted = POSTED_RE.exec(front.postedLine.text);
    if (posted) set("posted", isoDate(posted[1]!, posted[2]!, posted[3]!));
    meta.lines.posted = front.postedLine;
  }

  let datePlace: string | undefined;
  if (front.dateLine) {
    const date = DATE_RE.exec(front.dateLine.text);
    if (date) set("date", isoDate(date[1]!, date[2]!, date[3]!));
    meta.lines.date = front.dateLine;
    const prefix = front.dateLine.text
      .slice(0, front.dateLine.text.search(/ngày/iu))
      .replace(/[,\s]+$/, "")
      .trim();
    if (prefix && /\p{L}|\d/u.test(prefix) && !/^[.…]+$/.test(prefix)) datePlace = prefix;
  }

  if (front.titleLines.length) {
    const [first, ...rest] = front.titleLines;
    const continuation = rest.map((line) => line.text).join(" ");
    const head = sentenceCase(first!.text);
    const title = continuation ? `${head} ${continuation.charAt(0).toLowerCase()}${continuation.slice(1)}` : head;
    set("title", continuation && continuation === continuation.toUpperCase() ? sentenceCase(`${first!.text} ${continuation}`) : title);
    meta.lines.title = { line: first!.line, text: front.titleLines.map((l) => l.text).join(" ") };
  } else if (front.subjectLine) {
    set("title", sentenceCase(front.subjectLine));
  }
  // "kế hoạch vốn năm 2023 … giai đoạn 2022-2025": the year named as such is the plan's, not the end of a period.
  const namedYears = [...(meta.title ?? "").matchAll(/năm\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)/giu)].map((m) => Number(m[1]));
  const years = namedYears.length ? namedYears : [...(meta.title ?? "").matchAll(/(?:19|20)\d{2}/g)].map((m) => Number(m[0]));
  if (years.length) set("year", years[years.length - 1]);
  else if (meta.date) set("year", Number(meta.date.slice(0, 4)));

  // Issuer and place: the header's agency lines, else "UBND xã X" in the text, else the date line.
  // The most specific unit the header names is the place; the larger ones are its parents
  // ("ỦY BAN NHÂN DÂN" / "TỈNH SƠN LA": the province itself; "HUYỆN X" / "XÃ Y": xã Y of huyện X).
  let kind: string | undefined;
  let name: string | undefined;
  let body = "UBND";
  const levels: { kind: string; name: string }[] = [];
  for (const rawLine of front.agencyLines) {
    if (COUNCIL_RE.test(rawLine)) body = "HĐND";
    const line = rawLine.replace(AGENCY_BODY_RE, "").trim();
    const place = AGENCY_PLACE_RE.exec(line);
    if (place) {
      kind = place[1]!.toLowerCase();
      name = titleCaseName(place[2]!.trim());
    }
    const parent = AGENCY_PARENT_RE.exec(line);
    if (parent) levels.push({ kind: parent[1]!.toLowerCase(), name: titleCaseName(parent[2]!.trim()) });
  }
  if (!name && levels.length) {
    const own = levels.pop()!;
    kind = own.kind;
    name = own.name;
  }
  meta.parentPlaces.push(...levels.map((level) => `${level.kind} ${level.name}`));
  // A text naming the committees of several communes ("UBND xã A", "UBND xã B") and its province's is
  // the province's; one naming a single commune's committee is that commune's.
  const communeIssuers = [...fullText.matchAll(ISSUER_IN_TEXT_RE)];
  const largerIssuers = [...fullText.matchAll(LARGER_ISSUER_IN_TEXT_RE)];
  const distinctCommunes = new Set(communeIssuers.map((m) => foldPhrase(m[2]!))).size;
  const issuerMentions = largerIssuers.length && (distinctCommunes !== 1 || largerIssuers.length > communeIssuers.length) ? largerIssuers : communeIssuers;
  const placeMentions = issuerMentions.length ? [] : [...fullText.matchAll(PLACE_IN_TEXT_RE)];
  const found = (issuerMentions.length ? issuerMentions : placeMentions).map((m) => ({
    kind: m[1]!.toLowerCase(),
    name: titleCaseName(m[2]!),
    after: fullText.slice(m.index + m[0].length, m.index + m[0].length + 60),
  }));
  // A name cut by a line break ("tỉnh Hà" / "Giang") counts as the whole name it begins.
  // Compared once per distinct name: a district plan names its communes hundreds of times.
  const distinctNames = [...new Map(found.map((m) => [`${m.kind}\0${m.name}`, { kind: m.kind, name: m.name, folded: foldPhrase(m.name) }])).values()];
  const wholeName = new Map<string, string>();
  for (const short of distinctNames) {
    const whole = distinctNames.find((other) => other.kind === short.kind && other.folded.startsWith(`${short.folded} `));
    if (whole) wholeName.set(`${short.kind}\0${short.name}`, whole.name);
  }
  const mentions = found.map((m) => {
    const whole = wholeName.get(`${m.kind}\0${m.name}`);
    return whole ? { ...m, name: whole } : m;
  });
  if (!name) {
    const matchingDateLine = datePlace ? mentions.filter((m) => foldPhrase(datePlace!).endsWith(foldPhrase(m.name))) : [];
    const pool = matchingDateLine.length ? matchingDateLine : mentions;
    const best = mostFrequent(pool, (m) => `${m.kind} ${m.name}`);
    const named = (m: (typeof pool)[number]) => foldPhrase(`${m.kind} ${m.name}`) === foldPhrase(`${best!.kind} ${best!.name}`);
    if (best && (issuerMentions.length || matchingDateLine.length || pool.filter(named).length >= 2)) {
      kind = best.kind;
      name = best.name;
    }
  }
  if (!name && datePlace) {
    const kindInLine = new RegExp(String.raw`^${KIND}\s+(.+)$`, "u").exec(datePlace);
    if (kindInLine) {
      kind = kindInLine[1]!.toLowerCase();
      name = kindInLine[2]!.trim();
    } else name = datePlace;
  }
  if (name) {
    for (const mention of mentions) {
      if (foldPhrase(mention.name) !== foldPhrase(name)) continue;
      const parent = PARENT_AFTER_RE.exec(mention.after);
      if (parent) meta.parentPlaces.push(`${parent[1]!.toLowerCase()} ${titleCaseName(parent[2]!)}`);
    }
    meta.parentPlaces = [...new Set(meta.parentPlaces)];
    set("placeName", name);
    set("placeKind", kind);
    set("place", displayPlace(kind, name));
    set("issuer", `${body} ${displayPlace(kind, name)}`);
  } else {
    const guess = placeFromFileName(file);
    if (guess) {
      set("placeName", guess.name, "file name");
      set("placeKind", guess.kind, "file name");
      set("place", displayPlace(guess.kind, guess.name), "file name");
    }
    warnings.push(guess ? { key: "warning.placeFromFileName", params: { place: meta.place! } } : { key: "warning.noPlace" });
  }

  // Signer: the first person's name after the signature's role lines.
  const signerTitle: string[] = [];
  for (const { line, text } of signaturePieces(front.signatureLines)) {
    if (ROLE_RE.test(text) && !/^(nơi nhận|-)/iu.test(text)) {
      if (/CHỦ TỊCH/iu.test(text)) signerTitle.push(roleName(text));
      continue;
    }
    const person = PERSON_RE.exec(text);
    if (person && !NOT_A_NAME_RE.test(person[1]!) && signerTitle.length > 0) {
      set("signer", person[1]!);
      meta.lines.signer = { line, text };
      break;
    }
  }
  if (signerTitle.length) set("signerTitle", signerTitle.join(" - "));

  if (meta.title) meta.title = withNamesCapitalised(meta.title, [meta.placeName, ...meta.parentPlaces.map((parent) => parent.replace(PLACE_KIND_PREFIX_RE, ""))]);

  if (!meta.number) warnings.push({ key: "warning.noNumber" });
  if (!meta.date) warnings.push({ key: "warning.noDate" });
  if (!meta.title) warnings.push({ key: "warning.noTitle" });
  if (!meta.signer) warnings.push({ key: "warning.noSigner" });
  return { meta, source, warnings };
}
