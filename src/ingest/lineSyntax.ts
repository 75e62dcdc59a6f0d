/** Recognises the layout of one line of a plan: headings in their many numbering styles, bullets, tables. */

export interface HeadingMark {
  /** Numbering style; headings of one style are siblings. */
  style: string;
  /** Numbering as written ("II", "2", "3.1", "b", "(1)"), "" for unnumbered headings. */
  label: string;
  /** The text after the numbering. */
  rest: string;
}

const ROMAN_RE = /^(X{0,3}(?:IX|IV|V?I{0,3}))\s*[.):-]\s*(.*)$/;
const PART_RE = /^(?:PHẦN|Phần)\s+([IVX]+|\d{1,2})\s*[.:-]?\s*(.*)$/u;
/** "Chương II", "CHƯƠNG 3 - …": a chapter of a regulation; "Điều 4. Tiêu chuẩn …": one of its articles. */
const CHAPTER_RE = /^(?:CHƯƠNG|Chương)\s+([IVXLC]+|\d{1,2})(?![\p{L}\p{N}])\s*[.:-]?\s*(.*)$/u;
const ARTICLE_RE = /^(?:ĐIỀU|Điều)\s+(\d{1,3})\s*[.:]\s*(.+)$/u;
const DOTTED_RE = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(.+)$/u;
const ARABIC_RE = /^(\d{1,2})\s*(\.|\)|\s-|-)\s*(.+)$/u;
const PAREN_RE = /^\((\d{1,2}|[a-zđ])\)\.?\s*(.+)$/u;
const LETTER_RE = /^([a-zđ])\s*[).]\s+(.+)$/u;
const UPPER_LETTER_RE = /^([A-ZĐ])\s*[.)]\s+(.+)$/u;
const BULLET_RE = /^[-+*•–—·▪●◦○■□➢➤✓]\s*(?=\S)/u;

/** Removes markdown heading marks and whole-line emphasis; returns the depth of a markdown heading. */
export function stripLineMarkup(line: string): { text: string; markdownDepth: number; emphasised: boolean } {
  let text = line.trim();
  let markdownDepth = 0;
  const hashes = /^(#{1,6})\s+/.exec(text);
  if (hashes) {
    markdownDepth = hashes[1]!.length;
    text = text.slice(hashes[0].length).trim();
  }
  let emphasised = false;
  if (!/[*_]/.test(text)) return { text: stripInlineMarkup(text), markdownDepth, emphasised };
  for (;;) {
    const wrapped = /^(\*\*|__|\*|_)(.+)\1$/u.exec(text);
    if (!wrapped || /^\*\s/.test(text)) break;
    text = wrapped[2]!.trim();
    emphasised = true;
  }
  // Emphasis that spans two lines ("**TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH**") leaves unpaired marks.
  if (!/^\*\*.*\*\*/.test(text)) text = text.replace(/^(\*\*|__)\s*/, "");
  if (!/\*\*.*\*\*$/.test(text)) text = text.replace(/\s*(\*\*|__)$/, "");
  return { text: stripInlineMarkup(text), markdownDepth, emphasised };
}

/** Inline markdown: **bold**, *italic*, links, stray emphasis marks. */
export function stripInlineMarkup(text: string): string {
  if (!/[*_[]|\s\s|\s$/.test(text)) return text;
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])\*(?!\s)(.+?)(?<!\s)\*(?=[\s).,;:]|$)/g, "$1$2")
    .replace(/\s{2,}/g, " ")
    .replace(/\s+$/, "");
}

const LOWER_CASE_LETTER_RE = /\p{Ll}/gu;

export function isUpperCaseLine(text: string): boolean {
  // Most lines are ordinary sentences: once the lower-case letters alone are more than 15% of the
  // line's length, they are more than 15% of its letters, and the line cannot be ALL CAPS.
  const mostLowerCase = Math.floor(text.length * 0.15) + 1;
  LOWER_CASE_LETTER_RE.lastIndex = 0;
  for (let lower = 0; LOWER_CASE_LETTER_RE.exec(text); ) if (++lower >= mostLowerCase) return false;
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) return false;
  const upper = letters.filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length;
  return upper / letters.length > 0.85;
}

export function headingMark(text: string): HeadingMark | undefined {
  const part = PART_RE.exec(text);
  if (part) return { style: "part", label: part[1]!, rest: part[2]! };
  const chapter = CHAPTER_RE.exec(text);
  if (chapter) return { style: "chapter", label: `Chương ${chapter[1]!}`, rest: chapter[2]! };
  const article = ARTICLE_RE.exec(text);
  // "Điều 1. Ban hành kèm theo Quyết định này …" is the article's whole text, read as a paragraph.
  if (article && article[2]!.length <= 110 && !/[.;:,]$/.test(article[2]!)) return { style: "article", label: `Điều ${article[1]!}`, rest: article[2]! };
  const roman = ROMAN_RE.exec(text);
  if (roman?.[1] && roman[2]) return { style: "roman", label: roman[1], rest: roman[2] };
  const dotted = DOTTED_RE.exec(text);
  if (dotted) return { style: `arabic-${dotted[1]!.split(".").length}`, label: dotted[1]!, rest: dotted[2]! };
  const arabic = ARABIC_RE.exec(text);
  if (arabic && !/^\d/.test(arabic[3]!)) {
    const style = arabic[2] === ")" ? "arabic)" : arabic[2]!.includes("-") ? "arabic-" : "arabic";
    return { style, label: arabic[1]!, rest: arabic[3]! };
  }
  const paren = PAREN_RE.exec(text);
  if (paren) return { style: /\d/.test(paren[1]!) ? "paren" : "paren-letter", label: `(${paren[1]})`, rest: paren[2]! };
  const letter = LETTER_RE.exec(text);
  if (letter) return { style: "letter", label: letter[1]!, rest: letter[2]! };
  const upper = UPPER_LETTER_RE.exec(text);
  if (upper && upper[2]!.length > 3) return { style: "LETTER", label: upper[1]!, rest: upper[2]! };
  return undefined;
}

/** An unnumbered line that reads as a heading: markdown, whole-line bold, or ALL CAPS. */
export function unnumberedHeadingStyle(text: string, markdownDepth: number, emphasised: boolean): string | undefined {
  if (text.length > 160 || /[.;]$/.test(text)) return undefined;
  if (markdownDepth > 0) return `md${markdownDepth}`;
  if (isUpperCaseLine(text) && text.split(/\s+/).length >= 2) return "caps";
  if (emphasised && text.length <= 120 && !/[,]$/.test(text)) return "bold";
  return undefined;
}

export function bulletText(text: string): string | undefined {
  const match = BULLET_RE.exec(text);
  if (!match) return undefined;
  // "- 3 -" is a page number, "---" a rule.
  if (/^[-–—]\s*\d+\s*[-–—]$/.test(text) || /^[-*_]{3,}$/.test(text)) return undefined;
  return text.slice(match[0].length).trim();
}

export function tableCells(text: string): string[] | undefined {
  if (!text.includes("|")) return undefined;
  const trimmed = text.replace(/^\|/, "").replace(/\|$/, "");
  const cells = trimmed.split("|").map((cell) => stripInlineMarkup(cell.trim()));
  return cells.length >= 2 ? cells : undefined;
}

export function isTableSeparator(text: string): boolean {
  return /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?$/.test(text);
}

/** Page numbers and rules left over from conversion: "12", "- 3 -", "Trang 4", "---". */
export function isPageNoise(text: string): boolean {
  return /^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|trang\s+\d+(?:\s*\/\s*\d+)?|[-*_=]{3,})$/iu.test(text);
}

export function endsSentence(text: string): boolean {
  return /[.!?:;…]["”»')]*$/u.test(text.trim()) || /\.\/\.$/.test(text.trim());
}

export function startsLowerCase(text: string): boolean {
  const first = /\p{L}/u.exec(text)?.[0];
  return first !== undefined && first === first.toLowerCase() && first !== first.toUpperCase();
}

/** Words and signs a target's text cannot end on: what follows them is its figure ("Có ≥" / "85% …"). */
const OPEN_END_RE = /(?:[≥≤<>=]|(?<!\p{L})(?:có|đạt|là|từ|trên|dưới|khoảng|còn|tối thiểu|ít nhất|tối đa|không quá|bằng|tăng|giảm))$/iu;

/** A line broken before its figure: it ends on a comparator or verb and the next line starts with the figure. */
export function breaksBeforeFigure(text: string, next: string): boolean {
  return OPEN_END_RE.test(text.trim()) && /^[\d≥≤<>]/.test(next.trim());
}

/** A web page's posting time above the document: "Thứ hai - 11/11/2024 04:09", "Ngày 18/09/2020 14:18:37". */
export const POSTED_RE = /^(?:(?:Thứ\s+\p{L}+|Chủ\s+nhật)\s*[-–,]\s*)?(?:Ngày\s+)?(\d{1,2})\/(\d{1,2})\/(\d{4})\s*[-–,]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?$/iu;

/** A line in capitals as a sentence: "DANH MỤC 79 DỰ ÁN" -> "Danh mục 79 dự án". */
export function sentenceCase(text: string): string {
  const lower = text === text.toUpperCase() ? text.toLowerCase() : text;
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
