import { cleanText } from "../text/normalize.js";
import { type DecodedText, requireText } from "./decodeText.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import { openCheckedZip } from "./zipArchive.js";

/**
 * Spreadsheets of targets (.xlsx): every sheet a section named after it, every row a line of a
 * pipe table under the sheet's first row, so that each row is a passage with its column headers.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: string; result?: unknown; hyperlink?: string };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return cellText(v.result);
    return "";
  }
  // Vietnamese writes decimals with a comma.
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value).replace(".", ",");
  return String(value);
}

/**
 * A sheet as plan text: its name a heading, the lines of one cell above the table (its title, the
 * commune, the date) as lines of text, then the table under its header row, the first of two or
 * more cells.
 */
function sheetLines(name: string, rows: string[][]): string[] {
  const header = rows.findIndex((cells) => cells.filter(Boolean).length >= 2);
  const titles = rows.slice(0, header < 0 ? rows.length : header).map((cells) => cells.filter(Boolean).join(" "));
  const out = [`## ${name}`, "", ...titles.flatMap((title) => [title, ""])];
  if (header < 0) return out;
  const table = rows.slice(header);
  const width = Math.max(...table.map((r) => r.length));
  const line = (cells: string[]) => `| ${[...cells, ...Array<string>(width - cells.length).fill("")].join(" | ")} |`;
  return [...out, line(table[0]!), `|${" --- |".repeat(width)}`, ...table.slice(1).map(line), ""];
}

export async function readXlsx(file: string, bytes: Buffer): Promise<DecodedText> {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  const zip = await openCheckedZip(file, "Excel", bytes);
  if (!zip.names.has("xl/workbook.xml")) throw new PlanFileError(planProblem(file, "planFile.xlsxNoDocument"));
  const lines: string[] = [];
  try {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    workbook.eachSheet((sheet) => {
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) => {
        const cells = Array.from({ length: row.cellCount }, (_, i) => {
          const cell = row.getCell(i + 1);
          // A title merged across the columns is in its first cell only (exceljs repeats it in each).
          if (cell.isMerged && cell.master.address !== cell.address && cell.master.row === cell.row) return "";
          return cellText(cell.value).replace(/\|/g, "/").replace(/\s+/g, " ").trim();
        });
        if (cells.some(Boolean)) rows.push(cells);
      });
      lines.push(...sheetLines(sheet.name, rows));
    });
  } catch (error) {
    throw new PlanFileError(planProblem(file, "planFile.xlsxUnreadable", { detail: (error as Error).message.split("\n")[0]! }));
  }
  return { text: requireText(file, cleanText(lines.join("\n"))), warnings: [] };
}
