import { unfoldBarSeparatedTables } from "./barSeparatedTables.js";
import { LAYOUT_CELL_RE, type LaidOutText, unfoldCellPerLineTables } from "./cellPerLineTables.js";

export type { LaidOutText } from "./cellPerLineTables.js";

const BOLD_MARK_RE = /\*\*/g;
/** "**II. ", "**7. ", "**a) ": the start of a numbered heading in bold. */
const BOLD_NUMBERED_START_RE = /^\s*\*\*\s*(?:[IVX]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]/u;
const oddBoldMarks = (line: string) => ((line.match(BOLD_MARK_RE) ?? []).length & 1) === 1;

/**
 * A bold numbered heading hard-wrapped over lines ("**II. ĐỐI TƯỢNG VÀ THỜI GIAN" / "THI ĐUA**") is put back
 * on one line, so that it reads as one heading rather than a heading and a stray line.
 */
export function joinWrappedEmphasis({ text, lineOf }: LaidOutText): LaidOutText {
  const lines = text.split("\n");
  if (!lines.some(oddBoldMarks)) return { text, lineOf };
  const out: string[] = [];
  const outLineOf: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    let from = lineOf[i]!;
    if (BOLD_NUMBERED_START_RE.test(line) && oddBoldMarks(line)) {
      // At most three more lines, none blank, up to the one that closes the emphasis.
      let end = i + 1;
      while (end < lines.length && end <= i + 3 && lines[end]!.trim() !== "" && !oddBoldMarks(lines[end]!)) end++;
      if (end < lines.length && end <= i + 3 && lines[end]!.trim() !== "") {
        // "**3. Thời gian thực hiện" / "Chương trình: **Từ năm 2025 đến hết năm 2030.": what follows the
        // closing mark is the section's first line.
        const close = lines[end]!.indexOf("**");
        const body = lines[end]!.slice(close + 2).trim();
        line = [...lines.slice(i, end), lines[end]!.slice(0, close + 2)].map((part) => part.trim()).join(" ");
        if (body) {
          out.push(line);
          outLineOf.push(from);
          line = body;
          from = lineOf[end]!;
        }
        i = end;
      }
    }
    out.push(line);
    outLineOf.push(from);
  }
  return { text: out.join("\n"), lineOf: outLineOf };
}

const HEADER_LINES = 12;
const NATIONAL_PART_RE = /\s+(?=CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập\s*[-–]\s*Tự do)|(?<=CHỦ NGHĨA VIỆT NAM)\s+/u;
const NUMBER_THEN_DATE_RE = /^(\**Số\s*[:.]?\s*\S+)\s+(\S.{0,40}?,?\s*ngày\s+\d.*)$/u;
const GLUED_KIND_RE = /\b(XÃ|PHƯỜNG|HUYỆN|TỈNH|QUẬN)(?=\p{Lu}{2})/gu;

/**
 * The two columns of a header copied into single lines ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA
 * VIỆT NAM", "XÃ KỲ PHÚ Độc lập - Tự do - Hạnh phúc", "Số: 02/ĐA-UBND Kỳ Phú, ngày 20 tháng 06 năm
 * 2023") are split back into the lines of each column.
 */
export function splitTwoColumnHeader({ text, lineOf }: LaidOutText): LaidOutText {
  const lines = text.split("\n");
  const out: string[] = [];
  const outLineOf: number[] = [];
  lines.forEach((line, i) => {
    const parts =
      i < HEADER_LINES
        ? line
            .replace(GLUED_KIND_RE, "$1 ")
            .split(NATIONAL_PART_RE)
            .flatMap((part) => {
              const numberAndDate = NUMBER_THEN_DATE_RE.exec(part.trim());
              return numberAndDate ? [numberAndDate[1]!, numberAndDate[2]!] : [part];
            })
        : [line];
    for (const part of parts) {
      out.push(part);
      outLineOf.push(lineOf[i]!);
    }
  });
  return out.length === lines.length ? { text, lineOf } : { text: out.join("\n"), lineOf: outLineOf };
}

const PIPE_ROW_RE = /^\s*\|.*\|\s*$/;
const SEPARATOR_ROW_RE = /^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$/;
/** A layout table has a column or two beside each other and a row or a few, never a data table's size. */
const LAYOUT_TABLE_MAX_ROWS = 4;
const LAYOUT_TABLE_MAX_COLUMNS = 3;

function pipeCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim().replace(/\s*[-_=]{3,}\s*$/u, ""));
}

/**
 * A pipe table that only lays out the header or the signature ("| ỦY BAN NHÂN DÂN TỈNH … | CỘNG HÒA XÃ
 * HỘI … |", "| Số: 518/QĐ-UBND | Bình Định, ngày … |", "| Nơi nhận: … | KT. CHỦ TỊCH … |") is unfolded
 * into one line per cell, as the cell-per-line layout tables are.
 */
export function unfoldLayoutPipeTables({ text, lineOf }: LaidOutText): LaidOutText {
  const lines = text.split("\n");
  if (!lines.some((line) => PIPE_ROW_RE.test(line) && LAYOUT_CELL_RE.test(line))) return { text, lineOf };
  const out: string[] = [];
  const outLineOf: number[] = [];
  let i = 0;
  while (i < lines.length) {
    let end = i;
    while (end < lines.length && PIPE_ROW_RE.test(lines[end]!)) end++;
    const rows = lines.slice(i, end).filter((row) => !SEPARATOR_ROW_RE.test(row));
    const isLayout =
      rows.length > 0 &&
      rows.length <= LAYOUT_TABLE_MAX_ROWS &&
      rows.every((row) => pipeCells(row).length <= LAYOUT_TABLE_MAX_COLUMNS) &&
      rows.some((row) => LAYOUT_CELL_RE.test(row));
    if (!isLayout) {
      out.push(lines[i]!);
      outLineOf.push(lineOf[i]!);
      i++;
      continue;
    }
    for (let k = i; k < end; k++) {
      if (SEPARATOR_ROW_RE.test(lines[k]!)) continue;
      for (const cell of pipeCells(lines[k]!)) {
        if (!cell) continue;
        out.push(cell, "");
        outLineOf.push(lineOf[k]!, lineOf[k]!);
      }
    }
    i = end;
  }
  return { text: out.join("\n"), lineOf: outLineOf };
}

/** "<jsontable name="bang_0"> </jsontable>", or a lone "|": markup a converter left on a line of its own. */
const MARKUP_ONLY_RE = /^\s*(?:<\/?[a-z][\w-]*(?:\s[^<>]*)?\/?>\s*)+$|^\s*\|\s*$/i;

/** Blanks such lines; the line count stays, so line numbers still point into the file. */
export function blankMarkupLines(text: string): string {
  if (!/^\s*[<|]/m.test(text)) return text;
  return text
    .split("\n")
    .map((line) => (MARKUP_ONLY_RE.test(line) ? "" : line))
    .join("\n");
}

/** The text of a plan laid out for the parser: dump artefacts undone, each line mapped to its line in the file. */
export function layOut(text: string): LaidOutText {
  // Cell-per-line tables first: their lone "|" lines are what the markup clean-up would blank.
  const bars = unfoldBarSeparatedTables({ text, lineOf: text.split("\n").map((_, i) => i + 1) });
  const cells = unfoldCellPerLineTables(bars.text);
  const unfolded = { text: cells.text, lineOf: cells.lineOf.map((line) => bars.lineOf[line - 1] ?? line) };
  const cleaned = { text: blankMarkupLines(unfolded.text), lineOf: unfolded.lineOf };
  return splitTwoColumnHeader(joinWrappedEmphasis(unfoldLayoutPipeTables(cleaned)));
}
