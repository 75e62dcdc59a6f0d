import { spawnSync } from "node:child_process";
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
    expect(out.stdout).toMatch(/number\s+112\/KH-UBND/);
    expect(out.stdout).toMatch(/I\.1\.\(1\)\s+4,5%\s+tăng/);
    expect(out.stdout).toMatch(/place\s+phường An Phú \(override\)/);
    expect(out.stdout).toContain("no signer found");
  });
});
