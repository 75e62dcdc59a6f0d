// Prints the Node options `npm start` runs the bot with, chosen by the number of plans it serves
// (plain JavaScript, so that choosing them costs a few milliseconds before the bot starts).
//
// At national scale (hundreds of plans and more) 64 MB semi-spaces keep the young-generation
// collector from copying the plans again and again while the index is built, and keep answers'
// p99 under a millisecond; they cost about 100 MB of resident memory that a commune with a few
// plans does not need. A commune runs with a small young generation, V8's memory-saving heuristics
// and one V8 helper thread: about 110 MB after start instead of 158 MB with V8's defaults and 242 MB
// with the large-corpus flags (see docs/performance.md, "Commune footprint").
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

export const LARGE_CORPUS_PLANS = 200;
export const LARGE_CORPUS_FLAGS = ["--min-semi-space-size=64", "--max-semi-space-size=64"];

export const SMALL_CORPUS_FLAGS = ["--max-semi-space-size=2", "--optimize-for-size", "--v8-pool-size=1"];

export function flagsFor(planCount) {
  return planCount >= LARGE_CORPUS_PLANS ? LARGE_CORPUS_FLAGS : SMALL_CORPUS_FLAGS;
}

function knowledgeDir() {
  if (process.env.KNOWLEDGE_DIR) return process.env.KNOWLEDGE_DIR;
  if (existsSync(".env")) process.loadEnvFile(".env");
  return process.env.KNOWLEDGE_DIR ?? "./knowledge";
}

export function planCount(dir) {
  try {
    return readdirSync(resolve(dir)).filter((name) => !name.startsWith(".") && !name.endsWith(".meta.yaml")).length;
  } catch {
    return 0;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(flagsFor(planCount(knowledgeDir())).join(" "));
