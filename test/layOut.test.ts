import { describe, expect, it } from "vitest";
import { buildDocument } from "../src/ingest/buildDocument.js";
import { layOut } from "../src/ingest/layOut.js";
import { describeRow, newTableContext } from "../src/ingest/tableRows.js";

const cellPerLine = (rows: string[][]) => rows.map((row) => ["|", ...row.flatMap((cell) => [cell, "|"])].join("\n")).join("\n");
/** As the dumps write an empty cell: nothing between two "|" lines (so an empty first or last cell adds a "|" at the row's edge). */
const cellPerLineWithEmpties = (rows: string[][]) => rows.map((row) => ["|", ...row.flatMap((cell) => (cell === "" ? ["|"] : [cell, "|"]))].join("\n")).join("\n");
const pipeRows = (text: string) => layOut(text).text.split("\n").filter((line) => line.startsWith("|"));

describe("tables written one cell per line", () => {
  it("become pipe rows with their header, the column numbers row dropped", () => {
    const text = ["Bảng chỉ tiêu", "", cellPerLine([["**TT**", "**Chỉ tiêu**", "**ĐVT**", "**Năm 2026**"], ["1", "2", "3", "4"], ["1", "Diện tích\nlúa", "Ha", "772"]]), "", "Sau bảng."].join("\n");
    const { text: laid, lineOf } = layOut(text);
    const rows = laid.split("\n").filter((line) => line.startsWith("|"));
    expect(rows).toEqual(["| TT | Chỉ tiêu | ĐVT | Năm 2026 |", "| --- | --- | --- | --- |", "| 1 | Diện tích lúa | Ha | 772 |"]);
    // Each line keeps the number of the line it came from.
    expect(lineOf[laid.split("\n").indexOf("Sau bảng.")]).toBe(text.split("\n").indexOf("Sau bảng.") + 1);
  });

  it("merge a header spread over two rows, and put back rows cut at empty cells", () => {
    const text = cellPerLine([
      ["TT", "Sản phẩm", "Năm 2026", "Năm 2027"],
      ["Lượng (Tấn)", "Giá trị (USD)", "Lượng (Tấn)", "Giá trị (USD)"],
      ["1", "Xoài", "13.500", "7.000", "14.800", "7.800"],
      ["2", "Sữa"],
      ["14.000"],
      ["19.000"],
    ]);
    const rows = layOut(text).text.split("\n").filter((line) => line.startsWith("|"));
    expect(rows[0]).toBe("| TT | Sản phẩm | Năm 2026 Lượng (Tấn) | Năm 2026 Giá trị (USD) | Năm 2027 Lượng (Tấn) | Năm 2027 Giá trị (USD) |");
    expect(rows[3]).toBe("| 2 | Sữa |  | 14.000 |  | 19.000 |");
  });

  it("that only lay out the header are read as its lines: number, date, issuer and place", () => {
    const header = cellPerLine([
      ["**ỦY BAN NHÂN\nDÂN**\n**TỈNH SƠN LA**", "**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc"],
      ["Số: 12/KH-UBND", "*Sơn La, ngày\n20 tháng 11 năm 2025*"],
    ]);
    const doc = buildDocument("plan.md", `${header}\n\n**KẾ HOẠCH**\n\nXUẤT KHẨU HÀNG HÓA\n\n**I. MỤC TIÊU**\n\n1. Kim ngạch xuất khẩu đạt 500 triệu USD.\n`);
    expect(doc.meta).toMatchObject({ number: "12/KH-UBND", date: "2025-11-20", place: "tỉnh Sơn La", issuer: "UBND tỉnh Sơn La" });
  });
});

describe("a header on one line", () => {
  it("gives the place in proper case, not the line after it", () => {
    const doc = buildDocument("x.txt", "ỦY BAN NHÂN DÂN XÃ TÂN ĐỊNH\nSố: 112/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế - xã hội năm 2025\n\n1. Sản lượng lúa đạt 2.961 tấn.\n");
    expect(doc.meta.place).toBe("xã Tân Định");
  });
});

describe("a bold numbered heading wrapped over two lines", () => {
  it("is one heading", () => {
    const doc = buildDocument("x.md", "**I. ĐỐI TƯỢNG VÀ THỜI GIAN\nTHI ĐUA**\n\nCác xã, phường tham gia thi đua trong 10 ngày.\n");
    expect(doc.sections.map((s) => s.heading)).toContain("ĐỐI TƯỢNG VÀ THỜI GIAN THI ĐUA");
  });
});

describe("table rows", () => {
  it("give numbers the unit of their row or column, and items the label of their group", () => {
    const context = newTableContext(["TT", "Chỉ tiêu", "ĐVT", "Năm 2025", "Năm 2030"]);
    expect(describeRow(["I", "CÂY CÔNG NGHIỆP", "", "", ""], context)).toBe("Chỉ tiêu: CÂY CÔNG NGHIỆP");
    expect(describeRow(["1", "Cà phê", "", "", ""], context)).toBe("Chỉ tiêu: Cà phê");
    expect(describeRow(["-", "Sản lượng", "Tấn", "37.724", "54.468"], context)).toBe(
      "Cà phê – Chỉ tiêu: Sản lượng; ĐVT: Tấn; Năm 2025: 37.724 Tấn; Năm 2030: 54.468 Tấn",
    );
    expect(describeRow(["2", "Chè", "", "", ""], context)).toBe("Chỉ tiêu: Chè");
    expect(describeRow(["-", "Diện tích", "Ha", "6.132", "8.000"], context)).toMatch(/^Chè – /);
    const priced = newTableContext(["TT", "Hạng mục", "Đơn giá (đồng)"]);
    expect(describeRow(["1", "Đo nhiệt độ", "95.614"], priced)).toBe("Hạng mục: Đo nhiệt độ; Đơn giá (đồng): 95.614 đồng");
    // A row number column whose header a converter split ("S TT") gives no "S TT: I".
    expect(describeRow(["I", "SỞ Y TẾ", "14.000"], newTableContext(["S TT", "Đơn vị thực hiện", "Kế hoạch vốn năm 2023"]))).toBe(
      "Đơn vị thực hiện: SỞ Y TẾ; Kế hoạch vốn năm 2023: 14.000",
    );
  });
});

describe("a decision with the plan it issues after its signature", () => {
  it("reads the attached plan as body, under its title", () => {
    const doc = buildDocument(
      "qd.md",
      [
        "QUYẾT ĐỊNH",
        "Về việc ban hành Kế hoạch phòng chống thiên tai",
        "",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng chống thiên tai.",
        "",
        "Nơi nhận:",
        "- Như Điều 1;",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn A",
        "",
        "KẾ HOẠCH",
        "PHÒNG CHỐNG THIÊN TAI",
        "",
        "I. MỤC TIÊU",
        "",
        "- Phấn đấu 100% hộ gia đình được tiếp nhận đầy đủ thông tin về thiên tai.",
      ].join("\n"),
    );
    const passage = doc.passages.find((p) => p.text.includes("100% hộ gia đình"));
    expect(passage).toBeDefined();
    expect(doc.sections[passage!.section]!.trail).toEqual(["KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI", "I. MỤC TIÊU"]);
    expect(doc.meta.signer).toBe("Nguyễn Văn A");
  });
});

describe("a two-column header copied into single lines", () => {
  it("is split back into its columns, so number, date and place are read", () => {
    const doc = buildDocument(
      "x.txt",
      "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM XÃTRUNG CHÍNH Độc lập - Tự do - Hạnh phúc\n\nSố: 19/BC-UBND Trung Chính, ngày 30 tháng 05 năm 2019\n\nBÁO CÁO\nKết quả thực hiện\n\n1. Tỷ lệ hộ nghèo giảm còn 2%.\n",
    );
    expect(doc.meta).toMatchObject({ number: "19/BC-UBND", date: "2019-05-30", place: "xã Trung Chính" });
  });

  it("or missing altogether: the commune the text names more than once is the place", () => {
    const doc = buildDocument("x.txt", "Kỳ họp HĐND phường Tân Hòa năm 2025.\n\nNăm 2026 phường Tân Hòa phấn đấu thu ngân sách 40,6 tỷ đồng.\n");
    expect(doc.meta.place).toBe("phường Tân Hòa");
    expect(buildDocument("y.txt", "Đoàn công tác thăm xã Vạn Long.\n\nTỷ lệ hộ nghèo còn 2%.\n").meta.place).toBeUndefined();
  });
});

describe("items of a list", () => {
  it("answer a question about one item, and the sentence they belong to a question about the total", async () => {
    const { answerQuestion } = await import("../src/answer/answerQuestion.js");
    const { buildIndex } = await import("../src/search/knowledgeIndex.js");
    const { loadLexicon } = await import("../src/lexicon/lexicon.js");
    const doc = buildDocument(
      "x.txt",
      "Số: 5/KH-UBND\n\nKẾ HOẠCH\nnăm 2024\n\nI. CHỈ TIÊU\n\n1. Sản xuất nông nghiệp\n\n- Hỗ trợ 120 hộ vay vốn sản xuất, trong đó:\n+ Hộ nghèo: 45 hộ;\n+ Hộ cận nghèo: 30 hộ.\n- Trồng mới 2 ha rừng.\n",
    );
    const index = buildIndex([doc], loadLexicon());
    expect(answerQuestion("bao nhiêu hộ nghèo được vay vốn sản xuất?", index).answers[0]?.figures[0]?.text).toBe("45 hộ");
    expect(answerQuestion("Hỗ trợ bao nhiêu hộ vay vốn sản xuất?", index).answers[0]?.figures[0]?.text).toBe("120 hộ");
  });
});

describe("a table written as one run of cells, a '|' line between each two", () => {
  const RUN = ["Phụ lục chỉ tiêu", "", "STT", "|", "Tên chỉ tiêu", "|", "Đơn vị tính", "|", "Chỉ tiêu cụ thể", "|", "I", "|", "Hạ tầng số (02 chỉ tiêu)", "|", "|", "|",
    "1", "|", "Tỷ", "lệ cán bộ được trang bị máy vi tính", "|", "%", "|", "100", "|", "2", "|", "Tỷ lệ thôn có wifi công cộng", "|", "%", "|", "80", "|"].join("\n");

  it("becomes pipe rows under its header, a group row as one cell", () => {
    const lines = layOut(RUN).text.split("\n").filter((line) => line.startsWith("|"));
    expect(lines).toEqual([
      "| STT | Tên chỉ tiêu | Đơn vị tính | Chỉ tiêu cụ thể |",
      "| --- | --- | --- | --- |",
      "| I. Hạ tầng số (02 chỉ tiêu) |",
      "| 1 | Tỷ lệ cán bộ được trang bị máy vi tính | % | 100 |",
      "| 2 | Tỷ lệ thôn có wifi công cộng | % | 80 |",
    ]);
  });

  it("gives each row its figure with the unit of its 'Đơn vị tính' cell", () => {
    const doc = buildDocument("pl.md", RUN);
    const row = doc.passages.find((p) => p.text.includes("wifi"));
    expect(row?.text).toContain("Chỉ tiêu cụ thể: 80 %");
  });
});

describe("cells merged or left empty in a table written one cell per line", () => {
  const PRICED = ["TT", "Chỉ tiêu", "Tần suất (đợt/tháng)", "Số điểm", "Số mẫu", "Đơn giá (đồng)", "Thành tiền (đồng)", "Ghi chú"];
  const LOBSTER = "Vùng nuôi tôm hùm lồng bè. Tần suất quan trắc: 26 đợt/năm; tháng 3, 4 và tháng 9 - tháng 11 tần suất quan trắc 02 đợt/tháng";

  it("keep a figure after a text merged across columns in the column the row ends at", () => {
    const text = cellPerLineWithEmpties([
      PRICED,
      ["1.1", "Vùng nuôi tôm nước lợ", "428.418.252", ""],
      ["-", "Nhiệt độ nước", "2", "6", "1", "95.614", "10.326.312", "STT 6"],
      ["1.2", LOBSTER, "590.542.236", ""],
      ["-", "Oxy hòa tan (DO)", "", "26", "156", "109.451", "17.074.356", "STT 12"],
    ]);
    expect(pipeRows(text).slice(2)).toEqual([
      "| 1.1 | Vùng nuôi tôm nước lợ |  |  |  |  | 428.418.252 |  |",
      "| - | Nhiệt độ nước | 2 | 6 | 1 | 95.614 | 10.326.312 | STT 6 |",
      `| 1.2 | ${LOBSTER} |  |  |  |  | 590.542.236 |  |`,
      "| - | Oxy hòa tan (DO) |  | 26 | 156 | 109.451 | 17.074.356 | STT 12 |",
    ]);
    const lobster = buildDocument("dt.md", `DỰ TOÁN\n\n${text}\n`).passages.find((p) => p.text.includes("tôm hùm"));
    expect(lobster?.text).toContain("Thành tiền (đồng): 590.542.236 đồng");
    expect(lobster?.text).not.toMatch(/Tần suất \(đợt\/tháng\): 590/);
  });

  it("put a figure after several empty cells under its own column", () => {
    const text = cellPerLineWithEmpties([
      ["STT", "Địa điểm", "Đối tượng quan trắc"],
      ["Nguồn nước cấp", "Ao nuôi tôm", "Nuôi ngao", "Cá lồng"],
      ["1", "Cửa sông lạch Càn", "1", "", "", ""],
      ["8", "xã Tân Tiến", "", "2", "1", ""],
      ["22", "xã Thường Xuân", "", "", "", "1"],
      ["", "Tổng cộng", "15", "21", "4", "3"],
    ]);
    expect(pipeRows(text).slice(2)).toEqual([
      "| 1 | Cửa sông lạch Càn | 1 |  |  |  |",
      "| 8 | xã Tân Tiến |  | 2 | 1 |  |",
      "| 22 | xã Thường Xuân |  |  |  | 1 |",
      "|  | Tổng cộng | 15 | 21 | 4 | 3 |",
    ]);
  });

  it("keep the label of a total row whose number cell is empty", () => {
    const text = cellPerLineWithEmpties([
      ["TT", "Sản phẩm", "Kế hoạch 2026", "Kế hoạch 2027"],
      ["Lượng (Tấn)", "Giá trị (Nghìn USD)", "Lượng (Tấn)", "Giá trị (Nghìn USD)"],
      ["1", "2", "3", "4", "5", "6"],
      ["", "Tổng I + II", "", "240.000", "", "270.000"],
      ["I", "Mặt hàng nông sản", "", "235.000", "", "265.000"],
      ["1", "Xoài", "13.500", "7.000", "14.800", "7.800"],
    ]);
    const total = buildDocument("pl.md", `PHỤ LỤC\n\n${text}\n`).passages.find((p) => p.text.includes("240.000"));
    expect(total?.text).toMatch(/^Sản phẩm: Tổng I \+ II; Kế hoạch 2026 Giá trị \(Nghìn USD\): 240\.000 Nghìn USD/);
  });
});

describe("a table row shorter than its header", () => {
  const HEADER = ["TT", "Chỉ tiêu", "Tần suất (đợt/tháng)", "Số điểm", "Đơn giá (đồng)", "Thành tiền (đồng)"];

  it("gives a figure after a text merged across columns no header it may not stand under", () => {
    const described = describeRow(["1.2", "Vùng nuôi tôm hùm lồng bè. Tần suất quan trắc: 26 đợt/năm; tháng 3 - tháng 11 tần suất 02 đợt/tháng", "590.542.236"], newTableContext(HEADER));
    expect(described).toContain("590.542.236");
    expect(described).not.toMatch(/Tần suất \(đợt\/tháng\): 590/);
  });

  it("whose first cell is a label, not a number, is read from the right: its left cells are merged from above or across", () => {
    const header = ["TT", "Đối tượng quan trắc", "Thông số quan trắc", "Tần suất quan trắc", "Số lượng mẫu/lần", "Tổng số (mẫu)"];
    expect(describeRow(["- Thuốc bảo vệ thực vật", "02 lần/năm", "15", "30"], newTableContext(header))).toBe(
      "Thông số quan trắc: - Thuốc bảo vệ thực vật; Tần suất quan trắc: 02 lần/năm; Số lượng mẫu/lần: 15; Tổng số (mẫu): 30 mẫu",
    );
  });

  it("keeps a total's label written in the number column", () => {
    const context = newTableContext(["TT", "Sản phẩm", "Năm 2026", "Năm 2027"]);
    expect(describeRow(["Tổng cộng", "", "240.000", "270.000"], context)).toBe("Tổng cộng; Năm 2026: 240.000; Năm 2027: 270.000");
  });

  it("that adds up the rows above is an item of no group, and an item named 'Tổng …' still is one", () => {
    const context = newTableContext(["TT", "Chỉ tiêu", "ĐVT", "Năm 2030"]);
    describeRow(["III", "BÒ SỮA", "", ""], context);
    expect(describeRow(["-", "Tổng đàn", "Con", "29.000"], context)).toMatch(/^BÒ SỮA – Chỉ tiêu: Tổng đàn/);
    expect(describeRow(["", "Tổng (I + II + III)", "", "1.500.000"], context)).toBe("Chỉ tiêu: Tổng (I + II + III); Năm 2030: 1.500.000");
  });
});

describe("numbered rows under a group row of a table", () => {
  it("carry the group as their lead", () => {
    const doc = buildDocument(
      "pl.md",
      [
        "PHỤ LỤC CHỈ TIÊU",
        "",
        "| STT | Tên chỉ tiêu | Đơn vị tính | Chỉ tiêu cụ thể |",
        "| --- | --- | --- | --- |",
        "| I. Đào tạo, chuyển đổi nhận thức (02 chỉ tiêu) |",
        "| 1 | Tỷ lệ cán bộ được tập huấn kỹ năng số | % | 100 |",
        "| II. Hạ tầng số (05 chỉ tiêu) |",
        "| 1 | Tỷ lệ cán bộ được trang bị máy vi tính | % | 100 |",
        "| - | Trong đó máy tính xách tay | % | 30 |",
        "| 2 | Kết nối mạng |  |  |",
      ].join("\n"),
    );
    const rowOf = (words: string) => doc.passages.find((p) => p.text.includes(words));
    expect(rowOf("kỹ năng số")?.lead).toBe("Đào tạo, chuyển đổi nhận thức (02 chỉ tiêu)");
    expect(rowOf("máy vi tính")?.lead).toBe("Hạ tầng số (05 chỉ tiêu)");
    // A Roman group row is no row of a group; a numbered one is a row of the Roman group above.
    expect(rowOf("Hạ tầng số")?.lead).toBeUndefined();
    expect(rowOf("Kết nối mạng")?.lead).toBe("Hạ tầng số (05 chỉ tiêu)");
  });
});
