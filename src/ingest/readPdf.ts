import { cleanText } from "../text/normalize.js";
import { convertLegacyIfAny, type DecodedText, requireText } from "./decodeText.js";
import { layoutPages, type PageText, type TextPiece } from "./pdfLayout.js";
import { PlanFileError, planProblem, scanToRead } from "./planFileError.js";

/**
 * PDF plans with a text layer. A hostile PDF is stopped early: the page count is checked before
 * any page is read, and the text of each page is streamed and counted, so a page of millions of
 * text operators is refused after the first chunks instead of filling memory.
 */
export const PDF_LIMITS = {
  maxPages: 500,
  maxTextItems: 400_000,
  /** About 700 pages of dense text. */
  maxTextChars: 2_000_000,
};

interface TextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** Fewer letters than this per page, on average, and the PDF is taken for a scan. */
const SCAN_LETTERS_PER_PAGE = 40;

class TooMuchText extends Error {}

async function pageText(page: {
  getViewport(o: { scale: number }): { width: number; height: number };
  streamTextContent(): ReadableStream<{ items: TextItem[] }>;
}, budget: { items: number; chars: number }): Promise<PageText> {
  const { width, height } = page.getViewport({ scale: 1 });
  const pieces: TextPiece[] = [];
  const reader = page.streamTextContent().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    budget.items += value.items.length;
    for (const item of value.items) budget.chars += item.str?.length ?? 0;
    if (budget.items > PDF_LIMITS.maxTextItems || budget.chars > PDF_LIMITS.maxTextChars) {
      const tooMuch = new TooMuchText();
      await reader.cancel(tooMuch).catch(() => undefined);
      throw tooMuch;
    }
    for (const item of value.items) {
      if (!item.str || !item.transform) continue;
      const [a, b, , , x, y] = item.transform as [number, number, number, number, number, number];
      pieces.push({ text: item.str, x, y, width: item.width ?? 0, size: item.height || Math.hypot(a, b) || 10 });
    }
  }
  return { width, height, pieces };
}

export async function readPdf(file: string, bytes: Buffer): Promise<DecodedText> {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") throw new PlanFileError(planProblem(file, "planFile.pdfNotPdf"));
  const pages: PageText[] = [];
  try {
    const { getDocumentProxy } = await import("unpdf");
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
    if (pdf.numPages > PDF_LIMITS.maxPages) {
      throw new PlanFileError(planProblem(file, "planFile.pdfTooManyPages", { pages: pdf.numPages, limit: PDF_LIMITS.maxPages }));
    }
    const budget = { items: 0, chars: 0 };
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      pages.push(await pageText(page as unknown as Parameters<typeof pageText>[0], budget));
      page.cleanup();
    }
    await pdf.destroy();
  } catch (error) {
    if (error instanceof PlanFileError) throw error;
    if (error instanceof TooMuchText) throw new PlanFileError(planProblem(file, "planFile.pdfTooMuchText", { items: PDF_LIMITS.maxTextItems, chars: PDF_LIMITS.maxTextChars }));
    if ((error as Error).name === "PasswordException") throw new PlanFileError(planProblem(file, "planFile.pdfEncrypted"));
    throw new PlanFileError(planProblem(file, "planFile.pdfUnreadable", { detail: (error as Error).message.split("\n")[0]! }));
  }
  const text = cleanText(layoutPages(pages));
  // No text layer, or only a few words (a stamp, page numbers) over the pages: a scan, read by OCR.
  if ((text.match(/\p{L}/gu)?.length ?? 0) < SCAN_LETTERS_PER_PAGE * pages.length) throw scanToRead(file, "pdf", pages.length);
  const converted = convertLegacyIfAny(requireText(file, text, "planFile.pdfNoText"));
  return { ...converted, text: requireText(file, converted.text, "planFile.pdfNoText") };
}
