import { type Level, type NumberingDefinitions } from "./wordNumbering.js";

/**
 * Word 97–2003 automatic numbering. As in a .docx, the "I-" or "1." of a numbered heading is not in
 * the text of a .doc: the paragraph names a list (sprmPIlfo) and a level (sprmPIlvl), directly or
 * through its style, and the list tables of the table stream say how each level is drawn. These are
 * read here ([MS-DOC] 2.4.6.x, 2.9.133 LVLF, 2.9.150 LSTF, 2.9.131 LFO) so that the labels can be put
 * back in front of the paragraphs, as readDocx.ts does for numbering.xml.
 */

/** A piece of the document's text as word-extractor reads it: where it is in the file and in the text. */
export interface TextPiece {
  startCp: number;
  startFilePos: number;
  endFilePos: number;
  bpc: number;
}

/** The list a paragraph belongs to: its LFO (1-based, the "numId") and level. */
export interface ParagraphList {
  ilfo: number;
  ilvl: number;
}

/** Offsets in the FIB (FibRgFcLcb97) of the structures read here. */
const FIB = { fcStshf: 0xa2, lcbStshf: 0xa6, fcPlcfBtePapx: 0x102, lcbPlcfBtePapx: 0x106, fcPlfLst: 0x2e2, lcbPlfLst: 0x2e6, fcPlfLfo: 0x2ea, lcbPlfLfo: 0x2ee };
const MIN_RGFCLCB_PAIRS = 0x5d;
const SPRM_P_ILVL = 0x260a;
const SPRM_P_ILFO = 0x460b;
const SPRM_T_DEF_TABLE = 0xd608;
/** A paragraph mark, a cell mark, and a row's end as word-extractor leaves it. */
const PARAGRAPH_ENDS = new Set(["\r", "\u0007", "\n"]);

/** Number formats (nfc) by their numbering.xml names. */
const NFC_FORMATS: Record<number, string> = { 0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter", 22: "decimalZero", 23: "bullet", 255: "none" };

/** Calls back with each sprm of a grpprl and the offset of its operand; stops at a truncated one. */
function eachSprm(grpprl: Buffer, from: number, visit: (sprm: number, operand: number) => void): void {
  let offset = from;
  while (offset + 2 <= grpprl.length) {
    const sprm = grpprl.readUInt16LE(offset);
    offset += 2;
    const spra = sprm >> 13;
    let size = [1, 1, 2, 4, 2, 2, 0, 3][spra]!;
    if (spra === 6) {
      if (offset >= grpprl.length) return;
      size = sprm === SPRM_T_DEF_TABLE && offset + 2 <= grpprl.length ? grpprl.readUInt16LE(offset) + 1 : grpprl.readUInt8(offset) + 1;
    }
    if (offset + size > grpprl.length) return;
    visit(sprm, offset);
    offset += size;
  }
}

/** The list properties a grpprl sets, if any. */
function listOf(grpprl: Buffer, from: number): Partial<ParagraphList> {
  const found: Partial<ParagraphList> = {};
  eachSprm(grpprl, from, (sprm, at) => {
    if (sprm === SPRM_P_ILFO) found.ilfo = grpprl.readInt16LE(at);
    else if (sprm === SPRM_P_ILVL) found.ilvl = grpprl.readUInt8(at);
  });
  return found;
}

const inside = (buffer: Buffer, offset: number, length: number) => offset >= 0 && length >= 0 && offset + length <= buffer.length;

/** The list levels of the document (PlfLst and the LVLs after it) and what each LFO draws (PlfLfo). */
export function readListDefinitions(fib: Buffer, table: Buffer): NumberingDefinitions {
  const definitions: NumberingDefinitions = { abstractLevels: new Map(), numToAbstract: new Map(), startOverrides: new Map() };
  if (fib.length < FIB.lcbPlfLfo + 4 || fib.readUInt16LE(0x98) < MIN_RGFCLCB_PAIRS) return definitions;
  const fcLst = fib.readUInt32LE(FIB.fcPlfLst);
  const lcbLst = fib.readUInt32LE(FIB.lcbPlfLst);
  if (lcbLst < 2 || !inside(table, fcLst, lcbLst)) return definitions;
  const lists = Math.max(0, table.readInt16LE(fcLst));
  let lvlAt = fcLst + lcbLst;
  for (let i = 0; i < lists && inside(table, fcLst + 2 + 28 * i, 28); i++) {
    const lstf = fcLst + 2 + 28 * i;
    const lsid = String(table.readInt32LE(lstf));
    const simple = (table.readUInt8(lstf + 26) & 1) === 1;
    const levels = new Map<number, Level>();
    for (let ilvl = 0; ilvl < (simple ? 1 : 9); ilvl++) {
      if (!inside(table, lvlAt, 28)) return definitions;
      const start = table.readInt32LE(lvlAt);
      const nfc = table.readUInt8(lvlAt + 4);
      const legal = (table.readUInt8(lvlAt + 5) & 0x04) !== 0;
      const xst = lvlAt + 28 + table.readUInt8(lvlAt + 24) + table.readUInt8(lvlAt + 25);
      if (!inside(table, xst, 2)) return definitions;
      const chars = table.readUInt16LE(xst);
      if (!inside(table, xst + 2, chars * 2)) return definitions;
      // Characters 0-8 of the level text stand for the counters of those levels.
      const text = table.toString("utf16le", xst + 2, xst + 2 + chars * 2);
      const pattern = [...text].map((c) => (c.charCodeAt(0) < 9 ? `%${c.charCodeAt(0) + 1}` : c)).join("");
      levels.set(ilvl, { start, format: NFC_FORMATS[nfc] ?? "decimal", pattern, legal });
      lvlAt = xst + 2 + chars * 2;
    }
    definitions.abstractLevels.set(lsid, levels);
  }
  readListOverrides(fib, table, definitions);
  return definitions;
}

function readListOverrides(fib: Buffer, table: Buffer, definitions: NumberingDefinitions): void {
  const fcLfo = fib.readUInt32LE(FIB.fcPlfLfo);
  const lcbLfo = fib.readUInt32LE(FIB.lcbPlfLfo);
  if (lcbLfo < 4 || !inside(table, fcLfo, lcbLfo)) return;
  const count = Math.max(0, table.readInt32LE(fcLfo));
  const overrideCounts: number[] = [];
  for (let i = 0; i < count && inside(table, fcLfo + 4 + 16 * i, 16); i++) {
    const lfo = fcLfo + 4 + 16 * i;
    definitions.numToAbstract.set(String(i + 1), String(table.readInt32LE(lfo)));
    overrideCounts.push(table.readUInt8(lfo + 12));
  }
  // LFOData: a cp, then one LFOLVL per override; an override that redefines the level is where we stop.
  let at = fcLfo + 4 + 16 * count;
  for (let i = 0; i < overrideCounts.length; i++) {
    at += 4;
    const starts = new Map<number, number>();
    for (let k = 0; k < overrideCounts[i]!; k++) {
      if (!inside(table, at, 8)) return;
      const flags = table.readUInt8(at + 4);
      if (flags & 0x20) return;
      if (flags & 0x10) starts.set(flags & 0x0f, table.readInt32LE(at));
      at += 8;
    }
    if (starts.size) definitions.startOverrides.set(String(i + 1), starts);
  }
}

/** The list properties of each paragraph style (istd), through the styles they are based on. */
function styleLists(fib: Buffer, table: Buffer): Map<number, Partial<ParagraphList>> {
  const own = new Map<number, Partial<ParagraphList> & { base?: number }>();
  const fc = fib.readUInt32LE(FIB.fcStshf);
  const lcb = fib.readUInt32LE(FIB.lcbStshf);
  if (lcb < 6 || !inside(table, fc, lcb)) return new Map();
  const cbStshi = table.readUInt16LE(fc);
  const styles = table.readUInt16LE(fc + 2);
  const cbBase = table.readUInt16LE(fc + 4);
  let at = fc + 2 + cbStshi;
  for (let istd = 0; istd < styles && inside(table, at, 2); istd++) {
    const cbStd = table.readUInt16LE(at);
    const std = at + 2;
    at = std + cbStd;
    if (cbStd === 0 || !inside(table, std, cbStd) || cbBase < 4) continue;
    const kind = table.readUInt16LE(std + 2) & 0x0f;
    const base = table.readUInt16LE(std + 2) >> 4;
    if (kind !== 1) continue;
    const name = std + cbBase;
    if (!inside(table, name, 2)) continue;
    let upx = name + 2 + (table.readUInt16LE(name) + 1) * 2;
    upx += upx % 2;
    if (!inside(table, upx, 2)) continue;
    const cbUpx = table.readUInt16LE(upx);
    if (cbUpx < 2 || !inside(table, upx + 2, cbUpx)) continue;
    own.set(istd, { ...listOf(table.subarray(upx + 2, upx + 2 + cbUpx), 2), ...(base !== 0x0fff ? { base } : {}) });
  }
  const resolved = new Map<number, Partial<ParagraphList>>();
  for (const istd of own.keys()) {
    const list: Partial<ParagraphList> = {};
    for (let id: number | undefined = istd, depth = 0; id !== undefined && depth < 11; depth++) {
      const style = own.get(id);
      list.ilfo ??= style?.ilfo;
      list.ilvl ??= style?.ilvl;
      id = style?.base;
    }
    resolved.set(istd, list);
  }
  return resolved;
}

function cpOf(pieces: readonly TextPiece[], fc: number): number | undefined {
  const piece = pieces.find((p) => fc >= p.startFilePos && fc < p.endFilePos);
  return piece ? piece.startCp + (fc - piece.startFilePos) / piece.bpc : undefined;
}

/**
 * The list of each numbered paragraph of the text, by the position (cp) where the paragraph starts.
 * `text` is the document's text, the pieces joined; a run of paragraph properties may cover several
 * paragraphs, each ending with a paragraph or cell mark.
 */
export function readParagraphLists(fib: Buffer, table: Buffer, pieces: readonly TextPiece[], text: string): Map<number, ParagraphList> {
  const lists = new Map<number, ParagraphList>();
  const fc = fib.readUInt32LE(FIB.fcPlcfBtePapx);
  const lcb = fib.readUInt32LE(FIB.lcbPlcfBtePapx);
  if (lcb < 12 || !inside(table, fc, lcb)) return lists;
  const ofStyle = styleLists(fib, table);
  const blocks = (lcb - 4) / 8;
  for (let i = 0; i < blocks; i++) {
    const page = table.readUInt32LE(fc + (blocks + 1) * 4 + i * 4);
    if (!inside(fib, page * 512, 512)) continue;
    const fkp = fib.subarray(page * 512, page * 512 + 512);
    const runs = fkp.readUInt8(511);
    for (let j = 0; j < runs && (runs + 1) * 4 + j * 13 < 511; j++) {
      const offset = fkp.readUInt8((runs + 1) * 4 + j * 13) * 2;
      if (offset === 0 || offset >= 511) continue;
      const cb = fkp.readUInt8(offset);
      const grpprl = cb !== 0 ? fkp.subarray(offset + 1, offset + 2 * cb) : fkp.subarray(offset + 2, offset + 2 + 2 * fkp.readUInt8(offset + 1));
      if (grpprl.length < 2) continue;
      const list = { ...ofStyle.get(grpprl.readUInt16LE(0)), ...definedOnly(listOf(grpprl, 2)) };
      if (!list.ilfo || list.ilfo < 0) continue;
      const start = cpOf(pieces, fkp.readUInt32LE(j * 4));
      const end = cpOf(pieces, fkp.readUInt32LE((j + 1) * 4) - 1);
      if (start === undefined || end === undefined) continue;
      for (let cp = start; cp <= end; cp++) {
        if (cp === start || PARAGRAPH_ENDS.has(text[cp - 1] ?? "")) lists.set(cp, { ilfo: list.ilfo, ilvl: list.ilvl ?? 0 });
      }
    }
  }
  return lists;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
