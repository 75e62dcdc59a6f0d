import { cleanText } from "../text/normalize.js";
import { convertLegacyIfAny, type DecodedText, requireText } from "./decodeText.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import { headingLevel, inherited, type ParagraphStyle, readStyles, WordNumbering } from "./wordNumbering.js";
import { attrOf, child, childrenNamed, childrenOf, find, parseXml, tagOf, textOf, valOf, type XmlNode } from "./wordXml.js";
import { openCheckedZip } from "./zipArchive.js";

/**
 * Word documents (.docx) become the markdown-like text the plan parser reads: headings with the
 * numbers Word computes, list items, tables as pipe tables (one row per line, under the headers
 * of its header rows), footnotes in brackets where they are referenced. The letterhead table at the top
 * (authority on the left, national motto on the right) is read column after column, as a
 * plan typed as text has it.
 */

interface Context {
  styles: Map<string, ParagraphStyle>;
  numbering: WordNumbering;
  footnotes: Map<string, string>;
}

/** Text of runs, tabs and breaks; deleted text, field codes and properties are skipped. */
function runText(node: XmlNode, context: Context): string {
  const tag = tagOf(node);
  if ("#text" in node) return "";
  switch (tag) {
    case "w:t":
      return textOf(node);
    case "w:tab":
    case "w:br":
    case "w:cr":
      return " ";
    case "w:noBreakHyphen":
      return "-";
    case "w:footnoteReference": {
      const note = context.footnotes.get(attrOf(node, "w:id") ?? "");
      return note ? ` (${note})` : "";
    }
    case "w:pPr":
    case "w:rPr":
    case "w:del":
    case "w:delText":
    case "w:instrText":
    case "w:fldChar":
      return "";
    default:
      return childrenOf(node)
        .map((c) => runText(c, context))
        .join("");
  }
}

function isBold(rPr: XmlNode | undefined): boolean | undefined {
  const b = rPr ? valOf(rPr, "w:b") : undefined;
  return b === undefined ? undefined : b !== "0" && b !== "false";
}

/** Every run with text is bold (directly or by the paragraph's style). */
function allBold(paragraph: XmlNode, styleBold: boolean): boolean {
  const runs: XmlNode[] = [];
  const collect = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      if (tagOf(n) === "w:r") runs.push(n);
      else if (tagOf(n) !== "w:pPr") collect(childrenOf(n));
    }
  };
  collect(childrenOf(paragraph));
  const withText = runs.filter((r) => childrenNamed(r, "w:t").some((t) => textOf(t).trim()));
  return withText.length > 0 && withText.every((r) => isBold(child(r, "w:rPr")) ?? styleBold);
}

function paragraphLine(paragraph: XmlNode, context: Context): string | undefined {
  const pPr = child(paragraph, "w:pPr");
  const styleId = valOf(pPr, "w:pStyle");
  const text = runText(paragraph, context).replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  const numPr = pPr ? child(pPr, "w:numPr") : undefined;
  const numId = valOf(numPr, "w:numId") ?? inherited(context.styles, styleId, "numId");
  const ilvl = Number(valOf(numPr, "w:ilvl") ?? inherited(context.styles, styleId, "ilvl") ?? 0);
  const label = numId !== undefined ? context.numbering.next(numId, ilvl) : undefined;
  const styleName = styleId ? (context.styles.get(styleId)?.name ?? "") : "";
  const level = styleName === "title" || styleName === "subtitle" ? undefined : headingLevel(context.styles, styleId);
  if (label === "-") return `- ${text}`;
  const numbered = label ? `${label} ${text}` : text;
  if (level !== undefined) return `${"#".repeat(Math.min(level, 6))} ${numbered}`;
  if (allBold(paragraph, inherited(context.styles, styleId, "bold") ?? false) && !label) return `**${numbered}**`;
  return numbered;
}

function cellText(cell: XmlNode, context: Context): string {
  return blockLines(childrenOf(cell), context)
    .join(" ")
    .replace(/\|/g, "/")
    .replace(/^\*\*(.*)\*\*$/, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

interface TableGrid {
  rows: string[][];
  /** Per row, the columns whose cell goes on from the row above (vMerge). */
  continued: Set<number>[];
}

/**
 * Rows of cells: a cell merged down repeated in every row it covers (the unit of two rows), a cell
 * merged across given once, in its first column (a group row "I | PHÁT TRIỂN KINH TẾ").
 */
function tableGrid(table: XmlNode, context: Context): TableGrid {
  const rows: string[][] = [];
  const continued: Set<number>[] = [];
  for (const row of childrenNamed(table, "w:tr")) {
    const cells: string[] = [];
    const fromAbove = new Set<number>();
    for (const cell of childrenNamed(row, "w:tc")) {
      const tcPr = child(cell, "w:tcPr");
      const span = Math.max(1, Math.min(Number(valOf(tcPr, "w:gridSpan") ?? 1) || 1, 50));
      const vMerge = tcPr ? child(tcPr, "w:vMerge") : undefined;
      const column = cells.length;
      const goesOn = vMerge !== undefined && attrOf(vMerge, "w:val") !== "restart";
      if (goesOn) for (let i = 0; i < span; i++) fromAbove.add(column + i);
      const text = goesOn ? (rows.at(-1)?.[column] ?? "") : cellText(cell, context);
      cells.push(text, ...Array<string>(span - 1).fill(""));
    }
    if (cells.some((c) => c)) {
      rows.push(cells);
      continued.push(fromAbove);
    }
  }
  return { rows, continued };
}

/**
 * The column headers, from the header rows: the first row, and the rows under it while the first
 * row's headers merged down go on in them ("Kế hoạch" over "Năm 2024" | "Năm 2025" gives "Kế hoạch
 * Năm 2024"). Returns the headers and how many rows they took.
 */
function headerOf({ rows, continued }: TableGrid): { header: string[]; used: number } {
  const header = [...rows[0]!];
  let used = 1;
  while (used < rows.length && continued[used]!.size > 0) {
    const row = rows[used]!;
    // A header row leaves the merged-down columns as they are and names the columns under a header spanning them.
    const below = row.map((cell, k) => (continued[used]!.has(k) ? "" : cell));
    if (!below.some(Boolean) || below.some((cell, k) => cell && !spannedAbove(header, k))) break;
    let spanning = "";
    header.forEach((name, k) => {
      if (name) spanning = name;
      if (below[k]) header[k] = `${spanning} ${below[k]}`.trim();
    });
    used++;
  }
  return { header, used };
}

/** Whether column k lies under a header cell (its own, or one merged across from the left). */
function spannedAbove(header: string[], k: number): boolean {
  for (let i = k; i >= 0; i--) if (header[i]) return true;
  return false;
}

/** The letterhead: a table before any text, of two columns; its cells are read column by column. */
function letterheadLines(table: XmlNode, context: Context): string[] | undefined {
  const rows = childrenNamed(table, "w:tr");
  if (rows.length > 4 || rows.some((r) => childrenNamed(r, "w:tc").length !== 2)) return undefined;
  const columns: string[][] = [[], []];
  for (const row of rows) {
    childrenNamed(row, "w:tc").forEach((cell, c) => columns[c]!.push(...blockLines(childrenOf(cell), context).map((l) => l.replace(/^\*\*(.*)\*\*$/, "$1"))));
  }
  return [...columns[0]!, ...columns[1]!];
}

function tableLines(table: XmlNode, context: Context): string[] {
  const grid = tableGrid(table, context);
  if (grid.rows.length === 0) return [];
  const { header, used } = headerOf(grid);
  const width = Math.max(...grid.rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${[...cells, ...Array<string>(width - cells.length).fill("")].join(" | ")} |`;
  return [line(header), `|${" --- |".repeat(width)}`, ...grid.rows.slice(used).map(line)];
}

function blockLines(nodes: XmlNode[], context: Context, atStart = { value: false }): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === "w:p") {
      const line = paragraphLine(node, context);
      if (line) {
        lines.push(line);
        atStart.value = false;
      }
    } else if (tag === "w:tbl") {
      const letterhead = atStart.value ? letterheadLines(node, context) : undefined;
      lines.push(...(letterhead ?? ["", ...tableLines(node, context), ""]));
      atStart.value = false;
    } else if (tag === "w:sdt" || tag === "w:sdtContent" || tag === "w:customXml") {
      lines.push(...blockLines(childrenOf(node), context, atStart));
    }
  }
  return lines;
}

function readFootnotes(xml: XmlNode[] | undefined, context: Omit<Context, "footnotes">): Map<string, string> {
  const notes = new Map<string, string>();
  const root = xml ? find(xml, "w:footnotes") : undefined;
  if (!root) return notes;
  const bare: Context = { ...context, footnotes: new Map() };
  for (const note of childrenNamed(root, "w:footnote")) {
    const text = childrenNamed(note, "w:p")
      .map((p) => runText(p, bare).trim())
      .filter(Boolean)
      .join(" ");
    if (text) notes.set(attrOf(note, "w:id") ?? "", text);
  }
  return notes;
}

export async function readDocx(file: string, bytes: Buffer): Promise<DecodedText> {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  if (bytes.subarray(0, 4).toString("latin1") !== "PK\u0003\u0004") throw new PlanFileError(planProblem(file, "planFile.docxNotZip"));
  const zip = await openCheckedZip(file, "Word", bytes);
  if (!zip.names.has("word/document.xml")) throw new PlanFileError(planProblem(file, "planFile.docxNoDocument"));
  let lines: string[];
  try {
    const part = async (name: string) => {
      const content = await zip.read(name);
      return content ? parseXml(content.toString("utf8")) : undefined;
    };
    const document = (await part("word/document.xml"))!;
    const styles = readStyles((await part("word/styles.xml")) ?? []);
    const numbering = new WordNumbering((await part("word/numbering.xml")) ?? []);
    const footnotes = readFootnotes(await part("word/footnotes.xml"), { styles, numbering });
    const body = find(document, "w:body");
    if (!body) throw new Error("the document has no body");
    lines = blockLines(childrenOf(body), { styles, numbering, footnotes }, { value: true });
  } catch (error) {
    if (error instanceof PlanFileError) throw error;
    throw new PlanFileError(planProblem(file, "planFile.docxUnreadable", { detail: (error as Error).message.split("\n")[0]! }));
  }
  // Paragraphs apart, as typed plans have them; the rows of a table together.
  const text = lines.map((l, i) => (l.startsWith("|") && lines[i + 1]?.startsWith("|") ? l : `${l}\n`)).join("\n");
  const converted = convertLegacyIfAny(requireText(file, cleanText(text), "planFile.docxNoText"));
  return { ...converted, text: requireText(file, converted.text, "planFile.docxNoText") };
}
