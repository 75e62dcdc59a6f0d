import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { resolveHome } from "../src/search/homePlaces.js";
import { fullIndex, sampleIndex } from "./helpers/knowledge.js";

const BHYT = "Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?";

describe("a commune's bot: home places", () => {
  it("finds the plans of its places by name, and says which names no plan is about", () => {
    const home = resolveHome({ commune: "xã Lai Hưng", plans: ["Phường 1", "tỉnh Đồng Nai"] }, sampleIndex);
    expect(home.documents.map((doc) => doc.file)).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
    expect(home.missing).toEqual(["tỉnh Đồng Nai"]);
    // A parent place is not the plan's own place.
    expect(resolveHome({ commune: "thành phố Tây Ninh" }, sampleIndex).documents).toEqual([]);
  });

  it("answers a question naming no place from its commune's plan only", () => {
    expect(answerQuestion(BHYT, sampleIndex).answers.map((a) => a.document.file).sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
    const laiHung = answerQuestion(BHYT, sampleIndex, { home: { commune: "xã Lai Hưng" } });
    expect(laiHung.answers.map((a) => [a.document.file, a.figures[0]?.text])).toEqual([["lai-hung-2024.txt", "93,45%"]]);
    expect(laiHung.note).toBeUndefined();
    const phuong = answerQuestion(BHYT, sampleIndex, { home: { commune: "Phường 1" } });
    expect(phuong.answers.map((a) => a.document.file)).toEqual(["phuong-1-tay-ninh-2024.txt"]);
  });

  it("answers a question naming another place from that place's plan, and says so in the reply", () => {
    const result = answerQuestion("what is the waste collection rate in Ward 1?", sampleIndex, { home: { commune: "xã Lai Hưng" } });
    // Phường 1 was merged in 2025: the former-name note comes first, on the same line.
    expect(result.reply).toMatch(/^Since 1 July 2025, Phường 1 \(former thành phố Tây Ninh\) is part of phường Tân Ninh\. From the plan of Phường 1 \(not Xã Lai Hưng\):\n95%/i);
    // Its own commune named: no other-place note, only the former-name one (Lai Hưng was merged in 2025).
    const own = answerQuestion("bhyt lai hung", sampleIndex, { home: { commune: "xã Lai Hưng" } });
    expect(own.note).toBe("Từ 01/07/2025, xã Lai Hưng (huyện Bàu Bàng cũ) thuộc phường Bến Cát.");
  });

  it("declines for its commune by name when the commune's plan does not say", () => {
    const result = answerQuestion("Tỷ lệ thu gom rác là bao nhiêu?", sampleIndex, { home: { commune: "xã Lai Hưng" } });
    expect(result.status).toBe("no_answer");
    expect(result.reply).toMatch(/^Xin lỗi, các kế hoạch hiện có của .*Lai Hưng không nêu nội dung này/);
  });

  it("changes nothing for a bot without places, or whose places have no plan yet", () => {
    for (const question of [BHYT, "Tỷ lệ thu gom rác là bao nhiêu?", "ai ký kế hoạch", "tan dinh bhyt", "Giá vàng hôm nay?"]) {
      const plain = answerQuestion(question, fullIndex);
      expect(answerQuestion(question, fullIndex, {})).toEqual(plain);
      expect(answerQuestion(question, fullIndex, { home: { commune: "xã Không Có" } })).toEqual(plain);
    }
  });
});
