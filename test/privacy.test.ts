import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../src/privacy/maskPersonalData.js";
import { Store } from "../src/store/store.js";

describe("personal data in questions", () => {
  it.each([
    ["Số của tôi là 0901 234 567, gọi lại giúp", "Số của tôi là [số điện thoại], gọi lại giúp"],
    ["liên hệ +84 90-123-4567 nhé", "liên hệ [số điện thoại] nhé"],
    ["CCCD 079123456789 của tôi", "CCCD [số giấy tờ] của tôi"],
    ["CMND 024123456", "CMND [số giấy tờ]"],
    ["email nguyen.van.a@gmail.com hỏi BHYT", "email [email] hỏi BHYT"],
    ["chuyển khoản vào 1903 5555 6666 88 Techcombank", "chuyển khoản vào [số tài khoản] Techcombank"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each([
    "Tỷ lệ BHYT đạt 93,45% năm 2024",
    "Kế hoạch 05/KH-UBND ngày 19/01/2024",
    "sản lượng 2.961 tấn, 772 ha, 45 triệu đồng/năm",
    "Nghị định 144/2021/NĐ-CP",
    "ISO 9001:2015",
  ])("leaves plan figures alone: %s", (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it("deletes question-log entries older than the retention period", () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), "retention-")));
    const now = Date.now();
    store.logQuestion({ at: new Date(now - 200 * 86_400_000), channel: "zalo", userId: "u", question: "cũ", answered: true, latencyMs: 1 });
    store.logQuestion({ at: new Date(now - 10 * 86_400_000), channel: "zalo", userId: "u", question: "mới", answered: true, latencyMs: 1 });
    expect(store.pruneQuestionLog(180, now)).toBe(1);
    expect(store.recentQuestions().map((q) => q.question)).toEqual(["mới"]);
    store.close();
  });
});
