import { appendFileSync, copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { readDocumentCache } from "../../src/knowledge/documentCache.js";
import { KnowledgeBase } from "../../src/knowledge/knowledgeBase.js";
import { loadLexicon } from "../../src/lexicon/lexicon.js";
import { buildDocument } from "../../src/ingest/buildDocument.js";
import { buildIndex, preparedSentences } from "../../src/search/knowledgeIndex.js";
import { generateRealisticPlans } from "../../src/bench/realisticPlans.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";

const LEXICON_DIR = join(SAMPLE_DIR, "../lexicon");

function setUp() {
  const knowledgeDir = mkdtempSync(join(tmpdir(), "cache-kb-"));
  for (const file of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]) copyFileSync(join(SAMPLE_DIR, file), join(knowledgeDir, file));
  const cacheFile = join(mkdtempSync(join(tmpdir(), "cache-data-")), "parsed-plans.cache");
  return { knowledgeDir, cacheFile };
}

async function open(knowledgeDir: string, cacheFile: string, warnings: string[] = []) {
  const base = await KnowledgeBase.open(knowledgeDir, { lexiconDir: LEXICON_DIR, cacheFile, onError: (error) => warnings.push((error as Error).message) });
  await base.cacheWritten();
  return base;
}

const QUESTION = "Tỷ lệ thu gom rác của phường 1 là bao nhiêu?";

describe("the cache of parsed plans", () => {
  it("lets a restart skip parsing the plans that did not change, with the same answers", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    const first = await open(knowledgeDir, cacheFile);
    expect(first.lastReport!.reusedFromCache).toBe(0);
    expect(existsSync(cacheFile)).toBe(true);
    const before = answerQuestion(QUESTION, first.index).reply;
    await first.close();

    const second = await open(knowledgeDir, cacheFile);
    expect(second.lastReport).toMatchObject({ reusedFromCache: 2, changed: [], documents: 2 });
    expect(answerQuestion(QUESTION, second.index).reply).toBe(before);
    await second.close();
  });

  it("reads back plans equal to the parsed ones, and keeps what several plans share once", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    const first = await open(knowledgeDir, cacheFile);
    const parsed = first.index.documents;
    await first.close();
    const twoPlans = statSync(cacheFile).size;

    const restarted = await open(knowledgeDir, cacheFile);
    expect(restarted.lastReport!.reusedFromCache).toBe(2);
    expect(restarted.index.documents).toEqual(parsed);
    await restarted.close();

    // A third plan that repeats the ward's text under another name: its passages and sections are
    // written once for both, and its sentences are the ward's.
    const ward = readFileSync(join(knowledgeDir, "phuong-1-tay-ninh-2024.txt"), "utf8");
    writeFileSync(join(knowledgeDir, "phuong-1-ban-sao-2024.txt"), ward);
    const three = await open(knowledgeDir, cacheFile);
    expect(three.lastReport!.changed).toEqual(["phuong-1-ban-sao-2024.txt"]);
    await three.close();
    const growth = statSync(cacheFile).size - twoPlans;
    expect(growth).toBeGreaterThan(0);
    expect(growth).toBeLessThan(Buffer.byteLength(ward) / 2);
    const again = await open(knowledgeDir, cacheFile);
    expect(again.lastReport!.reusedFromCache).toBe(3);
    expect(again.index.unitsByDocument.get(again.index.documents.find((d) => d.file === "phuong-1-ban-sao-2024.txt")!)!.length).toBeGreaterThan(50);
    expect(answerQuestion(QUESTION, again.index).reply).toContain("95%");
    await again.close();
  });

  it("parses again a plan changed while the bot was stopped; a broken one keeps its last good version, as it would live", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    await (await open(knowledgeDir, cacheFile)).close();
    const ward = join(knowledgeDir, "phuong-1-tay-ninh-2024.txt");
    writeFileSync(ward, readFileSync(ward, "utf8").replace("Tỷ lệ thu gom rác đạt 95%", "Tỷ lệ thu gom rác đạt 97,5%"));
    writeFileSync(join(knowledgeDir, "lai-hung-2024.txt"), "");
    const base = await open(knowledgeDir, cacheFile);
    expect(base.lastReport!.changed.sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
    expect(answerQuestion(QUESTION, base.index).reply).toContain("97,5%");
    expect(base.index.problems).toMatchObject([{ file: "lai-hung-2024.txt", reason: "the file is empty", message: { vi: "tệp trống" } }]);
    expect(base.index.documents.map((d) => d.file).sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
    expect(answerQuestion("BHYT xã Lai Hưng đạt bao nhiêu?", base.index).status).toBe("answered");
    await base.close();

    rmSync(join(knowledgeDir, "lai-hung-2024.txt"));
    const removed = await open(knowledgeDir, cacheFile);
    expect(removed.index.documents.map((d) => d.file)).toEqual(["phuong-1-tay-ninh-2024.txt"]);
    expect(removed.lastReport!.removed).toEqual(["lai-hung-2024.txt"]);
    await removed.close();
  });

  it("is ignored, with a warning, when damaged or written by another version of the parser", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    writeFileSync(cacheFile, "not a cache");
    const warnings: string[] = [];
    const damaged = await open(knowledgeDir, cacheFile, warnings);
    expect(warnings.join("\n")).toMatch(/knowledge cache ignored: .* cannot be read/);
    expect(damaged.lastReport).toMatchObject({ reusedFromCache: 0, documents: 2 });
    expect(answerQuestion(QUESTION, damaged.index).reply).toContain("95%");
    await damaged.close();

    const stale = readFileSync(cacheFile);
    expect(stale.length).toBeGreaterThan(1000);
    writeFileSync(cacheFile, serialize({ fingerprint: "another parser", entries: [["phuong-1-tay-ninh-2024.txt", { signature: "x", doc: { file: "forged" } }]] }));
    writeFileSync(join(cacheFile, "../parsed-plans.cache.1a2b3c4d.tmp"), "half a cache");
    const other: string[] = [];
    const reparsed = await open(knowledgeDir, cacheFile, other);
    expect(other.join("\n")).toMatch(/written by another version of the parser/);
    expect(reparsed.index.documents.map((d) => d.file).sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
    expect(existsSync(join(cacheFile, "../parsed-plans.cache.1a2b3c4d.tmp"))).toBe(false);
    await reparsed.close();
  });
});

describe("writing the cache", () => {
  it("happens between answers, and a change made meanwhile is in the cache that results", async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), "cache-many-"));
    const plans = generateRealisticPlans(150, 7);
    for (const plan of plans) writeFileSync(join(knowledgeDir, plan.file), plan.text);
    const cacheFile = join(mkdtempSync(join(tmpdir(), "cache-data-")), "parsed-plans.cache");
    const base = await KnowledgeBase.open(knowledgeDir, { lexiconDir: LEXICON_DIR, cacheFile });
    const question = `bhyt ${plans[0]!.place}`;
    let turns = 0;
    let answered = 0;
    // Turns of the event loop before the cache's bytes are written (the temporary file appears).
    let turnsBeforeBytes = 0;
    let writing = true;
    const meanwhile = (async () => {
      while (writing) {
        await nextTurn();
        turns++;
        if (answerQuestion(question, base.index).status === "answered") answered++;
        if (turnsBeforeBytes === turns - 1 && !readdirSync(dirname(cacheFile)).some((name) => name.endsWith(".tmp"))) turnsBeforeBytes++;
      }
    })();
    const written = base.cacheWritten();
    await nextTurn();
    const changed = plans[1]!.file;
    writeFileSync(join(knowledgeDir, changed), readFileSync(join(knowledgeDir, changed), "utf8").replace(/(\d+(?:,\d+)?)%/, "12,34%"));
    await base.reload([changed]);
    await written;
    writing = false;
    await meanwhile;
    expect(turnsBeforeBytes).toBeGreaterThan(5);
    expect(answered).toBe(turns);
    expect(Object.hasOwn(base.index.search, "removeTerm")).toBe(false);
    const reply = answerQuestion(question, base.index).reply;
    await base.close();

    const restarted = await KnowledgeBase.open(knowledgeDir, { lexiconDir: LEXICON_DIR, cacheFile });
    // The changed plan too: the cache holds the version on disk.
    expect(restarted.lastReport!.reusedFromCache).toBe(plans.length);
    expect(answerQuestion(question, restarted.index).reply).toBe(reply);
    await restarted.close();
  });
});

describe("sentences prepared by an earlier build", () => {
  it("are reused when the lexicon is the same, and give the same answers as a fresh build", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    const fresh = await open(knowledgeDir, cacheFile);
    const questions = [QUESTION, "BHYT xã Lai Hưng đạt bao nhiêu?", "ty le ho ngheo phuong 1", "What is the waste-collection target?"];
    const replies = questions.map((q) => answerQuestion(q, fresh.index).reply);
    const prepared = preparedSentences(fresh.index);
    await fresh.close();

    const restarted = await open(knowledgeDir, cacheFile);
    expect(questions.map((q) => answerQuestion(q, restarted.index).reply)).toEqual(replies);
    // The place directory, whose names the cache keeps, is the one a fresh build works out.
    const directory = (index: typeof fresh.index) => index.places.aliases.map((alias) => ({ ...alias, doc: alias.doc.file }));
    expect(prepared.places?.size).toBe(2);
    expect(directory(restarted.index)).toEqual(directory(fresh.index));
    await restarted.close();

    // Reuse is real: a sentence's keys come from the prepared data, not from the text.
    const documents = restarted.index.documents;
    const text = "Tỷ lệ thu gom rác đạt 95%.";
    const at = prepared.texts.indexOf(text);
    expect(at).toBeGreaterThanOrEqual(0);
    // The sentence's figures taken out of the prepared figures.
    const start = at === 0 ? 0 : prepared.figureEnds[at - 1]!;
    const removed = prepared.figureEnds[at]! - start;
    expect(removed).toBe(1);
    const altered = {
      ...prepared,
      figures: prepared.figures.filter((_, i) => i !== start),
      figureEnds: prepared.figureEnds.map((end, i) => (i >= at ? end - removed : end)),
    };
    const reused = buildIndex(documents, loadLexicon(LEXICON_DIR), [], altered);
    expect(reused.sentences.get(text)!.figures).toEqual([]);
    const otherLexicon = buildIndex(documents, loadLexicon(LEXICON_DIR), [], { ...altered, lexicon: "another lexicon" });
    expect(otherLexicon.sentences.get(text)!.figures.map((f) => f.text)).toEqual(["95%"]);
  });
});

describe("the term sets of a restart", () => {
  it("are each sentence's and unit's sets of a fresh build, made when asked for, and written back as read", async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), "cache-sets-"));
    for (const plan of generateRealisticPlans(40, 7)) writeFileSync(join(knowledgeDir, plan.file), plan.text);
    const cacheFile = join(mkdtempSync(join(tmpdir(), "cache-data-")), "parsed-plans.cache");
    const fresh = await open(knowledgeDir, cacheFile);
    const restarted = await open(knowledgeDir, cacheFile);
    expect(restarted.lastReport?.reusedFromCache).toBe(40);
    // Written from a restart that read no set yet: the same columns as from the fresh build.
    const columns = (index: typeof fresh.index) => {
      const { texts, exact, folded, bigrams, terms, trails, units } = preparedSentences(index);
      return { texts, exact, folded, bigrams, terms, trails, units };
    };
    expect(columns(restarted.index)).toEqual(columns(fresh.index));
    const termsOf = (index: typeof fresh.index, set: Uint32Array | undefined) => (set ? index.terms.termsOf(set) : undefined);
    const setsOf = (index: typeof fresh.index) =>
      index.units.map((unit) =>
        [unit.text, unit.exact, unit.folded, unit.bigrams, unit.trailExact, unit.headingFolded, unit.titleExact, unit.leadFolded].map((set) =>
          typeof set === "string" ? set : termsOf(index, set),
        ),
      );
    expect(setsOf(restarted.index)).toEqual(setsOf(fresh.index));
    for (const entry of restarted.index.sentenceById) {
      if (entry) expect(termsOf(restarted.index, entry.bigramSet)).toEqual(termsOf(fresh.index, fresh.index.sentences.get(entry.text)!.bigramSet));
    }
    await fresh.close();
    await restarted.close();
  });
});

describe("the MiniSearch index kept with the cache", () => {
  it("is loaded with its sentences' ids; sentences gone are dropped and new ones added, as a fresh build would", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    const base = await open(knowledgeDir, cacheFile);
    const prepared = preparedSentences(base.index);
    const [laiHung, ward] = base.index.documents;
    await base.close();
    const lexicon = loadLexicon(LEXICON_DIR);
    const added = buildDocument(
      "xa-dinh-hoa-2024.txt",
      "Số: 15/KH-UBND\n\nXã Định Hòa, ngày 03 tháng 01 năm 2024\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ dùng nước sạch đạt 87,5%.\n",
    );
    const documents = [ward!, added];
    const reused = buildIndex(documents, lexicon, [], prepared);
    const fresh = buildIndex(documents, lexicon);

    // The ward's sentences kept the ids they had; the new plan's came after them.
    const wardSentence = "Tỷ lệ thu gom rác đạt 95%.";
    expect(reused.sentences.get(wardSentence)!.id).toBe(prepared.texts.indexOf(wardSentence));
    expect(reused.sentences.get("Tỷ lệ hộ dùng nước sạch đạt 87,5%.")!.id).toBeGreaterThanOrEqual(prepared.texts.length);
    // Lai Hưng's own sentences are gone from the index.
    const laiHungOnly = base.index.unitsByDocument.get(laiHung!)!.find((u) => !fresh.sentences.has(u.text))!.text;
    expect(reused.sentences.has(laiHungOnly)).toBe(false);
    expect(reused.search.documentCount).toBe(fresh.search.documentCount);
    for (const question of [QUESTION, "Tỷ lệ hộ dùng nước sạch xã Định Hòa?", "BHYT xã Lai Hưng?", "ty le ho ngheo", "What is the waste-collection target?"]) {
      expect(answerQuestion(question, reused).reply).toBe(answerQuestion(question, fresh).reply);
    }
  });
});

describe("a cache made under another lexicon", () => {
  it("gives its parsed plans and is written again with the new lexicon's sentence keys", async () => {
    const { knowledgeDir, cacheFile } = setUp();
    await (await open(knowledgeDir, cacheFile)).close();
    const lexiconDir = mkdtempSync(join(tmpdir(), "cache-lexicon-"));
    cpSync(LEXICON_DIR, lexiconDir, { recursive: true });
    appendFileSync(join(lexiconDir, "synonyms.tsv"), "\nrác thải\tchất thải rắn\n");
    const newLexicon = loadLexicon(lexiconDir);
    expect((await readDocumentCache(cacheFile, () => undefined)).sentences!.lexicon).not.toBe(newLexicon.fingerprint);

    const base = await KnowledgeBase.open(knowledgeDir, { lexiconDir, cacheFile });
    expect(base.lastReport).toMatchObject({ reusedFromCache: 2, changed: [] });
    await base.close();
    expect((await readDocumentCache(cacheFile, () => undefined)).sentences!.lexicon).toBe(newLexicon.fingerprint);
  });
});
