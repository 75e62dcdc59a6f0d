import { describe, expect, it } from "vitest";
import { extractFigures, parseVietnameseNumber } from "../src/ingest/figures.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";

const units = loadLexicon().units;
const figuresOf = (text: string) => extractFigures(text, units).map(({ start: _s, end: _e, ...f }) => f);

describe("figure extraction", () => {
  it.each([
    [
      "Tỷ lệ người tham gia Bảo hiểm y tế đạt từ 93,45%",
      { text: "93,45%", value: 93.45, unit: "%", comparator: "đạt từ", relation: "gte" },
    ],
    ["Độ che phủ đạt 80 %.", { text: "80 %", value: 80, unit: "%", comparator: "đạt" }],
    ["Tỷ suất sinh thô tăng 0,3‰.", { text: "0,3‰", value: 0.3, unit: "‰", relation: "increase" }],
    ["phấn đấu tăng từ 3-5%.", { text: "3-5%", value: 3, max: 5, unit: "%", relation: "increase" }],
    ["tăng trưởng 3 – 5%", { text: "3 – 5%", value: 3, max: 5, unit: "%" }],
    ["GRDP tăng 7,5 - 8,0%", { text: "7,5 - 8,0%", value: 7.5, max: 8, unit: "%" }],
    ["có từ 08 đến 10 hộ tham gia", { text: "08 đến 10 hộ", value: 8, max: 10, unit: "hộ", comparator: "từ" }],
    ["Duy trì 5/52 tiêu chí", { text: "5/52 tiêu chí", value: 5, of: 52, unit: "tiêu chí", relation: "maintain" }],
    ["Có 04/09 thôn đạt chuẩn", { text: "04/09 thôn", value: 4, of: 9, unit: "thôn" }],
    ["Giảm 02 hộ cận nghèo.", { text: "02 hộ", value: 2, unit: "hộ", comparator: "giảm", relation: "decrease" }],
    ["Diện tích lúa 772 ha", { text: "772 ha", value: 772, unit: "ha" }],
    ["sản lượng đạt 2.961 tấn", { text: "2.961 tấn", value: 2961, unit: "tấn" }],
    ["thu nhập đạt 45 triệu đồng/năm", { text: "45 triệu đồng/năm", value: 45, unit: "triệu đồng", per: "năm" }],
    ["Tỷ số giới tính 109 trẻ trai/100 trẻ gái", { text: "109 trẻ trai/100 trẻ gái", value: 109, unit: "trẻ trai", per: "100 trẻ gái" }],
    ["Tỷ lệ hộ gia đình văn hóa: từ 90% trở lên.", { text: "90%", value: 90, unit: "%", comparator: "từ … trở lên", relation: "gte" }],
    ["suy dinh dưỡng dưới 11,16%.", { text: "11,16%", value: 11.16, unit: "%", comparator: "dưới", relation: "lt" }],
    ["tham gia BHYT đạt trên 95%.", { text: "95%", value: 95, unit: "%", comparator: "đạt trên", relation: "gt" }],
  ])("reads %s", (text, expected) => {
    expect(figuresOf(text)[0]).toMatchObject(expected);
  });

  it.each([
    "Số: 05/KH-UBND",
    "tuyên truyền Nghị định 144/2021/NĐ-CP, ngày 31/12/2021",
    "nhân kỷ niệm ngày Thương binh liệt sĩ 27/7",
    "theo Nghị quyết số 11/NQ-CP ngày 24/02/2011",
    "năm học 2024-2025, nhiệm kỳ 2021-2026",
    "tiêu chuẩn TCVN ISO 9001:2015",
    "tại kỳ họp thứ 7 khóa XII",
    "Phường 1 ban hành; Đề án 06; phương châm 4 tại chỗ",
    "Tết Nguyên đán 2024",
  ])("finds no figure in %s", (text) => {
    expect(figuresOf(text)).toEqual([]);
  });

  it("skips ages and keeps the target after them", () => {
    expect(figuresOf("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi dưới 11,16%.").map((f) => f.text)).toEqual(["11,16%"]);
  });

  it("parses Vietnamese number formats", () => {
    expect(parseVietnameseNumber("93,45")).toBe(93.45);
    expect(parseVietnameseNumber("2.961")).toBe(2961);
    expect(parseVietnameseNumber("1.234.567,5")).toBe(1234567.5);
    expect(parseVietnameseNumber("2.5")).toBe(2.5);
  });
});
