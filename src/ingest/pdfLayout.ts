import { headingMark } from "./lineSyntax.js";
import { findTables, type PdfTable } from "./pdfTables.js";

/**
 * Turns the positioned text pieces of PDF pages into the lines of a plan: pieces on one baseline
 * make a line; the two-column letterhead of page 1 is read column after column; lines repeated at
 * the top or bottom of the pages (headers, footers) and page numbers are dropped; a word broken
 * by a hyphen at the end of a line is joined; a wider gap between lines separates paragraphs.
 */
export interface TextPiece {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PageText {
  width: number;
  height: number;
  pieces: TextPiece[];
}

interface Segment {
  x0: number;
  x1: number;
  text: string;
}

interface Line {
  y: number;
  size: number;
  segments: Segment[];
  /** The line's pieces, sorted by x, for finding tables. */
  pieces: TextPiece[];
}

/**
 * A letter drawn from another font (often a Vietnamese letter the main font lacks) comes as a
 * piece of its own, placed inside the piece it belongs to, which has a space there: it is put back
 * at its place.
 */
/** Rough widths of letters relative to an average one: enough to find which gap a letter fills. */
function letterWeight(c: string): number {
  if (/[iljtfr.,:;'!|()\s-]/.test(c)) return 0.55;
  if (/[mwMW%]/.test(c)) return 1.5;
  if (/[A-ZĐ]/.test(c)) return 1.25;
  return 1;
}

/** A plain letter (not one drawn from a fallback font for its accent). */
const PLAIN_RE = /^[\x20-\x7e]+$/;

/** Where a letter goes in its host's text: at `at`, or in place of the space at `space`. */
interface Placement {
  at: number;
  space?: number;
}

/**
 * Where a letter drawn at position x goes in the host's text. The letters' widths are guessed, so
 * the nearest space may be a neighbour's: the letter goes into (or just before) the nearest space
 * where it makes a word Vietnamese can have.
 */
function placeInHost(host: TextPiece, x: number, letter: string): Placement {
  const weights = [...host.text].map(letterWeight);
  const unit = host.width / weights.reduce((a, b) => a + b, 0);
  const starts: number[] = [];
  let position = host.x;
  for (const w of weights) {
    starts.push(position);
    position += w * unit;
  }
  let at = starts.findIndex((start, i) => x < start + weights[i]! * unit * 0.5);
  if (at < 0) at = weights.length;
  const near = [...host.text]
    .map((c, i) => ({ c, i, distance: Math.abs(starts[i]! - x) }))
    .filter(({ c, distance }) => c === " " && distance < unit * 2.5)
    .sort((a, b) => a.distance - b.distance);
  if (near.length === 0) return { at };
  if (PLAIN_RE.test(letter)) return { at: near[0]!.i, space: near[0]!.i };
  const isLetter = (i: number) => /\p{L}/u.test(host.text[i] ?? "");
  // Nearest first: a gap inside a word ("t o" for "tạo"), or the end of the word before a space whose
  // gap was too narrow to be kept ("ch đạo" for "chỉ đạo"); a space before a mark is a gap (no one
  // types "trị ,"). Then any space.
  const inWord = near.flatMap(({ i }): Placement[] => {
    if (!isLetter(i - 1)) return [];
    if (isLetter(i + 1)) return [{ at: i, space: i }, { at: i }];
    return /[,.;:!?)-]/.test(host.text[i + 1] ?? "") ? [{ at: i, space: i }] : [{ at: i }];
  });
  const options = [...inWord, ...near.map(({ i }) => ({ at: i, space: i }))];
  return options.find((option) => couldBeWord(wordMade(host.text, option, letter))) ?? { at: near[0]!.i, space: near[0]!.i };
}

const TONE_MARK_RE = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/** A Vietnamese syllable: a first consonant or none, vowels, a last consonant of the few that end one, or none. */
const SYLLABLE_RE = /^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aăâeêioôơuưy]+(?:ng|nh|ch|[cmnpt])?$/u;

/** Whether the letters could be a Vietnamese syllable, which carries at most one tone mark. */
function couldBeWord(word: string): boolean {
  const decomposed = word.toLowerCase().normalize("NFD");
  if ((decomposed.match(TONE_MARK_RE)?.length ?? 0) > 1) return false;
  return SYLLABLE_RE.test(decomposed.replace(TONE_MARK_RE, "").normalize("NFC"));
}

/** The word the letter would be part of, placed as `placement` says. */
function wordMade(text: string, { at, space }: Placement, letter: string): string {
  const before = /\p{L}*$/u.exec(text.slice(0, at))![0];
  const after = /^\p{L}*/u.exec(text.slice(space === undefined ? at : space + 1))![0];
  return before + letter + after;
}

function mergeInsetLetters(pieces: TextPiece[]): TextPiece[] {
  const out: TextPiece[] = [];
  for (const piece of pieces) {
    const host = out.at(-1);
    const inside = host && host.width > 0 && piece.text.length <= 2 && piece.x >= host.x && piece.x < host.x + host.width - host.size * 0.2;
    if (!inside) {
      out.push({ ...piece });
      continue;
    }
    const { at, space } = placeInHost(host, piece.x, piece.text);
    if (space === undefined) host.text = host.text.slice(0, at) + piece.text + host.text.slice(at);
    // An accented letter fills the gap left for it; a plain letter inside a run of accented ones
    // (drawn from the fallback font) follows a real space.
    else if (PLAIN_RE.test(piece.text)) host.text = host.text.slice(0, space + 1) + piece.text + host.text.slice(space + 1);
    else host.text = host.text.slice(0, space) + piece.text + host.text.slice(space + 1);
  }
  return out;
}

function joinPieces(raw: TextPiece[]): string {
  const pieces = mergeInsetLetters(raw);
  let text = "";
  let end = -Infinity;
  for (const piece of pieces) {
    const gap = piece.x - end;
    if (text && gap > piece.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(piece.text)) text += " ";
    text += piece.text;
    end = piece.x + piece.width;
  }
  return text.replace(/\s+/g, " ").trim();
}

function pageLines(page: PageText): Line[] {
  const pieces = page.pieces.filter((p) => p.text.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextPiece[][] = [];
  for (const piece of pieces) {
    const last = groups.at(-1);
    if (last && Math.abs(last[0]!.y - piece.y) < Math.max(2, last[0]!.size * 0.5)) last.push(piece);
    else groups.push([piece]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const size = Math.max(...group.map((p) => p.size));
    const segments: TextPiece[][] = [];
    for (const piece of group) {
      const last = segments.at(-1);
      const end = last ? Math.max(...last.map((p) => p.x + p.width)) : 0;
      // A gap of several letters on one baseline separates two columns.
      if (last && piece.x - end > Math.max(size * 3, page.width * 0.05)) segments.push([piece]);
      else if (last) last.push(piece);
      else segments.push([piece]);
    }
    return {
      y: group[0]!.y,
      size,
      pieces: group,
      segments: segments.map((s) => ({ x0: s[0]!.x, x1: Math.max(...s.map((p) => p.x + p.width)), text: joinPieces(s) })),
    };
  });
}

const lineText = (line: Line) => line.segments.map((s) => s.text).join(" ");

/** The letterhead's lines, left column first, and how many lines of the page it took. */
function letterhead(lines: Line[], width: number): { text: string[]; used: number } | undefined {
  const left: string[] = [];
  const right: string[] = [];
  let twoColumn = 0;
  let used = 0;
  for (const line of lines.slice(0, 12)) {
    const segments = line.segments;
    if (segments.length === 2 && segments[0]!.x1 < width * 0.55 && segments[1]!.x0 > width * 0.4) {
      left.push(segments[0]!.text);
      right.push(segments[1]!.text);
      twoColumn++;
    } else if (segments.length === 1 && twoColumn > 0 && segments[0]!.x1 < width * 0.5) left.push(segments[0]!.text);
    else if (segments.length === 1 && twoColumn > 0 && segments[0]!.x0 > width * 0.45) right.push(segments[0]!.text);
    else if (twoColumn === 0 && used < 2 && segments.length === 1 && (segments[0]!.x1 < width * 0.5 || segments[0]!.x0 > width * 0.45)) {
      // The first line of one column may stand alone (the other starts lower).
      (segments[0]!.x1 < width * 0.5 ? left : right).push(segments[0]!.text);
    } else break;
    used++;
  }
  return twoColumn >= 2 ? { text: [...left, ...right], used } : undefined;
}

const PAGE_NUMBER_RE = /^(?:trang\s*)?[-–—]?\s*\d{1,4}\s*(?:\/\s*\d{1,4})?\s*[-–—]?$/iu;
const shape = (text: string) => text.replace(/\d+/g, "#").toLowerCase();

/** Lines repeated at the same end of most pages, and page numbers there. */
function runningLines(pages: Line[][]): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 3) return repeated;
  for (const pick of [(l: Line[]) => l.slice(0, 2), (l: Line[]) => l.slice(-2)]) {
    const counts = new Map<string, number>();
    for (const lines of pages) for (const key of new Set(pick(lines).map((l) => shape(lineText(l))))) counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const [key, count] of counts) if (count >= Math.max(3, pages.length * 0.6)) repeated.add(key);
  }
  return repeated;
}

/** "I- …", "2. …", "A- …": a line that starts a numbered heading of its own. */
const startsNumbered = (text: string) => headingMark(text) !== undefined || /^[A-ZĐ]\s*[-.)]\s+\S/u.test(text);

function isAllCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.length >= 3 && letters.every((c) => c === c.toUpperCase());
}

interface OpenTable {
  columns: number[];
  header: string[];
  /** The last row written, and where in the output, for a row the page break cut in two. */
  lastRow: string[];
  lastRowAt: number;
}

const pipeRow = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "/")).join(" | ")} |`;
const sameRow = (a: string[] | undefined, b: string[] | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a table's rows as pipe-table lines. A table going on from the page before keeps that
 * table's header (written again if the page does not repeat it), and a first row that only goes on
 * with the words of the row above (its cells start in lower case, or it has one cell and no number)
 * is that row's end.
 */
function writeTable(out: string[], table: PdfTable, open: OpenTable | undefined): OpenTable {
  const continues = open && open.columns.length === table.columns.length && open.columns.every((c, k) => Math.abs(c - table.columns[k]!) <= 2);
  let rows = table.rows;
  const header = continues ? open.header : rows[0]!;
  if (continues && sameRow(rows[0], open.header)) rows = rows.slice(1);
  else if (!continues) rows = rows.slice(1);
  const first = rows[0];
  const filled = first?.filter(Boolean).length ?? 0;
  const tail = continues && first && (first.every((cell) => cell === "" || /^[\p{Ll})]/u.test(cell)) || (first[0] === "" && filled === 1));
  let last = continues ? { row: open.lastRow, at: open.lastRowAt } : undefined;
  if (tail && last) {
    const joined = last.row.map((cell, k) => [cell, rows[0]![k]!].filter(Boolean).join(" "));
    out[last.at] = pipeRow(joined);
    last = { row: joined, at: last.at };
    rows = rows.slice(1);
  }
  out.push("", pipeRow(header), `|${" --- |".repeat(table.columns.length)}`);
  for (const row of rows) {
    out.push(pipeRow(row));
    last = { row, at: out.length - 1 };
  }
  out.push("");
  return { columns: table.columns, header, lastRow: last?.row ?? header, lastRowAt: last?.at ?? -1 };
}

export function layoutPages(pages: PageText[]): string {
  const linesOfPages = pages.map(pageLines);
  const tablesOfPages = linesOfPages.map((lines) => findTables(lines, joinPieces));
  // Table lines are not running headers, even the header row a table repeats on every page.
  const inTable = (p: number, i: number) => tablesOfPages[p]!.some((t) => i >= t.from && i < t.to);
  const running = runningLines(linesOfPages.map((lines, p) => lines.filter((_, i) => (i < 2 || i >= lines.length - 2) && !inTable(p, i))));
  const out: string[] = [];
  let openTable: OpenTable | undefined;
  linesOfPages.forEach((lines, p) => {
    const tableOf = new Map<Line, PdfTable>();
    for (const table of tablesOfPages[p]!) for (let i = table.from; i < table.to; i++) tableOf.set(lines[i]!, table);
    const isEnd = (i: number) => i < 2 || i >= lines.length - 2;
    let kept = lines.filter((line, i) => tableOf.has(line) || !(isEnd(i) && (running.has(shape(lineText(line))) || PAGE_NUMBER_RE.test(lineText(line)))));
    if (p === 0) {
      const head = letterhead(kept, pages[0]!.width);
      if (head && !kept.slice(0, head.used).some((line) => tableOf.has(line))) {
        out.push(...head.text.flatMap((t) => [t, ""]));
        kept = kept.slice(head.used);
      }
    }
    const plain = kept.filter((line) => !tableOf.has(line));
    const gaps = plain.slice(1).map((line, i) => plain[i]!.y - line.y).filter((g) => g > 0).sort((a, b) => a - b);
    const usual = gaps[Math.floor(gaps.length / 3)] ?? 0;
    kept.forEach((line, i) => {
      const table = tableOf.get(line);
      if (table) {
        if (line === lines[table.from]) openTable = writeTable(out, table, openTable);
        return;
      }
      const text = lineText(line);
      const previous = out.at(-1);
      const gap = i > 0 ? kept[i - 1]!.y - line.y : Infinity;
      const close = gap <= usual * 1.2 + 0.5;
      if (previous && close && /\p{L}-$/u.test(previous) && /^\p{Ll}/u.test(text)) {
        out[out.length - 1] = previous.slice(0, -1) + text;
      } else if (previous && close && isAllCaps(previous) && isAllCaps(text) && !/[.:;]$/.test(previous) && !startsNumbered(text)) {
        // A title in capitals wrapped over lines is one line again; a numbered heading under it is not part of it.
        out[out.length - 1] = `${previous} ${text}`;
      } else {
        if (previous !== undefined && previous !== "" && !close) out.push("");
        out.push(text);
      }
    });
    out.push("");
  });
  return out.join("\n");
}
