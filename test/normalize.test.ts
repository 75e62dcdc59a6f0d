import { describe, expect, it } from "vitest";
import { cleanText, collapseSpaces, exactKey, foldDiacritics, foldedKey, foldPhrase } from "../src/text/normalize.js";
import { tokenize } from "../src/text/tokenize.js";

describe("Vietnamese normalisation", () => {
  it.each([
    ["hoà", "hòa"],
    ["thuỷ", "thủy"],
    ["khoẻ", "khỏe"],
    ["tỉ", "tỷ"],
    ["sĩ", "sỹ"],
    ["kĩ", "kỹ"],
    ["quí", "quý"],
    ["Tỷ", "tỷ"],
  ])("gives %s and %s the same exact key", (a, b) => {
    expect(exactKey(a)).toBe(exactKey(b));
  });

  it("keeps words that differ only in diacritics apart, and folds them together", () => {
    const keys = ["duong", "dương", "đường"].map(exactKey);
    expect(new Set(keys).size).toBe(3);
    expect(new Set(["duong", "dương", "đường"].map(foldedKey))).toEqual(new Set(["duong"]));
  });

  it("does not turn the diphthong uy into ui", () => {
    expect(exactKey("thủy")).not.toBe(exactKey("thủi"));
    expect(foldedKey("tuy")).toBe("tuy");
  });

  it("treats NFD input like NFC", () => {
    const nfd = "Tỷ lệ thu gom rác".normalize("NFD");
    expect(tokenize(nfd).map((t) => t.exact)).toEqual(tokenize("Tỷ lệ thu gom rác").map((t) => t.exact));
    expect(cleanText(nfd)).toBe("Tỷ lệ thu gom rác");
  });

  it("cleans BOM, CRLF, non-breaking and zero-width spaces", () => {
    expect(cleanText("\uFEFFa\r\nb\rc\u00A0d\u200Be")).toBe("a\nb\nc de");
  });

  it("composes a letter with its mark once an invisible character between them is gone, so cleaning twice changes nothing", () => {
    const clean = cleanText("Tha\uFEFF\u0300nh A\u200B\u0301");
    expect(clean).toBe("Thành Á");
    expect(cleanText(clean)).toBe(clean);
  });

  it("collapses every run of white space into one space, and leaves single spaces alone", () => {
    expect(collapseSpaces("Tỷ lệ  thu\tgom \n rác\u00A0đạt 95%")).toBe("Tỷ lệ thu gom rác đạt 95%");
    expect(collapseSpaces(" a ")).toBe(" a ");
    expect(collapseSpaces("\t")).toBe(" ");
    const unchanged = "Tỷ lệ thu gom rác đạt 95%";
    expect(collapseSpaces(unchanged)).toBe(unchanged);
  });

  it("folds đ and every mark", () => {
    expect(foldDiacritics("Đường Đồng Khởi")).toBe("Duong Dong Khoi");
    expect(foldPhrase("  Xã  LAI HƯNG! ")).toBe("xa lai hung");
  });

  it("keeps decimal commas, thousands dots and phrase breaks in tokens", () => {
    const tokens = tokenize("BHYT đạt 93,45%; 2.961 tấn");
    expect(tokens.map((t) => t.text)).toEqual(["BHYT", "đạt", "93,45", "2.961", "tấn"]);
    expect(tokens[3]!.phrase).toBeGreaterThan(tokens[2]!.phrase);
  });
});
