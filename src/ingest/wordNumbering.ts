import { attrOf, child, childrenNamed, find, type XmlNode, valOf } from "./wordXml.js";

/**
 * Word's automatic numbering: the "I.", "1." or "a)" of a heading or list item is not in the text
 * but computed from numbering.xml (a format and a pattern per level) and a counter per list.
 * The labels are computed here as Word shows them, so that a Word plan gets the same section
 * paths as the same plan typed as text.
 */
export interface Level {
  start: number;
  /** As numbering.xml names it: "decimal", "upperRoman", "bullet"… */
  format: string;
  /** "%1.", "%1.%2)": %n is the counter of level n (1-based). */
  pattern: string;
  legal: boolean;
}

/** The lists of a document: each list's levels, which list each numbering instance draws, and its start overrides. */
export interface NumberingDefinitions {
  abstractLevels: Map<string, Map<number, Level>>;
  numToAbstract: Map<string, string>;
  startOverrides: Map<string, Map<number, number>>;
}

export interface ParagraphStyle {
  name: string;
  basedOn?: string;
  outlineLevel?: number;
  numId?: string;
  ilvl?: number;
  bold?: boolean;
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
  ];
  let out = "";
  for (const [value, digits] of table) {
    while (n >= value) {
      out += digits;
      n -= value;
    }
  }
  return out;
}

const VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy";

function letters(n: number, alphabet: string): string {
  const base = alphabet.length;
  const letter = alphabet[(n - 1) % base]!;
  return letter.repeat(Math.floor((n - 1) / base) + 1);
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperLetter":
      return letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    case "lowerLetter":
      return letters(n, "abcdefghijklmnopqrstuvwxyz");
    case "vietnameseCounting":
      return letters(n, VIETNAMESE_LETTERS);
    case "decimalZero":
      return String(n).padStart(2, "0");
    case "none":
      return "";
    default:
      return String(n);
  }
}

export class WordNumbering {
  private readonly abstractLevels = new Map<string, Map<number, Level>>();
  private readonly numToAbstract = new Map<string, string>();
  private readonly startOverrides = new Map<string, Map<number, number>>();
  private readonly counters = new Map<string, number[]>();

  /** From numbering.xml (.docx), or from definitions read elsewhere (the list tables of a Word 97 .doc). */
  constructor(numbering: XmlNode[] | NumberingDefinitions) {
    if (!Array.isArray(numbering)) {
      for (const key of ["abstractLevels", "numToAbstract", "startOverrides"] as const) {
        for (const [id, value] of numbering[key]) (this[key] as Map<string, typeof value>).set(id, value);
      }
      return;
    }
    const root = find(numbering, "w:numbering");
    if (!root) return;
    for (const abstract of childrenNamed(root, "w:abstractNum")) {
      const levels = new Map<number, Level>();
      for (const lvl of childrenNamed(abstract, "w:lvl")) {
        levels.set(Number(attrOf(lvl, "w:ilvl") ?? 0), {
          start: Number(valOf(lvl, "w:start") ?? 1),
          format: valOf(lvl, "w:numFmt") ?? "decimal",
          pattern: valOf(lvl, "w:lvlText") ?? "",
          legal: child(lvl, "w:isLgl") !== undefined,
        });
      }
      this.abstractLevels.set(attrOf(abstract, "w:abstractNumId") ?? "", levels);
    }
    for (const num of childrenNamed(root, "w:num")) {
      const numId = attrOf(num, "w:numId") ?? "";
      this.numToAbstract.set(numId, valOf(num, "w:abstractNumId") ?? "");
      const overrides = new Map<number, number>();
      for (const override of childrenNamed(num, "w:lvlOverride")) {
        const start = valOf(override, "w:startOverride");
        if (start !== undefined) overrides.set(Number(attrOf(override, "w:ilvl") ?? 0), Number(start));
      }
      this.startOverrides.set(numId, overrides);
    }
  }

  private level(numId: string, ilvl: number): Level | undefined {
    return this.abstractLevels.get(this.numToAbstract.get(numId) ?? "")?.get(ilvl);
  }

  /** The label Word shows for the next paragraph of this list at this level ("" for none), or "-" for a bullet. */
  next(numId: string, ilvl: number): string | undefined {
    if (numId === "0") return undefined;
    const level = this.level(numId, ilvl);
    if (!level) return undefined;
    if (level.format === "bullet") return "-";
    // Lists of one abstract definition continue one another, as in Word.
    const key = this.numToAbstract.get(numId) ?? numId;
    const counts = this.counters.get(key) ?? [];
    const start = (l: number) => this.startOverrides.get(numId)?.get(l) ?? this.level(numId, l)?.start ?? 1;
    counts[ilvl] = counts[ilvl] === undefined ? start(ilvl) : counts[ilvl]! + 1;
    counts.length = ilvl + 1;
    this.counters.set(key, counts);
    return level.pattern
      .replace(/%(\d)/g, (_, n: string) => {
        const l = Number(n) - 1;
        const value = counts[l] ?? start(l);
        // Legal numbering (isLgl) shows every level in digits: "1.2" under "I".
        return formatNumber(value, level.legal ? "decimal" : (this.level(numId, l)?.format ?? "decimal"));
      })
      .trim();
  }
}

export function readStyles(styles: XmlNode[]): Map<string, ParagraphStyle> {
  const result = new Map<string, ParagraphStyle>();
  const root = find(styles, "w:styles");
  if (!root) return result;
  for (const style of childrenNamed(root, "w:style")) {
    if (attrOf(style, "w:type") !== "paragraph") continue;
    const pPr = child(style, "w:pPr");
    const numPr = pPr ? child(pPr, "w:numPr") : undefined;
    const rPr = child(style, "w:rPr");
    const outline = valOf(pPr, "w:outlineLvl");
    const numId = valOf(numPr, "w:numId");
    const ilvl = valOf(numPr, "w:ilvl");
    const basedOn = valOf(style, "w:basedOn");
    const bold = rPr ? valOf(rPr, "w:b") : undefined;
    result.set(attrOf(style, "w:styleId") ?? "", {
      name: (valOf(style, "w:name") ?? "").toLowerCase(),
      ...(basedOn ? { basedOn } : {}),
      ...(outline !== undefined ? { outlineLevel: Number(outline) } : {}),
      ...(numId !== undefined ? { numId } : {}),
      ...(ilvl !== undefined ? { ilvl: Number(ilvl) } : {}),
      ...(bold !== undefined ? { bold: bold !== "0" && bold !== "false" } : {}),
    });
  }
  return result;
}

/** A style's property, looked up through the styles it is based on. */
export function inherited<K extends keyof ParagraphStyle>(styles: Map<string, ParagraphStyle>, id: string | undefined, key: K): ParagraphStyle[K] | undefined {
  for (let depth = 0; id !== undefined && depth < 20; depth++) {
    const style = styles.get(id);
    if (!style) return undefined;
    if (style[key] !== undefined) return style[key];
    id = style.basedOn;
  }
  return undefined;
}

/** The heading level of a paragraph style (1 for "heading 1"), or undefined for body text. */
export function headingLevel(styles: Map<string, ParagraphStyle>, id: string | undefined): number | undefined {
  const name = id ? styles.get(id)?.name : undefined;
  const named = name ? /^heading\s*(\d)$/.exec(name) : null;
  if (named) return Number(named[1]);
  const outline = inherited(styles, id, "outlineLevel");
  return outline !== undefined && outline < 9 ? outline + 1 : undefined;
}
