/**
 * Turns the rows of a pipe table into passages that stand on their own: each cell with its column
 * header ("Năm 2030: 112.000 Tấn"), figures with the unit of their row or column, and rows that are
 * items of a group ("- | Diện tích | Ha | …" under "1 | Cà phê") with the group's label in front.
 */

/** The header of a row number column: "STT", "TT", "S TT" (split by a converter), "Số thứ tự". */
export const INDEX_HEADER_RE = /^(s\s*tt|tt|#|số\s*tt|số thứ tự)$/iu;
const UNIT_HEADER_RE = /^(đvt|đơn vị tính|đơn vị|dvt|unit)$/iu;
const UNIT_IN_HEADER_RE = /\(([^()]{1,20})\)\s*$/u;
const NUMBER_CELL_RE = /^\d+(?:[.,]\d+)*$/;
const GROUP_INDEX_RE = /^(?:[IVX]+|\d{1,3}|[A-Z])\.?$/;
const ITEM_INDEX_RE = /^(?:[-+*•–]|[a-zđ]\)?|\d{1,2}\.\d{1,2}\.?)?$/u;

export interface TableContext {
  header?: string[];
  /** Labels of the group rows above, outermost first: "CÂY CÔNG NGHIỆP", "Cà Phê". */
  groups: { index: string; label: string }[];
}

export function newTableContext(header?: string[]): TableContext {
  return { ...(header ? { header } : {}), groups: [] };
}

/** `names` from cellHeaders: a cell under no known header has no unit of its column either. */
function columnUnits(names: (string | undefined)[], cells: string[], width: number): (string | undefined)[] {
  const rowUnitColumn = names.findIndex((h) => h !== undefined && UNIT_HEADER_RE.test(h.trim()));
  const rowUnit = rowUnitColumn >= 0 ? cells[rowUnitColumn]?.trim() : undefined;
  return cells.map((_, c) => {
    if (names[c] === undefined && c < width) return undefined;
    const fromHeader = names[c] ? UNIT_IN_HEADER_RE.exec(names[c]!)?.[1]?.trim() : undefined;
    return fromHeader ?? (rowUnit && /\p{L}|^[%‰]$/u.test(rowUnit) ? rowUnit : undefined);
  });
}

const PLAIN_NUMBER_RE = /^\d{1,3}\.?$/;
const isRoman = (index: string) => /^[IVX]+\.?$/.test(index);
/** "Tổng cộng", "Cộng:", "Tổng I + II", "Tổng (I + II)": the label of a row adding up the rows above, an item of no group. */
const TOTAL_LABEL_RE = /^(?:tổng cộng|tổng số|tổng|cộng)(?:\s*[:(]|\s+[IVX\d]|\s*$)/iu;
/** What a row number column holds: "1", "1.2", "II", "a", "-", or nothing. */
export const ROW_NUMBER_RE = /^(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ]|[-+*•–])?[.)]?$/u;

/**
 * The column header of each cell, undefined where the row's shape says its column cannot be known.
 * A row with fewer cells than the header has cells merged: one that opens with a label where the
 * table's rows open with their number has lost its first columns (merged down from the row above, or
 * the label merged across them) and is read from the right; in any other row at least two cells short,
 * the cells after its longest text (merged across the columns they lack) stand under no known header.
 */
function cellHeaders(cells: string[], header: string[] | undefined): (string | undefined)[] {
  if (!header || cells.length >= header.length) return cells.map((_, c) => header?.[c]);
  const numbered = INDEX_HEADER_RE.test(header[0]?.trim() ?? "");
  const first = cells[0]?.trim() ?? "";
  if (numbered && first !== "" && !ROW_NUMBER_RE.test(first)) {
    const offset = header.length - cells.length;
    return cells.map((_, c) => header[c + offset]);
  }
  if (cells.length > header.length - 2) return cells.map((_, c) => header[c]);
  let longest = -1;
  cells.forEach((cell, c) => {
    if (/\p{L}/u.test(cell) && (longest < 0 || cell.length > cells[longest]!.length)) longest = c;
  });
  return cells.map((_, c) => (longest < 0 || c <= longest ? header[c] : undefined));
}

/** Whether the row labels the rows under it ("I | CÂY CÔNG NGHIỆP", "1 | Cà phê"); if so it is remembered in the context. */
function readGroupRow(cells: string[], context: TableContext): boolean {
  const { header } = context;
  const index = cells[0]?.trim() ?? "";
  const filled = cells.filter((cell) => cell.trim() !== "");
  const labels = cells.slice(1).filter((cell) => /\p{L}/u.test(cell));
  const isGroup =
    header !== undefined &&
    header.length >= 4 &&
    GROUP_INDEX_RE.test(index) &&
    labels.length === 1 &&
    filled.length <= Math.max(2, Math.floor(header.length / 2));
  if (isGroup) {
    // A group of the same numbering style replaces its sibling; a Roman group ends the groups under it.
    const depth = isRoman(index) ? 0 : context.groups.filter((g) => isRoman(g.index)).length;
    context.groups = [...context.groups.slice(0, depth), { index, label: labels[0]!.trim() }];
  }
  return isGroup;
}

/** Each filled cell with its column header ("Năm 2030: 112.000 Tấn"), joined. */
function describeCells(cells: string[], header: string[] | undefined): string {
  const names = cellHeaders(cells, header);
  const units = columnUnits(names, cells, header?.length ?? 0);
  return cells
    .map((cell, c) => {
      let name = names[c];
      if (!cell) return "";
      // A row number says nothing; a label in the number column ("Tổng cộng") is the row's own.
      if (INDEX_HEADER_RE.test(name ?? "")) {
        if (ROW_NUMBER_RE.test(cell.trim())) return "";
        name = undefined;
      }
      const unit = units[c];
      const shown = unit && NUMBER_CELL_RE.test(cell) && !UNIT_HEADER_RE.test(name ?? "") ? `${cell} ${unit}` : cell;
      return name ? `${name}: ${shown}` : shown;
    })
    .filter(Boolean)
    .join("; ");
}

export interface DescribedRow {
  text: string;
  /** The Roman-numbered group a numbered row is one of ("Hạ tầng số (05 chỉ tiêu)" over "1 | Tỷ lệ …"). */
  lead?: string;
}

/**
 * One row as a passage: its cells described, an item row ("-", "a", "1.1") with its group's label in
 * front, a numbered row with its Roman group as lead. Undefined for a row without words.
 */
export function readRow(cells: string[], context: TableContext): DescribedRow | undefined {
  const index = cells[0]?.trim() ?? "";
  const isGroup = readGroupRow(cells, context);
  const text = describeCells(cells, context.header);
  if (!/\p{L}/u.test(text)) return undefined;
  const label = cells.find((cell) => /\p{L}/u.test(cell))?.trim();
  if (label !== undefined && TOTAL_LABEL_RE.test(label) && (index === "" || index === label)) {
    context.groups = [];
    return { text };
  }
  const group = context.groups[context.groups.length - 1];
  if (!isGroup && group && ITEM_INDEX_RE.test(index)) return { text: `${group.label} – ${text}` };
  // A numbered row, a group of its own or not ("1 | Cà phê" under "I | CÂY CÔNG NGHIỆP"), is one of the Roman group above.
  const roman = context.groups[0];
  if (roman && isRoman(roman.index) && PLAIN_NUMBER_RE.test(index)) return { text, lead: roman.label };
  return { text };
}

/** The passage text of one row (see readRow). */
export function describeRow(cells: string[], context: TableContext): string | undefined {
  return readRow(cells, context)?.text;
}
