import type { Figure } from "./figures.js";
import type { MessageRef } from "../messages/catalogue.js";

export interface DocumentMeta {
  /** "05/KH-UBND" */
  number?: string;
  /** "UBND Phường 1" */
  issuer?: string;
  /** The place the plan is about, as shown: "Phường 1", "xã Lai Hưng". */
  place?: string;
  /** "phường", "xã", "thị trấn"... */
  placeKind?: string;
  /** The name without its kind: "1", "Lai Hưng". */
  placeName?: string;
  /** Larger units the place belongs to: "thành phố Tây Ninh". */
  parentPlaces: string[];
  /** Other names residents may use for the place (from an official's override). */
  aliases: string[];
  /** Issue date, ISO yyyy-mm-dd. */
  date?: string;
  /** When the web page it was copied from put it online, ISO yyyy-mm-dd. */
  posted?: string;
  /** The year the plan is for. */
  year?: number;
  title?: string;
  signer?: string;
  /** "Chủ tịch", "KT. Chủ tịch - Phó Chủ tịch"... */
  signerTitle?: string;
  /** What the plan is based on ("Căn cứ ..."). */
  basis: string[];
  /** Source line of the header items, for quoting them. */
  lines: Partial<Record<"number" | "date" | "title" | "signer" | "posted", { line: number; text: string }>>;
}

export type MetaSource = "text" | "override" | "file name";

export interface Section {
  /** "I.2", "II.3.b"; "" for the preamble. */
  path: string;
  /** The numbering as written: "I", "2", "b", "3.1", "(1)". */
  label: string;
  heading: string;
  /** Headings from the top down to this section, each with its numbering: "I. MỤC TIÊU...". */
  trail: string[];
  line: number;
  depth: number;
}

export type PassageKind = "paragraph" | "bullet" | "item" | "table-row" | "preamble";

export interface Passage {
  index: number;
  /** Index into PlanDocument.sections. */
  section: number;
  text: string;
  line: number;
  kind: PassageKind;
  /** The sentence a list item belongs to ("Đến năm 2030, phấn đấu:" above "- 100% hộ ..."; "... trong đó:" above "+ Hộ nghèo: 45 hộ"). */
  lead?: string;
}

/** Something an official should check in a plan that was read: a message of the catalogue (warning.*) and its line. */
export interface Warning extends MessageRef {
  line?: number;
}

export interface PlanDocument {
  file: string;
  meta: DocumentMeta;
  metaSource: Partial<Record<keyof DocumentMeta, MetaSource>>;
  sections: Section[];
  passages: Passage[];
  warnings: Warning[];
  /** Set when the text was read by OCR from a scan: its figures are to be checked by an official. */
  ocr?: { pages: number; confidence: number; uncertain: string[] };
  /** Hash of the file content and its override, to tell when it changed. */
  contentHash: string;
}

/** A sentence (or clause) of a passage: the unit that is searched and quoted. */
export interface Unit {
  id: number;
  doc: PlanDocument;
  passage: Passage;
  section: Section;
  text: string;
  figures: Figure[];
  /** What the unit needs to be understood: its passage's lead and, for a clause of a list, the clause that opens it. */
  lead?: string;
}
