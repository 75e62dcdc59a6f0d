import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeDocument } from "../knowledge/describeDocument.js";
import { KnowledgeFolderError } from "../knowledge/loadKnowledge.js";
import { DEFAULT_KNOWLEDGE_DIR, openKnowledge } from "../knowledge/openKnowledge.js";
import { REFUSED_FILES_NAME, RefusedFiles } from "../knowledge/refusedFiles.js";
import { bilingual, bilingualRef, type MessageKey, type MessageParams, viThenEn } from "../messages/catalogue.js";
import { passageCount } from "../search/knowledgeIndex.js";

/** Vietnamese first, English in brackets: officials and maintainers read the same output. */
const say = (key: MessageKey, params: MessageParams = {}) => viThenEn(bilingual(key, params));
const usage = () => `${bilingual("kbCheck.usage").vi}\n\n${bilingual("kbCheck.usage").en}`;

const METADATA_LABELS: Record<string, MessageKey> = {
  number: "kbCheck.number",
  date: "kbCheck.date",
  issuer: "kbCheck.issuer",
  place: "kbCheck.place",
  parents: "kbCheck.parents",
  aliases: "kbCheck.aliases",
  year: "kbCheck.year",
  title: "kbCheck.title",
  signer: "kbCheck.signer",
  "based on": "kbCheck.basedOn",
};

/** Shows, per plan file, what was understood: metadata, section tree, figures and warnings. */
async function main() {
  const { values, positionals } = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: true });
  if (values.help) {
    console.log(usage());
    return;
  }
  const dir = resolve(positionals[0] ?? DEFAULT_KNOWLEDGE_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(say("cli.folderMissing", { dir }));
    process.exitCode = 2;
    return;
  }
  // The files the bot remembers as refused (they crashed a reader or took its time limit) are not read again.
  const refused = RefusedFiles.open(join(resolve(process.env.DATA_DIR ?? "./data"), REFUSED_FILES_NAME), { readOnly: true });
  const index = await openKnowledge(dir, undefined, refused);
  console.log(say("kbCheck.folder", { dir }));
  console.log(`${say("kbCheck.totals", { plans: index.documents.length, passages: passageCount(index), refused: index.problems.length })}\n`);
  for (const doc of index.documents) {
    const summary = describeDocument(doc, index);
    console.log(`━━ ${doc.file}`);
    if (summary.readByOcr) console.log(`  ⚠ ${say("ocr.kbCheckRead", { confidence: summary.readByOcr.confidence })}`);
    const labels = summary.metadata.map(([key]) => (METADATA_LABELS[key] ? say(METADATA_LABELS[key]) : key));
    const width = Math.max(...labels.map((l) => l.length)) + 1;
    summary.metadata.forEach(([, value], i) => console.log(`  ${labels[i]!.padEnd(width)} ${value}`));
    console.log(`  ${say("kbCheck.sections")}`);
    for (const section of summary.sections) {
      // Vietnamese only on the repeated lines: the heading above says it in both languages.
      const where = bilingual("kbCheck.sectionLine", { line: section.line, passages: section.passages }).vi;
      console.log(`    ${"  ".repeat(Math.max(0, section.depth - 1))}${section.path || "·"} ${section.heading} (${where})`);
    }
    console.log(`  ${say("kbCheck.figures", { count: summary.figures.length })}`);
    for (const figure of summary.figures) {
      const check = figure.check ? ` ⚠ ${bilingual("ocr.checkFigure").vi}${figure.uncertain ? " ?" : ""}` : "";
      console.log(`    ${figure.section.padEnd(8)} ${figure.text.padEnd(22)} ${(figure.comparator ?? "").padEnd(14)} ${figure.indicator}${check}`);
    }
    console.log(summary.warnings.length ? `  ${say("kbCheck.warnings")}` : `  ${say("kbCheck.noWarnings")}`);
    for (const warning of summary.warnings) console.log(`    ${viThenEn(bilingualRef(warning))}`);
    console.log("");
  }
  for (const problem of index.problems) {
    const detail = problem.detail ? ` [${say("planFile.technicalDetail", { detail: problem.detail })}]` : "";
    console.log(`✗ ${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message ? viThenEn(problem.message) : problem.reason}${detail}`);
  }
  process.exitCode = index.problems.length ? 1 : 0;
}

main().catch((error: unknown) => {
  // One line an official can act on; the stack helps no one at this prompt.
  if (error instanceof KnowledgeFolderError) {
    console.error(`kb:check: ${viThenEn(error.text)}`);
    process.exit(2);
  }
  const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  console.error(/unknown option|unexpected argument/i.test(reason) ? `${say("cli.badOption", { reason })}\n${usage()}` : say("cli.failed", { reason }));
  process.exit(2);
});
