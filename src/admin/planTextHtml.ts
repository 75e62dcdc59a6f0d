import { isTableSeparator, stripInlineMarkup, tableCells } from "../ingest/lineSyntax.js";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The text a plan was read as (by the file readers, away from the event loop), as simple HTML for the
 * console's text view: pipe rows as table rows, markdown emphasis removed, every other line a paragraph.
 */
export function planTextHtml(text: string): string {
  const out: string[] = [];
  let rows: string[][] = [];
  const closeTable = () => {
    if (!rows.length) return;
    out.push(`<table><tbody>${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`);
    rows = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const cells = line.startsWith("|") ? tableCells(line) : undefined;
    if (cells) {
      if (!isTableSeparator(line)) rows.push(cells);
      continue;
    }
    closeTable();
    if (line) out.push(`<p>${escapeHtml(stripInlineMarkup(line.replace(/^#{1,6}\s+/, "")).replace(/\*\*|__/g, ""))}</p>`);
  }
  closeTable();
  return out.join("\n");
}
