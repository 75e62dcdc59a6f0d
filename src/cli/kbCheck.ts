import { join, resolve } from "node:path";
import { describeDocument } from "../knowledge/describeDocument.js";
import { passageCount } from "../search/knowledgeIndex.js";
import { KnowledgeFolderError } from "../knowledge/loadKnowledge.js";
import { DEFAULT_KNOWLEDGE_DIR, openKnowledge } from "../knowledge/openKnowledge.js";
import { REFUSED_FILES_NAME, RefusedFiles } from "../knowledge/refusedFiles.js";
import { viThenEn } from "../messages/catalogue.js";

/** Shows, per plan file, what was understood: metadata, section tree, figures and warnings. */
async function main() {
  const dir = resolve(process.argv[2] ?? DEFAULT_KNOWLEDGE_DIR);
  // The files the bot remembers as refused (they crashed a reader or took its time limit) are not read again.
  const refused = RefusedFiles.open(join(resolve(process.env.DATA_DIR ?? "./data"), REFUSED_FILES_NAME), { readOnly: true });
  const index = await openKnowledge(dir, undefined, refused);
  console.log(`Knowledge folder: ${dir}`);
  console.log(`${index.documents.length} plan(s), ${passageCount(index)} passages searched, ${index.problems.length} file(s) refused\n`);
  for (const doc of index.documents) {
    const summary = describeDocument(doc, index);
    console.log(`━━ ${doc.file}`);
    for (const [key, value] of summary.metadata) console.log(`  ${key.padEnd(12)} ${value}`);
    console.log("  sections:");
    for (const section of summary.sections) {
      console.log(
        `    ${"  ".repeat(Math.max(0, section.depth - 1))}${section.path || "·"} ${section.heading} (line ${section.line}, ${section.passages} passages)`,
      );
    }
    console.log(`  figures (${summary.figures.length}):`);
    for (const figure of summary.figures) {
      console.log(`    ${figure.section.padEnd(8)} ${figure.text.padEnd(22)} ${(figure.comparator ?? "").padEnd(14)} ${figure.indicator}`);
    }
    console.log(summary.warnings.length ? "  warnings:" : "  warnings: none");
    for (const warning of summary.warnings) console.log(`    ${warning}`);
    console.log("");
  }
  for (const problem of index.problems) {
    console.log(`✗ ${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message ? viThenEn(problem.message) : problem.reason}`);
  }
  process.exitCode = index.problems.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof KnowledgeFolderError ? `kb:check: ${viThenEn(error.text)}` : error);
  process.exit(1);
});
