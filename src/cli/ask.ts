import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { answerQuestion } from "../answer/answerQuestion.js";
import type { AskResult } from "../answer/types.js";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { openKnowledge } from "../knowledge/openKnowledge.js";
import { bilingual, type MessageKey, type MessageParams, viThenEn } from "../messages/catalogue.js";

const USAGE = `${bilingual("cli.askUsage").vi}\n\n${bilingual("cli.askUsage").en}`;
const say = (key: MessageKey, params: MessageParams = {}) => viThenEn(bilingual(key, params));

function contractJson(result: AskResult): string {
  const { explanation: _explanation, pieces: _pieces, ...contract } = result;
  return JSON.stringify(contract);
}

async function main() {
  let args: ReturnType<
    typeof parseArgs<{
      options: { json: { type: "boolean" }; explain: { type: "boolean" }; knowledge: { type: "string" }; help: { type: "boolean" } };
      allowPositionals: true;
    }>
  >;
  try {
    args = parseArgs({
      options: { json: { type: "boolean" }, explain: { type: "boolean" }, knowledge: { type: "string" }, help: { type: "boolean" } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${say("cli.badOption", { reason: (error as Error).message })}\n${USAGE}`);
    process.exit(2);
  }
  if (args.values.help) {
    console.log(USAGE);
    return;
  }
  const folder = args.values.knowledge;
  if (folder !== undefined && (!existsSync(folder) || !statSync(folder).isDirectory())) {
    console.error(say("cli.folderMissing", { dir: resolve(folder) }));
    process.exit(2);
  }
  const index = await openKnowledge(folder);
  for (const problem of index.problems) {
    console.error(say("cli.warning", { reason: `${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.reason}` }));
  }
  const print = (result: AskResult) => {
    if (args.values.explain) console.log(JSON.stringify(result, null, 2));
    else if (args.values.json) console.log(contractJson(result));
    else console.log(result.reply);
  };
  const question = args.positionals.join(" ").trim();
  if (question) {
    print(answerQuestion(question, index));
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    const result = answerQuestion(line, index);
    // Batch mode always speaks the JSON contract, one object per line.
    console.log(args.values.explain ? JSON.stringify(result) : contractJson(result));
  });
}

main().catch((error: unknown) => {
  // One line, never a stack trace: the reason is what the person at the prompt can act on.
  console.error(say("cli.failed", { reason: error instanceof Error ? error.message.split("\n")[0]! : String(error) }));
  process.exit(1);
});
