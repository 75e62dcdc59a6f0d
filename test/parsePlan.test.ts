import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDocument } from "../src/ingest/buildDocument.js";
import type { PlanDocument } from "../src/ingest/types.js";
import { loadKnowledge } from "../src/knowledge/loadKnowledge.js";
import { FIXTURE_DIR, SAMPLE_DIR } from "./helpers/knowledge.js";
import { renderMessage } from "../src/messages/catalogue.js";

const samples = (await loadKnowledge(SAMPLE_DIR)).documents;
const fixtures = (await loadKnowledge(FIXTURE_DIR)).documents;
const byFile = (docs: PlanDocument[], file: string) => docs.find((d) => d.file === file)!;

/** The section path of the passage that contains the given text. */
function pathOf(doc: PlanDocument, text: string): string | undefined {
  const passage = doc.passages.find((p) => p.text.includes(text));
  return passage ? doc.sections[passage.section]!.path : undefined;
}

describe("Phường 1 sample plan (markdown headings)", () => {
  const doc = byFile(samples, "phuong-1-tay-ninh-2024.txt");

  it("reads its metadata", () => {
    expect(doc.meta).toMatchObject({
      number: "05/KH-UBND",
      date: "2024-01-19",
      place: "Phường 1",
      issuer: "UBND Phường 1",
      year: 2024,
      signer: "Trần Hữu Ngọc",
      signerTitle: "Chủ tịch",
      parentPlaces: ["thành phố Tây Ninh"],
    });
    expect(doc.meta.title).toBe("Kế hoạch thực hiện các nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh năm 2024");
    expect(doc.meta.basis[0]).toMatch(/^Căn cứ Nghị quyết số 10\/NQ-HĐND/);
  });

  it.each([
    ["Tỷ lệ thu gom rác đạt 95%.", "I.2"],
    ["Đảm bảo thực hiện đạt và vượt các chỉ tiêu", "I.1"],
    ["kiềm chế tai nạn giao thông", "II.3.3"],
    ["Nghị định 144/2021/NĐ-CP", "II.3.3"],
    ["thực hiện tốt công tác hòa giải cơ sở", "II.3.1"],
    ["TCVN ISO 9001:2015", "II.4"],
    ["hiến máu nhân đạo", "II.5"],
    ["Từng thành viên UBND chủ động", "III"],
  ])("puts %s in section %s", (text, path) => {
    expect(pathOf(doc, text)).toBe(path);
  });

  it("joins a sentence hard-wrapped across a blank line", () => {
    expect(doc.passages.some((p) => p.text.includes("Thực hiện việc giải quyết khiếu nại, tố cáo"))).toBe(true);
    expect(doc.passages.some((p) => p.text.includes("vận động mọi tầng lớp Nhân dân tham gia"))).toBe(true);
  });

  it("keeps the header, the recipients and the signature out of the passages", () => {
    for (const text of ["Số: 05/KH-UBND", "UBND Thành phố;", "Lưu: VT", "Trần Hữu Ngọc", "CHỦ TỊCH"]) {
      expect(doc.passages.some((p) => p.text.includes(text))).toBe(false);
    }
  });

  it("names sections with their numbering in the trail", () => {
    const section = doc.sections.find((s) => s.path === "I.2")!;
    expect(section.heading).toBe("Chỉ tiêu chủ yếu");
    expect(section.trail).toEqual(["I. MỤC TÊU, CHỈ TIÊU CHỦ YẾU", "2. Chỉ tiêu chủ yếu"]);
  });
});

describe("Lai Hưng sample plan (plain text, lettered items)", () => {
  const doc = byFile(samples, "lai-hung-2024.txt");

  it("reads its metadata", () => {
    expect(doc.meta).toMatchObject({
      number: "63/KH-UBND",
      date: "2023-12-01",
      place: "xã Lai Hưng",
      placeKind: "xã",
      placeName: "Lai Hưng",
      issuer: "UBND xã Lai Hưng",
      year: 2024,
      signer: "Banh Quốc Trung",
    });
  });

  it.each([
    ["Duy trì 4 ấp đạt ấp văn hóa.", "I.2"],
    ["Tỷ lệ hộ dân sử dụng điện đạt 99,99%.", "I.3"],
    ["Phấn đấu xây dựng xã đạt Đô thị loại V.", "II.1.đ"],
    ["tỷ lệ học sinh lên lớp đạt 98%", "II.2.a"],
    ["Phân đấu cuối năm, UBND xã", "II.3.đ"],
  ])("puts %s in section %s", (text, path) => {
    expect(pathOf(doc, text)).toBe(path);
  });

  it("takes the label of a lettered item as its heading", () => {
    expect(doc.sections.find((s) => s.path === "II.1.a")!.heading).toBe("Công nghiệp");
    expect(doc.sections.find((s) => s.path === "II.3.d")!.heading).toBe("Nội vụ - Thi đua khen thưởng");
  });

  it("ignores the stray numbers after the signature", () => {
    expect(doc.passages.some((p) => /1947/.test(p.text))).toBe(false);
  });
});

describe("a plan in another layout (national header, PHẦN, 1-, (1), table, BOM, CRLF)", () => {
  const doc = byFile(fixtures, "xa-tan-dinh-2025.txt");

  it("reads the header block and the KT. signature", () => {
    expect(doc.meta).toMatchObject({
      number: "112/KH-UBND",
      date: "2024-12-15",
      place: "xã Tân Định",
      parentPlaces: ["huyện Bến Cát"],
      year: 2025,
      title: "Kế hoạch phát triển kinh tế - xã hội năm 2025",
      signer: "Nguyễn Văn Bình",
      signerTitle: "KT. Chủ tịch - Phó Chủ tịch",
    });
    expect(doc.meta.basis).toHaveLength(2);
  });

  it("numbers (1)-items under 1- sections under PHẦN", () => {
    expect(pathOf(doc, "Giá trị sản xuất nông nghiệp tăng 4,5%")).toBe("I.1.(1)");
    expect(pathOf(doc, "khám sức khỏe định kỳ")).toBe("II.2.b");
  });

  it("keeps the column headers with each table row", () => {
    const row = doc.passages.find((p) => p.kind === "table-row" && p.text.includes("BHYT"))!;
    expect(row.text).toBe("Chỉ tiêu: Tỷ lệ người dân tham gia BHYT; Đơn vị: %; Kế hoạch 2025: 95,2%");
    expect(doc.sections[row.section]!.path).toBe("I.2");
  });

  it("joins a lettered item wrapped over several lines and drops the page number", () => {
    const item = doc.passages.find((p) => p.text.startsWith("Chuyển đổi cơ cấu cây trồng"))!;
    expect(item.text).toContain("phấn đấu có từ 08 đến 10 hộ tham gia mô hình cánh đồng lớn.");
    expect(doc.passages.some((p) => /^- ?2 ?-$/.test(p.text))).toBe(false);
  });
});

describe("metadata supplied by an official", () => {
  it("applies a .meta.yaml sidecar to a web excerpt that names no commune", () => {
    const doc = byFile(fixtures, "web-excerpt-an-phu.md");
    expect(doc.meta).toMatchObject({ place: "phường An Phú", number: "21/KH-UBND", date: "2024-02-01", aliases: ["An Phu ward"] });
    expect(doc.metaSource.place).toBe("override");
    expect(doc.meta.title).toBe("Trích kế hoạch năm 2024");
    expect(doc.warnings.map((w) => w.key)).not.toContain("warning.noPlace");
    expect(doc.warnings.map((w) => w.key)).not.toContain("warning.placeFromFileName");
  });

  it("applies front matter and keeps line numbers true", () => {
    const doc = buildDocument("x.md", "---\nplace: xã Mỹ Phước\nsigner: Lê Văn A\n---\n\n1. Chỉ tiêu\n\n- Tỷ lệ hộ nghèo dưới 2%.\n");
    expect(doc.meta).toMatchObject({ place: "xã Mỹ Phước", placeName: "Mỹ Phước", placeKind: "xã", signer: "Lê Văn A" });
    expect(doc.passages[0]).toMatchObject({ text: "Tỷ lệ hộ nghèo dưới 2%.", line: 8 });
  });

  it("reports a bad override without losing the plan", () => {
    const doc = buildDocument("x.md", "Tỷ lệ hộ nghèo dưới 2%.", "date: 19/01/2024\nnonsense: 1\n");
    expect(doc.passages).toHaveLength(1);
    expect(doc.warnings.filter((w) => w.key === "warning.overrideIgnored").map((w) => renderMessage(w, "vi"))).toEqual([
      "tệp .meta.yaml bên cạnh kế hoạch bị bỏ qua vì các mục sau không hợp lệ: date, nonsense; hãy sửa bằng phần Thông tin kế hoạch",
    ]);
  });

  it("warns about what a plan does not say", () => {
    const doc = buildDocument("ghi-chu.txt", "Tỷ lệ hộ nghèo dưới 2%.");
    expect(doc.warnings.map((w) => w.key)).toEqual(expect.arrayContaining(["warning.noNumber", "warning.noPlace"]));
    const vietnamese = doc.warnings.map((w) => renderMessage(w, "vi")).join("\n");
    expect(vietnamese).toMatch(/không tìm thấy số kế hoạch/);
    expect(vietnamese).toMatch(/kế hoạch không ghi tên xã hoặc phường; hãy điền ô «Địa bàn» ở phần Thông tin kế hoạch/);
    expect(vietnamese).not.toMatch(/meta\.yaml/);
    expect(doc.meta.title).toBe("ghi-chu");
  });

  it("guesses the place from a file name that names one", () => {
    const doc = buildDocument("xa-binh-an-2024.txt", "Tỷ lệ hộ nghèo dưới 2%.");
    expect(doc.meta.place).toBe("xã binh an");
    expect(doc.metaSource.place).toBe("file name");
  });
});

describe("headings in other styles", () => {
  it("reads **bold**, ALL CAPS and 2.1. headings", () => {
    const text = [
      "**A. MỤC TIÊU**",
      "",
      "CHỈ TIÊU VỀ XÃ HỘI",
      "",
      "2.1. Giáo dục",
      "",
      "• Tỷ lệ trẻ đến trường đạt 99%.",
      "",
      "2.2. Y tế",
      "",
      "+ Tỷ lệ tiêm chủng đạt 98%.",
    ].join("\n");
    const doc = buildDocument("styles.md", text);
    expect(pathOf(doc, "Tỷ lệ trẻ đến trường")).toBe("A.2.1");
    expect(pathOf(doc, "Tỷ lệ tiêm chủng")).toBe("A.2.2");
    const section = doc.sections.find((s) => s.path === "A.2.2")!;
    expect(section.trail).toEqual(["A. MỤC TIÊU", "CHỈ TIÊU VỀ XÃ HỘI", "2.2. Y tế"]);
  });

  it("keeps the words before a colon inside brackets in the item, however the line wraps", () => {
    const item = "3. Diện tích các cây trồng chủ yếu (Lúa: diện tích đạt 207 ha, năng suất đạt 140 tạ/ha, sản lượng đạt 2.898 tấn).";
    const oneLine = buildDocument("one-line.txt", `II. CHỈ TIÊU\n\n${item}`);
    const wrapped = buildDocument("wrapped.txt", `II. CHỈ TIÊU\n\n${item.replace(" năng suất", "\nnăng suất")}`);
    for (const doc of [oneLine, wrapped]) {
      const passage = doc.passages.find((p) => p.text.includes("207 ha"))!;
      expect(passage.text).toMatch(/^Diện tích các cây trồng chủ yếu \(Lúa: diện tích đạt 207 ha/);
      expect(doc.sections[passage.section]).toMatchObject({ path: "II.3", heading: "Diện tích các cây trồng chủ yếu" });
    }
  });

  it("reads a long heading in capitals, with or without the part's text on its line", () => {
    const capitals = "NHIỆM VỤ VÀ GIẢI PHÁP PHÁT TRIỂN KINH TẾ, VĂN HÓA, XÃ HỘI, QUỐC PHÒNG AN NINH CỦA XÃ TRONG GIAI ĐOẠN 2026 2030 VÀ NĂM 2026";
    const doc = buildDocument("long.md", [`I. ${capitals} - Tăng cường công tác tuyên truyền.`, "", `II. ${capitals} 1 2 3 4 5 6 7 8 9 10.`, "", "- Tỷ lệ hộ nghèo dưới 2%."].join("\n"));
    expect(doc.sections.map((s) => s.heading)).toEqual(expect.arrayContaining([capitals, `${capitals} 1 2 3 4 5 6 7 8 9 10.`]));
    expect(pathOf(doc, "Tăng cường công tác tuyên truyền")).toBe("I");
  });
});

const SHARED_KNOWLEDGE = join(SAMPLE_DIR, "../../shared/knowledge");
describe.skipIf(!existsSync(SHARED_KNOWLEDGE))("sample plans", () => {
  it("are the shared originals, byte for byte and under the same names", () => {
    for (const file of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]) {
      expect(readFileSync(join(SAMPLE_DIR, file)).equals(readFileSync(join(SHARED_KNOWLEDGE, file)))).toBe(true);
    }
  });
});
