import { documentKind } from "../ingest/documentKind.js";
import type { PlanDocument } from "../ingest/types.js";
import type { MetaIntent } from "../search/analyzeQuestion.js";
import { documentRef, type Language, vietnameseDate } from "./citation.js";
import type { Answer } from "./types.js";
import { foldPhrase } from "../text/normalize.js";

export interface MetadataAnswer {
  answer: Answer;
  sentence: string;
}

function labelParts(doc: PlanDocument) {
  const { meta } = doc;
  return {
    number: meta.number ? ` số ${meta.number}` : "",
    numberEn: meta.number ? ` No. ${meta.number}` : "",
    date: meta.date ? vietnameseDate(meta.date) : undefined,
    issuer: meta.issuer ?? meta.place ?? doc.file,
  };
}

/**
 * "Kế hoạch căn cứ nghị quyết nào của HĐND xã?": the lines of the basis that name what the question
 * names (every line when none does, or all do alike).
 */
function basisAskedFor(basis: readonly string[], askedWords: readonly string[]): string[] {
  if (askedWords.length === 0) return [...basis];
  const words = new Set(askedWords);
  const scores = basis.map((line) => new Set(foldPhrase(line).split(" ").filter((word) => words.has(word))).size);
  const best = Math.max(...scores);
  return best === 0 ? [...basis] : basis.filter((_, i) => scores[i] === best);
}

/** Answers a question about the plan itself (signer, date, number, basis, issuer, title) from its metadata. */
export function metadataAnswer(doc: PlanDocument, intent: MetaIntent, language: Language, askedWords: readonly string[] = []): MetadataAnswer | undefined {
  const { meta } = doc;
  const { number, numberEn, date, issuer } = labelParts(doc);
  const kindVi = documentKind(doc, "vi");
  const kindEn = documentKind(doc, "en");
  const en = language === "en";
  let sentence: string | undefined;
  let quote: string | undefined;
  let line: number | undefined;
  let heading = "Phần đầu văn bản";
  switch (intent) {
    case "signer":
      if (!meta.signer) return undefined;
      sentence = en
        ? `${kindEn}${numberEn} of ${issuer} was signed by ${meta.signer}${meta.signerTitle ? ` (${meta.signerTitle})` : ""}.`
        : `${kindVi}${number} của ${issuer} do ${meta.signerTitle ? `${meta.signerTitle} ` : ""}${meta.signer} ký.`;
      quote = meta.lines.signer?.text ?? meta.signer;
      line = meta.lines.signer?.line;
      heading = "Phần ký";
      break;
    case "date":
      if (!date) return undefined;
      sentence = en ? `${kindEn}${numberEn} of ${issuer} was issued on ${date}.` : `${kindVi}${number} của ${issuer} ban hành ngày ${date}.`;
      quote = meta.lines.date?.text ?? date;
      line = meta.lines.date?.line;
      break;
    case "number":
      if (!meta.number) return undefined;
      sentence = en
        ? `The ${kindEn.toLowerCase()} of ${issuer} is No. ${meta.number}${date ? `, issued on ${date}` : ""}.`
        : `${kindVi} của ${issuer} có số ${meta.number}${date ? `, ban hành ngày ${date}` : ""}.`;
      quote = meta.lines.number?.text ?? meta.number;
      line = meta.lines.number?.line;
      break;
    case "basis":
      if (meta.basis.length === 0) return undefined;
      quote = basisAskedFor(meta.basis, askedWords).join(" ");
      sentence = en ? `${kindEn}${numberEn} of ${issuer} is based on: «${quote}»` : `${kindVi}${number} của ${issuer} căn cứ: «${quote}»`;
      break;
    case "issuer":
      if (!meta.issuer) return undefined;
      sentence = en ? `${kindEn}${numberEn} was issued by ${meta.issuer}.` : `${kindVi}${number} do ${meta.issuer} ban hành.`;
      quote = meta.lines.number?.text ?? meta.issuer;
      break;
    case "posted":
      if (!meta.posted) return undefined;
      sentence = en
        ? `${kindEn}${numberEn} of ${issuer} was posted on ${vietnameseDate(meta.posted)}.`
        : `${kindVi}${number} của ${issuer} được đăng ngày ${vietnameseDate(meta.posted)}.`;
      quote = meta.lines.posted?.text ?? vietnameseDate(meta.posted);
      line = meta.lines.posted?.line;
      break;
    case "title":
      if (!meta.title) return undefined;
      quote = meta.title;
      sentence = en ? `${kindEn}${numberEn} of ${issuer}: «${meta.title}»` : `${kindVi}${number} của ${issuer}: «${meta.title}»`;
      line = meta.lines.title?.line;
      break;
  }
  return {
    sentence,
    answer: {
      document: documentRef(doc),
      section: { path: "", heading, trail: [] },
      quote,
      figures: [],
      score: 1,
      ...(line ? { line } : {}),
    },
  };
}
