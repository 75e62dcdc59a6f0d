import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { explainPlainly, onlyInsideWord, type PlainInput, syllableCounts } from "../src/answer/explainPlainly.js";
import { renderMessage } from "../src/messages/catalogue.js";
import { sampleIndex } from "./helpers/knowledge.js";

const plain = (input: PlainInput, plans = 2) => {
  const { sentence, nearMisses } = explainPlainly(input, plans);
  return { sentence: renderMessage(sentence, "vi"), english: renderMessage(sentence, "en"), nearMisses: nearMisses.map((m) => renderMessage(m, "vi")) };
};

const base: PlainInput["explanation"] = { searchedText: "", scope: "all", concepts: [], candidates: [] };

describe("the plain sentence of the 'why' panel", () => {
  it("says which section answered, what the question is about as the question wrote it, and the figure", () => {
    const result = answerQuestion("Tỷ lệ thu gom rác là bao nhiêu?", sampleIndex);
    const { sentence, english } = plain(result);
    expect(sentence).toBe("Trả lời từ mục I.2 (Chỉ tiêu chủ yếu) vì câu này nói về thu gom rác và có con số 95%.");
    expect(english).toMatch(/^Answered from section I\.2 .* holds the figure 95%\.$/);
  });

  it("says no passage is about the topic when nothing in the plans speaks of it", () => {
    const input: PlainInput = {
      status: "no_answer",
      answers: [],
      explanation: { ...base, searchedText: "giá vàng hôm nay", concepts: [{ text: "giá", soft: false, known: false }, { text: "vàng", soft: false, known: false }] },
    };
    expect(plain(input).sentence).toBe("Không trả lời vì không đoạn nào nói về giá vàng.");
  });

  it("names the closest passage and what it lacks when it covers only part of the question", () => {
    const input: PlainInput = {
      status: "no_answer",
      answers: [],
      explanation: {
        ...base,
        searchedText: "tỷ lệ hộ nghèo",
        concepts: ["tỷ", "lệ", "hộ", "nghèo"].map((text) => ({ text, soft: false, known: true })),
        candidates: [{ file: "a.txt", sectionPath: "I.2", trail: ["I. Chỉ tiêu", "Chỉ tiêu chủ yếu"], quote: "Tỷ lệ hộ dùng nước sạch đạt 90%.", matched: ["tỷ", "lệ", "hộ"], missing: ["nghèo"], requiredMatched: true }],
      },
    };
    expect(plain(input).sentence).toBe("Không trả lời vì đoạn gần nhất (mục I.2 (Chỉ tiêu chủ yếu)) nói về tỷ lệ hộ nhưng không nói về nghèo.");
  });

  it("declines in words for an unknown place, a missing plan detail and an empty folder", () => {
    const noAnswer = (explanation: Partial<PlainInput["explanation"]>): PlainInput => ({ status: "no_answer", answers: [], explanation: { ...base, ...explanation } });
    expect(plain(noAnswer({ unknownPlace: "xã Tân Phú", scope: [] })).sentence).toBe("Không trả lời vì không có kế hoạch nào của xã Tân Phú.");
    expect(plain(noAnswer({ intent: "signer" })).sentence).toBe("Không trả lời vì kế hoạch không ghi người ký.");
    expect(plain(noAnswer({}), 0).sentence).toBe("Không trả lời vì chưa có kế hoạch nào được nạp.");
  });

  it("marks a near miss whose word matched only inside a longer word, and not one that matched as asked", () => {
    expect(onlyInsideWord("giá", "Đánh giá kết quả thực hiện và đánh giá hằng năm.", "giá điện")).toBe("đánh giá");
    expect(onlyInsideWord("tỷ", "Duy trì và vượt tỷ lệ đã đạt.", "tỷ lệ thu gom rác")).toBeUndefined();
    expect(onlyInsideWord("giá", "Giá nước sạch giữ ổn định.", "giá điện")).toBeUndefined();
    const input: PlainInput = {
      status: "no_answer",
      answers: [],
      explanation: {
        ...base,
        searchedText: "giá điện",
        concepts: [{ text: "giá", soft: false, known: true }, { text: "điện", soft: false, known: true }],
        candidates: [
          { file: "a.txt", sectionPath: "I.1", quote: "Tỷ lệ hộ dùng điện đạt 99%.", matched: ["điện"], missing: ["giá"], requiredMatched: false },
          { file: "a.txt", sectionPath: "III.2", quote: "Đánh giá kết quả hằng năm.", matched: ["giá"], missing: ["điện"], requiredMatched: false },
        ],
      },
    };
    expect(plain(input).nearMisses).toEqual(["«giá» chỉ xuất hiện bên trong «đánh giá» ở mục III.2."]);
  });

  it("with the plans' counts, names only a word the plans write as one, not two words that meet", () => {
    const counts = syllableCounts(sampleIndex.stats);
    expect(onlyInsideWord("giá", "Tổ chức điều tra để đánh giá chất lượng phục vụ.", "giá điện", counts)).toBe("đánh giá");
    expect(onlyInsideWord("Giá", "Xác thực điện tử phục vụ chuyển đổi số quốc gia.", "Giá điện năm nay", counts)).toBe("quốc gia");
    // "sử dụng" is the word; "điện" stands on its own.
    expect(onlyInsideWord("điện", "Tỷ lệ hộ dân sử dụng điện đạt 99,99%.", "giá điện", counts)).toBeUndefined();
  });

  it("cautions when the answer itself holds a question word only inside a longer word", () => {
    const input: PlainInput = {
      status: "answered",
      answers: [{ document: { file: "a.txt" }, section: { path: "II.4", heading: "Chuyển đổi số" }, figures: [] }],
      explanation: {
        ...base,
        searchedText: "Giá điện năm nay",
        concepts: [{ text: "Giá", soft: false, known: true }, { text: "điện", soft: false, known: true }],
        candidates: [{ file: "a.txt", sectionPath: "II.4", quote: "Xác thực điện tử phục vụ chuyển đổi số quốc gia.", matched: ["Giá", "điện"], missing: [], requiredMatched: true }],
      },
    };
    expect(plain(input).nearMisses).toEqual(["Lưu ý: trong đoạn trả lời, «Giá» chỉ có trong «quốc gia»; hãy kiểm tra câu trả lời có đúng ý câu hỏi không."]);
  });
});
