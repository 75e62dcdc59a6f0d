import type { LaidOutText } from "./cellPerLineTables.js";

/**
 * Tables some dumps write as one long run of cells, a lone "|" line between each two and nothing
 * between rows:
 *
 *     STT / | / Tên chỉ tiêu / | / Đơn vị tính / | / Chỉ tiêu cụ thể / |
 *     I / | / Hạ tầng số (05 chỉ tiêu) / | / | / |
 *     1 / | / Tỷ lệ cán bộ … / | / % / | / 100 / |
 *
 * The header is the cells before the first row number; a row starts at the next row number (1, 2, …
 * or a Roman numeral of a group), or when it has as many cells as the header. Rows are written back
 * as pipe rows under the header, which the plan parser reads like any other table.
 */

const isBar = (line: string | undefined) => line !== undefined && line.trim() === "|";
const HEADER_START_RE = /^\**\s*(STT|TT|Stt|Số TT)\s*\**$/u;
const ROMAN_RE = /^[IVX]{1,5}$/;
const NUMBER_RE = /^\d{1,3}$/;
/** Fewer cells than this are not worth reading as a table. */
const MIN_CELLS = 8;

interface RunCell {
  text: string;
  line: number;
}

/** The cells of a run starting at `start`, and the index of the line after it; undefined when there is none. */
function readRun(lines: readonly string[], start: number): { cells: RunCell[]; end: number } | undefined {
  const cells: RunCell[] = [];
  let i = start;
  while (i < lines.length) {
    const parts: string[] = [];
    const line = i + 1;
    while (i < lines.length && !isBar(lines[i]) && lines[i]!.trim() !== "") parts.push(lines[i++]!.trim());
    if (!isBar(lines[i])) break;
    cells.push({ text: parts.join(" "), line });
    i++;
  }
  return cells.length >= MIN_CELLS ? { cells, end: i } : undefined;
}

function rowsOf(cells: readonly RunCell[]): RunCell[][] | undefined {
  const headerEnd = cells.findIndex((cell, k) => k > 0 && (NUMBER_RE.test(cell.text) || ROMAN_RE.test(cell.text)));
  if (headerEnd < 2) return undefined;
  const width = headerEnd;
  const rows: RunCell[][] = [cells.slice(0, headerEnd)];
  let row: RunCell[] = [];
  let lastNumber = 0;
  for (const cell of cells.slice(headerEnd)) {
    const number = NUMBER_RE.test(cell.text) ? Number(cell.text) : undefined;
    const startsRow = row.length >= width || (row.length > 0 && (ROMAN_RE.test(cell.text) || number === lastNumber + 1 || number === 1));
    if (startsRow && row.length) {
      rows.push(row);
      row = [];
    }
    if (row.length === 0 && number !== undefined) lastNumber = number;
    row.push(cell);
  }
  if (row.length) rows.push(row);
  return rows;
}

const pipeRow = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, "/")).join(" | ")} |`;

/** Rewrites bar-separated tables (see the module comment); text without them comes back as it is. */
export function unfoldBarSeparatedTables({ text, lineOf }: LaidOutText): LaidOutText {
  const lines = text.split("\n");
  if (!lines.some((line) => HEADER_START_RE.test(line.trim()))) return { text, lineOf };
  const out: string[] = [];
  const outLineOf: number[] = [];
  let i = 0;
  while (i < lines.length) {
    // A cell-per-line table opens with a "|" line before its first cell; this kind opens with the cell itself.
    const opensRun = HEADER_START_RE.test(lines[i]!.trim()) && isBar(lines[i + 1]) && !isBar(lines[i - 1]);
    const run = opensRun ? readRun(lines, i) : undefined;
    const rows = run ? rowsOf(run.cells) : undefined;
    if (!run || !rows) {
      out.push(lines[i]!);
      outLineOf.push(lineOf[i]!);
      i++;
      continue;
    }
    const [header, ...body] = rows;
    const width = header!.length;
    const emit = (line: string, at: number) => {
      out.push(line);
      outLineOf.push(lineOf[at - 1] ?? at);
    };
    emit("", run.cells[0]!.line);
    emit(pipeRow(header!.map((cell) => cell.text)), header![0]!.line);
    emit(pipeRow(header!.map(() => "---")), header![0]!.line);
    for (const row of body) {
      const texts = row.map((cell) => cell.text);
      // A group row ("II | Hạ tầng số (05 chỉ tiêu) | |") is one cell, as the parser reads group rows.
      const group = ROMAN_RE.test(texts[0]!) && texts.slice(2).every((t) => t === "");
      emit(group ? pipeRow([`${texts[0]}. ${texts[1] ?? ""}`.trim()]) : pipeRow([...texts, ...Array(Math.max(0, width - texts.length)).fill("")]), row[0]!.line);
    }
    emit("", run.cells[run.cells.length - 1]!.line);
    i = run.end;
  }
  return { text: out.join("\n"), lineOf: outLineOf };
}
