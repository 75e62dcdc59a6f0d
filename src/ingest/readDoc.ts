import { createRequire } from "node:module";
import { cleanText } from "../text/normalize.js";
import { convertLegacyIfAny, type DecodedText, requireText } from "./decodeText.js";
import { PlanFileError, planProblem } from "./planFileError.js";

/** Word 97–2003 (.doc): the text of the body, paragraph by paragraph, through word-extractor. */
interface WordExtractorDocument {
  getBody(): string;
  getFootnotes(): string;
}
type WordExtractorClass = new () => { extract(source: Buffer): Promise<WordExtractorDocument> };

const OLE_SIGNATURE = "d0cf11e0a1b11ae1";

export async function readDoc(file: string, bytes: Buffer): Promise<DecodedText> {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  if (bytes.subarray(0, 8).toString("hex") !== OLE_SIGNATURE) {
    throw new PlanFileError(planProblem(file, "planFile.docNotWord"));
  }
  let body: string;
  try {
    const WordExtractor = createRequire(import.meta.url)("word-extractor") as WordExtractorClass;
    const document = await new WordExtractor().extract(bytes);
    body = document.getBody();
  } catch (error) {
    throw new PlanFileError(planProblem(file, "planFile.docUnreadable", { detail: (error as Error).message.split("\n")[0]! }));
  }
  // Paragraphs apart, as typed plans have them; tab-separated table cells become pipe-table rows.
  const lines = body.split(/\r?\n/).map((line) => (line.includes("\t") ? `| ${line.split("\t").map((c) => c.trim()).join(" | ")} |` : line));
  const text = lines.map((l, i) => (l.startsWith("|") && lines[i + 1]?.startsWith("|") ? l : `${l}\n`)).join("\n");
  const converted = convertLegacyIfAny(requireText(file, cleanText(text)));
  return { ...converted, text: requireText(file, converted.text) };
}
