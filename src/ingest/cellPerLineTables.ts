/**
 * Tables written one cell per line, as many web and Word-to-markdown dumps of plans write them:
 *
 *     |
 *     **TT**
 *     |
 *     **Chỉ tiêu**
 *     |
 *     |            <- two "|" lines in a row: a new row starts
 *     1
 *     |
 *     Diện tích lúa
 *     |
 *
 * are rewritten as ordinary pipe rows ("| TT | Chỉ tiêu |", a separator, then the data rows), which
 * the plan parser reads like any other table. Tables that only lay out the header or the signature
 * block (the agency beside the national motto, "Nơi nhận" beside the signer) are unfolded into their
 * lines instead, so that number, date, issuer and signer are read as if typed one under another.
 */

import { bodyRows } from "./cellPerLineRows.js";
import { INDEX_HEADER_RE } from "./tableRows.js";

export interface LaidOutText {
  text: string;
  /** For each line of `text`, the line number (1-based) it comes from in the original. */
  lineOf: number[];
}

interface Cell {
  lines: string[];
  line: number;
}

export const LAYOUT_CELL_RE =
  /(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập\s*[-–]\s*Tự do|Nơi nhận|^\**Số\s*:|\bTM\s*\.|\bKT\s*\.|ĐẢNG BỘ|ĐẢNG ỦY|BAN CHẤP HÀNH)/u;

const isBar = (line: string | undefined) => line !== undefined && line.trim() === "|";
const isBlank = (line: string | undefined) => line !== undefined && line.trim() === "";

/**
 * A run of cells with one "|" line between each two. Two or more "|" lines in a row end a piece: they
 * are a row break, or empty cells inside a row, or both; `barsBefore` keeps how many there were.
 */
interface Piece {
  cells: Cell[];
  barsBefore: number;
}

/** Reads the pieces of a cell-per-line table that starts at `start` (a "|" line); undefined when it is not one. */
function readTable(lines: readonly string[], start: number): { pieces: Piece[]; barsAfter: number; end: number } | undefined {
  const pieces: Piece[] = [];
  let piece: Piece = { cells: [], barsBefore: 1 };
  let bars = 1;
  let i = start + 1;
  let lastBar = start;
  while (i < lines.length) {
    if (isBar(lines[i])) {
      bars++;
      lastBar = i;
      i++;
      continue;
    }
    const cell: Cell = { lines: [], line: i + 1 };
    let j = i;
    for (; j < lines.length && !isBar(lines[j]) && !isBlank(lines[j]); j++) cell.lines.push(lines[j]!.trim());
    if (j >= lines.length || !isBar(lines[j])) break;
    if (bars >= 2 && piece.cells.length) {
      pieces.push(piece);
      piece = { cells: [], barsBefore: bars };
    } else if (!piece.cells.length) piece.barsBefore = bars;
    piece.cells.push(cell);
    bars = 1;
    lastBar = j;
    i = j + 1;
  }
  if (piece.cells.length) pieces.push(piece);
  const cells = pieces.reduce((sum, p) => sum + p.cells.length, 0);
  if (cells < 2) return undefined;
  const meaningful = pieces.filter((p) => p.cells.some((cell) => cell.lines.some((l) => /[\p{L}\p{N}]/u.test(l))));
  return { pieces: meaningful, barsAfter: bars, end: lastBar + 1 };
}

function stripEmphasis(text: string): string {
  return text
    .replace(/\*\*|__/g, "")
    .replace(/(^|\s)\*(?=\S)|(?<=\S)\*(?=\s|$)/g, "$1")
    .replace(/^\*+\s*|\s*\*+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A cell's text on one line: its hard-wrapped lines joined. */
function cellText(cell: Cell): string {
  return stripEmphasis(cell.lines.join(" ")).replace(/\|/g, "/");
}

const unbalancedEmphasis = (line: string) => ((line.match(/\*\*/g) ?? []).length & 1) === 1 || ((line.replace(/\*\*/g, "").match(/\*/g) ?? []).length & 1) === 1;

/**
 * The lines of a layout cell. A hard-wrapped line is joined to the next when emphasis is left open
 * ("**ỦY BAN NHÂN" / "DÂN**") or the next goes on in lower case or with a number ("ngày" / "17 tháng 11").
 */
function layoutLines(cell: Cell): string[] {
  const out: string[] = [];
  for (const raw of cell.lines) {
    const line = raw.trim();
    if (!line) continue;
    const previous = out[out.length - 1];
    if (previous !== undefined && (unbalancedEmphasis(previous) || /^[*_]*[\p{Ll}\d]/u.test(line))) out[out.length - 1] = `${previous} ${line}`;
    else out.push(line);
  }
  return out.map((line) => {
    // Emphasis opened on one line and closed on another: drop the unpaired marks.
    const marks = (line.match(/\*\*/g) ?? []).length;
    return marks % 2 ? line.replace(/\*\*/g, "") : line;
  });
}

/** "| 1 | 2 | 3 | … |" or "(1) (2) (3)": the column numbers printed under a header. */
function isColumnNumbering(cells: string[]): boolean {
  return cells.length >= 3 && cells.every((cell, k) => cell.replace(/[()]/g, "").trim() === String(k + 1));
}

/**
 * A header spread over two rows: the last `spanning` cells of the first row each stand over an
 * equal share of the second row ("GIAI ĐOẠN 2026-2030" over "Năm 2026 … Năm 2030"; each "Năm 2026"
 * over the same "Lượng", "Giá trị"). Returns the header row as one row of cells, or undefined when
 * the second row is data. Data rows may come out
 * shorter than the table (cut at empty cells, see cellPerLineRows.ts), never longer.
 */
function mergedHeader(first: string[], second: string[], width: number): string[] | undefined {
  if (first.length >= width || second.length < 2) return undefined;
  const merge = (spanning: number) => {
    const share = second.length / spanning;
    const kept = first.slice(0, first.length - spanning);
    const spans = first.slice(first.length - spanning);
    const subs = second.map((sub, k) => {
      const over = spans[Math.floor(k / share)]!;
      // A sub-header that names its own year needs no group name ("Năm 2026" under "GIAI ĐOẠN 2026-2030").
      return spanning === 1 && /\b(19|20)\d{2}\b/.test(sub) ? sub : `${over} ${sub}`;
    });
    return [...kept, ...subs];
  };
  // Several spanning cells repeat the same sub-headers under each.
  for (let spanning = 2; spanning < first.length; spanning++) {
    if (first.length - spanning + second.length !== width || second.length % spanning !== 0) continue;
    const share = second.length / spanning;
    if (second.every((sub, k) => sub === second[k % share])) return merge(spanning);
  }
  return first.length - 1 + second.length >= width ? merge(1) : undefined;
}

function tableLines(pieces: Piece[], barsAfter: number): { text: string; line: number }[] {
  const texts = pieces.map((piece) => piece.cells.map(cellText));
  const numbering = texts.map(isColumnNumbering);
  const kept = texts.map((_, k) => k).filter((k) => !numbering[k]);
  // Rows are only ever cut short in this layout, so the widest data row is the table's width.
  const width = Math.max(...kept.slice(2).map((k) => texts[k]!.length), texts[kept[0]!]!.length);
  let header = texts[kept[0]!]!;
  let bodyStart = 1;
  if (kept.length > 2) {
    const merged = mergedHeader(header, texts[kept[1]!]!, width);
    if (merged) {
      header = merged;
      bodyStart = 2;
    }
  }
  const pipe = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const firstLine = pieces[kept[0]!]!.cells[0]!.line;
  const out = [
    { text: pipe(header), line: firstLine },
    { text: pipe(header.map(() => "---")), line: firstLine },
  ];
  // A column numbering row under the header stands for a full row: the empty cells after it open the next.
  const bodyFrom = kept[bodyStart] ?? pieces.length;
  const body = pieces.slice(bodyFrom).flatMap((piece, k) =>
    numbering[bodyFrom + k] ? [] : [{ texts: texts[bodyFrom + k]!, line: piece.cells[0]!.line, barsBefore: piece.barsBefore }],
  );
  const numberedRows = INDEX_HEADER_RE.test(header[0] ?? "");
  const above = texts[bodyFrom - 1]?.length ?? header.length;
  for (const row of bodyRows(body, header.length, above, barsAfter, numberedRows)) out.push({ text: pipe(row.cells), line: row.line });
  return out;
}

function isLayoutTable(pieces: Piece[]): boolean {
  return pieces.some((piece) => piece.cells.some((cell) => cell.lines.some((line) => LAYOUT_CELL_RE.test(line))));
}

/** Rewrites cell-per-line tables (see the module comment); text without them comes back as it is. */
export function unfoldCellPerLineTables(text: string): LaidOutText {
  const lines = text.split("\n");
  const identity = (): LaidOutText => ({ text, lineOf: lines.map((_, i) => i + 1) });
  if (!lines.some((line, i) => isBar(line) && isBar(lines[i + 1]))) return identity();
  const out: string[] = [];
  const lineOf: number[] = [];
  const emit = (line: string, from: number) => {
    out.push(line);
    lineOf.push(from);
  };
  let i = 0;
  while (i < lines.length) {
    const table = isBar(lines[i]) ? readTable(lines, i) : undefined;
    if (!table) {
      emit(isBar(lines[i]) ? "" : lines[i]!, i + 1);
      i++;
      continue;
    }
    emit("", i + 1);
    if (isLayoutTable(table.pieces)) {
      for (const piece of table.pieces)
        for (const cell of piece.cells) {
          for (const line of layoutLines(cell)) emit(line, cell.line);
          emit("", cell.line);
        }
    } else {
      for (const { text: row, line } of tableLines(table.pieces, table.barsAfter)) emit(row, line);
    }
    emit("", table.end);
    i = table.end;
  }
  return { text: out.join("\n"), lineOf };
}
