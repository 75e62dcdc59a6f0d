import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PLAN_EXTENSIONS, readPlanText } from "../../src/ingest/readPlanFile.js";
import { cleanText } from "../../src/text/normalize.js";
import { tokenize } from "../../src/text/tokenize.js";

/**
 * The real plan text that every lexicon entry is checked against: the plans in the repository, the
 * shared real-plan corpus when it is there, and the snippets of public plans kept for the lexicon.
 */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const LEXICON_CORPUS_DIR = join(REPO_ROOT, "test/fixtures/lexicon-corpus");

const PLAN_DIRS = ["knowledge", "test/fixtures/plans", "test/fixtures/lexicon-corpus", "../shared/eval/real/plans"];

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found;
}

const isPlanFile = (path: string) => (PLAN_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());

/** Every plan file of the corpus; test/realset/<set>/plans/ is searched at any depth. */
export function corpusPlanFiles(): string[] {
  const files = PLAN_DIRS.flatMap((dir) => filesUnder(join(REPO_ROOT, dir), isPlanFile));
  const realset = join(REPO_ROOT, "test/realset");
  files.push(...filesUnder(realset, (path) => isPlanFile(path) && relative(realset, path).split(/[\\/]/).includes("plans")));
  return files;
}

/** Exact search keys of a text (NFC, tone placement, i/y, case), one space between them. */
export function phraseKeys(text: string): string {
  return tokenize(cleanText(text))
    .map((token) => token.exact)
    .join(" ");
}

export interface Corpus {
  files: string[];
  /** True when the phrase occurs in some paragraph of the corpus, punctuation aside. */
  has(phrase: string): boolean;
  /** True when a token with capitals (an abbreviation) occurs written exactly so. */
  hasWritten(token: string): boolean;
}

export async function loadCorpus(): Promise<Corpus> {
  const files = corpusPlanFiles();
  const paragraphs: string[] = [];
  const writtenForms = new Set<string>();
  for (const file of files) {
    let text = await readPlanText(file, readFileSync(file));
    // A snippet file of the lexicon corpus starts with comment lines naming its source.
    if (file.startsWith(LEXICON_CORPUS_DIR)) text = text.replace(/^#.*$/gm, "");
    for (const token of tokenize(text)) if (/\p{Lu}/u.test(token.text)) writtenForms.add(token.text);
    // Real dumps wrap sentences over several lines; a blank line or a table cell border ends a paragraph.
    for (const paragraph of text.split(/\n\s*(?:\|\s*)?\n/)) paragraphs.push(` ${phraseKeys(paragraph)} `);
  }
  const joined = paragraphs.join("\n");
  return {
    files,
    has: (phrase) => {
      const keys = phraseKeys(phrase);
      return keys !== "" && joined.includes(` ${keys} `);
    },
    hasWritten: (token) => writtenForms.has(cleanText(token)),
  };
}
