import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { answerQuestion } from "../answer/answerQuestion.js";
import { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { generateRealisticPlans } from "./realisticPlans.js";
import { generatePlans, seededRandom, type SyntheticPlan } from "./syntheticPlans.js";

/**
 * Whole-JSON answers of a generated corpus, for checking that a change to storage, caching or
 * loading leaves every answer as it was:
 *
 *   tsx src/bench/answerDump.ts WORK_DIR fresh      writes the plans, builds them, answers (fresh.jsonl)
 *   tsx src/bench/answerDump.ts WORK_DIR restarted  opens them from the cache the first run wrote,
 *                                                   answers (restarted.jsonl), replaces one plan and
 *                                                   answers again (updated.jsonl)
 *
 * Run both with the code before and after a change and compare the files byte for byte.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REALISTIC_PLANS = 300;
const TEMPLATE_PLANS = 100;

const QUESTION_MIX: ((plan: SyntheticPlan) => string)[] = [
  (p) => `Tỷ lệ thu gom rác của ${p.kind} ${p.place} là bao nhiêu?`,
  (p) => `ty le ho ngheo ${p.place.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")}`,
  (p) => `bhyt ${p.place}`,
  (p) => `Tỷ lệ hộ dân sử dụng điện ở ${p.place}?`,
  (p) => `What is the health insurance target in ${p.place}?`,
  (p) => `${p.place} có bao nhiêu ấp văn hóa?`,
  (p) => `Ai ký kế hoạch của ${p.place}?`,
  (p) => `Thu nhập bình quân đầu người ${p.place} năm 2025?`,
];

function questionsOf(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { q: string }).q);
}

function corpus(): SyntheticPlan[] {
  const realistic = generateRealisticPlans(REALISTIC_PLANS, 2024);
  const template = generatePlans(TEMPLATE_PLANS, 2024).map((plan) => ({ ...plan, file: `t-${plan.file}` }));
  return [...realistic, ...template];
}

function questions(plans: SyntheticPlan[]): string[] {
  const random = seededRandom(5);
  const asked = Array.from({ length: 1200 }, (_, i) => QUESTION_MIX[i % QUESTION_MIX.length]!(plans[Math.floor(random() * plans.length)]!));
  return [...asked, ...questionsOf(join(ROOT, "test/questions/own.jsonl")), ...questionsOf(join(ROOT, "../shared/eval/questions.dev.jsonl"))];
}

function dump(base: KnowledgeBase, asked: string[], file: string): void {
  writeFileSync(file, asked.map((question) => JSON.stringify(answerQuestion(question, base.index))).join("\n") + "\n");
}

const [work, mode] = process.argv.slice(2);
if (!work || (mode !== "fresh" && mode !== "restarted")) throw new Error("usage: answerDump WORK_DIR fresh|restarted");
const plansDir = join(work, "plans");
const cacheFile = join(work, "parsed-plans.cache");
const plans = corpus();
const asked = questions(plans);
if (mode === "fresh") {
  mkdirSync(plansDir, { recursive: true });
  for (const plan of plans) writeFileSync(join(plansDir, plan.file), plan.text);
}
const base = await KnowledgeBase.open(plansDir, { cacheFile, onError: (error) => console.error(error) });
if (mode === "fresh") {
  dump(base, asked, join(work, "fresh.jsonl"));
} else {
  if (base.lastReport?.reusedFromCache !== plans.length) throw new Error(`the cache was not used (${base.lastReport?.reusedFromCache})`);
  dump(base, asked, join(work, "restarted.jsonl"));
  const changed = plans[Math.floor(REALISTIC_PLANS / 2)]!;
  writeFileSync(join(plansDir, changed.file), changed.text.replace(/(\d+(?:,\d+)?)%/, "12,34%"));
  await base.reload([changed.file]);
  dump(base, asked, join(work, "updated.jsonl"));
}
await base.close();
console.log(`${asked.length} questions over ${plans.length} plans (${mode})`);
