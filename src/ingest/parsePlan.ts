import {
  bulletText,
  breaksBeforeFigure,
  endsSentence,
  headingMark,
  isPageNoise,
  isTableSeparator,
  POSTED_RE,
  sentenceCase,
  startsLowerCase,
  stripLineMarkup,
  tableCells,
  unnumberedHeadingStyle,
  stripInlineMarkup,
} from "./lineSyntax.js";
import { type Footnote, FOOTNOTE_RE, footnotePassages } from "./footnotes.js";
import { newTableContext, readRow, type TableContext } from "./tableRows.js";
import { collapseSpaces } from "../text/normalize.js";
import type { Passage, PassageKind, Section, Warning } from "./types.js";

/** What the header and signature blocks say, before it is interpreted as metadata. */
export interface RawFrontParts {
  numberLine?: { line: number; text: string };
  dateLine?: { line: number; text: string };
  /** "Thứ hai - 11/11/2024 04:09": when a web page put the document online. */
  postedLine?: { line: number; text: string };
  agencyLines: string[];
  titleLines: { line: number; text: string }[];
  subjectLine?: string;
  basis: string[];
  signatureLines: { line: number; text: string }[];
  closingLines: string[];
}

export interface ParsedStructure {
  sections: Section[];
  passages: Passage[];
  front: RawFrontParts;
  warnings: Warning[];
}

const NATIONAL_RE = /^(CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do)/iu;
/** "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "HỘI ĐỒNG NHÂN DÂN TỈNH …": the body that enacts a decision or resolution, written under its title. */
/** A plan rarely rests on more documents than this; past it, "Căn cứ" lines are the body's. */
const MAX_BASIS_LINES = 15;
const ENACTING_BODY_RE = /^(?:CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|THƯỜNG TRỰC HỘI ĐỒNG)/u;
const NUMBER_RE = /(?:^|\s)Số\s*[:.]?\s*(\d+[^\s,;]*)/iu;
const DATE_RE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
const AGENCY_RE =
  /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|ĐẢNG ỦY|(XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TỈNH)\s+\S)/u;
const TITLE_START_RE = /^(KẾ\s*HOẠCH|QUYẾT\s*ĐỊNH|NGHỊ\s*QUYẾT|CHƯƠNG\s*TRÌNH|BÁO\s*CÁO|ĐỀ\s*ÁN|THÔNG\s*BÁO)(?![\p{L}\p{N}])/u;
const SUBJECT_RE = /^(V\/v|Về việc)\s*[:.]?\s*(.+)$/iu;
const SIGNATURE_START_RE =
  /^(nơi nhận(?![\p{L}])|noi nhan(?![\p{L}])|(TM|T\/M|KT|TL|TUQ|Q)\s*\.\s*(ỦY BAN|UỶ BAN|UBND|CHỦ TỊCH|HỘI ĐỒNG)|(PHÓ\s+)?CHỦ TỊCH$)/iu;
const APPENDIX_RE = /^PHỤ LỤC(?![\p{L}])/iu;
const APPENDIX_HEADING_LENGTH = 40;
/** A web page's posting time is among its first lines. */
const POSTED_LINE_WITHIN = 6;

/** An appendix's own section ("PHỤ LỤC II DỰ TOÁN KINH PHÍ …"): its title says what all its rows are about, as a plan's does. */
export function isAppendixSection(section: Section): boolean {
  return section.depth === 1 && APPENDIX_RE.test(section.heading);
}
const ATTACHED_TO_RE = /^\(\s*(?:Ban hành )?kèm theo\s+(?:Kế hoạch|Quyết định|Nghị quyết|Chương trình|Đề án|Công văn|Thông báo|Báo cáo|Tờ trình)\s+(?:số\s+)?\d[^()]*\)\.?$/iu;
/** "Chương II", "Điều 4. Tiêu chuẩn …", or a numbered sentence: no signature block has such lines. */
const ATTACHED_BODY_RE = /^(?:(?:Chương|Điều|Phần|Mục)\s+(?:[IVXLC]+|\d{1,3})(?![\p{L}\p{N}])|\d{1,2}\.\s+\p{Lu}.{80,})/u;
const CLOSING_RE = /^Trên đây là(?![\p{L}])/iu;
const MAX_HEADING_LENGTH = 110;
/** The styles a chapter or an article of a regulation can be a part of. */
const OUTER_STYLES: Record<string, readonly string[]> = {
  chapter: ["attached", "appendix", "part"],
  article: ["attached", "appendix", "part", "chapter"],
};

interface StackEntry {
  style: string;
  label: string;
  section: number;
}

interface OpenBlock {
  kind: PassageKind;
  /** The bullet mark ("-", "+") of a bullet. */
  marker?: string;
  section: number;
  /** The section the block's own section is a part of. */
  parentSection: number;
  line: number;
  parts: string[];
}

/** A heading as a citation shows it: "II. NHIỆM VỤ", "(1) Tuyên truyền", "Chương II. TIÊU CHUẨN". */
function shownHeading(label: string, heading: string): string {
  return label ? `${/^\(/.test(label) ? label : `${label}.`} ${heading}`.trim() : heading;
}

function pathOf(labels: readonly string[]): string {
  const parts: string[] = [];
  for (const label of labels) {
    if (!label) continue;
    const parent = label.includes(".") ? label.split(".").slice(0, -1).join(".") : undefined;
    if (parent && parts[parts.length - 1] === parent) parts[parts.length - 1] = label;
    else parts.push(label);
  }
  return parts.join(".");
}

/** A numbered line is a heading when short and not a sentence; otherwise an item with its own text. */
/**
 * "I. CĂN CỨ LẬP KẾ HOẠCH - Quyết định số 749/QĐ-TTg …; - …": a web page that put a whole part on one
 * line. The heading is its words in capitals; the rest is the part's text.
 */
function splitCapitalsHeading(rest: string): { heading: string; body?: string } {
  if (rest.length <= MAX_HEADING_LENGTH) return { heading: rest };
  // One character class, not (?:[\p{Lu}\d]+[\s,.&]*)+: the nested quantifier tried every way of
  // cutting a run of capitals into words, exponential in its length (seconds for 40 capitals).
  const split = /^([\p{Lu}\d][\p{Lu}\d\s,.&]*?)\s*(?:[-–+•]\s+)?(\p{Lu}\p{Ll}.*)$/u.exec(rest);
  if (!split || split[1]!.trim().length < 4) return { heading: rest };
  return { heading: split[1]!.trim(), body: split[2]! };
}

function splitNumberedLine(rest: string, continuesOnNextLine: boolean, wholeLineBold = false): { heading: string; body?: string } {
  const trimmed = rest.trim();
  // "**3. Hội nghị phổ biến, tuyên truyền, … có liên quan**": a line set in bold from end to end is a heading, however long.
  if (wholeLineBold && !continuesOnNextLine && !/[.;:]$/.test(trimmed) && trimmed.length <= 2 * MAX_HEADING_LENGTH && !/\d\s*[%‰]/.test(trimmed)) return { heading: trimmed };
  // "2. Số lượng thực hiện: 4.692 hộ …, trong đó:": a labelled figure that its sub-items break down.
  const labelled = /^([^:\d]{3,80}):\s*(\d.*:)$/u.exec(trimmed);
  if (labelled) return { heading: labelled[1]!.trim(), body: trimmed };
  // "1. Hồ sơ đề nghị xét tặng (01 bộ), gồm:": a heading that gives a figure is also the sentence its items complete.
  if (trimmed.endsWith(":")) return { heading: trimmed.slice(0, -1).trim(), ...(COUNT_RE.test(trimmed) ? { body: trimmed } : {}) };
  const looksLikeSentence =
    continuesOnNextLine || /[.;]$/.test(trimmed) || /;\s/.test(trimmed) || /\d\s*[%‰]/.test(trimmed) || trimmed.length > MAX_HEADING_LENGTH;
  if (!looksLikeSentence) return { heading: trimmed };
  const colon = trimmed.indexOf(":");
  if (colon > 0) {
    const label = trimmed.slice(0, colon).trim();
    const body = trimmed.slice(colon + 1).trim();
    const words = (part: string) => (part.match(/[\p{L}\p{N}]+/gu) ?? []).length;
    // "Diện tích cây trồng (Lúa: 207 ha, …)": a colon inside brackets opened before it labels what is in
    // the brackets, not the item; the item keeps all its words and is headed by those before the bracket.
    const count = (c: string) => label.split(c).length - 1;
    const inBrackets = count("(") > count(")");
    if (words(label) <= 10 && inBrackets) return { heading: label.slice(0, label.lastIndexOf("(")).trim(), body: trimmed };
    if (words(label) <= 10 && words(body) >= 8) return { heading: label, body };
    if (words(label) <= 10) return { heading: label, body: trimmed };
  }
  return { heading: "", body: trimmed };
}

/** "(21 đường)", "01 bộ": a count of something, which a heading that gives it also says as a passage (not "QL.31"). */
const COUNT_RE = /(?<![\p{L}\p{N}.,])\d[\d.,]*\s+\p{Ll}/u;

/**
 * A wrapped heading that gives a count ("(21 đường)") or reads on as a sentence ("1. Đường Vi Đức Lục sửa
 * thành" / "đường Vi Đức Thăng") states something of its own: it is a passage too.
 */
function saysMoreThanAHeading(wrapped: readonly string[]): boolean {
  return COUNT_RE.test(wrapped.join(" ")) || startsLowerCase(wrapped[0]!);
}

/** "14. Đường Nguyễn Bính (trong Khu đô thị Bách Việt)": a remark in brackets saying where the heading's subject is. */
const REMARK_RE = /\(\s*(?:trong|thuộc|tại|ở|nằm trong|nằm ở)\s+\S/u;

/** A heading wraps over at most this many lines, to at most this many characters. */
const MAX_WRAPPED_HEADING_LINES = 3;
const MAX_WRAPPED_HEADING_LENGTH = 120;

/**
 * "6. Đường Nguyễn" / "Trãi (QL.31 -" / "địa phận xã Dĩnh Trì)" above "- Điểm đầu …": a PDF dump that wrapped a
 * heading in a narrow column. The lines under a short numbered line, up to the first bullet, heading or
 * blank line, are the rest of its heading when none of them ends a sentence. Returns those lines.
 */
function wrappedHeadingLines(lines: readonly string[], at: number, rest: string): string[] {
  if (rest.length > 60 || /[.;:,!?]$/.test(rest.trim())) return [];
  const taken: string[] = [];
  for (let j = at + 1; j < lines.length; j++) {
    const { text } = stripLineMarkup(lines[j]!);
    if (text === "" || headingMark(text) || bulletText(text) !== undefined || tableCells(text) || isPageNoise(text)) break;
    if (taken.length === MAX_WRAPPED_HEADING_LINES) return [];
    taken.push(text);
  }
  if (taken.length === 0 || taken.some((text) => /[.;:!?]$/.test(text))) return [];
  if ([rest, ...taken].join(" ").length > MAX_WRAPPED_HEADING_LENGTH) return [];
  // The heading must be followed by its items (after a blank line or not), not by the end of the text.
  let next = at + 1 + taken.length;
  while (next < lines.length && lines[next]!.trim() === "") next++;
  const nextText = next < lines.length ? stripLineMarkup(lines[next]!).text : "";
  return nextText !== "" && (bulletText(nextText) !== undefined || headingMark(nextText)) ? taken : [];
}

/** "Đơn vị chủ trì: …", "Thời gian thực hiện: …": a field of the task written above it. */
const FIELD_LINE_RE = /^\**\s*(\p{Lu}[^:]{2,60}?)\s*\**\s*:\s*\**\s*(\S.*)$/u;
const FIELD_LABEL_RE = /(đơn vị|cơ quan|thời gian|thời hạn|kinh phí|nguồn vốn|chủ trì|phối hợp|sản phẩm|kết quả dự kiến|dự toán)/iu;

/**
 * A task followed by its fields on lines of their own ("- Ra mắt AI pháp luật …", "Đơn vị chủ trì: Sở
 * KH&CN.", "Thời gian thực hiện: Tháng 12/2025.") is one passage, as a table row with those columns is.
 */
function attachFieldLines(passages: Passage[]): Passage[] {
  const kept: Passage[] = [];
  for (const passage of passages) {
    const field = FIELD_LINE_RE.exec(passage.text);
    const task = kept[kept.length - 1];
    const attach =
      field &&
      passage.kind !== "table-row" &&
      FIELD_LABEL_RE.test(field[1]!) &&
      task !== undefined &&
      task.section === passage.section &&
      task.kind !== "table-row" &&
      task.kind !== "preamble" &&
      !/:$/.test(task.text);
    // Joined as clauses, so that each field is matched with the task it belongs to as its lead.
    if (attach) task.text = `${task.text.replace(/[.;]\s*$/, "")}; ${field[1]!.trim()}: ${field[2]!.replace(/\*/g, "").trim()}`;
    else kept.push(passage);
  }
  kept.forEach((passage, i) => (passage.index = i));
  return kept;
}

/** Whether "Số: …" or the national motto comes within the next few lines: the line at `at` heads a letterhead. */
function letterheadFollows(lines: readonly string[], at: number): boolean {
  const next = lines
    .slice(at + 1, at + 12)
    .map((line) => stripLineMarkup(line).text)
    .filter((line) => line.trim() !== "")
    .slice(0, 4);
  return next.some((line) => /^Số(?![\p{L}])/iu.test(line) || NATIONAL_RE.test(line));
}

/** "| I. NÂNG CAO NHẬN THỨC |": a row of one merged cell inside a table, read as a group row ("I", its label). */
function groupRowCells(text: string): string[] | undefined {
  const single = /^\|\s*([^|]+?)\s*\|$/.exec(text);
  if (!single) return undefined;
  const numbered = /^([IVXLC]+|\d{1,2}|[a-zđ])[.)]\s*(\S.*)$/u.exec(stripInlineMarkup(single[1]!));
  return numbered ? [numbered[1]!, numbered[2]!] : undefined;
}

/** `lineOf` gives each line's number in the file as written, when the text was laid out anew (see cellPerLineTables.ts). */
export function parseStructure(text: string, lineOf?: readonly number[]): ParsedStructure {
  const lines = text.split("\n");
  const warnings: Warning[] = [];
  const front: RawFrontParts = { agencyLines: [], titleLines: [], basis: [], signatureLines: [], closingLines: [] };
  const sections: Section[] = [{ path: "", label: "", heading: "", trail: [], line: 1, depth: 0 }];
  const passages: Passage[] = [];
  const stack: StackEntry[] = [];
  let zone: "header" | "body" | "signature" = "header";
  const footnotes: Footnote[] = [];
  /** The title of an attached plan goes on over the capital lines under "KẾ HOẠCH". */
  let attachedTitleOpen = false;
  /** A numbered heading in capitals goes on over the capital lines right under it. */
  let capitalsHeadingOpen = false;
  let previousText = "";
  let titleLinesExpected = 0;
  let block: OpenBlock | undefined;
  let blankLines = 0;
  let table: TableContext = newTableContext();
  let previousWasTable = false;

  const currentSection = () => (stack.length ? stack[stack.length - 1]!.section : 0);

  // Passages ending with ":" that the bullets under them belong to, innermost last.
  let leads: { marker?: string; text: string; section: number }[] = [];
  // A passage ending with ":" above numbered items ("… các chỉ tiêu cụ thể như sau:" / "(1) 100% số …"):
  // the items of the sections under its own are read with it.
  const itemLeads = new Map<number, string>();
  const sectionsWithPassages = new Set<number>();
  const leadFor = (kind: PassageKind, marker: string | undefined, section: number, parentSection: number): string | undefined => {
    if (kind === "item" || (kind === "paragraph" && !sectionsWithPassages.has(section))) {
      leads = [];
      return itemLeads.get(parentSection);
    }
    leads = leads.filter((lead) => lead.section === section);
    if (kind !== "bullet") {
      leads = [];
      return undefined;
    }
    // A bullet of the lead's own mark is its sibling, not its item.
    const own = leads.findIndex((lead) => lead.marker !== undefined && lead.marker === marker);
    if (own >= 0) leads.length = own;
    return leads[leads.length - 1]?.text;
  };

  const flush = () => {
    if (!block) return;
    const joined = collapseSpaces(block.parts.join(" ")).trim();
    if (joined && CLOSING_RE.test(joined)) front.closingLines.push(joined);
    // "(Kèm theo Kế hoạch số 0134/KH-UBND …)" under an appendix's or a table's title says what it is attached to, and answers nothing.
    else if (joined && /\p{L}/u.test(joined) && !ATTACHED_TO_RE.test(joined)) {
      const lead = leadFor(block.kind, block.marker, block.section, block.parentSection);
      passages.push({ index: passages.length, section: block.section, text: joined, line: block.line, kind: block.kind, ...(lead ? { lead } : {}) });
      sectionsWithPassages.add(block.section);
      if (/:$/.test(joined)) leads.push({ ...(block.marker ? { marker: block.marker } : {}), text: joined, section: block.section });
      if (block.kind !== "bullet") {
        if (/:$/.test(joined)) itemLeads.set(block.section, joined);
        else itemLeads.delete(block.section);
      }
      if (block.section === 0 && /^(Căn cứ|Thực hiện|Theo)(?![\p{L}])/u.test(joined) && front.basis.length < MAX_BASIS_LINES) {
        if (joined.startsWith("Căn cứ") || front.basis.length === 0) front.basis.push(joined);
      }
    }
    block = undefined;
  };

  const openSection = (style: string, label: string, heading: string, line: number) => {
    flush();
    const existing = stack.findIndex((entry) => entry.style === style);
    if (existing >= 0) stack.length = existing;
    else if (OUTER_STYLES[style]) {
      // A chapter or an article closes the numbered items above it, which belong to the one before.
      let keep = stack.length;
      while (keep > 0 && !OUTER_STYLES[style]!.includes(stack[keep - 1]!.style)) keep--;
      stack.length = keep;
    }
    const labels = [...stack.map((entry) => entry.label), label];
    const parentTrail = stack.length ? sections[stack[stack.length - 1]!.section]!.trail : [];
    const shown = shownHeading(label, heading);
    sections.push({
      path: pathOf(labels),
      label,
      heading,
      trail: [...parentTrail, shown],
      line,
      depth: stack.length + 1,
    });
    stack.push({ style, label, section: sections.length - 1 });
  };

  /** An appendix starts the outline again; its title goes on over the capital lines under it. */
  const openAppendix = (text: string, line: number) => {
    stack.length = 0;
    openSection("appendix", "", text, line);
    attachedTitleOpen = true;
  };

  const startBlock = (kind: PassageKind, textPart: string, line: number) => {
    flush();
    block = { kind, section: currentSection(), parentSection: stack.length > 1 ? stack[stack.length - 2]!.section : 0, line, parts: [textPart] };
  };

  /** The last line a heading wrapped over (see wrappedHeadingLines), read with the heading. */
  let readThrough = -1;
  lines.forEach((rawLine, i) => {
    if (i <= readThrough) return;
    const lineNo = lineOf?.[i] ?? i + 1;
    const { text, markdownDepth, emphasised } = stripLineMarkup(rawLine);
    if (text === "") {
      blankLines++;
      previousWasTable = false;
      return;
    }
    // A year carried over from a line that ends "giai đoạn 2026 -" or "đến năm" is text, not a page number.
    const carriedYear = /^(19|20)\d{2}$/.test(text) && /([-–]|năm)\s*\**$/iu.test(previousText);
    previousText = text;
    if (isPageNoise(text) && zone !== "header" && !carriedYear) return;
    const blanksBefore = blankLines;
    blankLines = 0;

    const footnote = zone === "signature" ? FOOTNOTE_RE.exec(text) : null;
    if (footnote) {
      footnotes.push({ marker: footnote[1]!, parts: [footnote[2]!], line: lineNo });
      return;
    }
    if (zone === "signature" && footnotes.length && !TITLE_START_RE.test(text) && !APPENDIX_RE.test(text)) {
      footnotes[footnotes.length - 1]!.parts.push(text);
      return;
    }
    if (zone === "signature") {
      // A decision signed, then the plan it issues: "KẾ HOẠCH" in capitals starts a body again.
      if (TITLE_START_RE.test(text) && text === text.toUpperCase() && text.length <= 40 && front.signatureLines.length >= 2) {
        zone = "body";
        stack.length = 0;
        openSection("attached", "", text.replace(/:$/, ""), lineNo);
        attachedTitleOpen = true;
        return;
      }
      if (APPENDIX_RE.test(text)) {
        zone = "body";
        openAppendix(text, lineNo);
        return;
      }
      if (!ATTACHED_BODY_RE.test(text)) {
        front.signatureLines.push({ line: lineNo, text });
        return;
      }
      // The regulation or plan the signed decision issues, its title page missing: its parts are body again.
      zone = "body";
      stack.length = 0;
    }
    if (zone !== "header" && SIGNATURE_START_RE.test(text)) {
      flush();
      zone = "signature";
      front.signatureLines.push({ line: lineNo, text });
      return;
    }

    // Near the top, under the page's own title, before anything of the document itself.
    if (i < POSTED_LINE_WITHIN && passages.length === 0 && POSTED_RE.test(text)) {
      front.postedLine ??= { line: lineNo, text };
      return;
    }
    if (zone === "header") {
      if (isPageNoise(text) && !/\p{L}/u.test(text) && !carriedYear) return;
      if (NATIONAL_RE.test(text)) return;
      const number = NUMBER_RE.exec(text);
      // "Căn cứ Quyết định số 37/QĐ-UBND ngày 09 tháng 01 năm 2019 …" is a basis, not the date line.
      const date = text.length <= 100 && /^[^.;]{0,60}?ngày\s+\d/u.test(text) && !/^(Căn cứ|Thực hiện)(?![\p{L}])/u.test(text) ? DATE_RE.exec(text) : null;
      if ((number && /^Số(?![\p{L}])/iu.test(text)) || date) {
        if (number && !front.numberLine) front.numberLine = { line: lineNo, text };
        if (date && !front.dateLine) front.dateLine = { line: lineNo, text };
        return;
      }
      if (TITLE_START_RE.test(text)) {
        front.titleLines.push({ line: lineNo, text });
        titleLinesExpected = 2;
        return;
      }
      if (markdownDepth === 1 && front.titleLines.length === 0 && !headingMark(text)) {
        front.titleLines.push({ line: lineNo, text });
        return;
      }
      if (front.titleLines.length > 0 && ENACTING_BODY_RE.test(text) && text === text.toUpperCase() && text.length <= 80) {
        if (!front.numberLine && letterheadFollows(lines, i)) {
          // A page's own title above the document ("CHƯƠNG TRÌNH HÀNH ĐỘNG …", then the posting time):
          // the letterhead below starts the document.
          front.titleLines.length = 0;
          front.agencyLines.push(text);
          titleLinesExpected = 0;
          return;
        }
        // A resolution without a letterhead names its council here ("HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI").
        if (front.agencyLines.length === 0 && AGENCY_RE.test(text)) front.agencyLines.push(text);
        titleLinesExpected = 0;
        return;
      }
      const subject = SUBJECT_RE.exec(text);
      // "VỀ VIỆC …" in capitals under "QUYẾT ĐỊNH" is the rest of the title.
      if (subject && front.titleLines.length > 0 && text === text.toUpperCase() && text.length <= 400) {
        front.titleLines.push({ line: lineNo, text });
        titleLinesExpected = 1;
        return;
      }
      if (subject) {
        front.subjectLine = subject[2]!.trim();
        return;
      }
      if (titleLinesExpected > 0 && tableCells(text)) titleLinesExpected = 0;
      if (titleLinesExpected > 0) {
        // "Thực hiện Nghị quyết Đại hội …" / "lần thứ nhất, nhiệm kỳ 2020 – 2025": a line opening in lower case goes on across a blank.
        const continues = front.titleLines.length === 1 || blanksBefore === 0 || (blanksBefore <= 2 && startsLowerCase(text));
        // A subject in capitals may be long and end with a full stop; the enacting body under a decision's title is not part of it.
        const inCapitals = text === text.toUpperCase();
        const fitsTitle = inCapitals ? text.length <= 400 && !ENACTING_BODY_RE.test(text) : text.length <= 200 && !/\.$/.test(text);
        if (continues && !headingMark(text) && !/^Căn cứ(?![\p{L}])/u.test(text) && fitsTitle) {
          // A title in capitals hard-wrapped over several lines goes on as long as its lines do.
          const wrappedCapitals = blanksBefore === 0 && front.titleLines.length > 1 && text === text.toUpperCase();
          front.titleLines.push({ line: lineNo, text });
          if (!wrappedCapitals) titleLinesExpected--;
          return;
        }
        titleLinesExpected = 0;
      }
      if (front.titleLines.length === 0 && AGENCY_RE.test(text) && text.length <= 80) {
        front.agencyLines.push(text);
        return;
      }
      // A web page's own title above the letterhead ("Kế hoạch giảm nghèo … năm 2019"): the document starts below.
      const nothingYet = !front.agencyLines.length && !front.titleLines.length && !front.numberLine && !front.dateLine;
      if (nothingYet && text.length <= 200 && letterheadFollows(lines, i)) return;
      zone = "body";
    }

    // "PHỤ LỤC II" after the first appendix's tables: another appendix, not a heading inside the first.
    if (zone === "body" && APPENDIX_RE.test(text) && text.length <= APPENDIX_HEADING_LENGTH && stack[0]?.style === "appendix") {
      openAppendix(text, lineNo);
      return;
    }
    // Set apart on a line of its own (in italics, as a heading would be), the same note.
    if (zone === "body" && ATTACHED_TO_RE.test(text)) return;
    if (attachedTitleOpen || capitalsHeadingOpen) {
      const section = sections[sections.length - 1]!;
      const continuesHeading = attachedTitleOpen || blanksBefore === 0;
      if (continuesHeading && text === text.toUpperCase() && (/\p{L}/u.test(text) || carriedYear) && !headingMark(text) && text.length <= 160) {
        section.heading = `${section.heading} ${text.replace(/:$/, "")}`.trim();
        section.trail[section.trail.length - 1] = shownHeading(section.label, section.heading);
        return;
      }
      // "DANH MỤC 79 DỰ ÁN CẦN XEM XÉT THU HỒI …": an appendix's title that gives a count says it too.
      if (attachedTitleOpen && isAppendixSection(section) && COUNT_RE.test(section.heading.toLowerCase())) {
        startBlock("paragraph", sentenceCase(section.heading), section.line);
      }
      attachedTitleOpen = false;
      capitalsHeadingOpen = false;
    }

    const mark = previousWasTable && groupRowCells(text) ? undefined : headingMark(text);
    const wrapped = mark ? wrappedHeadingLines(lines, i, mark.rest) : [];
    if (mark && wrapped.length) {
      mark.rest = [mark.rest, ...wrapped].join(" ");
      readThrough = i + wrapped.length;
    }
    if (mark) {
      if (mark.style === "roman" || mark.style === "part" || mark.style === "chapter" || mark.style === "LETTER") {
        const { heading, body } = splitCapitalsHeading(mark.rest.replace(/:$/, "").trim());
        openSection(mark.style, mark.label, heading, lineNo);
        if (body) startBlock("paragraph", body, lineNo);
        // "II. Đường quy hoạch chuẩn bị triển khai" / "(21 đường)": a wrapped heading that gives a figure says it too.
        else if (wrapped.length && saysMoreThanAHeading(wrapped)) startBlock("paragraph", heading, lineNo);
        // "Chương II" / "TIÊU CHUẨN, QUY TRÌNH, …" / "KINH PHÍ …": a heading in capitals wrapped over the lines under it.
        else capitalsHeadingOpen = heading === "" || heading === heading.toUpperCase();
        return;
      }
      let nextText: string | undefined;
      for (let j = i + 1; j < lines.length && nextText === undefined; j++) if (lines[j]!.trim() !== "") nextText = lines[j];
      const next = nextText === undefined ? "" : stripLineMarkup(nextText).text;
      const continues =
        wrapped.length === 0 &&
        !endsSentence(mark.rest) &&
        (startsLowerCase(next) || breaksBeforeFigure(mark.rest, next)) &&
        !headingMark(next) &&
        bulletText(next) === undefined;
      if (mark.style === "article" && continues) {
        startBlock(currentSection() === 0 ? "preamble" : "paragraph", text, lineNo);
        return;
      }
      const { heading, body } = splitNumberedLine(mark.rest, continues, emphasised);
      openSection(mark.style, mark.label, heading, lineNo);
      if (body) startBlock("item", body, lineNo);
      else if ((wrapped.length && saysMoreThanAHeading(wrapped)) || REMARK_RE.test(heading)) startBlock("item", heading, lineNo);
      return;
    }

    const bullet = bulletText(text);
    if (bullet !== undefined) {
      startBlock("bullet", bullet, lineNo);
      block!.marker = text.charAt(0);
      return;
    }

    const cells = tableCells(text) ?? (previousWasTable ? groupRowCells(text) : undefined);
    if (cells) {
      if (isTableSeparator(text)) return;
      flush();
      const next = lines[i + 1] ? stripLineMarkup(lines[i + 1]!).text : "";
      if (!previousWasTable && isTableSeparator(next)) {
        table = newTableContext(cells);
        previousWasTable = true;
        return;
      }
      if (!previousWasTable) table = newTableContext();
      previousWasTable = true;
      const row = readRow(cells, table);
      if (row) {
        const lead = row.lead !== undefined ? { lead: row.lead } : {};
        passages.push({ index: passages.length, section: currentSection(), text: row.text, line: lineNo, kind: "table-row", ...lead });
      }
      return;
    }
    previousWasTable = false;

    const headingStyle = unnumberedHeadingStyle(text, markdownDepth, emphasised);
    if (headingStyle && !(block && blanksBefore === 0 && !endsSentence(block.parts[block.parts.length - 1]!))) {
      openSection(headingStyle, "", text.replace(/:$/, ""), lineNo);
      return;
    }

    if (block) {
      const last = block.parts[block.parts.length - 1]!;
      const joinsAdjacent = blanksBefore === 0 && (!endsSentence(last) || startsLowerCase(text));
      const joinsAcrossBlank = blanksBefore > 0 && blanksBefore <= 2 && !endsSentence(last) && (startsLowerCase(text) || last.length >= 60);
      // "- *Giai đoạn 48-72 giờ:*" with its text on the next line: the label and its text are one item.
      const labelOnly = block.kind === "bullet" && block.parts.length === 1 && /:$/.test(last) && last.length <= 60 && blanksBefore === 0;
      if (joinsAdjacent || joinsAcrossBlank || labelOnly) {
        block.parts.push(text);
        return;
      }
    }
    startBlock(currentSection() === 0 ? "preamble" : "paragraph", text, lineNo);
  });
  flush();

  if (sections.length === 1) warnings.push({ key: "warning.noSections" });
  if (passages.length === 0) warnings.push({ key: "warning.noPassages" });
  const withFields = attachFieldLines(passages);
  return { sections, passages: [...withFields, ...footnotePassages(footnotes, withFields)], front, warnings };
}
