import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import { DEFAULT_LEXICON_DIR, loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex } from "../src/search/knowledgeIndex.js";
import { SAMPLE_DIR } from "./helpers/knowledge.js";

/** A 2026 plan of the ward xã Lai Hưng became part of (a test plan; its figures are its own). */
const BEN_CAT_2026 = `Số: 12/KH-UBND

Bến Cát, ngày 15 tháng 01 năm 2026

KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2026 của phường Bến Cát

I. CHỈ TIÊU CHỦ YẾU

- Tỷ lệ người tham gia Bảo hiểm y tế đạt 96,2%.
- Tỷ lệ hộ nghèo đa chiều dưới 0,5%.
`;

/** The real sample plans (xã Lai Hưng 2024, Phường 1 of thành phố Tây Ninh 2024), optionally with the Bến Cát plan. */
async function knowledgeBase(withBenCat: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "kb-former-"));
  for (const file of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]) writeFileSync(join(dir, file), readFileSync(join(SAMPLE_DIR, file)));
  if (withBenCat) writeFileSync(join(dir, "phuong-ben-cat-2026.txt"), BEN_CAT_2026);
  return buildIndex((await loadKnowledge(dir)).documents, loadLexicon());
}

describe("former units after the 1 July 2025 reorganisation", () => {
  it("finds the current ward's plan and the former commune's own plan for the former name, and says which is which", async () => {
    const index = await knowledgeBase(true);
    const result = answerQuestion("Tỷ lệ tham gia bảo hiểm y tế của xã Lai Hưng?", index);
    expect(result.status).toBe("answered");
    expect(result.answers.map((a) => a.document.file).sort()).toEqual(["lai-hung-2024.txt", "phuong-ben-cat-2026.txt"]);
    const lines = result.reply.split("\n");
    expect(lines[0]).toBe("Từ 01/07/2025, xã Lai Hưng (huyện Bàu Bàng cũ) thuộc phường Bến Cát.");
    expect(result.reply).toContain("• UBND xã Lai Hưng (nay thuộc phường Bến Cát): từ 93,45%");
    expect(result.reply).toMatch(/• UBND phường Bến Cát: 96,2%/);
    // Without diacritics, as residents type it.
    expect(answerQuestion("bhyt xa lai hung", index).answers).toHaveLength(2);
  });

  it("answers the current name from the current plan only when it has one, from the former commune's plan otherwise", async () => {
    const withPlan = answerQuestion("Tỷ lệ tham gia bảo hiểm y tế phường Bến Cát?", await knowledgeBase(true));
    expect(withPlan.answers.map((a) => a.document.file)).toEqual(["phuong-ben-cat-2026.txt"]);
    expect(withPlan.note).toBeUndefined();

    const without = answerQuestion("Tỷ lệ tham gia bảo hiểm y tế phường Bến Cát?", await knowledgeBase(false));
    expect(without.answers.map((a) => a.document.file)).toEqual(["lai-hung-2024.txt"]);
  });

  it("tells same-named former wards apart by their district: Phường 1 of thành phố Tây Ninh is in Tân Ninh, not Kiến Tường", async () => {
    const result = answerQuestion("Tỷ lệ thu gom rác Phường 1?", await knowledgeBase(false));
    expect(result.note).toBe("Từ 01/07/2025, Phường 1 (thành phố Tây Ninh cũ) thuộc phường Tân Ninh.");
    expect(result.reply).not.toContain("Kiến Tường");
    expect(result.answers[0]!.figures[0]!.text).toBe("95%");
  });

  it("keeps the data well formed: five columns, units with their kind, a resolution named on every line", () => {
    const lines = readFileSync(join(DEFAULT_LEXICON_DIR, "former-units.tsv"), "utf8")
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("#"));
    expect(lines.length).toBeGreaterThanOrEqual(15);
    for (const line of lines) {
      const [former, district, current, province, source, ...extra] = line.split("\t");
      expect(extra, line).toEqual([]);
      expect(former, line).toMatch(/^(xã|phường|Phường|thị trấn) \S/u);
      expect(district, line).toMatch(/^(huyện|quận|thị xã|thành phố) \S/u);
      expect(current, line).toMatch(/^(xã|phường|đặc khu) \S/u);
      expect(province, line).toMatch(/^(tỉnh|thành phố) \S/u);
      expect(source, line).toMatch(/^NQ \d+\/NQ-UBTVQH15$/);
    }
    // The provinces merged by NQ 202/2025/QH15 come from places.tsv's "now:" column.
    expect(loadLexicon().formerUnits.filter((row) => row.source !== "NQ 202/2025/QH15")).toHaveLength(lines.length);
  });
});

/** A city plan of after the merger of provinces that names the merged provinces' own earlier decisions. */
const CITY_PLAN_2025 = `ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH

Số: 2900/QĐ-UBND

Thành phố Hồ Chí Minh, ngày 21 tháng 11 năm 2025

QUYẾT ĐỊNH
Về ban hành Kế hoạch phòng, chống thiên tai

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Thay thế Quyết định số 3089/QĐ-UBND ngày 24
tháng 8 năm 2021 của Ủy ban nhân dân Thành phố Hồ Chí Minh về phòng, chống thiên tai;
Quyết định số 1397/QĐ-UBND ngày 08 tháng 6 năm 2022 của Ủy ban nhân dân tỉnh
Bình Dương về phòng, chống thiên tai; Quyết định số 1179/QĐ-UBND ngày 13 tháng 4 năm 2022
của Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu về phòng, chống thiên tai.
`;

describe("provinces merged in 2025 (places.tsv's now:)", () => {
  async function cityIndex() {
    const dir = mkdtempSync(join(tmpdir(), "kb-province-"));
    writeFileSync(join(dir, "hcm-2900.md"), CITY_PLAN_2025);
    return buildIndex((await loadKnowledge(dir)).documents, loadLexicon());
  }

  it("a question naming a former province is answered from the plan of the city it became part of, and says so", async () => {
    const result = answerQuestion("Quyết định này thay thế quyết định nào của tỉnh Bình Dương?", await cityIndex());
    expect(result.status).toBe("answered");
    expect(result.reply.split("\n")[0]).toBe("Từ 01/07/2025, tỉnh Bình Dương thuộc thành phố Hồ Chí Minh.");
    // The former province's name still picks the clause about it, read with the clause that opens the sentence.
    expect(result.answers[0]!.quote).toContain("1397/QĐ-UBND");
    expect(result.answers[0]!.quote).not.toContain("1179/QĐ-UBND");
  });

  it("a province no plan is about, merged or not, still gets 'no plan of that place'", async () => {
    const index = await cityIndex();
    expect(answerQuestion("Kế hoạch phòng chống thiên tai của tỉnh Nghệ An?", index).status).toBe("no_answer");
    expect(answerQuestion("Kế hoạch phòng chống thiên tai của tỉnh Hà Giang?", index).status).toBe("no_answer");
  });
});
