import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BuildAsRead } from "../src/knowledge/buildAsRead.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex, IndexBuilder, preparedSentences } from "../src/search/knowledgeIndex.js";
import { seededRandom } from "../src/bench/syntheticPlans.js";

describe("an index built as its plans are read", () => {
  it("is the index of every plan at once, whatever order the reads end in", async () => {
    const lexicon = loadLexicon();
    const { documents } = await loadKnowledge(resolve("test/realset/communes/plans"));
    expect(documents.length).toBeGreaterThan(10);
    const names = documents.map((doc) => doc.file);
    // The third plan serves nothing (a link, or unreadable with no version before), the fifth is not being read.
    const serving = documents.filter((_, i) => i !== 2);
    const known = new Map([[names[4]!, documents[4]]]);
    const random = seededRandom(5);
    const reads = names.map((name, i) => ({ name, doc: i === 2 ? undefined : documents[i] })).filter((read) => read.name !== names[4]);
    reads.sort(() => random() - 0.5);

    const building = new BuildAsRead(new IndexBuilder(lexicon), names, known);
    for (const { name, doc } of reads) building.settle(name, doc);
    expect(building.builder.matches(serving)).toBe(true);
    const built = building.builder.finish(serving, []);
    expect(preparedSentences(built)).toEqual(preparedSentences(buildIndex(serving, lexicon)));
  });

  it("is built again when it is finished with other plans than it was given", async () => {
    const lexicon = loadLexicon();
    const { documents } = await loadKnowledge(resolve("test/realset/communes/plans"));
    const builder = new IndexBuilder(lexicon);
    for (const doc of documents.slice(0, 3).reverse()) builder.add(doc);
    expect(builder.matches(documents.slice(0, 3))).toBe(false);
    const built = builder.finish(documents.slice(0, 3), []);
    expect(preparedSentences(built)).toEqual(preparedSentences(buildIndex(documents.slice(0, 3), lexicon)));
  });
});
