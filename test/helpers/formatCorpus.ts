import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

/**
 * One plan in every format a commune publishes, made by real tools: the Word file as Word writes
 * it (automatic numbering, heading styles, a letterhead table, a page-number footer), then
 * LibreOffice for the PDF and the Word 97 file.
 */
export const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));

export const PLAN_TXT = readFileSync(new URL("../fixtures/formats/xa-binh-an-2024.txt", import.meta.url), "utf8");

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

const plain = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });

/** The .txt plan's lines, read back into Word paragraphs: "I." and "1." become automatic numbering, "- " a bullet list. */
function bodyParagraphs(lines: string[]): Paragraph[] {
  return lines.map((line) => {
    const roman = /^[IVX]+\.\s+(.*)$/.exec(line);
    if (roman) return new Paragraph({ heading: HeadingLevel.HEADING_1, numbering: { reference: "plan", level: 0 }, children: [new TextRun(roman[1]!)] });
    const arabic = /^\d+\.\s+(.*)$/.exec(line);
    if (arabic) return new Paragraph({ heading: HeadingLevel.HEADING_2, numbering: { reference: "plan", level: 1 }, children: [new TextRun(arabic[1]!)] });
    const bullet = /^-\s+(.*)$/.exec(line);
    if (bullet) return new Paragraph({ numbering: { reference: "dash", level: 0 }, children: [new TextRun(bullet[1]!)] });
    if (line === "KẾ HOẠCH") return new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, children: [new TextRun({ text: line, bold: true })] });
    return plain(line);
  });
}

export const DOCX_TABLE = [
  ["Ấp", "Hộ dùng nước sạch", "Đường bê tông mới"],
  ["Bình Thạnh", "420 hộ", "2,1 km"],
  ["Bình Lợi", "365 hộ", "1,1 km"],
];

export async function makeWordPlan(withTable = false): Promise<Buffer> {
  const lines = PLAN_TXT.split("\n").filter((l) => l.trim());
  const title = lines.indexOf("KẾ HOẠCH");
  const [left, right] = [lines.slice(0, 3), lines.slice(3, 6)];
  const letterhead = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        children: [left, right].map(
          (column) => new TableCell({ borders: NO_BORDERS, width: { size: 50, type: WidthType.PERCENTAGE }, children: column.map((l) => plain(l, true)) }),
        ),
      }),
    ],
  });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: DOCX_TABLE.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [plain(cell)] })) })),
  });
  const body = bodyParagraphs(lines.slice(title));
  const signature = body.length - 3;
  const document = new Document({
    numbering: {
      config: [
        {
          reference: "plan",
          levels: [
            { level: 0, format: LevelFormat.UPPER_ROMAN, text: "%1.", alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: "%2.", alignment: AlignmentType.LEFT },
          ],
        },
        { reference: "dash", levels: [{ level: 0, format: LevelFormat.BULLET, text: "-", alignment: AlignmentType.LEFT }] },
      ],
    },
    sections: [
      {
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }) },
        children: [letterhead, ...body.slice(0, signature), ...(withTable ? [table] : []), ...body.slice(signature)],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Converts files with LibreOffice headless, in a profile of its own; returns the converted files' bytes. */
export async function convertWithLibreOffice(inputs: { name: string; bytes: Buffer | string }[], to: string, inFilter?: string): Promise<Buffer[]> {
  const dir = mkdtempSync(join(tmpdir(), "soffice-"));
  const paths = inputs.map(({ name, bytes }) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
  await promisify(execFile)(
    SOFFICE!,
    [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", ...(inFilter ? [`--infilter=${inFilter}`] : []), "--convert-to", to, "--outdir", join(dir, "out"), ...paths],
    { timeout: 120_000 },
  );
  return inputs.map(({ name }) => readFileSync(join(dir, "out", name.replace(/\.[^.]+$/, `.${to.split(":")[0]}`))));
}

/** Which automatic-numbering level a heading line of a plan is, and the label format Word would draw for it. */
const NUMBERED_LINES: { pattern: RegExp; format: (typeof LevelFormat)[keyof typeof LevelFormat]; heading: (typeof HeadingLevel)[keyof typeof HeadingLevel] }[] = [
  // A letter that could be a Roman number ("I-", "V.") is taken for one, as readers do.
  { pattern: /^([A-HJ-UWYZ])([-.)])\s+(.*)$/, format: LevelFormat.UPPER_LETTER, heading: HeadingLevel.HEADING_1 },
  { pattern: /^([IVX]+)([-.)])\s+(.*)$/, format: LevelFormat.UPPER_ROMAN, heading: HeadingLevel.HEADING_2 },
  { pattern: /^(\d+)([-.)])\s+(.*)$/, format: LevelFormat.DECIMAL, heading: HeadingLevel.HEADING_3 },
];

/**
 * Any plan typed as text, written as Word writes it: "A-", "I-", "1." become automatic numbering
 * (the label is drawn by Word, it is not in the text), "- " a bullet list, in a Times-like font.
 * Levels absent from the plan are skipped, so a plan numbered "I." then "1." has two levels.
 */
export async function wordFromPlanText(text: string): Promise<Buffer> {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const used = NUMBERED_LINES.filter(({ pattern }) => lines.some((l) => pattern.test(l)));
  const separators = used.map(({ pattern }) => pattern.exec(lines.find((l) => pattern.test(l))!)![2]!);
  const paragraphs = lines.map((line) => {
    const level = used.findIndex(({ pattern }) => pattern.test(line));
    if (level >= 0) {
      const body = used[level]!.pattern.exec(line)![3]!;
      return new Paragraph({ heading: used[level]!.heading, numbering: { reference: "plan", level }, children: [new TextRun(body)] });
    }
    const bullet = /^-\s+(.*)$/.exec(line);
    if (bullet) return new Paragraph({ numbering: { reference: "dash", level: 0 }, children: [new TextRun(bullet[1]!)] });
    return plain(line);
  });
  const font = { font: "Times New Roman", size: 26 };
  const document = new Document({
    styles: {
      default: { document: { run: font } },
      paragraphStyles: [1, 2, 3].map((n) => ({ id: `Heading${n}`, name: `Heading ${n}`, basedOn: "Normal", next: "Normal", run: { ...font, bold: true, color: "000000" } })),
    },
    numbering: {
      config: [
        {
          reference: "plan",
          levels: used.map(({ format }, level) => ({ level, format, text: `%${level + 1}${separators[level]}`, alignment: AlignmentType.LEFT })),
        },
        { reference: "dash", levels: [{ level: 0, format: LevelFormat.BULLET, text: "-", alignment: AlignmentType.LEFT }] },
      ],
    },
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(document);
}

export const PDFTOPPM = ["/usr/bin/pdftoppm"].find((path) => existsSync(path));
export const IMG2PDF = ["/usr/bin/img2pdf"].find((path) => existsSync(path));

/** What a scanner gives for a printed PDF: each page as a greyscale image (pdftoppm, 300 dpi), and a PDF of those images (img2pdf). */
export async function scanOf(pdf: Buffer, pages = 1): Promise<{ png: Buffer; pdf?: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), "scan-"));
  writeFileSync(join(dir, "printed.pdf"), pdf);
  await promisify(execFile)(PDFTOPPM!, ["-r", "300", "-gray", "-png", "-l", String(pages), join(dir, "printed.pdf"), join(dir, "page")], { timeout: 120_000 });
  const images = readdirSync(dir).filter((name) => /^page-\d+\.png$/.test(name)).sort().map((name) => join(dir, name));
  if (IMG2PDF) await promisify(execFile)(IMG2PDF, ["-o", join(dir, "scan.pdf"), ...images], { timeout: 60_000 });
  return { png: readFileSync(images[0]!), ...(IMG2PDF ? { pdf: readFileSync(join(dir, "scan.pdf")) } : {}) };
}

/** Every Vietnamese letter the plan uses, written back in a legacy encoding by searching the converter's own table. */
export function encodeLegacy(text: string, decode: (s: string) => string, candidates: string[]): string {
  const table = new Map<string, string>();
  for (const code of candidates) {
    const decoded = decode(code);
    if (decoded !== code && decoded.length === 1 && !table.has(decoded)) table.set(decoded, code);
  }
  return [...text].map((c) => (/[a-zA-Z0-9\s]/.test(c) ? c : (table.get(c) ?? table.get(c.toLowerCase()) ?? c))).join("");
}

/**
 * A spreadsheet of targets as an office makes one: a title merged across the columns above the
 * header row, bold headers, figures as numbers in a thousands format; written with exceljs, then
 * opened and saved again by LibreOffice Calc when it is installed, as a commune's copy would be.
 */
export async function targetSpreadsheet(sheetName: string, title: string, header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  sheet.getCell(1, 1).alignment = { horizontal: "center" };
  sheet.addRow([]);
  const head = sheet.addRow(header);
  head.font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    column.width = i === 1 ? 48 : 14;
    if (i >= 3) column.numFmt = "#,##0.###";
  });
  const written = Buffer.from(await workbook.xlsx.writeBuffer());
  if (!SOFFICE) return written;
  return (await convertWithLibreOffice([{ name: `${sheetName}.xlsx`, bytes: written }], "xlsx:Calc MS Excel 2007 XML"))[0]!;
}

/** A Word file holding a plan's table as Word draws one (borders, a bold header row), under a heading line. */
export async function wordTable(heading: string, rows: string[][]): Promise<Buffer> {
  const font = { font: "Times New Roman", size: 24 };
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: r === 0,
          children: cells.map((cell) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cell, bold: r === 0 })] })] })),
        }),
    ),
  });
  const document = new Document({
    styles: { default: { document: { run: font } } },
    sections: [{ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: heading, bold: true })] }), table] }],
  });
  return Packer.toBuffer(document);
}
