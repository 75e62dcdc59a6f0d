import { createRequire } from "node:module";
import { cleanText } from "../text/normalize.js";
import { convertLegacyIfAny, type DecodedText, requireText } from "./decodeText.js";
import { readListDefinitions, readParagraphLists, type TextPiece } from "./docListNumbers.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import { WordNumbering } from "./wordNumbering.js";

/**
 * Word 97–2003 (.doc): the text of the body, paragraph by paragraph, through word-extractor, with
 * the labels of Word's automatic numbering put back in front of the paragraphs (docListNumbers.ts).
 * word-extractor's own entry point keeps the file's structures to itself, so its extractor for OLE
 * files is extended here (its modules of version 1.x).
 */
interface WordExtractorDocument {
  getBody(): string;
}
interface OleExtractorBase {
  _pieces: (TextPiece & { text: string })[];
  _boundaries: { ccpText: number };
  extract(reader: unknown): Promise<WordExtractorDocument>;
  writeParagraphProperties(fib: Buffer, table: Buffer): void;
  buildDocument(): WordExtractorDocument & { _body: string };
}
type OleExtractorClass = new () => OleExtractorBase;
type BufferReaderClass = new (bytes: Buffer) => { open(): Promise<unknown>; close(): Promise<unknown> };

const requireCjs = createRequire(import.meta.url);

function numberedExtractor(): OleExtractorBase {
  const WordOleExtractor = requireCjs("word-extractor/lib/word-ole-extractor") as OleExtractorClass;
  const { clean } = requireCjs("word-extractor/lib/filters") as { clean(text: string): string };
  class NumberedExtractor extends WordOleExtractor {
    private streams?: { fib: Buffer; table: Buffer };
    override writeParagraphProperties(fib: Buffer, table: Buffer): void {
      super.writeParagraphProperties(fib, table);
      this.streams = { fib, table };
    }
    override buildDocument() {
      const document = super.buildDocument();
      if (!this.streams) return document;
      const text = this._pieces.map((piece) => piece.text).join("");
      const end = this._boundaries.ccpText;
      const { fib, table } = this.streams;
      const numbering = new WordNumbering(readListDefinitions(fib, table));
      const lists = [...readParagraphLists(fib, table, this._pieces, text)].filter(([cp]) => cp < end).sort(([a], [b]) => a - b);
      if (lists.length === 0) return document;
      let body = "";
      let last = 0;
      for (const [cp, { ilfo, ilvl }] of lists) {
        const label = numbering.next(String(ilfo), ilvl);
        if (!label) continue;
        body += `${text.slice(last, cp)}${label} `;
        last = cp;
      }
      document._body = clean(body + text.slice(last, end));
      return document;
    }
  }
  return new NumberedExtractor();
}

async function extractBody(bytes: Buffer): Promise<string> {
  const BufferReader = requireCjs("word-extractor/lib/buffer-reader") as BufferReaderClass;
  const reader = new BufferReader(bytes);
  await reader.open();
  try {
    return (await numberedExtractor().extract(reader)).getBody();
  } finally {
    await reader.close();
  }
}

const OLE_SIGNATURE = "d0cf11e0a1b11ae1";

export async function readDoc(file: string, bytes: Buffer): Promise<DecodedText> {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  if (bytes.subarray(0, 8).toString("hex") !== OLE_SIGNATURE) {
    throw new PlanFileError(planProblem(file, "planFile.docNotWord"));
  }
  let body: string;
  try {
    body = await extractBody(bytes);
  } catch (error) {
    throw new PlanFileError(planProblem(file, "planFile.docUnreadable", { detail: (error as Error).message.split("\n")[0]! }));
  }
  // Paragraphs apart, as typed plans have them; tab-separated table cells become pipe-table rows.
  const lines = body.split(/\r?\n/).map((line) => (line.includes("\t") ? `| ${line.split("\t").map((c) => c.trim()).join(" | ")} |` : line));
  const text = lines.map((l, i) => (l.startsWith("|") && lines[i + 1]?.startsWith("|") ? l : `${l}\n`)).join("\n");
  const converted = convertLegacyIfAny(requireText(file, cleanText(text)));
  return { ...converted, text: requireText(file, converted.text) };
}
