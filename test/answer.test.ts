import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { buildDocument } from "../src/ingest/buildDocument.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex } from "../src/search/knowledgeIndex.js";
import { fullIndex, sampleIndex } from "./helpers/knowledge.js";

describe("answers from the sample plans", () => {
  it("replies with the figure, the quoted sentence and the citation", () => {
    const result = answerQuestion("Tỷ lệ thu gom rác là bao nhiêu?", sampleIndex);
    expect(result.status).toBe("answered");
    expect(result.reply).toBe(
      "95%: «Tỷ lệ thu gom rác đạt 95%.» (Kế hoạch số 05/KH-UBND ngày 19/01/2024 của UBND Phường 1, mục I.2 Chỉ tiêu chủ yếu)",
    );
    expect(result.answers[0]).toMatchObject({
      document: {
        file: "phuong-1-tay-ninh-2024.txt",
        number: "05/KH-UBND",
        issuer: "UBND Phường 1",
        place: "Phường 1",
        date: "2024-01-19",
      },
      section: { path: "I.2", heading: "Chỉ tiêu chủ yếu", trail: ["I. MỤC TÊU, CHỈ TIÊU CHỦ YẾU", "2. Chỉ tiêu chủ yếu"] },
      quote: "Tỷ lệ thu gom rác đạt 95%.",
      figures: [{ text: "95%", value: 95, unit: "%", comparator: "đạt", relation: "eq" }],
    });
  });

  it("never gives one place's figure for another", () => {
    const result = answerQuestion("Tỷ lệ thu gom rác của xã Lai Hưng?", sampleIndex);
    expect(result.status).toBe("no_answer");
    expect(result.answers).toEqual([]);
    expect(result.reply).toMatch(/không nêu nội dung này/);
    expect(result.explanation.scope).toEqual(["lai-hung-2024.txt"]);
  });

  it("declines a place no plan is about, and lists the plans it has", () => {
    const result = answerQuestion("Tỷ lệ thu gom rác phường 7?", sampleIndex);
    expect(result.status).toBe("no_answer");
    expect(result.reply).toMatch(/^Tôi chưa có kế hoạch của phường 7\. Các kế hoạch hiện có: /);
    expect(result.reply).toContain("UBND Phường 1 (05/KH-UBND)");
    expect(result.reply).toContain("UBND xã Lai Hưng (63/KH-UBND)");
  });

  it("answers in English framing, quoting the Vietnamese source", () => {
    const result = answerQuestion("What is the health insurance coverage target in Lai Hung?", sampleIndex);
    // Lai Hưng was merged on 1 July 2025 (lexicon/former-units.tsv): the reply opens by saying so.
    expect(result.reply).toBe(
      "Since 1 July 2025, xã Lai Hưng (former huyện Bàu Bàng) is part of phường Bến Cát.\n" +
        "từ 93,45%: «Tỷ lệ người tham gia Bảo hiểm y tế đạt từ 93,45%» (Source: Plan No. 63/KH-UBND of 01/12/2023 by UBND xã Lai Hưng, section I.2 Văn hóa - Xã hội)",
    );
    expect(answerQuestion("Who won the football match yesterday?", sampleIndex).reply).toMatch(/^Sorry, the published plans/);
  });

  it("answers questions about the document from its metadata", () => {
    expect(answerQuestion("Ai ký kế hoạch của Phường 1?", sampleIndex).reply).toBe(
      "Từ 01/07/2025, Phường 1 (thành phố Tây Ninh cũ) thuộc phường Tân Ninh.\nKế hoạch số 05/KH-UBND của UBND Phường 1 do Chủ tịch Trần Hữu Ngọc ký.",
    );
    const date = answerQuestion("Kế hoạch của xã Lai Hưng ban hành ngày nào?", sampleIndex);
    expect(date.reply).toBe(
      "Từ 01/07/2025, xã Lai Hưng (huyện Bàu Bàng cũ) thuộc phường Bến Cát.\nKế hoạch số 63/KH-UBND của UBND xã Lai Hưng ban hành ngày 01/12/2023.",
    );
    expect(date.answers[0]!.quote).toBe("Lai Hưng, ngày 01 tháng 12 năm 2023");
    expect(answerQuestion("Kế hoạch của Phường 1 căn cứ vào đâu?", sampleIndex).reply).toMatch(
      /căn cứ: «Căn cứ Nghị quyết số 10\/NQ-HĐND/,
    );
  });

  it("puts the figure that was asked for first", () => {
    const result = answerQuestion("Tỷ lệ tốt nghiệp THCS ở Lai Hưng", sampleIndex);
    expect(result.answers[0]!.figures[0]!.text).toBe("98%");
    const units = answerQuestion("Lai Hưng thêm mấy trường công lập đạt chuẩn quốc gia?", sampleIndex);
    expect(units.answers[0]!.figures[0]!.text).toBe("01 trường");
  });

  it("explains why it answered: concepts, candidates and the decision", () => {
    const { explanation } = answerQuestion("bhyt lai hung", sampleIndex);
    expect(explanation.placesNamed).toEqual(["lai hung"]);
    expect(explanation.concepts.map((c) => c.text)).toEqual(["bhyt"]);
    expect(explanation.candidates[0]).toMatchObject({
      file: "lai-hung-2024.txt",
      sectionPath: "I.2",
      matched: ["bhyt"],
      requiredMatched: true,
    });
    expect(explanation.decision).toBe("answered");
  });
});

describe("answers across several plans", () => {
  it("labels each plan's answer when no place is named and several answer alike", () => {
    const result = answerQuestion("Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?", fullIndex);
    expect(result.status).toBe("answered");
    expect(result.answers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(result.answers.map((a) => a.document.file)).size).toBe(result.answers.length);
    expect(result.reply.split("\n")[0]).toBe("Nhiều kế hoạch có nội dung này:");
    // Both sample places were merged in 2025: each label says what it is part of now.
    expect(result.reply).toMatch(/• UBND xã Lai Hưng \(nay thuộc phường Bến Cát\): từ 93,45%/);
    expect(result.reply).toMatch(/• UBND Phường 1 \(nay thuộc phường Tân Ninh\): trên 95%/);
  });

  it("answers from one plan only when the question names its place", () => {
    const result = answerQuestion("Tỷ lệ người tham gia bảo hiểm y tế ở Tân Định?", fullIndex);
    expect(result.answers.map((a) => a.document.number)).toEqual(["112/KH-UBND"]);
  });

  it("declines a plan year that no plan of the place is for", () => {
    const result = answerQuestion("Tỷ lệ hộ nghèo của Tân Định năm 2024?", fullIndex);
    expect(result.status).toBe("no_answer");
    expect(result.reply).toMatch(/^Tôi chưa có kế hoạch năm 2024/);
  });
});

describe("diacritics", () => {
  const lexicon = loadLexicon();
  const doc = buildDocument(
    "xa-thu-2024.txt",
    "Số: 09/KH-UBND\n\nI. CHỈ TIÊU\n\n- Nhựa hóa 12 km đường giao thông nông thôn.\n- Điều trị 100% ca dương tính với sốt xuất huyết.\n",
  );
  const index = buildIndex([doc], lexicon);

  it("ranks exact diacritics above folded matches when the resident typed them", () => {
    expect(answerQuestion("bao nhiêu km đường được nhựa hóa", index).answers[0]!.figures[0]!.text).toBe("12 km");
    expect(answerQuestion("ca dương tính được điều trị bao nhiêu", index).answers[0]!.figures[0]!.text).toBe("100%");
  });

  it("still matches when the resident types no diacritics", () => {
    expect(answerQuestion("nhua hoa duong giao thong", index).answers[0]!.figures[0]!.text).toBe("12 km");
  });
});

describe("multi-syllable words", () => {
  it("rank a passage with the words together above one with the syllables scattered", () => {
    const doc = buildDocument(
      "xa-gom-2024.txt",
      "Số: 10/KH-UBND\n\nI. CHỈ TIÊU\n\n- Thu nhập từ nghề gốm đạt 40 triệu đồng, gom vốn cho hộ nghèo đạt 2 tỷ đồng.\n- Tỷ lệ rác được thu gom đạt 90%.\n",
    );
    const index = buildIndex([doc], loadLexicon());
    const result = answerQuestion("thu gom bao nhiêu", index);
    expect(result.answers[0]!.quote).toBe("Tỷ lệ rác được thu gom đạt 90%.");
  });
});

describe("places whose names differ only in their diacritics", () => {
  const plan = (place: string, figure: string) =>
    buildDocument(
      `phuong-${figure.replace(/\D/g, "")}-2024.txt`,
      `UBND ${place.toUpperCase()}\n\nSố: 1/KH-UBND\n\n${place}, ngày 05 tháng 01 năm 2024\n\nKẾ HOẠCH\n\nI. CHỈ TIÊU\n\n- Tỷ lệ thu gom rác đạt ${figure}.\n`,
    );
  const index = buildIndex([plan("Phường Mỹ Thành", "91%"), plan("Phường Mỹ Thạnh", "87%")], loadLexicon());

  it("are told apart when the resident types the diacritics", () => {
    const thanh = answerQuestion("Tỷ lệ thu gom rác phường Mỹ Thành?", index);
    expect(thanh.answers.map((a) => a.figures[0]!.text)).toEqual(["91%"]);
    const thanhDot = answerQuestion("Tỷ lệ thu gom rác phường Mỹ Thạnh?", index);
    expect(thanhDot.answers.map((a) => a.figures[0]!.text)).toEqual(["87%"]);
  });

  it("both answer when typed without diacritics", () => {
    const either = answerQuestion("ty le thu gom rac phuong my thanh", index);
    expect(either.answers.map((a) => a.figures[0]!.text).sort()).toEqual(["87%", "91%"]);
  });
});
