import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FIXTURE_DIR } from "./helpers/knowledge.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

function run(script: string, args: string[], input?: string) {
  return spawnSync(TSX, [script, ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });
}

describe("ask CLI", () => {
  it("prints the reply for a question", () => {
    const out = run("src/cli/ask.ts", ["Tỷ lệ thu gom rác là bao nhiêu?"]);
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toMatch(/^95%: «Tỷ lệ thu gom rác đạt 95%\.»/);
  });

  it("answers stdin questions one JSON line each, in order, from another knowledge folder", () => {
    const out = run("src/cli/ask.ts", ["--json", "--knowledge", FIXTURE_DIR], "tan dinh bhyt\nGiá vàng hôm nay?\n");
    expect(out.status).toBe(0);
    const lines = out.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.question, l.status])).toEqual([
      ["tan dinh bhyt", "answered"],
      ["Giá vàng hôm nay?", "no_answer"],
    ]);
    expect(Object.keys(lines[0])).toEqual(["question", "status", "answers", "reply"]);
    expect(lines[0].answers[0].document.number).toBe("112/KH-UBND");
  });
});

describe("kb:check", () => {
  it("shows metadata, sections, figures and warnings per file", () => {
    const out = run("src/cli/kbCheck.ts", [FIXTURE_DIR]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("━━ xa-tan-dinh-2025.txt");
    expect(out.stdout).toMatch(/số \(number\)\s+112\/KH-UBND/);
    expect(out.stdout).toMatch(/I\.1\.\(1\)\s+4,5%\s+tăng/);
    expect(out.stdout).toMatch(/địa bàn \(place\)\s+phường An Phú \(đã sửa tay \/ corrected by hand\)/);
    expect(out.stdout).toContain("các mục: (sections:)");
    // Warnings in Vietnamese first, English in brackets, pointing to the console's form.
    expect(out.stdout).toContain(
      "    không tìm thấy người ký ở phần chữ ký; hãy điền ô «Người ký» ở phần Thông tin kế hoạch (no signer found in the signature block; fill in “Signer” under Plan details)",
    );
    // Indicators in whole words: never a word cut in two at the start.
    const planText = readFileSync(join(FIXTURE_DIR, "xa-tan-dinh-2025.txt"), "utf8");
    const cutStarts = [...out.stdout.matchAll(/…(\p{L}+)/gu)].map((m) => m[1]!);
    expect(cutStarts.length).toBeGreaterThan(0);
    for (const word of cutStarts) expect(planText, word).toMatch(new RegExp(`(^|[\\s(])${word}`, "mu"));
  });

  it("prints its usage for --help and a one-line error for a missing folder, never a stack trace", () => {
    const help = run("src/cli/kbCheck.ts", ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Cách dùng: npm run kb:check/);
    expect(help.stdout).toContain("Usage: npm run kb:check");
    const missing = run("src/cli/kbCheck.ts", ["/khong-co-thu-muc-nay"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe("không có thư mục kế hoạch /khong-co-thu-muc-nay (there is no plan folder /khong-co-thu-muc-nay)");
  });
});

describe("ask CLI errors", () => {
  it("prints a one-line error for a missing knowledge folder and usage for a wrong option", () => {
    const missing = run("src/cli/ask.ts", ["--knowledge", "/missing", "câu hỏi"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split("\n")).toEqual(["không có thư mục kế hoạch /missing (there is no plan folder /missing)"]);
    expect(missing.stderr).not.toMatch(/\bat \S+:\d+/);
    const wrong = run("src/cli/ask.ts", ["--khong-co"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("Cách dùng: npm run ask");
    expect(wrong.stderr).not.toMatch(/\bat \S+:\d+/);
  });
});
