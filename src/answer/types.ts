import type { Relation } from "../ingest/figures.js";
import type { AnswerType, MetaIntent } from "../search/analyzeQuestion.js";

/** The answer contract shared by the ask CLI, the channels and the admin console (see ../shared/eval/README.md). */
export interface DocumentRef {
  file: string;
  title: string;
  number?: string;
  issuer?: string;
  place?: string;
  date?: string;
}

export interface SectionRef {
  path: string;
  heading: string;
  trail: string[];
}

export interface FigureRef {
  text: string;
  value: number;
  unit: string;
  comparator?: string;
  relation?: Relation;
  max?: number;
  of?: number;
  per?: string;
}

export interface Answer {
  document: DocumentRef;
  section: SectionRef;
  quote: string;
  figures: FigureRef[];
  score: number;
  line?: number;
}

/** Why the engine answered as it did: shown to officials in the console. */
export interface CandidateExplanation {
  file: string;
  sectionPath: string;
  trail: string[];
  quote: string;
  figures: string[];
  score: number;
  coverage: number;
  bm25: number;
  matched: string[];
  missing: string[];
  requiredMatched: boolean;
}

export interface Explanation {
  language: "vi" | "en";
  searchedText: string;
  typedDiacritics: boolean;
  scope: string[] | "all";
  placesNamed: string[];
  unknownPlace?: string;
  intent?: MetaIntent;
  answerType: AnswerType;
  askedUnit?: string;
  concepts: { text: string; weight: number; soft: boolean; known: boolean; corrected?: string }[];
  candidates: CandidateExplanation[];
  decision: string;
}

/** One plan's answer, in pieces, for channels that format it (bold figure, citation on its own line). */
export interface ReplyPiece {
  /** The plan's place, shown when several plans answer. */
  label: string;
  figure?: string;
  quote: string;
  citation: string;
}

export interface AskResult {
  question: string;
  status: "answered" | "no_answer";
  answers: Answer[];
  reply: string;
  /**
   * One line the reply opens with (already in `reply`): what a unit merged in 2025 is part of now,
   * and when a commune's bot answers from another place's plan, whose plan it is.
   */
  note?: string;
  /** The answered passages in pieces; empty for declines and metadata answers, whose reply is a sentence. */
  pieces: ReplyPiece[];
  explanation: Explanation;
}
