import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answerQuestion.js";
import { KnowledgeBase } from "../../src/knowledge/knowledgeBase.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";

const PLAN = (figure: string) => `Số: 09/KH-UBND\n\nXã Hòa Lợi, ngày 02 tháng 01 năm 2024\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ dùng nước sạch đạt ${figure}.\n`;

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kb-reload-"));
  for (const file of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]) copyFileSync(join(SAMPLE_DIR, file), join(dir, file));
  return dir;
}

async function waitForAnswer(base: KnowledgeBase, question: string, expected: RegExp, timeoutMs = 8000) {
  const started = Date.now();
  for (;;) {
    const reply = answerQuestion(question, base.index).reply;
    if (expected.test(reply)) return reply;
    if (Date.now() - started > timeoutMs) throw new Error(`no answer matching ${expected} within ${timeoutMs} ms; last: ${reply}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let base: KnowledgeBase | undefined;
afterEach(async () => {
  await base?.close();
  base = undefined;
});

describe("knowledge reload", () => {
  it("of the names the watcher saw looks at those plans only, a plan's sidecar for its plan, an unknown sidecar at everything", async () => {
    const dir = freshDir();
    base = await KnowledgeBase.open(dir);
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("88%"));
    expect((await base.reload(["xa-khac-2024.txt"])).changed).toEqual([]);
    expect(base.index.documents.map((doc) => doc.file)).not.toContain("xa-hoa-loi-2024.txt");
    expect((await base.reload(["xa-hoa-loi-2024.txt", "notes.tmp"])).changed).toEqual(["xa-hoa-loi-2024.txt"]);
    await waitForAnswer(base, "Tỷ lệ nước sạch ở Hòa Lợi", /^88%/);
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("91%"));
    await base.reload(["xa-hoa-loi-2024.txt"]);
    await waitForAnswer(base, "Tỷ lệ nước sạch ở Hòa Lợi", /^91%/);
    rmSync(join(dir, "xa-hoa-loi-2024.txt"));
    expect((await base.reload(["xa-hoa-loi-2024.txt"])).removed).toEqual(["xa-hoa-loi-2024.txt"]);
    writeFileSync(join(dir, "lai-hung-2024.meta.yaml"), "number: 99/KH-UBND\n");
    expect((await base.reload(["lai-hung-2024.meta.yaml"])).changed).toEqual(["lai-hung-2024.txt"]);
    expect(base.index.documents.find((doc) => doc.file === "lai-hung-2024.txt")?.meta.number).toBe("99/KH-UBND");
    writeFileSync(join(dir, "xa-moi-2024.txt"), PLAN("70%"));
    writeFileSync(join(dir, "khong-co.meta.yaml"), "place: xã Không Có\n");
    expect((await base.reload(["khong-co.meta.yaml"])).changed).toEqual(["xa-moi-2024.txt"]);
  });

  it("picks up a dropped, changed and deleted file without a restart", async () => {
    const dir = freshDir();
    base = await KnowledgeBase.open(dir);
    base.watch(100);
    await base.watching();
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("88%"));
    await waitForAnswer(base, "Tỷ lệ nước sạch ở Hòa Lợi", /^88%/);
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("91%"));
    await waitForAnswer(base, "Tỷ lệ nước sạch ở Hòa Lợi", /^91%/);
    rmSync(join(dir, "xa-hoa-loi-2024.txt"));
    await waitForAnswer(base, "Tỷ lệ nước sạch ở Hòa Lợi", /^Tôi chưa có kế hoạch của Hòa Lợi|không nêu/);
  });

  it("reads a plan's .meta.yaml when the plan is loaded, and re-reads the plan when one is added later", async () => {
    const dir = freshDir();
    const plain = "Tỷ lệ hộ dùng nước sạch đạt 77%.\n";
    writeFileSync(join(dir, "trich-an-phu.txt"), plain);
    writeFileSync(join(dir, "trich-an-phu.meta.yaml"), "place: phường An Phú\nnumber: 21/KH-UBND\n");
    writeFileSync(join(dir, "trich-my-phuoc.txt"), plain.replace("77%", "66%"));
    base = await KnowledgeBase.open(dir);
    const meta = (file: string) => base!.index.documents.find((doc) => doc.file === file)?.meta;
    expect(meta("trich-an-phu.txt")).toMatchObject({ place: "phường An Phú", number: "21/KH-UBND" });
    expect(meta("trich-my-phuoc.txt")?.place).toBeUndefined();

    writeFileSync(join(dir, "trich-my-phuoc.meta.yaml"), "place: xã Mỹ Phước\n");
    const report = await base.reload();
    expect(report.changed).toEqual(["trich-my-phuoc.txt"]);
    expect(meta("trich-my-phuoc.txt")).toMatchObject({ place: "xã Mỹ Phước", placeName: "Mỹ Phước" });
    expect(answerQuestion("Tỷ lệ nước sạch ở Mỹ Phước", base.index).reply).toMatch(/^66%/);
  });

  it("coalesces a burst of changes into one reload", async () => {
    const dir = freshDir();
    base = await KnowledgeBase.open(dir);
    let reloads = 0;
    base.onReload(() => {
      reloads++;
    });
    base.watch(300);
    await base.watching();
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `xa-${i}-2024.txt`), PLAN(`${80 + i}%`));
    await waitForAnswer(base, "ty le nuoc sach", /.*/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(base.index.documents).toHaveLength(7);
    expect(reloads).toBe(1);
  });

  it("keeps serving a file's previous version when its new version cannot be read, and reports it", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("88%"));
    base = await KnowledgeBase.open(dir);
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), Buffer.from([0x00, 0xff, 0x00]));
    writeFileSync(join(dir, "xa-moi-2024.txt"), "");
    const report = await base.reload();
    expect(report.changed.sort()).toEqual(["xa-hoa-loi-2024.txt", "xa-moi-2024.txt"]);
    expect(report.problems.map((p) => p.file).sort()).toEqual(["xa-hoa-loi-2024.txt", "xa-moi-2024.txt"]);
    expect(answerQuestion("Tỷ lệ nước sạch ở Hòa Lợi", base.index).reply).toMatch(/^88%/);
    expect(base.index.documents.map((d) => d.file)).not.toContain("xa-moi-2024.txt");
  });

  it("updates a few plans in place, leaving the same statistics and answers as a full rebuild", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("88%"));
    base = await KnowledgeBase.open(dir);
    const live = base.index;
    writeFileSync(join(dir, "xa-hoa-loi-2024.txt"), PLAN("91%"));
    rmSync(join(dir, "lai-hung-2024.txt"));
    await base.reload();
    expect(base.index).toBe(live);
    const fresh = await KnowledgeBase.open(dir);
    try {
      const sorted = (map: Map<string, number>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
      expect(sorted(live.stats.folded)).toEqual(sorted(fresh.index.stats.folded));
      expect(sorted(live.stats.bigrams)).toEqual(sorted(fresh.index.stats.bigrams));
      expect(live.stats.units).toBe(fresh.index.stats.units);
      for (const question of ["Tỷ lệ nước sạch ở Hòa Lợi", "Tỷ lệ thu gom rác phường 1", "bhyt lai hung", "nuoc sach"]) {
        expect(answerQuestion(question, live).reply).toBe(answerQuestion(question, fresh.index).reply);
      }
      expect(answerQuestion("bhyt lai hung", live).status).toBe("no_answer");
    } finally {
      await fresh.close();
    }
  });

  it("reloads when the lexicon changes", async () => {
    const dir = freshDir();
    const lexiconDir = mkdtempSync(join(tmpdir(), "lexicon-"));
    for (const file of ["abbreviations.tsv", "glossary-en.tsv", "synonyms.tsv", "stopwords.txt", "soft-words.txt", "units.txt"]) {
      copyFileSync(join(SAMPLE_DIR, "../lexicon", file), join(lexiconDir, file));
    }
    base = await KnowledgeBase.open(dir, { lexiconDir });
    expect(answerQuestion("Tỷ lệ TGR phường 1", base.index).status).toBe("no_answer");
    writeFileSync(join(lexiconDir, "abbreviations.tsv"), "TGR\tthu gom rác\n", { flag: "a" });
    const report = await base.reload();
    expect(report.lexiconChanged).toBe(true);
    expect(answerQuestion("Tỷ lệ TGR phường 1", base.index).reply).toMatch(/^95%/);
  });

  it("answers every question from a complete index while reloads run", async () => {
    const dir = freshDir();
    base = await KnowledgeBase.open(dir);
    let stop = false;
    const answers: string[] = [];
    const asking = (async () => {
      while (!stop) {
        answers.push(answerQuestion("Tỷ lệ thu gom rác phường 1", base!.index).reply);
        answers.push(answerQuestion("bhyt lai hung", base!.index).reply);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 15; i++) {
      writeFileSync(join(dir, `xa-${i % 3}-2024.txt`), PLAN(`${70 + i}%`));
      await base.reload();
    }
    stop = true;
    await asking;
    expect(answers.length).toBeGreaterThan(30);
    for (let i = 0; i < answers.length; i += 2) {
      // Both sample places were merged in 2025: the reply opens with what they are part of now.
      expect(answers[i]).toMatch(/^Từ 01\/07\/2025, Phường 1 .+\n95%: «Tỷ lệ thu gom rác đạt 95%\.»/);
      expect(answers[i + 1]).toMatch(/^Từ 01\/07\/2025, xã Lai Hưng .+\ntừ 93,45%/);
    }
  });
});
