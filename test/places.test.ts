import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { buildDocument } from "../src/ingest/buildDocument.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex } from "../src/search/knowledgeIndex.js";

const lexicon = loadLexicon();
const province = buildDocument(
  "hcm.md",
  "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nPhòng chống thiên tai năm 2026\n\nI. MỤC TIÊU\n\n- Phấn đấu 100% hộ gia đình được tiếp nhận đầy đủ thông tin về thiên tai.\n",
);
const index = buildIndex([province], lexicon);

describe("provinces and cities of the lexicon", () => {
  it("find a plan by the other names residents use for its place", () => {
    for (const question of ["TP.HCM có bao nhiêu % hộ gia đình được tiếp nhận thông tin thiên tai?", "ty le ho gia dinh duoc tiep nhan thong tin thien tai o Ho Chi Minh City"]) {
      const result = answerQuestion(question, index);
      expect(result.status, question).toBe("answered");
      expect(result.answers[0]!.quote).toContain("100% hộ gia đình");
    }
  });

  it("that no plan is about get an honest decline, not another place's figure", () => {
    for (const question of ["Tỉnh Quảng Ninh có bao nhiêu % hộ gia đình được tiếp nhận thông tin thiên tai?", "ty le ho gia dinh nhan thong tin thien tai o Nghe An"]) {
      const result = answerQuestion(question, index);
      expect(result.status, question).toBe("no_answer");
      expect(result.explanation.decision).toBe("names a place no plan is about");
    }
  });

  it("are plain words when the question also names a place a plan is about", () => {
    const commune = buildDocument("x.txt", "ỦY BAN NHÂN DÂN XÃ TÂN ĐỊNH\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nnăm 2025\n\n1. Sản lượng lúa đạt 2.961 tấn.\n");
    const result = answerQuestion("Sản lượng lúa xã Tân Định tỉnh Tây Ninh là bao nhiêu tấn?", buildIndex([commune], lexicon));
    expect(result.answers[0]?.figures[0]?.text).toBe("2.961 tấn");
  });
});

describe("the issuer of a document without its header", () => {
  it("is the province whose council or committee it names, when it names several communes' committees", () => {
    const doc = buildDocument(
      "gl.md",
      "Nghị quyết của HĐND tỉnh Gia Lai về chương trình giám sát.\n\nHĐND TỈNH NĂM 2018 giám sát UBND xã Ia Băng và UBND xã Ia Tô.\n\nHội đồng nhân dân tỉnh Gia Lai thông qua ngày 13/7/2017.\n",
    );
    expect(doc.meta.place).toBe("tỉnh Gia Lai");
  });
});

describe("a commune no plan is about", () => {
  const district = buildDocument(
    "huyen.md",
    "ỦY BAN NHÂN DÂN\nHUYỆN KỲ ANH\n\nSố: 3/KH-UBND\n\nKẾ HOẠCH\nnăm 2024\n\nI. CHỈ TIÊU\n\n- Xã Kỳ Phú thu gom 90% rác thải sinh hoạt.\n- Xã Kỳ Tân thu gom 85% rác thải sinh hoạt.\n",
  );
  const index = buildIndex([district], lexicon);

  it("but a plan's text names is looked for in that text, and the passage must name it", () => {
    expect(answerQuestion("Xã Kỳ Tân thu gom bao nhiêu % rác thải?", index).answers[0]?.figures[0]?.text).toBe("85%");
  });

  it("that no plan names at all gets no answer", () => {
    expect(answerQuestion("Xã Kỳ Lạc thu gom bao nhiêu % rác thải?", index).status).toBe("no_answer");
  });
});

describe("the place directory after a plan is replaced", () => {
  it("is the one a rebuild makes for the plans kept and the new one, order included", async () => {
    const { buildPlaceDirectory, updatePlaceDirectory } = await import("../src/search/places.js");
    const plan = (file: string, place: string) =>
      buildDocument(file, `ỦY BAN NHÂN DÂN\n${place.toUpperCase()}\nHUYỆN CHÂU THÀNH, TỈNH TÂY NINH\n\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nnăm 2025\n\n1. Sản lượng lúa đạt 2.961 tấn.\n`);
    const plans = [plan("a.txt", "xã Tân Định"), plan("b.txt", "phường 1"), plan("c.txt", "xã Hòa Hội"), plan("d.txt", "thị trấn Châu Thành")];
    const replacement = plan("b.txt", "xã Hòa Thạnh");
    const before = buildPlaceDirectory(plans, lexicon.places, lexicon.formerUnits);
    const after = updatePlaceDirectory(before, new Set([plans[1]!]), [replacement], lexicon.places, lexicon.formerUnits);
    const rebuilt = buildPlaceDirectory([plans[0]!, plans[2]!, plans[3]!, replacement], lexicon.places, lexicon.formerUnits);
    const shown = (directory: typeof before) => ({
      aliases: directory.aliases.map((alias) => `${alias.doc.file}:${alias.words.join(" ")}:${alias.level}`),
      byPhrase: [...directory.byPhrase].map(([phrase, list]) => [phrase, list.map((alias) => alias.doc.file)] as const).sort((a, b) => a[0].localeCompare(b[0])),
      lengths: directory.lengths,
      leadWords: [...directory.leadWords].sort((a, b) => a[0].localeCompare(b[0])),
    });
    expect(shown(after)).toEqual(shown(rebuilt));
    expect(after.byPhrase.has("xa hoa thanh")).toBe(true);
    expect(after.byPhrase.has("phuong 1")).toBe(false);
    expect(before.byPhrase.has("phuong 1")).toBe(true);
    expect(before.leadWords.get("phuong")).toBe(1);
    expect(after.leadWords.has("phuong")).toBe(false);
  });
});
