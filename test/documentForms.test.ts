import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answer/answerQuestion.js";
import { buildDocument } from "../src/ingest/buildDocument.js";
import { layOut } from "../src/ingest/layOut.js";
import { splitUnits } from "../src/ingest/units.js";
import { quoteOf } from "../src/answer/quote.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { buildIndex, updateIndex } from "../src/search/knowledgeIndex.js";

const lexicon = loadLexicon();

/** A decision as web dumps of provincial documents lay it out: letterhead and signature in pipe tables. */
const DECISION = [
  "| ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |",
  "|---|---|",
  "| Số: 518/QĐ-UBND | Bình Định, ngày 23 tháng 02 năm 2023 |",
  "",
  "QUYẾT ĐỊNH",
  "",
  "VỀ VIỆC PHÂN BỔ KẾ HOẠCH VỐN NĂM 2023 THỰC HIỆN ĐỀ ÁN Y TẾ CƠ SỞ GIAI ĐOẠN 2022-2025.",
  "",
  "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
  "",
  "Căn cứ Luật Đầu tư công ngày 13/6/2019;",
  "",
  "QUYẾT ĐỊNH:",
  "",
  "Điều 1. Phân bổ 50.000 triệu đồng cho các trạm y tế xã.",
  "",
  "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
  "",
  "| Nơi nhận: - Như Điều 3; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lâm Hải Giang |",
  "|---|---|",
].join("\n");

describe("letterhead and signature laid out in pipe tables", () => {
  it("are read as their lines: number, date, place, signer and role", () => {
    const doc = buildDocument("qd.md", DECISION);
    expect(doc.meta).toMatchObject({
      number: "518/QĐ-UBND",
      date: "2023-02-23",
      place: "tỉnh Bình Định",
      signer: "Lâm Hải Giang",
      signerTitle: "KT. Chủ tịch - Phó Chủ tịch",
    });
  });

  it("leave data tables alone", () => {
    const table = "| TT | Chỉ tiêu | Năm 2026 |\n|---|---|---|\n| 1 | Số: hộ nghèo | 45 |\n";
    expect(layOut(table).text).toBe(table);
  });
});

describe("the title of a decision", () => {
  it("goes on over its subject in capitals, ending with a full stop, and stops at the enacting body", () => {
    const { meta } = buildDocument("qd.md", DECISION);
    expect(meta.title).toMatch(/^Quyết định về việc phân bổ kế hoạch vốn năm 2023 .* giai đoạn 2022-2025\.$/);
    expect(meta.basis).toEqual(["Căn cứ Luật Đầu tư công ngày 13/6/2019;"]);
  });

  it("gives the year it names as such, not the end of a period", () => {
    expect(buildDocument("qd.md", DECISION).meta.year).toBe(2023);
  });

  it("names the kind of document in replies (a decision is not called a plan)", () => {
    const index = buildIndex([buildDocument("qd.md", DECISION)], lexicon);
    const signer = answerQuestion("Quyết định 518 do ai ký?", index);
    expect(signer.reply).toMatch(/^Quyết định số 518\/QĐ-UBND của UBND tỉnh Bình Định do KT\. Chủ tịch - Phó Chủ tịch Lâm Hải Giang ký\./);
    const english = answerQuestion("Who signed decision 518?", index);
    expect(english.reply).toMatch(/^Decision No\. 518\/QĐ-UBND/);
  });
});

describe("a resolution without a letterhead, after markup a converter left", () => {
  const RESOLUTION = [
    '<jsontable name="bang_0"> </jsontable>',
    "NGHỊ QUYẾT",
    "VỀ",
    "CHƯƠNG TRÌNH GIÁM SÁT CỦA HỘI ĐỒNG NHÂN DÂN TỈNH NĂM 2018",
    "HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI",
    "KHÓA XI, KỲ HỌP THỨ BA",
    "Căn cứ Luật Hoạt động giám sát năm 2015;",
    "",
    "Điều 1. Thông qua chương trình giám sát năm 2018 như nội dung Tờ trình số 289/TTr-HĐND ngày 27/6/2017 của Thường trực.",
    "",
    "Điều 2. Nghị quyết này đã được Hội đồng nhân dân tỉnh khóa XI thông qua ngày 13 tháng 7 năm 2017.",
  ].join("\n");

  it("takes its title and its council from the lines under the title", () => {
    const { meta } = buildDocument("nq.md", RESOLUTION);
    expect(meta.title).toBe("Nghị quyết về chương trình giám sát của hội đồng nhân dân tỉnh năm 2018");
    expect(meta.issuer).toBe("HĐND tỉnh Gia Lai");
  });

  it("answers 'which day' from a date of its own, not the date of a document it cites", () => {
    const index = buildIndex([buildDocument("nq.md", RESOLUTION)], lexicon);
    const result = answerQuestion("Hội đồng nhân dân tỉnh thông qua nghị quyết ngày nào?", index);
    expect(result.status).toBe("answered");
    expect(result.answers[0]!.quote).toMatch(/thông qua ngày 13 tháng 7 năm 2017/);
    // The sentence that shares most words gives only the date of the Tờ trình it cites: not an answer.
    expect(answerQuestion("Chương trình giám sát năm 2018 được thông qua ngày nào?", index).reply).not.toMatch(/27\/6\/2017/);
    // Asked about the document cited, its date is the answer.
    const cited = answerQuestion("Tờ trình số 289/TTr-HĐND ngày nào?", index);
    expect(cited.answers[0]?.quote).toMatch(/ngày 27\/6\/2017/);
  });
});

describe("a table row of one merged cell", () => {
  it("is a group row: the rows under it keep the table's column headers", () => {
    const doc = buildDocument(
      "pl.md",
      [
        "PHỤ LỤC",
        "",
        "| STT | Tên nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |",
        "| --- | --- | --- | --- |",
        "| I. NÂNG CAO NHẬN THỨC |",
        "| 1 | Biểu dương doanh nghiệp có thành tích chuyển đổi số | Sở Nội vụ | Hằng năm |",
      ].join("\n"),
    );
    const row = doc.passages.find((p) => p.text.includes("Biểu dương"));
    expect(row?.text).toMatch(/Cơ quan chủ trì: Sở Nội vụ/);
    const index = buildIndex([doc], lexicon);
    const result = answerQuestion("Cơ quan nào chủ trì biểu dương doanh nghiệp chuyển đổi số?", index);
    expect(result.answers[0]?.quote).toMatch(/Sở Nội vụ/);
  });
});

describe("kinds of answer", () => {
  const doc = buildDocument(
    "kh.txt",
    [
      "Số: 7/KH-UBND",
      "",
      "KẾ HOẠCH",
      "giai đoạn 2021-2025, tầm nhìn đến năm 2030",
      "",
      "I. CHỈ TIÊU",
      "",
      "| TT | Tiêu chí thi đua | Điểm chuẩn | Hướng dẫn |",
      "| --- | --- | --- | --- |",
      "| 1 | Tỷ lệ % người hưởng trợ cấp nhận tiền không dùng tiền mặt | 20 | Điểm = Tỷ lệ * 100% |",
      "",
      "1. Phấn đấu có ít nhất 70% số người hưởng trợ cấp nhận tiền không dùng tiền mặt.",
      "2. Đến năm 2025 xử lý 80% tổng lượng nước thải.",
      "3. Đến năm 2030 xử lý 90% tổng lượng nước thải.",
    ].join("\n"),
  );
  const index = buildIndex([doc], lexicon);

  it("'bao nhiêu %' asks for a percentage", () => {
    const result = answerQuestion("phấn đấu bao nhiêu % người hưởng trợ cấp nhận tiền không dùng tiền mặt?", index);
    expect(result.explanation.answerType).toBe("percent");
    expect(result.answers[0]?.figures[0]?.text).toBe("70%");
  });

  it("a year asked for picks the passage that names it over its twin for another year", () => {
    expect(answerQuestion("đến năm 2030 xử lý bao nhiêu nước thải?", index).answers[0]?.figures[0]?.text).toBe("90%");
    expect(answerQuestion("đến năm 2025 xử lý bao nhiêu nước thải?", index).answers[0]?.figures[0]?.text).toBe("80%");
  });
});

describe("questions about a document by its kind", () => {
  const PROGRAMME = [
    "CHƯƠNG TRÌNH HÀNH ĐỘNG Thực hiện Nghị quyết Đại hội Đảng bộ thị trấn Vĩnh Lộc, nhiệm kỳ 2020 – 2025",
    "",
    "Ngày 18/09/2020 14:18:37",
    "",
    "UỶ BAN NHÂN DÂN",
    "",
    "THỊ TRẤN VĨNH LỘC",
    "",
    "Số: 76 /CTr - UBND",
    "",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "",
    "Vĩnh Lộc, ngày 29 tháng 5 năm 2020",
    "",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "Thực hiện Nghị quyết Đại hội Đảng bộ thị trấn",
    "",
    "Căn cứ Báo cáo thẩm tra số 50/BC-HĐND ngày 07/7/2017 của Ban Văn hóa - Xã hội.",
    "",
    "I. MỤC TIÊU",
    "",
    "1. Thu nhập bình quân đạt 60 triệu đồng/người/năm.",
  ].join("\n");
  const doc = buildDocument("ctr.md", PROGRAMME);
  const index = buildIndex([doc], lexicon);

  it("read the letterhead under a web page's own title, with a number typed with spaces", () => {
    expect(doc.meta).toMatchObject({ number: "76/CTr-UBND", date: "2020-05-29", place: "thị trấn Vĩnh Lộc" });
  });

  it("'<kind> … số mấy?' asks this document's number", () => {
    const result = answerQuestion("Chương trình hành động của thị trấn Vĩnh Lộc số mấy?", index);
    expect(result.explanation.decision).toBe("answered from the document's number");
    expect(result.reply).toMatch(/^Chương trình của UBND thị trấn Vĩnh Lộc có số 76\/CTr-UBND/);
  });

  it("a document of another kind, or one named inside the question, is looked for in the text", () => {
    const report = answerQuestion("Báo cáo thẩm tra của Ban Văn hóa - Xã hội số mấy?", index);
    expect(report.answers[0]?.quote).toMatch(/50\/BC-HĐND/);
    const cited = answerQuestion("Chương trình hành động theo báo cáo thẩm tra số mấy?", index);
    expect(cited.explanation.decision).not.toBe("answered from the document's number");
  });
});

describe("the measure and the rate asked for", () => {
  const doc = buildDocument(
    "qt.txt",
    [
      "Số: 9/KH-UBND",
      "",
      "KẾ HOẠCH",
      "Quan trắc môi trường nuôi trồng thủy sản năm 2026",
      "",
      "I. NỘI DUNG",
      "",
      "- Quan trắc môi trường ao nuôi tôm tại 21 vị trí với tần suất 02 lần/tháng, số lượng mẫu quan trắc 336 mẫu/năm.",
      "- Quan trắc môi trường nuôi ngao tại 04 bãi nuôi, số lượng mẫu quan trắc 64 mẫu/năm.",
      "- Vùng nuôi tôm hùm lồng bè quan trắc 26 đợt/năm, từ tháng 5 đến tháng 8 quan trắc 04 đợt/tháng.",
      "- In 2.000 tờ rơi tuyên truyền về bảo vệ môi trường nuôi trồng thủy sản.",
      "- Tập huấn cho 300 hộ nuôi tôm về phòng bệnh.",
    ].join("\n"),
  );
  const index = buildIndex([doc], lexicon);

  it("'số mẫu … mỗi năm' puts the count of samples per year first", () => {
    const result = answerQuestion("số mẫu quan trắc môi trường nuôi tôm mỗi năm là bao nhiêu?", index);
    expect(result.explanation.answerType).toBe("number");
    expect(result.answers[0]?.figures[0]?.text).toBe("336 mẫu/năm");
  });

  it("'mấy đợt mỗi tháng' puts the monthly figure first", () => {
    expect(answerQuestion("tôm hùm lồng bè quan trắc mấy đợt mỗi tháng?", index).answers[0]?.figures[0]?.text).toBe("04 đợt/tháng");
  });
});

describe("'bao nhiêu' asks for a count", () => {
  it("that a year, a date or a document's number does not give", () => {
    const doc = buildDocument(
      "qd.txt",
      [
        "Số: 87/NQ-HĐND",
        "",
        "NGHỊ QUYẾT",
        "Thông qua Đề án quy tụ dân cư giai đoạn 2018-2020",
        "",
        "Điều 1. Thông qua Đề án quy tụ dân cư giai đoạn 2018-2020 theo Tờ trình số 12/TTr-UBND ngày 05/7/2017.",
        "",
        "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.",
      ].join("\n"),
    );
    const index = buildIndex([doc], lexicon);
    expect(answerQuestion("Đề án quy tụ dân cư thực hiện cho bao nhiêu hộ?", index).status).toBe("no_answer");
    // Nor do the numbers of a document's parts or a name's Roman numeral ("Điều 1", "Học kỳ I").
    const parts = buildDocument("qd.txt", "QUYẾT ĐỊNH\nvề thời gian năm học\n\nĐiều 1. Học kỳ I: Bắt đầu sớm.\n\nĐiều 2. Thủ trưởng các ngành thực hiện quy định tại Điều 1 Quyết định này.\n");
    expect(answerQuestion("Học phí của học kỳ I là bao nhiêu?", buildIndex([parts], lexicon)).status).toBe("no_answer");
    // A year before a comma is a year too ("giai đoạn 2018 - 2020, với những nội dung sau:").
    const lead = buildDocument("nq.txt", "NGHỊ QUYẾT\nvề đề án\n\nĐiều 1. Thông qua Đề án quy tụ dân cư giai đoạn 2018 - 2020, với những nội dung chủ yếu sau:\n\nĐiều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.\n");
    expect(answerQuestion("Đề án quy tụ dân cư cho bao nhiêu hộ?", buildIndex([lead], lexicon)).status).toBe("no_answer");
    // Asked for a document's number, the number is the answer.
    expect(answerQuestion("Đề án được thông qua theo tờ trình số mấy?", index).answers[0]?.quote).toMatch(/12\/TTr-UBND/);
  });
});

describe("a syllable typed with its tone marks", () => {
  it("does not match another word that shares its bare letters (giá / quốc gia)", async () => {
    const { sampleIndex } = await import("./helpers/knowledge.js");
    const result = answerQuestion("Giá điện năm nay bao nhiêu?", sampleIndex);
    expect(result.status).toBe("no_answer");
    // Typed without tone marks, the bare letters still find the plan's words.
    expect(answerQuestion("ty le thu gom rac la bao nhieu", sampleIndex).status).toBe("answered");
  });
});

describe("a decision asked about by its title", () => {
  const withFunding = DECISION.replace(
    "Điều 2.",
    "Điều 3. Kinh phí giao cho Sở Y tế theo Quyết định số 2566/QĐ-UBND ngày 20/12/2022.\n\nĐiều 2.",
  );
  const doc = buildDocument("qd.md", `|\n${withFunding}`);
  const index = buildIndex([doc], lexicon);

  it("reads the letterhead after a stray '|' line", () => {
    expect(doc.meta.number).toBe("518/QĐ-UBND");
  });

  it("'<kind> <words of its title> ngày nào?' asks for its date", () => {
    const result = answerQuestion("quyet dinh phan bo ke hoach von y te co so binh dinh ngay nao", index);
    expect(result.explanation.decision).toBe("answered from the document's date");
    expect(result.reply).toMatch(/23\/02\/2023/);
  });

  it("'theo quyết định số mấy?' asks for the document something was done under", () => {
    const result = answerQuestion("Kinh phí giao cho Sở Y tế theo quyết định số mấy?", index);
    expect(result.answers[0]?.quote).toMatch(/2566\/QĐ-UBND/);
  });
});

describe("the situation now", () => {
  it("'hiện có bao nhiêu' prefers the passage that says how things are now over a target", () => {
    const doc = buildDocument(
      "5g.txt",
      [
        "Số: 310/KH-UBND",
        "",
        "KẾ HOẠCH",
        "Phát triển mạng 5G trong các khu công nghiệp năm 2026",
        "",
        "I. THỰC TRẠNG",
        "",
        "Hiện nay, tổng số trạm thu phát sóng tại các khu công nghiệp khoảng 180 trạm, trong đó có 22 trạm 5G.",
        "",
        "II. MỤC TIÊU",
        "",
        "- 100% các khu công nghiệp có tối thiểu 1 trạm phát sóng 5G.",
        "- 100% nhà đầu tư trong khu công nghiệp được tư vấn ứng dụng 5G.",
      ].join("\n"),
    );
    const index = buildIndex([doc], lexicon);
    expect(answerQuestion("Hiện có bao nhiêu trạm 5G trong các khu công nghiệp?", index).answers[0]?.quote).toMatch(/22 trạm 5G/);
    expect(answerQuestion("How many 5G stations are there in industrial parks now?", index).explanation.concepts.length).toBeGreaterThan(0);
  });
});

describe("a task with its fields on lines of their own", () => {
  const doc = buildDocument(
    "kh.md",
    [
      "Số: 141/KH-UBND",
      "",
      "KẾ HOẠCH",
      "Nâng cao năng lực cán bộ xây dựng pháp luật",
      "",
      "**7. Chuyển đổi số trong xây dựng pháp luật**",
      "",
      "- Ra mắt AI pháp luật hỗ trợ",
      "cho cán bộ, công chức, viên chức trên địa bàn tỉnh.",
      "",
      "*Đơn vị chủ trì tham mưu thực",
      "hiện: *Sở Khoa học và Công nghệ.",
      "",
      "*Thời gian thực hiện: *Tháng",
      "12/2025.",
      "",
      "- Tổ chức hội nghị trao đổi kinh nghiệm xây dựng pháp luật.",
      "",
      "*Đơn vị chủ trì: *Sở Tư pháp.",
    ].join("\n"),
  );
  const index = buildIndex([doc], lexicon);

  it("is one passage: the fields belong to the task above them", () => {
    expect(doc.passages.map((p) => p.text)).toEqual([
      "Ra mắt AI pháp luật hỗ trợ cho cán bộ, công chức, viên chức trên địa bàn tỉnh; Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ; Thời gian thực hiện: Tháng 12/2025.",
      "Tổ chức hội nghị trao đổi kinh nghiệm xây dựng pháp luật; Đơn vị chủ trì: Sở Tư pháp.",
    ]);
  });

  it("answers when and who for that task, not for its neighbour", () => {
    expect(answerQuestion("Khi nào ra mắt AI pháp luật hỗ trợ cán bộ?", index).reply).toMatch(/Tháng 12\/2025/);
    const who = answerQuestion("Sở nào chủ trì tổ chức hội nghị trao đổi kinh nghiệm?", index);
    expect(who.answers[0]?.quote).toMatch(/Sở Tư pháp/);
    expect(who.answers[0]?.quote).not.toMatch(/Khoa học/);
  });
});

describe("a part written on one line by a web page", () => {
  it("has its heading in capitals and its text as a passage", () => {
    const doc = buildDocument(
      "web.md",
      "Trang thông tin điện tử xã Thạch Kim\n\nI. CĂN CỨ LẬP KẾ HOẠCH - Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ về phê duyệt Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng năm 2030; - Quyết định số 505/QĐ-TTg ngày 22/4/2022 của Thủ tướng Chính phủ về Ngày Chuyển đổi số quốc gia;\n",
    );
    const part = doc.sections.find((s) => s.path === "I");
    expect(part?.heading).toBe("CĂN CỨ LẬP KẾ HOẠCH");
    expect(doc.passages.some((p) => p.text.startsWith("Quyết định số 749/QĐ-TTg"))).toBe(true);
    const index = buildIndex([doc], lexicon);
    expect(answerQuestion("Ngày Chuyển đổi số quốc gia được quy định ở quyết định nào?", index).answers[0]?.quote).toMatch(/505\/QĐ-TTg/);
  });
});

describe("a lettered target broken before its figure", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "",
    "I. MỤC TIÊU",
    "",
    "a) Đến hết năm 2025: Có ≥",
    "30% doanh nghiệp ứng dụng công nghệ số.",
    "",
    "b) Đến hết năm 2035: Có ≥",
    "85% doanh nghiệp ứng dụng công nghệ số.",
  ].join("\n");

  it("is one target: the line ending on 'Có ≥' goes on with its figure", () => {
    const doc = buildDocument("kh.md", PLAN);
    const texts = doc.passages.map((p) => p.text);
    expect(texts).toContain("Đến hết năm 2035: Có ≥ 85% doanh nghiệp ứng dụng công nghệ số.");
    expect(doc.sections.map((s) => s.heading)).not.toContain("Đến hết năm 2035: Có ≥");
  });

  it("answers the year it names, with the comparator", () => {
    const result = answerQuestion("Năm 2035 bao nhiêu phần trăm doanh nghiệp ứng dụng công nghệ số?", buildIndex([buildDocument("kh.md", PLAN)], lexicon));
    expect(result.status).toBe("answered");
    expect(result.answers[0]!.figures[0]).toMatchObject({ text: "85%", comparator: "≥" });
    expect(result.reply).toMatch(/≥ ?85%/);
  });
});

describe("footnotes below the signature", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "Hỗ trợ nhu yếu phẩm khẩn cấp",
    "",
    "I. ĐỐI TƯỢNG",
    "",
    "- Nhóm 1: 5 xã đã được công bố tình huống khẩn cấp về thiên tai theo Quyết định số 21/QĐ-UBND[1], là các địa bàn bị ngập sâu.",
    "- Nhóm 2: các xã còn lại bị ảnh hưởng.",
    "",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn A",
    "",
    "[1] Xã Phú Mỡ, Xã Ô Loan, Xã",
    "Tây Hòa, Xã Hòa Mỹ, Xã Sơn Thành.",
  ].join("\n");

  it("are read as passages of the sentence that carries their marker", () => {
    const doc = buildDocument("kh.md", PLAN);
    const note = doc.passages.find((p) => p.text.startsWith("Xã Phú Mỡ"));
    expect(note?.text).toBe("Xã Phú Mỡ, Xã Ô Loan, Xã Tây Hòa, Xã Hòa Mỹ, Xã Sơn Thành.");
    expect(note?.lead).toContain("công bố tình huống khẩn cấp");
    expect(doc.meta.signer).toBe("Nguyễn Văn A");
  });

  it("answer whether a place is on the list they give", () => {
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    const result = answerQuestion("Xã Hòa Mỹ có được công bố tình huống khẩn cấp không?", index);
    expect(result.status).toBe("answered");
    expect(result.answers[0]!.quote).toContain("Xã Hòa Mỹ");
  });
});

describe("a title in capitals", () => {
  it("is shown in sentence case with the plan's place names in their own case", () => {
    const doc = buildDocument(
      "kh.md",
      ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "", "Số: 12/KH-UBND", "", "KẾ HOẠCH", "HỖ TRỢ NHU YẾU PHẨM TRÊN ĐỊA BÀN TỈNH ĐẮK LẮK", "", "I. MỤC TIÊU", "", "Hỗ trợ 100% hộ bị ảnh hưởng."].join("\n"),
    );
    expect(doc.meta.place).toBe("tỉnh Đắk Lắk");
    expect(doc.meta.title).toBe("Kế hoạch hỗ trợ nhu yếu phẩm trên địa bàn tỉnh Đắk Lắk");
  });
});

describe("a word a figure says by itself (figure-words.tsv)", () => {
  it("'tỷ lệ … bao nhiêu' is answered by the target that gives the percentage without writing 'tỷ lệ'", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "",
      "I. CHỈ TIÊU",
      "",
      "1. Phấn đấu có ít nhất 70% số người hưởng trợ cấp nhận tiền bằng phương thức không dùng tiền mặt.",
      "2. Phấn đấu 100% xã có điểm chi trả.",
      "",
      "II. CHẤM ĐIỂM",
      "",
      "| Tiêu chí | Điểm |",
      "|---|---|",
      "| Tỷ lệ người hưởng trợ cấp nhận tiền không dùng tiền mặt | 20 |",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    const result = answerQuestion("Tỷ lệ người hưởng trợ cấp nhận tiền không dùng tiền mặt phấn đấu đạt bao nhiêu?", index);
    expect(result.answers[0]!.figures[0]!.text).toBe("70%");
    expect(lexicon.figureWords.get("ti le")).toBe("%");
  });
});

describe("numbered items under a sentence ending with ':'", () => {
  const PLAN = [
    "NGHỊ QUYẾT",
    "Thông qua Đề án quy tụ dân cư giai đoạn 2018 - 2020",
    "",
    "I. CHỈ TIÊU",
    "",
    "Đề án gồm các chỉ tiêu cụ thể như sau:",
    "",
    "(1) Ít nhất 80% hộ được phát hành thẻ bảo hiểm y tế;",
    "(2) Ít nhất 60% hộ có nước sạch;",
    "",
    "II. NỘI DUNG",
    "",
    "Thông qua Đề án quy tụ các hộ ở vùng thiên tai, đặc biệt khó khăn, biên giới về sống tập trung, với những nội dung sau:",
    "",
    "1. Phạm vi: 960 thôn bản.",
    "2. Số lượng thực hiện: 4.692 hộ với 23.292 khẩu, trong đó:",
    "a) Các đối tượng thuộc xã biên giới: Tổng số 1.177 hộ với 5.941 khẩu.",
    "b) Đối tượng đặc biệt khó khăn:",
    "Tổng 706 hộ với 3.432 khẩu, tại 185 thôn.",
  ].join("\n");
  const doc = buildDocument("nq.md", PLAN);
  const index = buildIndex([doc], lexicon);

  it("are read with that sentence, and a paragraph under a sub-heading with the item above", () => {
    expect(doc.passages.find((p) => p.text.startsWith("Ít nhất 80%"))?.lead).toBe("Đề án gồm các chỉ tiêu cụ thể như sau:");
    expect(doc.passages.find((p) => p.text.startsWith("Tổng 706"))?.lead).toBe("Số lượng thực hiện: 4.692 hộ với 23.292 khẩu, trong đó:");
  });

  it("'chỉ tiêu … bao nhiêu %' gets the item the sentence introduces", () => {
    const result = answerQuestion("Chỉ tiêu hộ được phát hành thẻ bảo hiểm y tế là bao nhiêu %?", index);
    expect(result.answers[0]!.figures[0]!.text).toBe("80%");
  });

  it("a question about a sub-item gets the sub-item, helped by the title's words; the total keeps the total", () => {
    expect(answerQuestion("Số hộ đặc biệt khó khăn được quy tụ là bao nhiêu?", index).answers[0]!.quote).toContain("706 hộ");
    expect(answerQuestion("Tổng số hộ được quy tụ là bao nhiêu?", index).answers[0]!.quote).toContain("4.692 hộ");
  });
});

describe("how residents type", () => {
  const PLAN = ["KẾ HOẠCH", "", "I. CHỈ TIÊU", "", "1. Ít nhất 80% người hưởng trợ cấp được phát hành thẻ ATM.", "2. Học sinh trung học phổ thông đến trường đạt 98%."].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("chat shorthand ('bn', 'ko', 'đc') is read as the words it stands for", () => {
    const result = answerQuestion("chỉ tiêu phát hành thẻ ATM cho người hưởng trợ cấp là bn %", index);
    expect(result.status).toBe("answered");
    expect(result.answers[0]!.figures[0]!.text).toBe("80%");
    expect(result.explanation.concepts.map((c) => c.text)).not.toContain("bn");
  });

  it("a word typed with its tone marks is not 'corrected' into another word of the plans", () => {
    const result = answerQuestion("Học phí trung học là bao nhiêu?", index);
    expect(result.explanation.concepts.find((c) => c.text === "phí")?.known).toBe(false);
    expect(result.status).toBe("no_answer");
  });
});

describe("a sentence breaking down the one before it (breakdown-words.txt)", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "",
    "I. HIỆN TRẠNG",
    "",
    "Hiện nay, tổng số trạm BTS 4G và trạm 5G trong các khu công nghiệp là 87 trạm. Trong đó, có 28 trạm 5G trên nền hạ tầng 4G.",
    "",
    "II. MỤC TIÊU",
    "",
    "Đầu tư mới trạm 5G: 35 trạm.",
  ].join("\n");
  const doc = buildDocument("kh.md", PLAN);
  const index = buildIndex([doc], lexicon);

  it("is read with that sentence", () => {
    const unit = index.units.find((u) => u.text.startsWith("Trong đó"));
    expect(unit?.lead).toContain("87 trạm");
  });

  it("answers the part asked about, and the sentence before it the whole", () => {
    expect(answerQuestion("bao nhieu tram 5G hien co tren nen ha tang 4G", index).answers[0]!.figures[0]!.text).toBe("28 trạm");
    expect(answerQuestion("tổng số trạm BTS trong khu công nghiệp hiện nay là bao nhiêu", index).answers[0]!.figures[0]!.text).toBe("87 trạm");
  });
});

describe("a commune plan posted on a web page", () => {
  const basis = Array.from({ length: 7 }, (_, i) => `Căn cứ Quyết định số ${i + 30}/QĐ-UBND ngày 09 tháng 01 năm 2019 của UBND huyện Như Xuân;`);
  const PLAN = [
    "Kế hoạch giảm nghèo nhanh và bền vững năm 2019",
    "",
    "ỦY BAN NHÂN DÂN",
    "XÃ CÁT VÂN",
    "",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập – Tự do – Hạnh phúc",
    "",
    "Số: 14/KH-UBND",
    "",
    "Cát Vân, ngày 12 tháng 02 năm 2019",
    "KẾ HOẠCH",
    "Giảm nghèo năm 2019",
    "",
    ...basis,
    "Căn cứ Nghị quyết số: 41/NQ-ĐU, ngày 25/12/2018 của Ban chấp hành Đảng uỷ về nhiệm vụ năm 2019;",
    "Căn cứ Nghị quyết số: 25/2018/NQ-HĐND, ngày 26/12/2018 của HĐND xã Cát Vân về nhiệm vụ năm 2019.",
    "",
    "I. MỤC TIÊU",
    "",
    "1. Giảm tỷ lệ hộ nghèo xuống dưới 5%.",
  ].join("\n");
  const doc = buildDocument("kh.md", PLAN);
  const index = buildIndex([doc], lexicon);

  it("has its header read below the page's own title", () => {
    expect(doc.meta).toMatchObject({ number: "14/KH-UBND", date: "2019-02-12", place: "xã Cát Vân", title: "Kế hoạch giảm nghèo năm 2019" });
    expect(doc.meta.basis).toHaveLength(9);
  });

  it("answers which of its bases the question names", () => {
    const result = answerQuestion("Kế hoạch căn cứ nghị quyết nào của HĐND xã Cát Vân?", index);
    expect(result.answers[0]!.quote).toContain("25/2018/NQ-HĐND");
    expect(result.answers[0]!.quote).not.toContain("30/QĐ-UBND");
  });

  it("reads 'xây dựng theo kế hoạch nào' as a question about its basis", () => {
    const result = answerQuestion("Kế hoạch của xã được xây dựng theo nghị quyết nào của HĐND?", index);
    expect(result.answers[0]!.quote).toContain("25/2018/NQ-HĐND");
  });

  it("a question naming another document's number is not answered with the plan's own date", () => {
    const result = answerQuestion("NQ 41/NQ-ĐU của Đảng ủy ban hành ngày nào?", index);
    expect(result.answers[0]!.quote).toContain("ngày 25/12/2018");
    expect(answerQuestion("Kế hoạch này ban hành ngày nào?", index).reply).toContain("12/02/2019");
  });
});

describe("the year a passage opens with", () => {
  it("is the year of each clause of the passage", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "",
      "Năm 2025, tình hình kinh tế - xã hội phường đạt kết quả quan trọng. Trong đó, tổng thu ngân sách đạt 10 tỷ đồng; tỷ lệ hộ nghèo giảm còn 0,88%...",
      "",
      "Năm 2026, phường phấn đấu thực hiện các chỉ tiêu: tổng thu ngân sách đạt 40,6 tỷ đồng; tỷ lệ hộ nghèo giảm còn 0,8%; tỷ lệ gia đình văn hóa đạt 95%.",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    expect(answerQuestion("ty le ho ngheo nam 2025 giam con bao nhieu", index).answers[0]!.figures[0]!.text).toBe("0,88%");
    expect(answerQuestion("ty le ho ngheo nam 2026 giam con bao nhieu", index).answers[0]!.figures[0]!.text).toBe("0,8%");
  });
});

describe("a list inside brackets", () => {
  it("stays in one clause: ';' inside '( … )' does not end it", () => {
    const text = "Xây dựng Quy chế bảo vệ bí mật nhà nước (Giao Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh; Sở Tư pháp thực hiện); hoàn thành trong Quý II năm 2023.";
    expect(splitUnits(text).map((u) => u.text)).toEqual([
      "Xây dựng Quy chế bảo vệ bí mật nhà nước (Giao Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh; Sở Tư pháp thực hiện);",
      "hoàn thành trong Quý II năm 2023.",
    ]);
  });
});

describe("the heading right above a passage", () => {
  it("says whose tasks the passage lists: 'Sở Tài chính có nhiệm vụ gì' gets the part headed by it", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "Bảo vệ bí mật nhà nước",
      "",
      "III. TỔ CHỨC THỰC HIỆN",
      "",
      "1. Công an tỉnh",
      "",
      "Lập dự toán kinh phí bảo vệ bí mật nhà nước hằng năm của các cơ quan, đơn vị trên địa bàn tỉnh và gửi về Sở Tài chính thẩm định theo quy định.",
      "",
      "2. Sở Tài chính",
      "",
      "Căn cứ dự toán do Công an tỉnh lập, thẩm định và cấp phát kinh phí thực hiện nhiệm vụ bảo vệ bí mật nhà nước.",
    ].join("\n");
    const result = answerQuestion("Sở Tài chính có nhiệm vụ gì trong kế hoạch này?", buildIndex([buildDocument("kh.md", PLAN)], lexicon));
    expect(result.answers[0]!.quote).toContain("Căn cứ dự toán do Công an tỉnh lập");
  });

  it("a place name in capitals with a hyphen is shown with each part capitalised", () => {
    const doc = buildDocument("nq.md", ["HỘI ĐỒNG NHÂN DÂN", "TỈNH BÀ RỊA-VŨNG TÀU", "", "Số: 20/NQ-HĐND", "", "NGHỊ QUYẾT", "Về chỉ tiêu bảo hiểm xã hội", "", "Điều 1. Giao chỉ tiêu 100%."].join("\n"));
    expect(doc.meta.place).toBe("tỉnh Bà Rịa-Vũng Tàu");
  });
});

describe("the quote of a clause", () => {
  it("reads on from its lead when it follows it, and marks the gap when it does not", () => {
    const passage = { text: "Giao Ủy ban nhân dân tỉnh chỉnh sửa Quy hoạch; phê duyệt Quy hoạch; tổ chức thực hiện." };
    expect(quoteOf({ text: "phê duyệt Quy hoạch;", lead: "Giao Ủy ban nhân dân tỉnh chỉnh sửa Quy hoạch;", passage })).toBe(
      "Giao Ủy ban nhân dân tỉnh chỉnh sửa Quy hoạch; phê duyệt Quy hoạch;",
    );
    expect(quoteOf({ text: "tổ chức thực hiện.", lead: "Giao Ủy ban nhân dân tỉnh chỉnh sửa Quy hoạch;", passage })).toBe(
      "Giao Ủy ban nhân dân tỉnh chỉnh sửa Quy hoạch; … tổ chức thực hiện.",
    );
  });
});

describe("a year asked of a text that does not say its own", () => {
  it("is not answered with another year's figure", () => {
    const NEWS = [
      "HĐND xã tổ chức kỳ họp",
      "",
      "Năm 2024, sản lượng khai thác thủy sản đạt 540 tấn, đạt hơn 100% chỉ tiêu; tổng sản lượng lương thực gần 3.000 tấn.",
    ].join("\n");
    const index = buildIndex([buildDocument("tin.md", NEWS)], lexicon);
    expect(answerQuestion("Năm 2025 xã phấn đấu sản lượng thủy sản bao nhiêu tấn?", index).status).toBe("no_answer");
    expect(answerQuestion("Năm 2024 sản lượng thủy sản bao nhiêu tấn?", index).answers[0]!.figures[0]!.text).toBe("540 tấn");
  });
});

describe("a quarter written 'Quí'", () => {
  it("is a date that answers 'khi nào'", () => {
    // A table right under the title, with no heading between them.
    const PLAN = ["KẾ HOẠCH", "", "| Tên nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |", "|---|---|---|", "| Xây dựng Bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp | Sở KH&CN | Quí IV-2025 |"].join("\n");
    const result = answerQuestion("Bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp phải xong khi nào?", buildIndex([buildDocument("kh.md", PLAN)], lexicon));
    expect(result.status).toBe("answered");
    expect(result.answers[0]!.quote).toContain("Quí IV-2025");
  });
});

describe("a numbered line set in bold from end to end", () => {
  it("is a heading however long, and the bullets under it are its items", () => {
    const heading = "Hội nghị phổ biến, tuyên truyền, vận động người dân, hướng dẫn biện pháp xử lý về môi trường và các quy định của pháp luật khác có liên quan";
    const doc = buildDocument("kh.md", ["KẾ HOẠCH", "", "II. NỘI DUNG", "", `**3. ${heading}**`, "", "- Số lượng: 02 hội nghị/năm × 50 đại biểu/hội nghị."].join("\n"));
    const passage = doc.passages.find((p) => p.text.includes("02 hội nghị"))!;
    expect(doc.sections[passage.section]!.heading).toBe(heading);
  });
});

describe("a clause opened by a labelled clause", () => {
  it("is read with the label, not with what the rest of the opening mentions", () => {
    const doc = buildDocument("kh.md", ["KẾ HOẠCH", "", "I. THỜI GIAN", "", "- Học kỳ II: Bắt đầu ngay sau khi kết thúc học kỳ I; kết thúc năm học trước ngày 31/5/2025."].join("\n"));
    const index = buildIndex([doc], lexicon);
    const clause = index.units.find((u) => u.text.startsWith("kết thúc năm học"))!;
    expect(clause.lead).toBe("Học kỳ II: Bắt đầu ngay sau khi kết thúc học kỳ I;");
    // Matched through its lead by the label's words only: "thúc" is in the opening's text, not its label.
    const leadWords = [...clause.leadFolded!].map((id) => index.terms.nameOf(id));
    expect(leadWords.sort()).toEqual(["hoc", "ii", "ki"]);
    expect(leadWords).not.toContain("thuc");
    const analysis = answerQuestion("học kỳ II kết thúc năm học trước ngày nào", index);
    expect(analysis.answers[0]!.quote).toContain("31/5/2025");
  });
});

describe("a word found only in headings", () => {
  it("is a word of the plans: the passages under the heading answer for it", () => {
    const PLAN = ["NGHỊ QUYẾT", "Về việc đặt tên đường", "", "I. ĐẶT TÊN ĐƯỜNG", "", "1. Đường Lê Duẩn", "- Quy mô: Chiều dài 2.900m, mặt cắt ngang 56m.", "", "2. Đường Nguyễn Trãi", "- Quy mô: Chiều dài 1.200m, mặt cắt ngang 27m."].join("\n");
    const result = answerQuestion("Đường Lê Duẩn dài bao nhiêu?", buildIndex([buildDocument("nq.md", PLAN)], lexicon));
    expect(result.explanation.concepts.find((c) => c.text === "Duẩn")?.known).toBe(true);
    expect(result.answers[0]!.figures[0]!.text).toBe("2.900m");
  });

  it("is known at once when a plan added in place brings it", () => {
    const index = buildIndex([buildDocument("nq.md", ["NGHỊ QUYẾT", "", "I. ĐẶT TÊN ĐƯỜNG", "", "1. Đường Lê Duẩn", "- Quy mô: Chiều dài 2.900m."].join("\n"))], lexicon);
    expect(answerQuestion("Đường Hoàng Hoa Thám dài bao nhiêu?", index).status).toBe("no_answer");
    updateIndex(index, [], [buildDocument("nq2.md", ["NGHỊ QUYẾT", "", "I. ĐẶT TÊN ĐƯỜNG", "", "1. Đường Hoàng Hoa Thám", "- Quy mô: Chiều dài 1.500m."].join("\n"))], []);
    expect(answerQuestion("Đường Hoàng Hoa Thám dài bao nhiêu?", index).answers[0]?.figures[0]?.text).toBe("1.500m");
  });
});

describe("a question asking two things", () => {
  it("'… thuộc phường nào, rộng bao nhiêu?' is answered with the clause that gives the figure too", () => {
    const PLAN = ["NGHỊ QUYẾT", "Về việc đặt tên công trình", "", "I. ĐẶT TÊN HỒ", "", "1. Hồ Cây Dừa", "Vị trí: Thuộc Tổ dân phố số 8, Phường Ngô Quyền; diện tích: 8.200 m2.", "", "2. Hồ Đầm Sen", "Vị trí: Thuộc Tổ dân phố Chi Ly 1, Phường Trần Phú; diện tích: 12.000 m2."].join("\n");
    const index = buildIndex([buildDocument("nq.md", PLAN)], lexicon);
    const both = answerQuestion("Hồ Cây Dừa thuộc phường nào, rộng bao nhiêu?", index);
    expect(both.answers[0]!.quote).toContain("Phường Ngô Quyền; diện tích: 8.200 m2.");
    expect(both.reply).toContain("8.200 m2");
    const one = answerQuestion("Hồ Cây Dừa thuộc phường nào?", index);
    expect(one.answers[0]!.quote).not.toContain("8.200");
  });
});

describe("the figure of a target in a list of several", () => {
  const PLAN = ["KẾ HOẠCH", "", "I. CHỈ TIÊU", "", "4. Chăn nuôi: Tổng đàn trâu, bò đạt 500 con, lợn đạt 1.300 con, lợn hướng nạc đạt 1000 con, gia cầm đạt 120.000 con trở lên."].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("is the one the question's words stand nearest to", () => {
    expect(answerQuestion("Đàn heo đạt bao nhiêu con?", index).answers[0]!.figures[0]!.text).toBe("1.300 con");
    expect(answerQuestion("Tổng đàn trâu bò bao nhiêu con?", index).answers[0]!.figures[0]!.text).toBe("500 con");
  });

  it("a soft word the plan does not use ('đạt' in a table) does not keep the row from answering", () => {
    const TABLE = ["KẾ HOẠCH", "", "I. CHỈ TIÊU", "", "| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2020 |", "|---|---|---|---|", "| 1 | Tổng đàn trâu, bò | con | 500 |", "| 2 | Đàn lợn | con | 1300 |"].join("\n");
    const result = answerQuestion("Đàn heo đạt bao nhiêu con?", buildIndex([buildDocument("pl.md", TABLE)], lexicon));
    expect(result.status).toBe("answered");
    expect(result.answers[0]!.quote).toContain("Đàn lợn");
  });
});

describe("a bullet that is only a label", () => {
  it("takes the text on the line under it ('- *Giai đoạn 48-72 giờ:*' / 'Tổ chức bếp ăn …')", () => {
    const PLAN = ["KẾ HOẠCH", "", "III. NHIỆM VỤ", "", "- *Giai đoạn 48-72 giờ:*", "Tổ chức bếp ăn cộng đồng tại các điểm sơ tán, cấp cơm nóng cho người dân.", "- *Giai đoạn sau 72 giờ:*", "Hỗ trợ người dân dọn dẹp nhà cửa, khôi phục sản xuất."].join("\n");
    const doc = buildDocument("kh.md", PLAN);
    expect(doc.passages.map((p) => p.text)).toEqual([
      "Giai đoạn 48-72 giờ: Tổ chức bếp ăn cộng đồng tại các điểm sơ tán, cấp cơm nóng cho người dân.",
      "Giai đoạn sau 72 giờ: Hỗ trợ người dân dọn dẹp nhà cửa, khôi phục sản xuất.",
    ]);
  });
});

/** A decision that issues a regulation, the regulation's title page missing from the dump. */
const REGULATION = [
  "ỦY BAN NHÂN DÂN",
  "THÀNH PHỐ HÀ NỘI",
  "Số: 35/2024/QĐ-UBND",
  "Hà Nội, ngày 28 tháng 5 năm 2024",
  "",
  "QUYẾT ĐỊNH",
  "Về việc ban hành Quy chế xét tặng danh hiệu “Công dân Thủ đô ưu tú”",
  "",
  "Điều 1. Ban hành kèm theo Quyết định này Quy chế xét tặng danh hiệu “Công dân Thủ đô ưu tú”.",
  "",
  "Nơi nhận:",
  "- Như Điều 3;",
  "- Lưu: VT, SNV.",
  "",
  "TM. ỦY BAN NHÂN DÂN",
  "CHỦ TỊCH",
  "",
  "Trần Sỹ Thanh",
  "",
  "3",
  "7. Sở Nội vụ (Ban Thi đua - Khen thưởng Thành phố) chịu trách nhiệm thẩm định hồ sơ khen thưởng theo quy định và trình các cấp khen thưởng.",
  "",
  "                    Chương II",
  "      TIÊU CHUẨN, QUY TRÌNH, HỒ SƠ ĐỀ NGHỊ XÉT TẶNG;",
  "      KINH PHÍ KHEN THƯỞNG",
  "",
  "Điều 6. Hồ sơ đề nghị xét tặng",
  "    1. Hồ sơ đề nghị xét tặng (01 bộ), gồm:",
  "        a) Tờ trình, biên bản họp Hội đồng Thi đua - Khen thưởng của đơn vị.",
  "        b) Báo cáo thành tích của cá nhân (Mẫu số 01 kèm theo).",
  "",
  "Điều 7. Quyền lợi cá nhân được khen thưởng",
  "    Cá nhân đạt danh hiệu được tặng Bằng chứng nhận (Mẫu số 02 kèm theo) và tiền thưởng theo quy định.",
].join("\n");

describe("a regulation issued by a signed decision", () => {
  const doc = buildDocument("qd.md", REGULATION);

  it("is read after the signature when its parts follow, though its title page is missing", () => {
    expect(doc.meta.signer).toBe("Trần Sỹ Thanh");
    expect(doc.passages.some((p) => p.text.startsWith("Sở Nội vụ (Ban Thi đua"))).toBe(true);
    expect(doc.passages.some((p) => p.text.includes("Bằng chứng nhận"))).toBe(true);
  });

  it("has its chapters and articles as sections, a chapter's heading going on over the capital lines under it", () => {
    const chapter = doc.sections.find((s) => s.label === "Chương II")!;
    expect(chapter.heading).toBe("TIÊU CHUẨN, QUY TRÌNH, HỒ SƠ ĐỀ NGHỊ XÉT TẶNG; KINH PHÍ KHEN THƯỞNG");
    const item = doc.passages.find((p) => p.text.startsWith("Tờ trình, biên bản"))!;
    expect(doc.sections[item.section]!.trail).toEqual([
      "Chương II. TIÊU CHUẨN, QUY TRÌNH, HỒ SƠ ĐỀ NGHỊ XÉT TẶNG; KINH PHÍ KHEN THƯỞNG",
      "Điều 6. Hồ sơ đề nghị xét tặng",
      "1. Hồ sơ đề nghị xét tặng (01 bộ), gồm",
      "a.",
    ]);
    // The numbered item above the chapter is not its parent.
    expect(chapter.trail).toHaveLength(1);
  });

  it("keeps an article whose number starts a sentence as that sentence", () => {
    const article = doc.passages.find((p) => p.text.startsWith("Điều 1. Ban hành"));
    expect(article).toBeDefined();
  });

  it("answers from a heading that gives a figure, and takes no form number for an amount", () => {
    const index = buildIndex([doc], lexicon);
    expect(answerQuestion("Hồ sơ đề nghị xét tặng gồm mấy bộ?", index).answers[0]?.quote).toContain("(01 bộ)");
    expect(answerQuestion("Tiền thưởng danh hiệu là bao nhiêu triệu đồng?", index).status).toBe("no_answer");
  });
});

describe("the question's words in their order", () => {
  it("prefer the target that has them side by side ('nước sạch' over 'nước thải … làm sạch')", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "",
      "I. CHỈ TIÊU",
      "",
      "- Tỷ lệ hộ dân được sử dụng nước sạch theo quy chuẩn của Bộ Y tế đạt 95%.",
      "- Tỷ lệ nước thải của hộ dân được làm sạch đạt 60%.",
      "- Tỷ lệ thu gom rác thải đạt 90%.",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    expect(answerQuestion("tỷ lệ hộ dân có nước sạch là bao nhiêu", index).answers[0]!.figures[0]!.text).toBe("95%");
  });
});

describe("a question that does not ask how things are now", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "Chuyển đổi số xã Tân Hòa năm 2026",
    "",
    "I. HIỆN TRẠNG VÀ MỤC TIÊU",
    "",
    "1. Hiện nay, tổng số trạm BTS trên địa bàn xã là 12 trạm.",
    "2. Năm 2026, tổng số trạm BTS trên địa bàn xã đạt 18 trạm.",
    "3. Phủ sóng 4G đến 100% thôn, bản của xã.",
    "4. 100% cán bộ, công chức xã sử dụng chữ ký số.",
  ].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("is answered with the plan's target, not the situation it starts from", () => {
    expect(answerQuestion("Tổng số trạm BTS trên địa bàn xã là bao nhiêu?", index).answers[0]!.figures[0]!.text).toBe("18 trạm");
    expect(answerQuestion("Xã có tổng số bao nhiêu trạm BTS?", index).answers[0]!.figures[0]!.text).toBe("18 trạm");
  });

  it("while one asking it gets the situation now", () => {
    expect(answerQuestion("Hiện nay xã có bao nhiêu trạm BTS?", index).answers[0]!.figures[0]!.text).toBe("12 trạm");
  });
});

describe("a heading that a PDF dump wrapped in a narrow column", () => {
  const PLAN = [
    "NGHỊ QUYẾT",
    "Về việc đặt tên đường",
    "",
    "III. Các đường quy hoạch chuẩn bị",
    "triển khai (02 đường)",
    "1. Đường Nguyễn",
    "Trãi (QL.31 -",
    "địa phận xã Dĩnh Trì)",
    "- Điểm đầu (Đ6): Tiếp giáp QL.1A (nút giao QL.31 - QL.1A);",
    "- Quy mô, chất lượng đường: Chiều dài",
    "2.500m, mặt cắt ngang 27m, kết cấu mặt đường là bê tông nhựa.",
    "2. Đường Lê Lợi",
    "- Quy mô, chất lượng đường: Chiều dài 1.200m, mặt cắt ngang 24m.",
  ].join("\n");
  const doc = buildDocument("nq.md", PLAN);

  it("is read whole, the lines under it up to its first item being its rest", () => {
    const quyMo = doc.passages.find((p) => p.text.includes("2.500m"))!;
    expect(doc.sections[quyMo.section]!.trail).toEqual(["III. Các đường quy hoạch chuẩn bị triển khai (02 đường)", "1. Đường Nguyễn Trãi (QL.31 - địa phận xã Dĩnh Trì)"]);
  });

  it("says its count as a passage too, but not a road's number", () => {
    expect(doc.passages.some((p) => p.text === "Các đường quy hoạch chuẩn bị triển khai (02 đường)")).toBe(true);
    expect(doc.passages.some((p) => p.text.startsWith("Đường Nguyễn Trãi"))).toBe(false);
  });

  it("is read whole when a blank line parts it from its first item, and reading on in lower case it is a passage too", () => {
    const PART = ["KẾ HOẠCH", "", "II. NỘI DUNG", "", "c. Thông số (chỉ tiêu), tần suất", "quan trắc môi trường nuôi tôm hùm lồng, bè", "", "- Mẫu nước vùng nuôi tôm hùm", "", "+ Thủy lý: pH, độ mặn; tần suất: 02 đợt/tháng."].join("\n");
    const part = buildDocument("kh.md", PART);
    const bullet = part.passages.find((p) => p.text.startsWith("Mẫu nước"))!;
    expect(part.sections[bullet.section]!.heading).toBe("Thông số (chỉ tiêu), tần suất quan trắc môi trường nuôi tôm hùm lồng, bè");
    expect(part.passages.some((p) => p.text === "Thông số (chỉ tiêu), tần suất quan trắc môi trường nuôi tôm hùm lồng, bè")).toBe(true);
  });

  it("keeps a numbered sentence that ends a line of its own as an item", () => {
    const items = buildDocument("kh.md", ["KẾ HOẠCH", "", "I. NHIỆM VỤ", "", "1. Tăng cường tuyên truyền", "về chuyển đổi số.", "2. Phát triển hạ tầng số"].join("\n"));
    expect(items.passages.map((p) => p.text)).toContain("Tăng cường tuyên truyền về chuyển đổi số.");
  });

  it("answers through its heading a question whose words the item under it lacks", () => {
    // Among many roads, "đường" and "dài" are too common to retrieve the item by: its heading finds it.
    const others = Array.from({ length: 250 }, (_, k) => [`${k + 3}. Đường số ${k + 3}`, `- Quy mô, chất lượng đường: Chiều dài ${k + 3}00m, mặt cắt ngang 12m.`]).flat();
    const index = buildIndex([buildDocument("nq.md", [PLAN, ...others].join("\n"))], lexicon);
    const result = answerQuestion("duong nguyen trai doan ql.31 qua xa dinh tri dai bao nhieu", index);
    expect(result.answers[0]!.figures[0]!.text).toBe("2.500m");
  });
});

describe("a word that says how the question is put ('nhóm')", () => {
  it("does not keep a group row the plan names without it from answering", () => {
    const TABLE = [
      "KẾ HOẠCH",
      "",
      "I. CHỈ TIÊU",
      "",
      "| STT | Tên chỉ tiêu | Chỉ tiêu năm 2025 |",
      "|---|---|---|",
      "| I | Hạ tầng số (05 chỉ tiêu) | |",
      "| 1 | Tỷ lệ thôn có cáp quang | 100% |",
      "| II | Chính quyền số (03 chỉ tiêu) | |",
      "| 2 | Tỷ lệ hồ sơ trực tuyến | 80% |",
    ].join("\n");
    const result = answerQuestion("Nhóm chỉ tiêu chính quyền số có bao nhiêu chỉ tiêu?", buildIndex([buildDocument("kh.md", TABLE)], lexicon));
    expect(result.answers[0]?.quote).toContain("Chính quyền số (03 chỉ tiêu)");
  });
});

describe("a title whose last line opens in lower case after a blank line", () => {
  const PLAN = [
    "UỶ BAN NHÂN DÂN",
    "THỊ TRẤN VĨNH LỘC",
    "Số: 76/CTr-UBND",
    "Thị trấn Vĩnh Lộc, ngày 29 tháng 5 năm 2020",
    "",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "",
    "Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thị trấn Vĩnh Lộc",
    "",
    "lần thứ nhất, nhiệm kỳ 2020 – 2025",
    "",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "",
    "1. Tạo sự thống nhất trong triển khai Nghị quyết.",
  ].join("\n");
  const doc = buildDocument("ctr.md", PLAN);

  it("is part of the title", () => {
    expect(doc.meta.title).toMatch(/Vĩnh Lộc lần thứ nhất, nhiệm kỳ 2020 – 2025$/);
    expect(doc.passages.some((p) => p.text.startsWith("lần thứ nhất"))).toBe(false);
  });

  it("answers 'tên chương trình này là gì' with the title, as for a plan", () => {
    expect(answerQuestion("Tên chương trình này là gì?", buildIndex([doc], lexicon)).reply).toContain("nhiệm kỳ 2020 – 2025");
  });
});

describe("'may' typed without tone marks", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "",
    "I. NHIỆM VỤ",
    "",
    "1. Giám sát công tác sắp xếp, tổ chức bộ máy biên chế, tuyển dụng cán bộ công chức.",
    "2. Trang bị 25 máy tính cho bộ phận một cửa.",
  ].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("is 'máy' in 'bo may' and 'may tinh', not a question of how many", () => {
    expect(answerQuestion("giam sat ve to chuc bo may bien che tuyen dung can bo cong chuc", index).explanation.answerType).toBe("any");
    expect(answerQuestion("Trang bị máy tính cho bộ phận một cửa", index).explanation.answerType).toBe("any");
  });

  it("asks how many as 'mấy' or 'may' before a measure word", () => {
    expect(answerQuestion("trang bi may may tinh cho bo phan mot cua", index).explanation.answerType).toBe("number");
    expect(answerQuestion("Trang bị mấy máy tính cho bộ phận một cửa?", index).answers[0]!.quote).toContain("25 máy tính");
  });
});

describe("a question asking which group an item belongs to", () => {
  it("is not answered by the item alone, which does not say its group", () => {
    const TABLE = ["KẾ HOẠCH", "", "| STT | Tên chỉ tiêu | Năm 2025 |", "|---|---|---|", "| 1 | Tỷ lệ cán bộ được trang bị máy vi tính | 100% |"].join("\n");
    const index = buildIndex([buildDocument("kh.md", TABLE)], lexicon);
    expect(answerQuestion("Chỉ tiêu trang bị máy vi tính cho cán bộ là bao nhiêu?", index).status).toBe("answered");
    expect(answerQuestion("Chỉ tiêu trang bị máy vi tính cho cán bộ thuộc nhóm nào?", index).status).toBe("no_answer");
  });

  it("is answered by a numbered row under a group row of the table, which carries its group", () => {
    const TABLE = [
      "PHỤ LỤC CHỈ TIÊU",
      "",
      "| STT | Tên chỉ tiêu | Đơn vị tính | Chỉ tiêu cụ thể |",
      "|---|---|---|---|",
      "| I. Đào tạo, chuyển đổi nhận thức (02 chỉ tiêu) |",
      "| 1 | Tỷ lệ cán bộ được tập huấn kỹ năng số | % | 100 |",
      "| II. Hạ tầng số (05 chỉ tiêu) |",
      "| 1 | Tỷ lệ cán bộ được trang bị máy vi tính | % | 100 |",
    ].join("\n");
    const index = buildIndex([buildDocument("pl.md", TABLE)], lexicon);
    const result = answerQuestion("Chỉ tiêu trang bị máy vi tính cho cán bộ thuộc nhóm nào?", index);
    expect(result.answers[0]?.quote).toMatch(/^Hạ tầng số \(05 chỉ tiêu\) … .*máy vi tính/);
  });
});

describe("a passage that says when in words", () => {
  it("answers 'khi nào' without a date ('hằng năm tại các kỳ họp cuối năm'), but not 'ngày nào'", () => {
    const PLAN = ["NGHỊ QUYẾT", "", "Điều 2. Tổ chức thực hiện", "", "1. Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện Nghị quyết này hằng năm tại các kỳ họp cuối năm của Hội đồng nhân dân tỉnh."].join("\n");
    const index = buildIndex([buildDocument("nq.md", PLAN)], lexicon);
    expect(answerQuestion("UBND tỉnh báo cáo kết quả thực hiện nghị quyết khi nào?", index).answers[0]?.quote).toContain("hằng năm");
    expect(answerQuestion("UBND tỉnh báo cáo kết quả thực hiện nghị quyết vào ngày nào?", index).status).toBe("no_answer");
  });
});

describe("a task's time given as a field or a table's column", () => {
  it("answers 'khi nào' before a sentence that only names a horizon year", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "",
      "I. NHIỆM VỤ",
      "",
      "- Rà soát, điều chỉnh quy hoạch hạ tầng viễn thông trong các khu công nghiệp đến năm 2030.",
      "",
      "| STT | Nội dung | Cơ quan chủ trì | Thời gian |",
      "|---|---|---|---|",
      "| 1 | Rà soát, điều chỉnh quy hoạch hạ tầng viễn thông trong các khu công nghiệp đến năm 2030 | Sở Khoa học và Công nghệ | Quý III năm 2026 |",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    expect(answerQuestion("Rà soát, điều chỉnh quy hoạch hạ tầng viễn thông trong khu công nghiệp khi nào?", index).answers[0]!.quote).toContain("Quý III năm 2026");
  });
});

describe("a yes-or-no question ('có … không')", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "",
    "IV. KINH PHÍ",
    "",
    "1. Nguồn ngân sách xã.",
    "2. Nguồn Quỹ phòng, chống thiên tai của xã.",
    "",
    "V. TỔ CHỨC THỰC HIỆN",
    "",
    "1. Ban Chỉ huy phòng, chống thiên tai xã sử dụng đúng mục đích các nguồn lực được giao.",
  ].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("has the verb it is put with as a soft word, which the answer need not repeat", () => {
    const result = answerQuestion("Nguồn kinh phí có dùng Quỹ phòng chống thiên tai không?", index);
    expect(result.explanation.concepts.find((c) => c.text === "dùng")?.soft).toBe(true);
    expect(result.answers[0]?.quote).toContain("Nguồn Quỹ phòng, chống thiên tai");
  });

  it("but the same verb in another question is a word of its topic", () => {
    expect(answerQuestion("Ban Chỉ huy dùng nguồn lực thế nào?", index).explanation.concepts.find((c) => c.text === "dùng")?.soft).toBe(false);
  });
});

describe("a question made only of words that say what kind of answer is wanted", () => {
  it("is about them ('đề ra bao nhiêu chỉ tiêu chủ yếu')", () => {
    const PLAN = [
      "NGHỊ QUYẾT",
      "",
      "Năm 2025, xã có 23/23 chỉ tiêu chủ yếu đạt và vượt kế hoạch.",
      "",
      "Phát huy những kết quả đạt được, năm 2026, xã đề ra 23 chỉ tiêu chủ yếu trên các lĩnh vực kinh tế - xã hội, quốc phòng - an ninh;",
      "thu nhập bình quân đầu người đạt trên 80 triệu đồng/năm.",
    ].join("\n");
    const index = buildIndex([buildDocument("nq.md", PLAN)], lexicon);
    expect(answerQuestion("Năm 2026 xã đề ra bao nhiêu chỉ tiêu chủ yếu?", index).answers[0]?.quote).toContain("đề ra 23 chỉ tiêu chủ yếu");
  });
});

describe("a question about the document itself that its title answers", () => {
  const PLAN = [
    "UỶ BAN NHÂN DÂN",
    "THỊ TRẤN VĨNH LỘC",
    "Số: 76/CTr-UBND",
    "Thị trấn Vĩnh Lộc, ngày 29 tháng 5 năm 2020",
    "",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thị trấn lần thứ nhất, nhiệm kỳ 2020 – 2025",
    "",
    "Ủy ban nhân dân thị trấn xây dựng chương trình hành động thực hiện Nghị quyết với những nội dung cụ thể như sau:",
    "",
    "I. MỤC TIÊU",
    "",
    "1. Huy động cao nhất các nguồn lực, khai thác có hiệu quả tiềm năng của địa phương.",
  ].join("\n");
  const index = buildIndex([buildDocument("ctr.md", PLAN)], lexicon);

  it("is answered with the title when the title has the words it asks with ('… này cho nhiệm kỳ nào?')", () => {
    const result = answerQuestion("Chương trình hành động này cho nhiệm kỳ nào?", index);
    expect(result.reply).toContain("nhiệm kỳ 2020 – 2025");
    expect(result.explanation.decision).toBe("answered from the document's title");
  });

  it("but from its passages when one says it", () => {
    expect(answerQuestion("Chương trình hành động này khai thác tiềm năng gì?", index).answers[0]?.quote).toContain("Huy động cao nhất");
  });

  it("is answered with the title when it opens with the document's kind, and asks which document the title names", () => {
    const REPORT = [
      "ỦY BAN NHÂN DÂN XÃ TRUNG CHÍNH",
      "Số: 19/BC-UBND",
      "Trung Chính, ngày 30 tháng 05 năm 2019",
      "",
      "BÁO CÁO",
      "Kết quả thực hiện Nghị quyết số 04- NQ/TU ngày 18/8/2016 của Ban Chấp hành Đảng bộ tỉnh6 tháng đầu năm 2019",
      "",
      "I. CÔNG TÁC CHỈ ĐẠO",
      "Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ tỉnh, UBND xã tăng cường công tác chỉ đạo.",
    ].join("\n");
    const result = answerQuestion("Báo cáo kết quả thực hiện nghị quyết nào của Ban Chấp hành Đảng bộ tỉnh?", buildIndex([buildDocument("bc.md", REPORT)], lexicon));
    expect(result.explanation.decision).toBe("answered from the document's title");
    expect(result.reply).toContain("Nghị quyết số 04- NQ/TU ngày 18/8/2016");
  });
});

describe("a question asking why", () => {
  const PLAN = [
    "NGHỊ QUYẾT",
    "",
    "A. ĐƯỜNG SỬA LẠI TÊN",
    "",
    "1. Đường Vi Đức Lục sửa thành đường Vi Đức Thăng",
    "- Điểm đầu: Tiếp giáp đường Nguyễn Khuyến;",
    "- Lý do: Đường Vi Đức Lục đã được đặt tên theo Nghị quyết số 05/NQ-HĐND ngày 15/7/2010. Tuy nhiên, trong quá trình dịch thuật từ chữ Hán sang chữ Việt đã có sự nhầm lẫn chữ Thăng thành chữ Lục.",
  ].join("\n");
  const index = buildIndex([buildDocument("nq.md", PLAN)], lexicon);

  it("prefers the passage that gives a reason, read on to its next sentence", () => {
    const result = answerQuestion("Vì sao phải sửa tên đường Vi Đức Lục?", index);
    expect(result.explanation.answerType).toBe("reason");
    expect(result.answers[0]!.quote).toContain("đã có sự nhầm lẫn chữ Thăng");
  });
});

describe("a question about who issued another kind of document than the plan", () => {
  const PLAN = [
    "NGHỊ QUYẾT",
    "VỀ CHƯƠNG TRÌNH GIÁM SÁT NĂM 2018 CỦA HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG",
    "HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG",
    "",
    "Điều 2. Tổ chức thực hiện",
    "",
    "1. Thường trực Hội đồng nhân dân tỉnh ban hành kế hoạch thực hiện chương trình giám sát năm 2018.",
  ].join("\n");
  const index = buildIndex([buildDocument("nq.md", PLAN)], lexicon);

  it("is answered from the passage that says it, not with the plan's own issuer", () => {
    expect(answerQuestion("Ai ban hành kế hoạch thực hiện chương trình giám sát năm 2018?", index).answers[0]?.quote).toContain("Thường trực Hội đồng nhân dân tỉnh ban hành kế hoạch");
  });

  it("while a question naming the plan's own kind gets its issuer", () => {
    expect(answerQuestion("Ai ban hành nghị quyết về chương trình giám sát?", index).explanation.decision).toBe("answered from the document's issuer");
  });
});

describe("a question asking which places", () => {
  it("prefers the passage that names them over one that counts them", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "",
      "I. NỘI DUNG",
      "",
      "1. Môi trường nuôi cá lồng nước ngọt",
      "- Đối tượng quan trắc: 03 khu vực nuôi cá lồng - 3 vị trí.",
      "- Điểm quan trắc: quan trắc môi trường nước tại khu vực nuôi cá lồng Cành Nàng - xã Bá Thước, Cẩm Thành - xã Cẩm Thạch, Hồ Cửa Đạt - xã Thường Xuân.",
      "- Tần suất quan trắc: 02 lần/tháng.",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    expect(answerQuestion("Cá lồng nước ngọt được quan trắc ở những khu vực nào?", index).answers[0]!.quote).toContain("Cành Nàng - xã Bá Thước");
    expect(answerQuestion("Cá lồng nước ngọt được quan trắc ở bao nhiêu khu vực?", index).answers[0]!.quote).toContain("03 khu vực");
  });
});

describe("the year of a sentence opened earlier in its passage", () => {
  it("belongs to the clauses of the sentences after it ('Năm 2024, … . Trong đó, …; thu nhập … đạt 65,4 triệu')", () => {
    const NEWS = [
      "HĐND xã Đào Hữu Cảnh tổ chức kỳ họp cuối năm",
      "Tại kỳ họp các đại biểu nghe báo cáo phương hướng, nhiệm vụ năm 2025. Năm 2024, xã đã triển khai thực hiện các nhiệm vụ phát triển kinh tế - xã hội. Trong đó, thu ngân sách trên địa bàn đạt 104,6% so với dự toán; thu nhập bình quân đầu người đạt 65,4 triệu đồng/người/năm; tỷ lệ hộ nghèo giảm còn 1,82%.",
    ].join("\n");
    const index = buildIndex([buildDocument("tin.md", NEWS)], lexicon);
    expect(answerQuestion("Năm 2025 xã đặt chỉ tiêu thu nhập bình quân bao nhiêu?", index).status).toBe("no_answer");
    expect(answerQuestion("Năm 2024 thu nhập bình quân đầu người của xã đạt bao nhiêu?", index).answers[0]?.figures[0]?.text).toBe("65,4 triệu đồng/người");
  });
});

describe("an English phrase with an apostrophe", () => {
  it("is found in the glossary as the question is read ('People's Council' → hội đồng nhân dân)", () => {
    const NEWS = [
      "HĐND xã Vạn Long tổ chức kỳ họp thứ 9",
      "Bà Nguyễn Thị Thu Hiền, Chủ tịch HĐND xã Vạn Long cùng ông Võ Tám, phó chủ tịch HĐND xã chủ toạ kỳ họp.",
      "Kỳ họp đã thông qua 12 nghị quyết quan trọng.",
    ].join("\n");
    const result = answerQuestion("Who is the chairwoman of the Vạn Long commune People's Council?", buildIndex([buildDocument("tin.md", NEWS)], lexicon));
    expect(result.explanation.concepts.some((c) => c.text.toLowerCase().includes("council"))).toBe(false);
    expect(result.answers[0]?.quote).toContain("Nguyễn Thị Thu Hiền");
  });
});

describe("an abbreviation written with '&' ('Sở KH&ĐT')", () => {
  it("is the abbreviation without it, and 'số mấy của …' asks for a document's number", () => {
    const PLAN = [
      "QUYẾT ĐỊNH",
      "Về việc phân bổ kế hoạch vốn năm 2023",
      "",
      "Theo đề nghị của Sở Kế hoạch và Đầu tư tại Tờ trình số 18/TTr-SKHĐT ngày 22/02/2023.",
      "",
      "Điều 1. Phân bổ 50.000 triệu đồng cho các trạm y tế xã.",
    ].join("\n");
    const result = answerQuestion("Quyết định này theo tờ trình số mấy của Sở KH&ĐT?", buildIndex([buildDocument("qd.md", PLAN)], lexicon));
    expect(result.explanation.concepts.map((c) => c.text)).toContain("KHĐT");
    expect(result.answers[0]?.quote).toContain("18/TTr-SKHĐT");
  });
});

describe("a figure given both in the text and in a table row", () => {
  it("is quoted from the sentence, which a resident can read, when it scores nearly as well", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "Quan trắc môi trường nuôi trồng thủy sản năm 2026",
      "",
      "I. NỘI DUNG",
      "",
      "1. Nuôi ngao",
      "- Thông số, tần suất, thời gian và số lượng mẫu quan trắc:",
      "+ Các thông số: pH, độ mặn, DO quan trắc với tần suất 2 lần/tháng; thời gian quan trắc từ tháng 3 đến tháng 10 năm 2026; số lượng mẫu quan trắc 64 mẫu/năm.",
      "",
      "PHỤ LỤC",
      "",
      "| STT | Đối tượng quan trắc | Thông số quan trắc | Tần suất | Tổng số (mẫu) |",
      "|---|---|---|---|---|",
      "| 1 | Môi trường nuôi ngao: 04 bãi nuôi ngao | pH, độ mặn, DO | 02 lần/tháng | 64 |",
      "| 2 | Môi trường nuôi tôm: 21 ao nuôi | pH, độ mặn, DO | 02 lần/tháng | 336 |",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    const answer = answerQuestion("Nuôi ngao được quan trắc bao nhiêu mẫu các thông số pH, độ mặn, DO?", index).answers[0]!;
    expect(answer.quote).toMatch(/số lượng mẫu quan trắc 64 mẫu\/năm\.$/);
    expect(answer.quote).not.toContain("Tổng số");
    // The row stays the answer when no sentence gives its figure.
    expect(answerQuestion("Nuôi tôm quan trắc bao nhiêu mẫu?", index).answers[0]!.quote).toContain("336");
  });
});

describe("a question asking for a period ('từ năm nào đến năm nào')", () => {
  const PLAN = [
      "KẾ HOẠCH",
      "Triển khai thực hiện Chương trình cấp nước sạch nông thôn",
      "",
      "Thực hiện Quyết định số 76/QĐ-UBND ngày 08 tháng 9 năm 2025 của UBND tỉnh phê duyệt Chương trình cấp nước sạch nông thôn đến năm 2030, Ủy ban nhân dân xã ban hành Kế hoạch thực hiện như sau:",
      "",
      "I. MỤC ĐÍCH, YÊU CẦU",
      "",
      "1. Mục đích",
      "Nâng cao chất lượng cuộc sống của người dân nông thôn.",
      "",
      "**2. Thời gian thực hiện",
      "Chương trình: **Từ năm 2025 đến hết năm 2030.",
      "",
      "II. NHIỆM VỤ",
      "",
      "1. Xây dựng 03 công trình cấp nước tập trung.",
      "2. Tỷ lệ hộ dân sử dụng nước sạch đạt 95%.",
  ].join("\n");
  const doc = buildDocument("kh.md", PLAN);
  const index = buildIndex([doc], lexicon);

  it("reads a bold heading that closes inside its second line as the heading, and the rest as its section's text", () => {
    expect(doc.sections.map((s) => s.heading)).toContain("Thời gian thực hiện Chương trình");
    expect(doc.passages.map((p) => p.text)).toContain("Từ năm 2025 đến hết năm 2030.");
  });

  it("is answered by a passage giving a start and an end, found through its section's heading", () => {
    const answer = answerQuestion("Chương trình cấp nước sạch thực hiện từ năm nào đến năm nào?", index).answers[0]!;
    expect(answer.quote).toBe("Từ năm 2025 đến hết năm 2030.");
  });

  it("declines when no passage gives a period, rather than quoting a date", () => {
    const other = buildIndex([buildDocument("kh.md", PLAN.replace(/\*\*2\. Thời gian[^]*?2030\.\n/, ""))], lexicon);
    expect(answerQuestion("Chương trình cấp nước sạch thực hiện từ năm nào đến năm nào?", other).status).toBe("no_answer");
  });
});

describe("a period named by its years and a figure worked out in the sentence", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "Quan trắc môi trường các vùng nuôi trồng thủy sản",
    "",
    "II. NỘI DUNG",
    "Tổng số điểm quan trắc môi trường là 20 điểm, gồm 12 điểm nuôi tôm và 8 điểm nuôi cá.",
    "Tổng số mẫu quan trắc mỗi năm là 240 mẫu.",
    "",
    "III. KINH PHÍ",
    "Dự toán kinh phí quan trắc môi trường các vùng nuôi trồng thủy sản từ năm 2026 - 2030: 1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng.",
    "Kinh phí đào tạo cán bộ thủy sản năm 2026 là 200.000.000 đồng.",
  ].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("finds the period written 'từ năm 2026 - 2030' for 'giai đoạn 2026-2030', the word 'giai đoạn' only framing the years", () => {
    const result = answerQuestion("Tổng kinh phí cả giai đoạn 2026-2030 cho quan trắc môi trường thủy sản là bao nhiêu?", index);
    expect(result.explanation.concepts.filter((c) => /^(giai|đoạn)$/.test(c.text)).every((c) => c.soft)).toBe(true);
    expect(result.status).toBe("answered");
    // The sentence works out the total: that is its figure, unless the rate is asked.
    expect(result.answers[0]!.figures[0]!.text).toBe("7.500.000.000 đồng");
    expect(answerQuestion("Kinh phí quan trắc môi trường thủy sản mỗi năm là bao nhiêu?", index).answers[0]!.figures[0]!.text).toBe("1.500.000.000 đồng/năm");
  });

  it("keeps 'giai đoạn' a word of the topic when no years follow it", () => {
    const result = answerQuestion("Giai đoạn quan trắc môi trường thủy sản là gì?", index);
    expect(result.explanation.concepts.find((c) => c.text.toLowerCase() === "giai")?.soft).toBe(false);
  });
});

describe("a limit asked for ('giới hạn tỷ lệ')", () => {
  it("is found where the plan writes 'không quá' (lexicon/synonyms.tsv)", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "Phát động phong trào thi đua",
      "",
      "IV. KHEN THƯỞNG",
      "Chủ tịch UBND xã xem xét tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc (tỷ lệ không quá 10% tập thể, 5% cá nhân tham gia phong trào).",
      "Các tập thể đạt giải được thưởng 2.000.000 đồng.",
    ].join("\n");
    const result = answerQuestion("Giấy khen của Chủ tịch UBND xã giới hạn tỷ lệ bao nhiêu?", buildIndex([buildDocument("kh.md", PLAN)], lexicon));
    expect(result.answers[0]?.quote).toContain("không quá 10% tập thể");
  });
});

describe("appendices after the signature", () => {
  const PLAN = [
    "KẾ HOẠCH",
    "Quan trắc môi trường nuôi trồng thủy sản",
    "",
    "I. NỘI DUNG",
    "Tổng số điểm quan trắc là 20 điểm; tổng số mẫu mỗi năm là 240 mẫu.",
    "Kinh phí thực hiện từ nguồn ngân sách tỉnh; kinh phí đào tạo cán bộ là 200.000.000 đồng.",
    "Dự toán kinh phí quan trắc môi trường nuôi trồng thủy sản từ năm 2026 - 2030: 1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng.",
    "",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn A",
    "",
    "**PHỤ LỤC I**",
    "",
    "VỊ TRÍ",
    "QUAN TRẮC MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN",
    "",
    "*(Kèm theo Kế hoạch số 134/KH-UBND ngày 25/11/2025 của UBND tỉnh)*",
    "",
    "| TT | Vùng nuôi | Số điểm |",
    "|---|---|---|",
    "| 1 | Hồ Ea Kao | 3 |",
    "",
    "**PHỤ LỤC II**",
    "",
    "DỰ TOÁN",
    "KINH PHÍ QUAN TRẮC MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN, GIAI ĐOẠN 2026 - 2030",
    "",
    "*(Kèm theo Kế hoạch số 134/KH-UBND ngày 25/11/2025 của UBND tỉnh)*",
    "",
    "| TT | Chỉ tiêu | Số lượng (mẫu) | Đơn giá (đồng) | Thành tiền (đồng) |",
    "|---|---|---|---|---|",
    "| 1 | Nhiệt độ nước (quan trắc ngoài hiện trường) | 108 | 95.614 | 10.326.312 |",
    "| 2 | Sulfua tổng số (phân tích trong phòng) | 54 | 199.868 | 10.792.872 |",
  ].join("\n");
  const doc = buildDocument("kh.md", PLAN);
  const index = buildIndex([doc], lexicon);

  it("are each a part of their own, titled by the capital lines under them", () => {
    const appendices = doc.sections.filter((s) => s.heading.startsWith("PHỤ LỤC"));
    expect(appendices.map((s) => [s.depth, s.heading])).toEqual([
      [1, "PHỤ LỤC I VỊ TRÍ QUAN TRẮC MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN"],
      [1, "PHỤ LỤC II DỰ TOÁN KINH PHÍ QUAN TRẮC MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN, GIAI ĐOẠN 2026 - 2030"],
    ]);
    expect(doc.sections.some((s) => s.heading.includes("Kèm theo"))).toBe(false);
  });

  it("answer through their title ('trong dự toán'), which counts as what every row is about, not as the row's own words", () => {
    expect(answerQuestion("Đơn giá đo nhiệt độ nước ngoài hiện trường trong dự toán là bao nhiêu đồng?", index).answers[0]?.figures[0]?.text).toBe("95.614 đồng");
    expect(answerQuestion("Tổng kinh phí cả giai đoạn 2026-2030 cho quan trắc môi trường là bao nhiêu?", index).answers[0]?.quote).toContain("7.500.000.000");
  });
});

describe("a resolution's sentences about itself and the documents it cites", () => {
  const RESOLUTION = [
    "HỘI ĐỒNG NHÂN DÂN TỈNH ĐIỆN BIÊN",
    "",
    "NGHỊ QUYẾT",
    "Về quy hoạch phát triển giáo dục và đào tạo tỉnh Điện Biên giai đoạn 2016-2025",
    "",
    "HỘI ĐỒNG NHÂN DÂN TỈNH ĐIỆN BIÊN",
    "",
    "Căn cứ Nghị quyết số 04/NQ-HĐND ngày 31 tháng 3 năm 2017 của Hội đồng nhân dân tỉnh về việc thành lập Đoàn Giám sát tình hình thực hiện quy hoạch;",
    "Sau khi xem xét Tờ trình số 1815/TTr-UBND ngày 30/6/2017 của Ủy ban nhân dân tỉnh về việc đề nghị thông qua Quy hoạch phát triển giáo dục và đào tạo;",
    "",
    "QUYẾT NGHỊ:",
    "",
    "Điều 1. Thông qua Quy hoạch phát triển giáo dục và đào tạo tỉnh Điện Biên, giai đoạn 2016-2025.",
    "Điều 2. Tổ chức thực hiện",
    "1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.",
    "2. Nghị quyết này đã được Hội đồng nhân dân tỉnh Điện Biên khóa XIV, kỳ họp thứ 5 thông qua ngày 13 tháng 7 năm 2017 và có hiệu lực từ ngày 23 tháng 7 năm 2017./.",
  ].join("\n");
  const index = buildIndex([buildDocument("nq.md", RESOLUTION)], lexicon);

  it("'Nghị quyết này … thông qua ngày …' is about what the title says ('nghị quyết quy hoạch giáo dục … thông qua ngày nào')", () => {
    const result = answerQuestion("nghi quyet quy hoach giao duc dien bien thong qua ngay nao", index);
    expect(result.answers[0]?.quote).toContain("thông qua ngày 13 tháng 7 năm 2017");
  });

  it("a cited document's number and date answer '… số mấy, ngày nào?'", () => {
    const result = answerQuestion("Nghị quyết thành lập Đoàn giám sát số mấy, ngày nào?", index);
    expect(result.answers[0]?.quote).toContain("04/NQ-HĐND ngày 31 tháng 3 năm 2017");
  });
});

describe("a note of what a part is attached to, wrapped over two lines", () => {
  it("is no passage: it answers nothing", () => {
    const PLAN = [
      "NGHỊ QUYẾT",
      "Về việc giao chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội",
      "",
      "Điều 1. Giao chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội giai đoạn 2017-2020.",
      "",
      "CHỈ TIÊU THỰC HIỆN BẢO HIỂM XÃ HỘI THEO ĐỊA BÀN",
      "(Kèm theo Nghị quyết số 20/NQ-HĐND ngày 13 tháng 7 năm 2017 của Hội đồng nhân",
      "dân tỉnh Bà Rịa-Vũng Tàu)",
    ].join("\n");
    const doc = buildDocument("nq.md", PLAN);
    expect(doc.passages.some((p) => p.text.includes("Kèm theo"))).toBe(false);
  });
});

describe("a question asking how much money ('bao nhiêu tiền')", () => {
  it("is answered only by a passage that counts in money, never by a share or a count", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "Chi trả trợ cấp xã hội không dùng tiền mặt",
      "",
      "I. CHỈ TIÊU",
      "Ít nhất 85% người hưởng trợ cấp xã hội mở tài khoản ngân hàng để nhận tiền trợ cấp.",
      "",
      "II. KINH PHÍ",
      "Tiền hỗ trợ mở tài khoản ngân hàng cho người hưởng trợ cấp là 50.000 đồng/người.",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    expect(answerQuestion("Người hưởng trợ cấp mở tài khoản ngân hàng được bao nhiêu tiền?", index).answers[0]?.quote).toContain("50.000 đồng");
    const withoutMoney = buildIndex([buildDocument("kh.md", PLAN.split("\nII.")[0]!)], lexicon);
    expect(answerQuestion("Người hưởng trợ cấp mở tài khoản ngân hàng được bao nhiêu tiền?", withoutMoney).status).toBe("no_answer");
  });
});

describe("a numbered heading with a remark in brackets saying where its subject is", () => {
  it("is a passage too, which answers 'nằm trong … nào'", () => {
    const PLAN = [
      "NGHỊ QUYẾT",
      "Về việc đặt tên đường trên địa bàn thành phố",
      "",
      "III. ĐẶT TÊN ĐƯỜNG",
      "13. Đường Tạ Thúc Bình (trong Khu đô thị Phía Nam)",
      "- Điểm đầu (Đ42): Tiếp giáp đường Nguyễn Bính;",
      "- Quy mô, chất lượng đường: Chiều dài 500m, mặt cắt ngang 13m.",
      "14. Đường Nguyễn Bính (trong Khu đô thị",
      "Bách Việt)",
      "- Điểm đầu (Đ43): Tiếp giáp đường Bàng Bá Lân;",
      "- Quy mô, chất lượng đường: Chiều dài 870m, mặt cắt ngang 16m.",
      "15. Đường Vi Đức Thăng (sửa tên từ đường Vi Đức Lục)",
      "- Lý do: đã có sự nhầm lẫn chữ khi đặt tên.",
    ].join("\n");
    const doc = buildDocument("nq.md", PLAN);
    expect(doc.passages.map((p) => p.text)).toContain("Đường Nguyễn Bính (trong Khu đô thị Bách Việt)");
    expect(doc.passages.some((p) => p.text.startsWith("Đường Vi Đức Thăng"))).toBe(false);
    const index = buildIndex([doc], lexicon);
    expect(answerQuestion("Đường Nguyễn Bính nằm trong khu đô thị nào?", index).answers[0]?.quote).toContain("Bách Việt");
  });
});

describe("a province no plan is about, named in a plan's text", () => {
  const PLAN = [
    "ỦY BAN NHÂN DÂN",
    "XÃ CÁT VÂN",
    "Số: 14/KH-UBND",
    "Cát Vân, ngày 12 tháng 02 năm 2019",
    "KẾ HOẠCH",
    "Giảm nghèo năm 2019",
    "",
    "Căn cứ quyết định số: 289-QĐ/TU ngày 27/05/2016 của Ban chấp hành Đảng bộ Tỉnh ban hành chương trình giảm nghèo nhanh và bền vững tỉnh Thanh Hóa, giai đoạn 2016 – 2020;",
    "",
    "I. MỤC TIÊU",
    "Giảm tỷ lệ hộ nghèo xuống còn 5%; xây dựng nhà văn hóa đa năng cho thôn.",
  ].join("\n");
  const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);

  it("is searched for like any words when written as the plan writes it", () => {
    const result = answerQuestion("Chương trình giảm nghèo nhanh và bền vững tỉnh Thanh Hóa ban hành ở quyết định nào?", index);
    expect(result.answers[0]?.quote).toContain("289-QĐ/TU");
  });

  it("still gets 'no plan of that place' when the plan does not name it, or only seems to without tone marks", () => {
    expect(answerQuestion("Tỷ lệ hộ nghèo tỉnh Nghệ An là bao nhiêu?", index).explanation.decision).toBe("names a place no plan is about");
    expect(answerQuestion("What is Da Nang's poverty target?", index).status).toBe("no_answer");
  });
});

describe("a question asking which unit a place belongs to ('thuộc huyện nào')", () => {
  it("is answered by a passage naming a unit of that kind, not by one that only says the word", () => {
    const PLAN = [
      "ỦY BAN NHÂN DÂN",
      "XÃ CÁT VÂN",
      "KẾ HOẠCH",
      "Giảm nghèo năm 2019",
      "",
      "Căn cứ nghị quyết số 12-NQ/HU ngày 18 tháng 12 năm 2018 của Ban chấp hành Đảng bộ huyện khóa XXII về phương hướng nhiệm vụ năm 2019;",
      "Căn cứ kế hoạch số 16/KH-UBND ngày 25 tháng 01 năm 2019 của UBND huyện Như Xuân về chương trình giảm nghèo năm 2019;",
      "",
      "I. MỤC TIÊU",
      "Giảm tỷ lệ hộ nghèo của huyện xuống còn 5%.",
    ].join("\n");
    const index = buildIndex([buildDocument("kh.md", PLAN)], lexicon);
    const result = answerQuestion("Xã Cát Vân thuộc huyện nào?", index);
    expect(result.explanation.concepts.map((c) => c.text)).not.toContain("thuộc");
    expect(result.answers[0]?.quote).toContain("huyện Như Xuân");
  });
});

describe("a web page's posting time above the document", () => {
  const PAGE = [
    "CHƯƠNG TRÌNH HÀNH ĐỘNG Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thị trấn Vĩnh Lộc lần thứ nhất",
    "",
    "Ngày 18/09/2020 14:18:37",
    "",
    "UỶ BAN NHÂN DÂN",
    "THỊ TRẤN VĨNH LỘC",
    "Số: 76/CTr-UBND",
    "Thị trấn Vĩnh Lộc, ngày 29 tháng 5 năm 2020",
    "",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thị trấn lần thứ nhất",
    "",
    "I. MỤC TIÊU",
    "1. Thu nhập bình quân đầu người đạt 60 triệu đồng; các dự án đang triển khai hoàn thành trong năm 2021.",
  ].join("\n");
  const doc = buildDocument("ctr.md", PAGE);
  const index = buildIndex([doc], lexicon);

  it("is read as when the document was posted, apart from the date it was issued", () => {
    expect(doc.meta.posted).toBe("2020-09-18");
    expect(doc.meta.date).toBe("2020-05-29");
  });

  it("answers 'được đăng ngày nào' and 'when was it posted', while 'đang … khi nào' asks something else", () => {
    expect(answerQuestion("Chương trình hành động của thị trấn Vĩnh Lộc được đăng ngày nào?", index).reply).toContain("được đăng ngày 18/09/2020");
    expect(answerQuestion("When was this action programme posted?", index).reply).toContain("posted on 18/09/2020");
    expect(answerQuestion("Các dự án đang triển khai hoàn thành khi nào?", index).explanation.decision).not.toContain("posted");
  });
});

describe("a question word that ends a phrase of the lexicon", () => {
  it("stays in the phrase ('hiện' of 'thực hiện' is not the 'hiện' of 'hiện nay')", () => {
    const index = buildIndex([buildDocument("kh.md", "KẾ HOẠCH\nThu gom rác\n\nI. NỘI DUNG\nThực hiện thu gom rác thải hằng ngày.")], lexicon);
    const texts = answerQuestion("Đề án thực hiện đến năm nào?", index).explanation.concepts.map((c) => c.text);
    expect(texts).toContain("thực hiện");
    expect(answerQuestion("Hiện nay xã thu gom rác thế nào?", index).explanation.concepts.map((c) => c.text)).not.toContain("Hiện");
  });
});

describe("a question asking for a deadline ('hạn … là ngày nào')", () => {
  it("is answered by the clause saying 'trước ngày …' for what is asked, 'hạn' only framing it", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "Thực hiện công tác bảo vệ bí mật nhà nước năm 2023",
      "",
      "IV. TỔ CHỨC THỰC HIỆN",
      "1. Thủ trưởng các sở, ban, ngành: xây dựng Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước và gửi về UBND tỉnh trước ngày 28/2/2023; Báo cáo kết quả thực hiện công tác bảo vệ bí mật nhà nước và gửi về UBND tỉnh trước ngày 10/11/2023.",
      "2. Công an tỉnh tổ chức tập huấn nghiệp vụ bảo vệ bí mật nhà nước trong quý II năm 2023.",
    ].join("\n");
    const result = answerQuestion("Hạn gửi kế hoạch bảo vệ bí mật nhà nước của các sở về UBND tỉnh là ngày nào?", buildIndex([buildDocument("kh.md", PLAN)], lexicon));
    expect(result.explanation.concepts.find((c) => c.text === "Hạn")?.soft).toBe(true);
    expect(result.answers[0]?.quote).toContain("trước ngày 28/2/2023");
    expect(result.answers[0]?.quote).not.toContain("10/11/2023");
  });
});

describe("a question put as a condition ('Khi … thì phải làm gì?')", () => {
  it("is about what follows 'khi', which only frames it", () => {
    const PLAN = [
      "KẾ HOẠCH",
      "Bảo vệ bí mật nhà nước năm 2023",
      "",
      "III. NHIỆM VỤ",
      "1. Tổ chức quán triệt các văn bản về bảo vệ bí mật nhà nước.",
      "Lưu ý: Đối với các vụ lộ, mất bí mật nhà nước xảy ra phải báo cáo ngay về UBND tỉnh (qua Công an tỉnh) để kịp thời giải quyết.",
      "2. Kiểm tra công tác bảo vệ bí mật nhà nước khi có yêu cầu.",
    ].join("\n");
    const result = answerQuestion("Khi xảy ra lộ, mất bí mật nhà nước thì phải làm gì?", buildIndex([buildDocument("kh.md", PLAN)], lexicon));
    expect(result.explanation.concepts.find((c) => c.text === "Khi")?.soft).toBe(true);
    expect(result.answers[0]?.quote).toContain("phải báo cáo ngay về UBND tỉnh");
  });
});

describe("a question asking where money comes from ('lấy từ đâu', 'từ nguồn nào')", () => {
  const PLAN = [
    "QUY CHẾ",
    "Xét tặng danh hiệu Công dân Thủ đô ưu tú",
    "",
    "Điều 8. Khen thưởng",
    "Cá nhân đạt danh hiệu được tặng Bằng, Huy hiệu và tiền thưởng 5.000.000 đồng.",
    "Kinh phí chi tiền thưởng cho các cá nhân đạt danh hiệu được trích từ Quỹ Thi đua, Khen thưởng thành phố.",
    "Điều 9. Hồ sơ đề nghị xét tặng danh hiệu gửi về Hội đồng Thi đua - Khen thưởng thành phố.",
  ].join("\n");
  const index = buildIndex([buildDocument("qc.md", PLAN)], lexicon);

  it("is answered by the passage that names a source, the asking words only framing it", () => {
    const result = answerQuestion("Tiền thưởng danh hiệu lấy từ nguồn nào?", index);
    expect(result.explanation.answerType).toBe("source");
    expect(result.answers[0]?.quote).toContain("trích từ Quỹ Thi đua");
  });

  it("declines when no passage names one", () => {
    const other = buildIndex([buildDocument("qc.md", PLAN.replace(/\nKinh phí chi tiền thưởng[^\n]*/, ""))], lexicon);
    expect(answerQuestion("Tiền thưởng danh hiệu lấy từ nguồn nào?", other).status).toBe("no_answer");
  });
});

describe("a question asking a dimension ('rộng bao nhiêu', 'dài bao nhiêu')", () => {
  it("finds the figure the plan gives without the adjective ('mặt cắt ngang 68m')", () => {
    const PLAN = [
      "NGHỊ QUYẾT",
      "Về việc đặt tên đường",
      "",
      "6. Đường Trần Nhân Tông",
      "- Điểm đầu: Tiếp giáp đường Hùng Vương;",
      "- Quy mô, chất lượng đường: Chiều dài 1.200m, mặt cắt ngang 68m, kết cấu mặt đường là bê tông nhựa.",
    ].join("\n");
    const index = buildIndex([buildDocument("nq.md", PLAN)], lexicon);
    const result = answerQuestion("duong tran nhan tong mat cat ngang rong bao nhieu", index);
    expect(result.explanation.concepts.find((c) => c.text === "rong")?.soft).toBe(true);
    expect(result.answers[0]?.figures[0]?.text).toBe("68m");
  });
});

describe("an appendix whose title gives a count", () => {
  it("says it as a passage too, with the note of what it is attached to", () => {
    const PLAN = [
      "NGHỊ QUYẾT",
      "Về kết quả giám sát tình hình sử dụng đất của các dự án",
      "",
      "Điều 1. Tán thành kết quả giám sát; giao Ủy ban nhân dân tỉnh thu hồi các dự án chậm tiến độ.",
      "",
      "CHỦ TỊCH",
      "Lê Trường Lưu",
      "",
      "PHỤ LỤC",
      "DANH MỤC 79 DỰ ÁN CẦN XEM XÉT THU HỒI, GIÁM SÁT ĐẶC BIỆT",
      "(Ban hành kèm theo Nghị quyết số 08/NQ-HĐND ngày 14 tháng 7 năm 2017 của Hội",
      "đồng nhân dân tỉnh)",
      "",
      "| TT | Tên dự án | Diện tích (ha) |",
      "|---|---|---|",
      "| 1 | Khu du lịch sinh thái Thủy Biều | 12 |",
    ].join("\n");
    const doc = buildDocument("nq.md", PLAN);
    // Read with the note of what it is attached to, which a resident may name it by ("danh mục kèm theo nghị quyết").
    expect(doc.passages.some((p) => p.text.startsWith("Phụ lục danh mục 79 dự án cần xem xét thu hồi, giám sát đặc biệt (Ban hành kèm theo"))).toBe(true);
    expect(doc.passages.some((p) => p.text.startsWith("(Ban hành kèm theo"))).toBe(false);
    const result = answerQuestion("Danh mục kèm theo nghị quyết có bao nhiêu dự án cần xem xét thu hồi?", buildIndex([doc], lexicon));
    expect(result.answers[0]?.figures[0]?.text).toBe("79 dự án");
  });
});
