import { answerQuestion } from "../answer/answerQuestion.js";
import { KnowledgeBase } from "../knowledge/knowledgeBase.js";

/**
 * Run by the bench in a new process, as a restart would be: opens the plans of KNOWLEDGE_DIR with
 * the cache of parsed plans of CACHE_FILE, answers one question, and prints the times as JSON.
 * A process of its own because a second open in the bench's process would find its code compiled
 * and its heap grown, which a restart does not.
 */
const [knowledgeDir, cacheFile, question] = process.argv.slice(2);
if (!knowledgeDir || !cacheFile || !question) throw new Error("usage: restartProbe KNOWLEDGE_DIR CACHE_FILE QUESTION");

const modulesLoadedMs = performance.now();
const base = await KnowledgeBase.open(knowledgeDir, { cacheFile });
const answer = answerQuestion(question, base.index);
const readyMs = performance.now();
await base.close();
console.log(
  JSON.stringify({
    /** Node and tsx start-up and this module's imports, from the process's start. */
    modulesLoadedMs,
    /** From opening the plans to the first answer. */
    openMs: readyMs - modulesLoadedMs,
    readyMs,
    reusedFromCache: base.lastReport?.reusedFromCache ?? 0,
    answered: answer.status,
  }),
);
