import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { answerQuestion } from "../answer/answerQuestion.js";
import type { AskResult } from "../answer/types.js";
import { openKnowledge } from "../knowledge/openKnowledge.js";

const USAGE = `usage: npm run ask -- [--json] [--explain] [--knowledge DIR] ["question"]
  With no question, reads one question per line from stdin and prints one answer per line.`;

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
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.values.help) {
    console.log(USAGE);
    return;
  }
  const index = await openKnowledge(args.values.knowledge);
  for (const problem of index.problems) {
    console.error(`warning: ${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.reason}`);
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
