import type { TextPiece } from "./pdfLayout.js";

/**
 * Tables in a PDF's text layer. A PDF has no table, only text drawn at places: a table is found as
 * lines whose pieces start at the same few x positions (the columns), no piece crossing from one
 * column into the next (as the lines of a paragraph do). Its rows are told apart by the rule drawn
 * between them, which leaves a gap between a row's last line and the next row's first a little
 * wider than the gap between the lines of one cell. Each row becomes a pipe-table row, cells in
 * order, so that the parser gives it its column headers as it does for a .docx or .md table.
 */
export interface PieceLine {
  y: number;
  size: number;
  /** Sorted by x. */
  pieces: TextPiece[];
}

export interface PdfTable {
  /** Index of the table's first line and one past its last. */
  from: number;
  to: number;
  columns: number[];
  rows: string[][];
}

/** Column starts may differ by a rounding; one letter's width apart they are different columns. */
const SAME_X = 1.5;
/** A table lays out at least this many columns; two are a letterhead or a signature block. */
const MIN_COLUMNS = 3;
/** The rule between two rows widens the gap between lines by at least this much. */
const ROW_RULE = 0.25;

const near = (a: number, b: number) => Math.abs(a - b) <= SAME_X;

/** Where cells begin on a line: its first piece, and each piece after a gap wider than a word space. */
function cellStarts(line: PieceLine): number[] {
  const starts: number[] = [];
  let end = -Infinity;
  for (const piece of line.pieces) {
    if (piece.x - end > line.size * 0.8) starts.push(piece.x);
    end = Math.max(end, piece.x + piece.width);
  }
  return starts;
}

function addColumns(columns: number[], starts: number[]): number[] {
  return [...columns, ...starts.filter((x) => !columns.some((c) => near(c, x)))].sort((a, b) => a - b);
}

/** Whether the line's cells start at the columns and none runs over into the next column. */
function fitsColumns(line: PieceLine, starts: number[], columns: number[]): boolean {
  if (!starts.every((x) => columns.some((c) => near(c, x)))) return false;
  return line.pieces.every((piece) => !columns.some((c) => c > piece.x + SAME_X && c < piece.x + piece.width - SAME_X));
}

/** The column a piece is in: the last one starting at or before it. */
function columnOf(piece: TextPiece, columns: number[]): number {
  let k = 0;
  columns.forEach((c, i) => {
    if (piece.x >= c - SAME_X) k = i;
  });
  return k;
}

function joinCellLines(parts: string[]): string {
  let text = "";
  for (const part of parts) {
    if (/\p{L}-$/u.test(text.slice(-2)) && /^\p{Ll}/u.test(part)) text = text.slice(0, -1) + part;
    else text = text ? `${text} ${part}` : part;
  }
  return text;
}

function rowsOf(lines: PieceLine[], columns: number[], joinPieces: (pieces: TextPiece[]) => string): string[][] {
  const gaps = lines.slice(1).map((line, i) => lines[i]!.y - line.y);
  const spacing = gaps.reduce((min, g) => (g > 0 && g < min ? g : min), Infinity);
  // No gap wider than the others: no rules drawn between the rows, and a line is a row.
  const ruled = gaps.some((g) => g > spacing + ROW_RULE);
  const rows: PieceLine[][] = [];
  lines.forEach((line, i) => {
    if (i === 0 || !ruled || gaps[i - 1]! > spacing + ROW_RULE) rows.push([line]);
    else rows.at(-1)!.push(line);
  });
  return rows.map((rowLines) =>
    columns.map((_, k) =>
      joinCellLines(
        rowLines
          .map((line) => joinPieces(line.pieces.filter((piece) => columnOf(piece, columns) === k)))
          .filter(Boolean),
      ),
    ),
  );
}

/** The tables among a page's lines, in order. */
export function findTables(lines: PieceLine[], joinPieces: (pieces: TextPiece[]) => string): PdfTable[] {
  const starts = lines.map(cellStarts);
  const tables: PdfTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (starts[i]!.length < 2) {
      i++;
      continue;
    }
    let columns = starts[i]!;
    let multiCell = 1;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const s = starts[j]!;
      const widened = addColumns(columns, s);
      // A row may have a cell in a column no line above had (a note in the last column).
      const shared = s.filter((x) => columns.some((c) => near(c, x))).length;
      if (fitsColumns(lines[j]!, s, columns)) columns = columns.slice();
      else if (s.length >= 2 && shared >= 1 && fitsColumns(lines[j]!, s, widened)) columns = widened;
      else break;
      if (s.length >= 2) multiCell++;
    }
    const firstFits = fitsColumns(lines[i]!, starts[i]!, columns);
    if (columns.length >= MIN_COLUMNS && multiCell >= 2 && firstFits) {
      tables.push({ from: i, to: j, columns, rows: rowsOf(lines.slice(i, j), columns, joinPieces) });
      i = j;
    } else {
      // Lines that lined up without making a table are not looked at again: a page is read once.
      i = j;
    }
  }
  return tables;
}
