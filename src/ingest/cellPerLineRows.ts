import { ROW_NUMBER_RE } from "./tableRows.js";

/**
 * The body rows of a cell-per-line table (see cellPerLineTables.ts) from its pieces. In that layout an
 * empty cell is nothing between two "|" lines, so a run of k "|" lines between two cells is either k - 1
 * empty cells inside one row, or a row break (the closing "|" of one row, the opening "|" of the next)
 * with k - 2 empty cells at the end of the row before or at the start of the row after. The table's
 * width and the cells' shapes tell which:
 *
 * - a piece of figures that fits the row before it goes on that row, after its empty cells
 *   ("| 22 | xã Thường Xuân |" then "| 1 |" after four "|": the 1 stands in the sixth column);
 * - empty cells that do not fit the row before start the next ("| | Tổng cộng | 15 |"), and so does
 *   one before a row that opens with its label where the table's rows open with their number;
 * - the other empty cells end the row before: that row ends at the table's last column, so a row with
 *   fewer cells than the table has a cell merged across, its longest text ("1.2 | Vùng nuôi tôm hùm …
 *   | 590.542.236 | |": the amount stands in the column before last, not the third).
 */

export interface CellPiece {
  texts: string[];
  line: number;
  /** How many "|" lines stood between this piece and the cell before it. */
  barsBefore: number;
}

export interface BodyRow {
  cells: string[];
  line: number;
}

const DATA_CELL_RE = /^[\d.,%‰\s()+-]+$/;

const empties = (count: number) => Array<string>(Math.max(0, count)).fill("");

/** A piece that goes on the row before it: figures only, or figures where a row's number and label would be, filling the row exactly. */
function continuesRow(row: string[], piece: CellPiece, width: number): boolean {
  const length = row.length + piece.barsBefore - 1 + piece.texts.length;
  if (piece.barsBefore < 2 || length > width) return false;
  if (piece.texts.every((text) => DATA_CELL_RE.test(text))) return true;
  return length === width && piece.texts.length >= 2 && piece.texts.slice(0, 2).every((text) => DATA_CELL_RE.test(text));
}

/** Empty cells put after a row's longest text, which is merged across the columns they stand for. */
function widenMergedCell(row: string[], width: number): string[] {
  if (row.length >= width) return row;
  let longest = -1;
  row.forEach((cell, k) => {
    if (/\p{L}/u.test(cell) && (longest < 0 || cell.length > row[longest]!.length)) longest = k;
  });
  if (longest < 0) return row;
  return [...row.slice(0, longest + 1), ...empties(width - row.length), ...row.slice(longest + 1)];
}

/**
 * `before` is the number of cells of the row above the first piece (the header's last row, or a column
 * numbering row);
 * `barsAfter` the "|" lines after the last cell; `numberedRows` whether the table's first column is a
 * row number (STT, TT).
 */
export function bodyRows(pieces: readonly CellPiece[], width: number, before: number, barsAfter: number, numberedRows: boolean): BodyRow[] {
  const rows: { cells: string[]; line: number; endsAtLastColumn: boolean }[] = [];
  let previousLength = before;
  const endRow = (row: (typeof rows)[number] | undefined, emptyCells: number) => {
    if (!row || emptyCells <= 0) return;
    row.cells.push(...empties(Math.min(emptyCells, width - row.cells.length)));
    row.endsAtLastColumn = true;
  };
  for (const piece of pieces) {
    const previous = rows[rows.length - 1];
    if (previous && continuesRow(previous.cells, piece, width)) {
      previous.cells.push(...empties(piece.barsBefore - 1), ...piece.texts);
      previousLength = previous.cells.length;
      continue;
    }
    const emptyCells = Math.max(0, piece.barsBefore - 2);
    let leading = Math.max(0, previousLength + emptyCells - width);
    if (leading === 0 && emptyCells > 0 && numberedRows && !ROW_NUMBER_RE.test(piece.texts[0]!)) leading = 1;
    leading = Math.min(leading, emptyCells, Math.max(0, width - piece.texts.length));
    endRow(previous, emptyCells - leading);
    rows.push({ cells: [...empties(leading), ...piece.texts], line: piece.line, endsAtLastColumn: false });
    previousLength = leading + piece.texts.length;
  }
  endRow(rows[rows.length - 1], barsAfter - 1);
  // An empty last cell written out ("* *") says as much as the "|" lines of one left out.
  const endsAtLastColumn = (row: (typeof rows)[number]) => row.endsAtLastColumn || row.cells[row.cells.length - 1] === "";
  return rows.map((row) => ({ cells: endsAtLastColumn(row) ? widenMergedCell(row.cells, width) : row.cells, line: row.line }));
}
