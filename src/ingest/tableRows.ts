/**
 * Turns the rows of a pipe table into passages that stand on their own: each cell with its column
 * header ("Năm 2030: 112.000 Tấn"), figures with the unit of their row or column, and rows that are
 * items of a group ("- | Diện tích | Ha | …" under "1 | Cà phê") with the group's label in front.
 */

const INDEX_HEADER_RE = /^(stt|tt|#|số tt)$/i;
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

function columnUnits(header: string[] | undefined, cells: string[]): (string | undefined)[] {
  const rowUnitColumn = header?.findIndex((h) => UNIT_HEADER_RE.test(h.trim())) ?? -1;
  const rowUnit = rowUnitColumn >= 0 ? cells[rowUnitColumn]?.trim() : undefined;
  return cells.map((_, c) => {
    const fromHeader = header?.[c] ? UNIT_IN_HEADER_RE.exec(header[c]!)?.[1]?.trim() : undefined;
    return fromHeader ?? (rowUnit && /\p{L}|^[%‰]$/u.test(rowUnit) ? rowUnit : undefined);
  });
}

const isRoman = (index: string) => /^[IVX]+\.?$/.test(index);

/**
 * The passage text of one row, or undefined for a row that only labels the rows under it (which is
 * remembered in the context).
 */
export function describeRow(cells: string[], context: TableContext): string | undefined {
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
  const units = columnUnits(header, cells);
  const described = cells
    .map((cell, c) => {
      const name = header?.[c];
      if (!cell || INDEX_HEADER_RE.test(name ?? "")) return "";
      const unit = units[c];
      const shown = unit && NUMBER_CELL_RE.test(cell) && !UNIT_HEADER_RE.test(name ?? "") ? `${cell} ${unit}` : cell;
      return name ? `${name}: ${shown}` : shown;
    })
    .filter(Boolean)
    .join("; ");
  if (!/\p{L}/u.test(described)) return undefined;
  const group = context.groups[context.groups.length - 1];
  if (!isGroup && group && ITEM_INDEX_RE.test(index)) return `${group.label} – ${described}`;
  return described;
}
