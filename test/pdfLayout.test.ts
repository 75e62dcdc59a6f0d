import { describe, expect, it } from "vitest";
import { layoutPages, type TextPiece } from "../src/ingest/pdfLayout.js";

/** One line of pieces as pdf.js gives them for a PDF LibreOffice exported (positions from real files). */
const line = (y: number, pieces: [string, number, number][]): TextPiece[] => pieces.map(([text, x, width]) => ({ text, x, y, width, size: 13 }));
const laidOut = (...lines: TextPiece[][]) => layoutPages([{ width: 595, height: 842, pieces: lines.flat() }]).trim();

describe("PDF text layout", () => {
  it("puts a letter drawn from another font into the gap of its own word, not its neighbour's", () => {
    // "và t o m": the gap for "ạ" is in "t o", though the guessed widths put it nearer "và t".
    expect(laidOut(line(712.9, [["n khích và t o m", 376, 88.5], ["ạ", 437.1, 7.7], ["ọ", 464.7, 7.8]]))).toBe("n khích và tạo mọ");
  });

  it("ends a word with the letter when its gap was too narrow to be kept as a space", () => {
    expect(laidOut(line(638.1, [["công tác qu n lý, ch đ o, đi", 357.5, 150.8], ["ả", 417.6, 7.7], ["ỉ", 463.9, 4.1], ["ạ", 477.8, 7.7]]))).toBe("công tác quản lý, chỉ đạo, đi");
  });

  it("fills a gap before a mark, and puts a plain letter after a real space among accented ones", () => {
    expect(laidOut(line(608.2, [["chính tr -xã h i, gi", 198, 98.5], ["ị", 238.2, 4.1], ["ộ", 268, 6.5]]))).toBe("chính trị-xã hội, gi");
    expect(laidOut(line(610.7, [["T", 108.1, 6.1], ["ỷ ệ", 114.2, 16.8], ["l", 122.3, 2.8]]))).toBe("Tỷ lệ");
  });

  it("joins a title in capitals wrapped over lines, but not the numbered heading under it", () => {
    const text = laidOut(
      line(760, [["KẾ HOẠCH PHÁT TRIỂN KINH TẾ", 150, 250]]),
      line(745, [["XÃ HỘI NĂM 2024", 220, 120]]),
      line(730, [["A- PHƯƠNG HƯỚNG, MỤC TIÊU CHỦ YẾU", 72, 280]]),
      line(715, [["I- PHƯƠNG HƯỚNG CHUNG", 72, 200]]),
      line(700, [["Đẩy mạnh xây dựng nông thôn mới.", 72, 300]]),
    );
    expect(text.split("\n")).toEqual(["KẾ HOẠCH PHÁT TRIỂN KINH TẾ XÃ HỘI NĂM 2024", "A- PHƯƠNG HƯỚNG, MỤC TIÊU CHỦ YẾU", "I- PHƯƠNG HƯỚNG CHUNG", "Đẩy mạnh xây dựng nông thôn mới."]);
  });

  it("reads a table drawn without rules between its rows a row per line, and a paragraph beside it as text", () => {
    const row = (y: number, cells: string[]) => line(y, cells.map((text, k): [string, number, number] => [text, [77.8, 190.6, 303.4][k]!, text.length * 5]));
    const text = laidOut(
      line(760, [["Các chỉ tiêu chủ yếu của xã trong năm 2024 được giao như sau, theo từng lĩnh vực.", 72, 420]]),
      row(740, ["STT", "Chỉ tiêu", "Kế hoạch"]),
      row(726, ["1", "Trồng cây xanh", "2.500 cây"]),
      row(712, ["2", "Hộ dùng nước sạch", "785 hộ"]),
    );
    expect(text.split("\n").filter(Boolean)).toEqual([
      "Các chỉ tiêu chủ yếu của xã trong năm 2024 được giao như sau, theo từng lĩnh vực.",
      "| STT | Chỉ tiêu | Kế hoạch |",
      "| --- | --- | --- |",
      "| 1 | Trồng cây xanh | 2.500 cây |",
      "| 2 | Hộ dùng nước sạch | 785 hộ |",
    ]);
  });
});
