import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { answerQuestion } from "../answer/answerQuestion.js";
import { placeLabel } from "../answer/citation.js";
import { explainPlainly, syllableCounts } from "../answer/explainPlainly.js";
import { splitMessage, telegramMessages } from "../channels/render.js";
import { ZALO_MESSAGE_LIMIT } from "../channels/zalo/zaloClient.js";
import { PlanFileError, readPlanText } from "../ingest/readPlanFile.js";
import { describeDocument } from "../knowledge/describeDocument.js";
import type { PlanDocument } from "../ingest/types.js";
import type { KnowledgeBase } from "../knowledge/knowledgeBase.js";
import { MAX_PLAN_BYTES } from "../knowledge/loadKnowledge.js";
import { catalogue, message, type MessageKey, type MessageRef, renderMessage } from "../messages/catalogue.js";
import type { Store } from "../store/store.js";
import { bilingual, bilingualRef, viThenEn } from "../messages/catalogue.js";
import { AdminAuth } from "./adminAuth.js";
import { csvCell } from "./csv.js";
import { hostGuard } from "./hostCheck.js";
import { PlanFiles, PlanNameError, isStorageError } from "./planFiles.js";
import { planTextHtml } from "./planTextHtml.js";
import { readMetaForm } from "./metaForm.js";
import { describeTests, EXPECT_NO_ANSWER, expectedFrom, runSavedTest, runSavedTests } from "./savedTests.js";
import { looksLikeImage } from "./uploadChecks.js";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
const ASSETS: Record<string, string> = {
  "admin.js": "text/javascript; charset=utf-8",
  "admin.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
};

/** A refusal the console shows in the official's language (the key and its parameters); `error` reads Vietnamese first, then English. */
function refusal(key: MessageKey, params: MessageRef["params"] = {}, extra: Record<string, unknown> = {}) {
  return refusalOf({ key, params }, extra);
}

function refusalOf(ref: MessageRef, extra: Record<string, unknown> = {}) {
  return { error: viThenEn(bilingualRef(ref)), message: ref, ...extra };
}

export interface AdminOptions {
  password?: string;
  knowledge: KnowledgeBase;
  store: Store;
  historyDir: string;
  /** Host names the console answers for besides the loopback names. */
  hosts?: readonly string[];
  /** Which chat channels are configured: the residents' log says so when it is empty. */
  channels?: { telegram: boolean; zalo: boolean };
  /** More routes behind the console's login (the bots' page). */
  routes?: (api: FastifyInstance) => void;
}

/** On every response of the console and its API: it carries residents' questions. */
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
} as const;

/** Names as the file system may hold them (macOS copies NFD) and as a browser sends them (NFC). */
const sameName = (a: string, b: string) => a === b || a.normalize("NFC") === b.normalize("NFC");

function storageFull(reply: FastifyReply, error: unknown) {
  const code = (error as NodeJS.ErrnoException).code;
  reply.log.error({ code }, "a plan file could not be written: the disk is full or not writable");
  return reply
    .code(507)
    .send(refusal("upload.diskFull", { code: String(code) }));
}

/** "Xã Lai Hưng: Chỉ tiêu chủ yếu" for a logged file and section path; undefined when the plan is gone. */
function topicInWords(documents: readonly PlanDocument[], file: string | null, path: string | null): { place: string; section: string } | undefined {
  const doc = file ? documents.find((d) => d.file === file) : undefined;
  if (!doc) return undefined;
  const section = doc.sections.find((s) => s.path === path);
  return { place: placeLabel(doc), section: section?.heading || section?.path || doc.meta.title || doc.file };
}

const askBody = z.object({ question: z.string().trim().min(1).max(2000) });
const testBody = z.object({ question: z.string().trim().min(1).max(2000), expected: z.string().trim().min(1).max(200) });
const fromLogBody = z.object({ logId: z.number().int().positive(), expected: z.string().trim().min(1).max(200).optional() });

/** The officials' console: the page at /admin and its JSON API under /api/admin/. */
export async function registerAdmin(app: FastifyInstance, options: AdminOptions): Promise<AdminAuth> {
  const { knowledge, store } = options;
  const auth = new AdminAuth(options.password);
  const files = new PlanFiles(knowledge.knowledgeDir, options.historyDir);
  await app.register(cookie);
  // Before anything else, for the page, its assets and the whole API.
  app.addHook("onRequest", hostGuard(options.hosts));
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });

  // Saved questions run again after every change of the knowledge.
  runSavedTests(store, knowledge.index);
  knowledge.onReload(() => {
    runSavedTests(store, knowledge.index);
  });

  app.get("/admin", async (request, reply) => {
    if (!auth.passwordRequired && !auth.isLocal(request)) {
      return reply.code(403).type("text/plain; charset=utf-8").send(viThenEn(bilingual("access.localOnly")));
    }
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
      .send(await readFile(join(PUBLIC_DIR, "index.html")));
  });
  // The catalogue is the console's only source of text: admin.js renders every string from it.
  app.get("/admin/messages.json", async (_request, reply) => reply.header("cache-control", "no-cache").send(catalogue));
  app.get("/favicon.ico", async (_request, reply) =>
    reply.type("image/svg+xml").header("x-content-type-options", "nosniff").send(await readFile(join(PUBLIC_DIR, "favicon.svg"))),
  );
  app.get("/admin/:asset", async (request, reply) => {
    const { asset } = request.params as { asset: string };
    const type = ASSETS[asset];
    if (!type) return reply.code(404).send({ error: "not found" });
    return reply.type(type).send(await readFile(join(PUBLIC_DIR, asset)));
  });

  app.get("/api/admin/session", async (request) => auth.state(request));
  app.post("/api/admin/login", async (request, reply) => {
    const outcome = auth.login(request, reply, (request.body as { password?: unknown } | undefined)?.password);
    if (outcome.status === 403) return reply.code(403).send(refusal("access.localOnly"));
    if (outcome.status === 429) {
      return reply
        .code(429)
        .header("retry-after", String(outcome.retryAfterSeconds))
        .send({ ...refusal("access.loginWait", { seconds: outcome.retryAfterSeconds }), retryAfterSeconds: outcome.retryAfterSeconds });
    }
    if (outcome.status === 401) return reply.code(401).send({ error: "wrong password" });
    return { csrfToken: outcome.csrfToken };
  });

  await app.register(async (api) => {
    await api.register(multipart, { limits: { fileSize: MAX_PLAN_BYTES, files: 1, fields: 5 } });
    api.addHook("onRequest", auth.guard);

    api.post("/api/admin/logout", async (request, reply) => {
      auth.logout(request, reply);
      return { ok: true };
    });

    api.post("/api/admin/ask", async (request, reply) => {
      const body = askBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(refusal("api.questionRequired"));
      const result = answerQuestion(body.data.question, knowledge.index);
      return {
        result,
        plain: explainPlainly(result, knowledge.index.documents.length, syllableCounts(knowledge.index.stats)),
        expected: expectedFrom(result),
        telegram: telegramMessages(result),
        zalo: splitMessage(result.reply, ZALO_MESSAGE_LIMIT),
      };
    });

    api.get("/api/admin/documents", async () => {
      const index = knowledge.index;
      return {
        builtAt: index.builtAt,
        documents: index.documents.map((doc) => ({
          file: doc.file,
          meta: { ...doc.meta, lines: undefined },
          metaSource: doc.metaSource,
          warnings: doc.warnings,
          sections: doc.sections.length,
          passages: doc.passages.length,
          problem: index.problems.find((p) => p.file === doc.file),
          ...(doc.ocr ? { ocr: { pages: doc.ocr.pages, confidence: doc.ocr.confidence } } : {}),
        })),
        // Scans waiting for OCR or being read (the console shows their progress).
        scans: knowledge.scansInProgress().map(({ file, page, pages }) => ({ file, page, pages })),
        // A file whose new version failed still serves its previous version: say so.
        refused: index.problems.map((p) => {
          // A reason may quote a system error; the server's folders are nobody's business.
          const hide = (text: string) => text.replaceAll(`${knowledge.knowledgeDir}/`, "").replaceAll(knowledge.knowledgeDir, "knowledge");
          return {
            ...p,
            reason: hide(p.reason),
            ...(p.message ? { message: { vi: hide(p.message.vi), en: hide(p.message.en) } } : {}),
            ...(p.detail ? { detail: hide(p.detail) } : {}),
            serving: index.documents.some((d) => d.file === p.file),
          };
        }),
      };
    });

    api.get("/api/admin/documents/:file", async (request, reply) => {
      const { file: asked } = request.params as { file: string };
      const index = knowledge.index;
      const doc = index.documents.find((d) => sameName(d.file, asked));
      if (!doc) return reply.code(404).send(refusal("meta.noSuchPlan"));
      const file = doc.file;
      let text = "";
      let html: string | undefined;
      try {
        const bytes = await readFile(join(knowledge.knowledgeDir, file));
        text = await readPlanText(file, bytes);
        // Word, spreadsheet and PDF plans are shown with their tables as tables.
        if (!/\.(txt|md)$/i.test(file)) html = planTextHtml(text);
      } catch {
        // The file changed into something unreadable; the serving version is still described.
      }
      return {
        file,
        meta: { ...doc.meta, lines: undefined },
        metaSource: doc.metaSource,
        summary: describeDocument(doc, index),
        passages: doc.passages.map((p) => ({ line: p.line, kind: p.kind, section: doc.sections[p.section]!.path, text: p.text })),
        lines: text.split("\n"),
        // A Word plan is shown as Word shows it (tables as tables); the browser keeps only text and table markup.
        ...(html !== undefined ? { html } : {}),
      };
    });

    api.get("/api/admin/documents/:file/targets.csv", async (request, reply) => {
      const { file: asked } = request.params as { file: string };
      const doc = knowledge.index.documents.find((d) => sameName(d.file, asked));
      if (!doc) return reply.code(404).send(refusal("meta.noSuchPlan"));
      const file = doc.file;
      const rows = describeDocument(doc, knowledge.index).figures.map((f) =>
        [f.indicator, f.comparator ?? "", f.text, f.value, f.unit, f.section, f.line].map(csvCell).join(","),
      );
      const header = (["csv.indicator", "csv.comparator", "csv.figure", "csv.value", "csv.unit", "csv.section", "csv.line"] as const)
        .map((key) => csvCell(`${message(key, "vi")} (${message(key, "en")})`))
        .join(",");
      const csv = `\uFEFF${header}\n${rows.join("\n")}\n`;
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${encodeURIComponent(file.replace(/\.[^.]+$/, ""))}-targets.csv"`)
        .send(csv);
    });

    api.put("/api/admin/documents/:file/meta", async (request, reply) => {
      const { file: asked } = request.params as { file: string };
      const form = readMetaForm(request.body);
      if ("problems" in form) {
        return reply.code(400).send({ error: form.problems.map((p) => renderMessage(p, "en")).join("; "), problems: form.problems });
      }
      try {
        const file = await files.existing(asked);
        if (file === undefined || !knowledge.index.documents.some((d) => d.file === file)) return reply.code(404).send(refusal("meta.noSuchPlan"));
        const override = await files.correctMetadata(file, form.changes);
        if (override === undefined) return reply.code(404).send(refusal("meta.noSuchPlan"));
        await knowledge.reload();
        return { file, override, meta: { ...knowledge.index.documents.find((d) => d.file === file)?.meta, lines: undefined } };
      } catch (error) {
        if (error instanceof PlanNameError) return reply.code(400).send(refusalOf(error.ref));
        if (error instanceof z.ZodError) return reply.code(400).send(refusal("meta.invalidFields", { fields: [...new Set(error.issues.map((i) => i.path.join(".")))].join(", ") }));
        throw error;
      }
    });

    api.post("/api/admin/plans", async (request, reply) => {
      const part = await request.file();
      if (!part) return reply.code(400).send(refusal("upload.noFile"));
      let bytes: Buffer;
      const tooLarge = () => reply.code(413).send(refusal("upload.tooLarge", { mb: MAX_PLAN_BYTES / 1048576 }));
      try {
        bytes = await part.toBuffer();
      } catch {
        return tooLarge();
      }
      // The size limit may also end the stream early instead of throwing: never keep half a plan.
      if (part.file.truncated) return tooLarge();
      if (looksLikeImage(bytes)) return reply.code(422).send(refusal("upload.looksLikeImage", {}, { problem: { file: part.filename, reason: message("upload.looksLikeImage", "en") } }));
      try {
        const { name, replaced, replacedFiles, document } = await files.add(part.filename, bytes);
        const report = await knowledge.reload();
        const failing = runSavedTests(store, knowledge.index).filter((t) => t.lastStatus === "fail");
        return {
          file: name,
          replaced,
          replacedFiles,
          failingTests: failing.map((t) => ({ id: t.id, question: t.question })),
          meta: { ...document.meta, lines: undefined },
          warnings: document.warnings,
          passages: document.passages.length,
          documents: report.documents,
        };
      } catch (error) {
        if (error instanceof PlanNameError) return reply.code(400).send(refusalOf(error.ref));
        if (error instanceof PlanFileError) {
          const { problem } = error;
          const params = { file: `${problem.file}${problem.line ? `:${problem.line}` : ""}`, reason: problem.ref ?? problem.reason };
          return reply.code(422).send(refusal("upload.refused", params, { problem }));
        }
        if (isStorageError(error)) return storageFull(reply, error);
        throw error;
      }
    });

    api.delete("/api/admin/plans/:file", async (request, reply) => {
      const { file } = request.params as { file: string };
      let removed: string | undefined;
      try {
        removed = await files.remove(file);
        if (removed === undefined) return reply.code(404).send(refusal("meta.noSuchPlan"));
      } catch (error) {
        if (error instanceof PlanNameError) return reply.code(400).send(refusalOf(error.ref));
        throw error;
      }
      const report = await knowledge.reload();
      return { removed, documents: report.documents };
    });

    api.get("/api/admin/tests", async () => ({ tests: describeTests(store), expectNoAnswer: EXPECT_NO_ANSWER }));
    api.post("/api/admin/tests", async (request, reply) => {
      const body = testBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(refusal("api.testRequired"));
      return runSavedTest(store, knowledge.index, store.addSavedTest(body.data.question, body.data.expected));
    });
    api.put("/api/admin/tests/:id", async (request, reply) => {
      const body = testBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(refusal("api.testRequired"));
      const updated = store.updateSavedTest(Number((request.params as { id: string }).id), body.data.question, body.data.expected);
      if (!updated) return reply.code(404).send(refusal("api.noSuchTest"));
      return runSavedTest(store, knowledge.index, updated);
    });
    api.post("/api/admin/tests/:id/accept", async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      if (!store.acceptTestReply(id)) return reply.code(404).send(refusal("api.noSuchTest"));
      return describeTests(store).find((t) => t.id === id);
    });
    api.post("/api/admin/tests/from-log", async (request, reply) => {
      const body = fromLogBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(refusal("api.noSuchLogEntry"));
      const logged = store.loggedQuestion(body.data.logId);
      if (!logged) return reply.code(404).send(refusal("api.noSuchLogEntry"));
      // What the resident got: its figure; an entry from before replies were logged is answered again.
      const got = !logged.answered ? EXPECT_NO_ANSWER : (logged.figure ?? expectedFrom(answerQuestion(logged.question, knowledge.index)));
      return runSavedTest(store, knowledge.index, store.addSavedTest(logged.question, body.data.expected ?? got));
    });
    api.post("/api/admin/tests/run", async () => ({ tests: runSavedTests(store, knowledge.index) }));
    api.delete("/api/admin/tests/:id", async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      return store.deleteSavedTest(id) ? { ok: true } : reply.code(404).send(refusal("api.noSuchTest"));
    });

    options.routes?.(api);

    api.get("/api/admin/questions", async (request) => {
      const query = request.query as { filter?: string; limit?: string; bot?: string; channel?: string };
      const filter = query.filter === "unanswered" || query.filter === "low" ? query.filter : "all";
      const limit = Math.min(500, Math.max(1, Number(query.limit) || 100));
      const topic = (file: string | null, path: string | null) => topicInWords(knowledge.index.documents, file, path);
      return {
        questions: store
          .recentQuestions(limit, filter, query.bot ? { name: query.bot, ...(query.channel ? { channel: query.channel } : {}) } : undefined)
          .map((q) => ({ ...q, topic: topic(q.document, q.section) })),
        perDay: store.questionsPerDay(30),
        topTopics: store.topTopics(10).map((x) => ({ ...x, topic: topic(x.document, x.section) })),
        channels: options.channels ?? { telegram: false, zalo: false },
      };
    });
  });
  return auth;
}
