// kehoach-bot admin console. Plain modules, no build step. Every text comes from the message
// catalogue the server sends (/admin/messages.json, built from src/messages/catalogue.ts).
let catalogue = {};
let lang = localStorage.getItem("kehoach-lang") === "en" ? "en" : "vi";
let csrf = "";
let lastAnswer = null;
let planNames = new Set();
let editingTest = null;
let openPlan = null;
const $ = (id) => document.getElementById(id);

/** One message in the reader's language; a parameter may itself be a message reference. */
function t(key, params = {}) {
  const entry = catalogue[key];
  const template = entry ? entry[lang] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === "object" ? tr(value) : String(value);
  });
}
const tr = (ref) => t(ref.key, ref.params ?? {});

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

/** A table that becomes stacked cards on a phone: each cell carries its column's name. */
function table(target, headers, rows, emptyId) {
  const node = $(target);
  node.hidden = rows.length === 0 && Boolean(emptyId);
  if (emptyId) $(emptyId).hidden = rows.length > 0;
  node.replaceChildren(
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => el("td", { "data-label": headers[i] }, c))))),
  );
}

/** Feedback shown next to the action that caused it. */
function feedback(target, text, kind = "ok") {
  const node = typeof target === "string" ? $(target) : target;
  node.textContent = text;
  node.classList.toggle("error", kind === "error");
  node.classList.toggle("ok", kind === "ok" && text !== "");
}

function errorText(error) {
  const data = error.data;
  if (data?.problems?.length) return data.problems.map(tr).join(" ");
  if (data?.message?.key) return tr(data.message);
  if (error.status) return t("console.error", { reason: t("console.serverError", { status: error.status }) });
  return t("console.error", { reason: t("console.networkError") });
}

async function api(path, options = {}) {
  const headers = { ...(options.headers ?? {}) };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  if (options.method && options.method !== "GET") headers["x-csrf-token"] = csrf;
  const response = await fetch(path, {
    method: options.method ?? "GET",
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    credentials: "same-origin",
  });
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (response.status === 401 && path !== "/api/admin/login") showLogin();
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status, data });
  return data;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  $("lang").lang = lang === "vi" ? "en" : "vi";
}

function showLogin() {
  $("login-view").hidden = false;
  $("app").hidden = true;
  $("logout").hidden = true;
  $("password").focus();
}

function showApp(authRequired) {
  $("login-view").hidden = true;
  $("app").hidden = false;
  $("logout").hidden = !authRequired;
  refreshDocuments();
  openSaveLink().catch((error) => feedback("status", errorText(error), "error"));
}

function selectTab(id) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  refreshTab(id);
}

function refreshTab(id) {
  if (id === "tab-plans") refreshDocuments();
  if (id === "tab-tests") refreshTests();
  if (id === "tab-log") refreshLog();
}

const currentTab = () => document.querySelector("[role=tab][aria-selected=true]").id;

// --- Try a question ---
function renderAnswer(data) {
  lastAnswer = data;
  const { result, plain } = data;
  $("answer").hidden = false;
  $("decision").textContent = result.status === "answered" ? t("console.statusAnswered") : t("console.statusDeclined");
  $("why-plain").textContent = tr(plain.sentence);
  $("near-misses").replaceChildren(...(plain.nearMisses.length ? [
    el("h4", {}, t("console.nearMisses")),
    el("ul", { class: "near-misses" }, plain.nearMisses.map((m) => el("li", {}, tr(m)))),
  ] : []));
  // The Telegram HTML is built and escaped by the server; it only holds <b> and <i>.
  $("telegram-preview").replaceChildren(...data.telegram.map((html) => {
    const part = el("div", { class: "part" });
    part.innerHTML = html;
    return part;
  }));
  $("zalo-preview").replaceChildren(...data.zalo.map((text) => el("div", { class: "part" }, text)));
  $("save-expected").value = data.expected;
  renderDetails(result.explanation);
}

function renderDetails(ex) {
  const facts = [
    [t("console.searched"), ex.searchedText],
    [t("console.language"), t(`language.${ex.language}`)],
    [t("console.scope"), ex.scope === "all" ? t("console.allPlans") : ex.scope.join(", ") || t("console.none")],
    [t("console.places"), [...ex.placesNamed, ex.unknownPlace].filter(Boolean).join(", ") || t("console.none")],
    [t("console.answerType"), `${t(`answerType.${ex.answerType}`)}${ex.askedUnit ? ` (${ex.askedUnit})` : ""}`],
  ];
  $("analysis").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  table("concepts", [t("console.question"), t("console.weight"), t("console.known"), t("console.soft")], ex.concepts.map((c) => [
    c.corrected ? `${c.text} → ${c.corrected}` : c.text, c.weight.toFixed(2), c.known ? t("console.yes") : t("console.no"), c.soft ? t("console.yes") : t("console.no"),
  ]));
  table("candidates", [t("console.rank"), t("console.score"), t("console.coverage"), t("console.file"), t("console.section"), t("console.quote"), t("console.figure"), t("console.matched"), t("console.missing")], ex.candidates.map((c, i) => [
    String(i + 1), c.score.toFixed(3), c.coverage.toFixed(2), c.file, c.trail.join(" › ") || "—", c.quote, c.figures.join(", ") || "—", c.matched.join(", ") || "—", c.missing.join(", ") || "—",
  ]));
}

// --- Plans ---
async function refreshDocuments() {
  const data = await api("/api/admin/documents");
  planNames = new Set(data.documents.map((d) => d.file));
  table("documents", [t("console.file"), t("console.place"), t("console.number"), t("console.date"), t("console.passages"), t("console.warnings"), t("console.actions")], data.documents.map((d) => [
    planFileCell(d), d.meta.place ?? "—", d.meta.number ?? "—", d.meta.date ?? "—", String(d.passages),
    String(d.warnings.length + (d.problem ? 1 : 0)),
    el("span", { class: "actions" },
      el("button", { type: "button", class: "secondary", "aria-label": t("console.viewPlan", { file: d.file }), onclick: () => viewDocument(d.file) }, t("console.view")),
      el("button", { type: "button", class: "secondary", "aria-label": t("console.removePlan", { file: d.file }), onclick: () => removePlan(d.file) }, t("console.remove"))),
  ]), "documents-empty");
  $("refused").replaceChildren(...(data.refused.length ? [
    el("h3", {}, t("console.refused")),
    el("ul", { class: "warnings" }, data.refused.map((p) => el("li", {},
      `${p.file}${p.line ? ` (${t("console.lineN", { line: p.line })})` : ""}: ${p.message ? p.message[lang] : p.reason}${p.serving ? ` (${t("console.previousServing")})` : ""}`,
      p.detail ? el("span", { class: "hint" }, ` ${t("planFile.technicalDetail", { detail: p.detail })}`) : null))),
  ] : []));
  renderScans(data.scans ?? []);
}

// --- Scans read by OCR: their progress, and the mark of a plan read by OCR ---
let scanPoll;
function planFileCell(d) {
  return d.ocr ? el("span", {}, d.file, el("br"), el("small", { class: "ocr-note" }, `⚠ ${t("ocr.kbCheckRead", { confidence: d.ocr.confidence })}`)) : d.file;
}
function renderScans(scans) {
  $("scans").replaceChildren(...(scans.length ? [
    el("h3", {}, t("ocr.consoleHeading")),
    el("ul", { class: "scans", "aria-live": "polite" }, scans.map((s) => el("li", {}, `${s.file}: ${s.page ? t("ocr.progress", s) : t("ocr.queued", s)}`))),
  ] : []));
  clearTimeout(scanPoll);
  // While scans are read the list is refreshed: each plan appears once its pages are read.
  if (scans.length) scanPoll = setTimeout(() => refreshDocuments().catch(() => undefined), 3000);
}

const META_FIELDS = [["place", "console.metaPlace"], ["number", "console.metaNumber"], ["date", "console.metaDate"], ["year", "console.metaYear"], ["issuer", "console.metaIssuer"], ["title", "console.metaTitle"], ["signer", "console.metaSigner"], ["aliases", "console.metaAliases"]];

function renderMetaForm(file, meta) {
  const form = $("meta-form");
  const status = el("span", { class: "feedback", role: "status", id: "meta-status" });
  form.replaceChildren(
    ...META_FIELDS.map(([key, label]) => {
      const value = key === "aliases" ? (meta.aliases ?? []).join(", ") : meta[key] ?? "";
      return el("label", {}, t(label), el("input", { name: key, type: "text", value: String(value), inputmode: key === "year" ? "numeric" : undefined }));
    }),
    el("div", { class: "row" }, el("button", { type: "submit" }, t("console.saveMeta")), status),
  );
  form.onsubmit = async (event) => {
    event.preventDefault();
    feedback(status, t("console.working"), "info");
    try {
      await api(`/api/admin/documents/${encodeURIComponent(file)}/meta`, { method: "PUT", json: Object.fromEntries(new FormData(form)) });
      await refreshDocuments();
      await viewDocument(file, { keepFocus: true });
      feedback("meta-status", t("console.saved"));
    } catch (error) { feedback(status, errorText(error), "error"); }
  };
}

/** The answer of the latest question tried, if it came from this plan. */
function answerIn(file) {
  return (lastAnswer?.result.answers ?? []).filter((a) => a.document.file === file);
}

const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\*\*/g, "").replace(/\s+/g, " ").toLowerCase().trim();

function renderPlanText(d) {
  const answers = answerIn(d.file);
  const target = $("plan-text");
  if (d.html !== undefined) {
    target.replaceChildren(...wordNodes(new DOMParser().parseFromString(d.html, "text/html").body));
    const quotes = answers.map((a) => fold(a.quote).slice(0, 60)).filter(Boolean);
    for (const block of target.querySelectorAll("p, li, td")) if (quotes.some((q) => fold(block.textContent).includes(q))) block.classList.add("answer");
    return;
  }
  const lines = new Set(answers.map((a) => a.line).filter(Boolean));
  target.replaceChildren(...d.lines.map((line, i) => lines.has(i + 1) ? el("mark", {}, `${line}\n`) : `${line}\n`));
}

const WORD_TAGS = { P: "p", TABLE: "table", THEAD: "thead", TBODY: "tbody", TR: "tr", TD: "td", TH: "td", UL: "ul", OL: "ol", LI: "li", STRONG: "strong", B: "strong", EM: "em", I: "em", BR: "br" };

/** A Word plan's HTML rebuilt from text and table elements only: nothing of the file can run or style the page. */
function wordNodes(source) {
  const out = [];
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) { out.push(document.createTextNode(node.textContent)); continue; }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const heading = /^H[1-6]$/.test(node.tagName);
    const tag = heading ? "p" : WORD_TAGS[node.tagName];
    if (!tag) { out.push(...wordNodes(node)); continue; }
    const copy = el(tag, heading ? { class: "word-heading" } : {});
    for (const span of ["colspan", "rowspan"]) if (/^\d{1,2}$/.test(node.getAttribute(span) ?? "")) copy.setAttribute(span, node.getAttribute(span));
    copy.append(...wordNodes(node));
    out.push(copy);
  }
  return out;
}

function renderWarnings(warnings) {
  $("document-warnings").replaceChildren(warnings.length
    ? el("ul", { class: "warnings" }, warnings.map((w) => el("li", {}, tr(w))))
    : el("p", { class: "note" }, t("console.noWarnings")));
}

async function viewDocument(file, { keepFocus = false } = {}) {
  const d = await api(`/api/admin/documents/${encodeURIComponent(file)}`);
  openPlan = file;
  $("document-view").hidden = false;
  $("document-title").textContent = `${d.meta.title ?? file} (${file})`;
  $("csv-link").href = `/api/admin/documents/${encodeURIComponent(file)}/targets.csv`;
  renderWarnings(d.summary.warnings);
  renderMetaForm(file, d.meta);
  $("section-tree").replaceChildren(...d.summary.sections.filter((s) => s.path || s.heading || s.passages).map((s) =>
    el("li", { class: `depth-${Math.min(6, Math.max(1, s.depth))}` }, `${s.path || "·"} ${s.heading} `, el("span", { class: "hint" }, `(${t("console.sectionPassages", { passages: s.passages })})`))));
  table("targets", [t("console.section"), t("console.indicator"), t("console.comparator"), t("console.figure"), t("console.line")], d.summary.figures.map((f) => [f.section, f.indicator, f.comparator ?? "—", f.check ? `${f.text} ⚠ ${t("ocr.checkFigure")}${f.uncertain ? " ?" : ""}` : f.text, String(f.line)]));
  if (!d.summary.figures.length) $("targets").replaceChildren(el("caption", {}, t("console.noTargets")));
  renderPlanText(d);
  if (!keepFocus) {
    $("document-view").scrollIntoView({ block: "start" });
    $("document-title").focus({ preventScroll: true });
  }
}

async function upload(file) {
  const status = "upload-status";
  if (planNames.has(file.name) && !confirm(t("console.confirmReplace", { file: file.name }))) return;
  const body = new FormData();
  body.append("file", file);
  feedback(status, t("console.working"), "info");
  try {
    const data = await api("/api/admin/plans", { method: "POST", body });
    const done = t(data.replaced ? "console.replaced" : "console.uploaded", { file: data.file, passages: data.passages });
    const tests = data.failingTests.length
      ? t("console.nowFailing", { questions: data.failingTests.map((x) => `«${x.question}»`).join(", ") })
      : t("console.allTestsPass");
    feedback(status, `${done} ${tests}`, data.failingTests.length ? "error" : "ok");
    await refreshDocuments();
  } catch (error) {
    feedback(status, errorText(error), "error");
  } finally {
    $("upload-file").value = "";
  }
}

async function removePlan(file) {
  if (!confirm(t("console.confirmRemove", { file }))) return;
  try {
    await api(`/api/admin/plans/${encodeURIComponent(file)}`, { method: "DELETE" });
    if (openPlan === file) $("document-view").hidden = true;
    await refreshDocuments();
    feedback("documents-status", t("console.removed", { file }));
  } catch (error) { feedback("documents-status", errorText(error), "error"); }
}

// --- Saved questions ---
const expectedText = (expected) => expected === "no_answer" ? `no_answer (${t("console.expectNoAnswer")})` : expected;

async function refreshTests() {
  const { tests } = await api("/api/admin/tests");
  table("tests", [t("console.question"), t("console.expected"), t("console.result"), t("console.acceptedReply"), t("console.lastReply"), t("console.actions")], tests.map((test) => {
    const status = el("span", { class: "feedback", role: "status" });
    return [
      test.question, expectedText(test.expected),
      el("span", {}, el("span", { class: test.lastStatus === "pass" ? "pass" : "fail" }, test.lastStatus === "pass" ? t("console.pass") : t("console.fail")),
        test.changed ? el("span", { class: "badge" }, t("console.changed")) : ""),
      test.acceptedReply ?? "—",
      test.changed ? test.lastReply : "—",
      el("span", { class: "actions" },
        test.changed ? el("button", { type: "button", onclick: () => acceptTest(test, status) }, t("console.accept")) : "",
        el("button", { type: "button", class: "secondary", onclick: () => editTest(test) }, t("console.edit")),
        el("button", { type: "button", class: "secondary", onclick: () => deleteTest(test, status) }, t("console.delete")),
        status),
    ];
  }), "tests-empty");
}

async function acceptTest(test, status) {
  try { await api(`/api/admin/tests/${test.id}/accept`, { method: "POST" }); await refreshTests(); feedback("tests-status", t("console.accepted")); }
  catch (error) { feedback(status, errorText(error), "error"); }
}

function editTest(test) {
  editingTest = test.id;
  $("test-question").value = test.question;
  $("test-expected").value = test.expected;
  $("test-submit").textContent = t("console.saveChanges");
  $("test-cancel").hidden = false;
  $("test-question").focus();
}

function stopEditing() {
  editingTest = null;
  $("test-question").value = "";
  $("test-expected").value = "";
  $("test-submit").textContent = t("console.add");
  $("test-cancel").hidden = true;
}

async function deleteTest(test, status) {
  if (!confirm(t("console.confirmDeleteTest", { question: test.question }))) return;
  try { await api(`/api/admin/tests/${test.id}`, { method: "DELETE" }); await refreshTests(); feedback("tests-status", t("console.deleted")); }
  catch (error) { feedback(status, errorText(error), "error"); }
}

// --- Residents' questions ---
const topicText = (topic, fallback) => topic ? t("console.topicOf", topic) : fallback;

async function refreshLog() {
  const filter = $("log-filter").value;
  await refreshBots();
  const data = await api(`/api/admin/questions?filter=${filter}${botQuery()}`);
  const on = ["telegram", "zalo"].filter((c) => data.channels[c]).map((c) => t(`channel.${c}`));
  $("channels-state").textContent = on.length ? t("console.channelsOn", { channels: on.join(", ") }) : t("console.channelsOff");
  $("questions-empty").textContent = filter === "all" ? `${t("console.noQuestions")} ${$("channels-state").textContent}` : t("console.noMatches");
  table("questions", [t("console.time"), t("console.channel"), t("console.question"), t("console.answered"), t("console.reply"), t("console.topic"), t("console.actions")], data.questions.map((q) => {
    const status = el("span", { class: "feedback", role: "status" });
    return [
      new Date(q.at).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB"), t(`channel.${q.channel}`), q.question, q.answered ? t("console.yes") : t("console.no"),
      q.reply ?? "—", topicText(q.topic, q.document ?? "—"),
      el("span", { class: "actions" }, el("button", { type: "button", class: "secondary", onclick: async () => {
        try {
          const saved = await api("/api/admin/tests/from-log", { method: "POST", json: { logId: q.id } });
          feedback(status, t("console.savedWith", { expected: expectedText(saved.expected) }));
        } catch (error) { feedback(status, errorText(error), "error"); }
      } }, t("console.saveTest")), status),
    ];
  }), "questions-empty");
  table("per-day", [t("console.day"), t("console.total"), t("console.answered")], data.perDay.map((d) => [d.day, String(d.total), String(d.answered)]));
  table("top-topics", [t("console.topic"), t("console.count")], data.topTopics.map((x) => [
    x.question ? t("console.unansweredTopic", { question: x.question }) : topicText(x.topic, `${x.document} ${x.section ?? ""}`), String(x.count),
  ]));
}

// --- Bots: the install's Telegram bots and Zalo OAs, and the log of one of them ---
const when = (at) => at ? new Date(at).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB") : t("console.never");

function webhookText(bot) {
  if (bot.channel === "zalo") return bot.oaId ? t("console.webhookZalo", { oaId: bot.oaId }) : "/webhooks/zalo";
  const w = bot.webhook;
  const state = w.unknown ? t("console.webhookUnknown") : w.set ? t("console.webhookSet") : w.url ? t("console.webhookElsewhere", { url: w.url }) : t("console.webhookNotSet");
  return w.lastError ? `${state}; ${t("console.webhookError", { error: w.lastError })}` : state;
}

function officialsText(o) {
  if (!o) return "—";
  return t(o.atOnce ? "console.officialsAtOnce" : "console.officialsDigest", { chat: o.chat, at: o.digestAt });
}

async function refreshBots() {
  const { bots } = await api("/api/admin/bots");
  const name = (bot) => bot.fromEnv ? t("console.envBot", { name: bot.name }) : bot.name;
  const places = (bot) => [bot.places.commune, ...(bot.places.plans ?? [])].filter(Boolean).join(", ") || t("console.botAllPlans");
  table("bots", [t("console.bot"), t("console.channel"), t("console.botPlaces"), t("console.webhook"), t("console.lastMessage"), t("console.tokenExpiry"), t("console.officialsChat")],
    bots.map((bot) => [name(bot), t(`channel.${bot.channel}`), places(bot), webhookText(bot), when(bot.lastMessageAt), bot.channel === "zalo" ? when(bot.tokenExpiresAt) : "—", officialsText(bot.officials)]));
  const select = $("log-bot");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, t("console.allBots")),
    ...bots.map((bot) => el("option", { value: `${bot.channel}:${bot.name}` }, `${name(bot)} (${t(`channel.${bot.channel}`)})`)));
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
}

/** "&bot=…&channel=…" for the bot chosen in the log's filter; empty for all bots. */
function botQuery() {
  const value = $("log-bot").value;
  if (!value) return "";
  const [channel, ...name] = value.split(":");
  return `&bot=${encodeURIComponent(name.join(":"))}&channel=${channel}`;
}

/** A link from the officials' chat (/admin#save-log=ID): the question is shown with one button that saves it. */
async function openSaveLink() {
  const match = /^#save-log=(\d+)$/.exec(location.hash);
  if (!match) return;
  const id = Number(match[1]);
  selectTab("tab-log");
  const { questions } = await api("/api/admin/questions?filter=unanswered&limit=500");
  const found = questions.find((q) => q.id === id);
  $("save-link").hidden = false;
  $("save-link-text").textContent = found ? t("console.saveFromLink", { question: found.question }) : t("console.saveFromLinkNumber", { id });
  $("save-link-button").onclick = async () => {
    try {
      const saved = await api("/api/admin/tests/from-log", { method: "POST", json: { logId: id } });
      feedback("save-link-status", t("console.savedWith", { expected: expectedText(saved.expected) }));
      $("save-link-button").disabled = true;
      history.replaceState(null, "", location.pathname);
    } catch (error) { feedback("save-link-status", errorText(error), "error"); }
  };
}

// --- Wiring ---
function wireTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.onclick = () => selectTab(tab.id);
    tab.onkeydown = (event) => {
      const here = tabs.indexOf(tab);
      const next = { ArrowRight: here + 1, ArrowLeft: here - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      target.focus();
      selectTab(target.id);
    };
  }
}

function wireUpload() {
  const zone = $("upload-form");
  zone.onsubmit = (event) => {
    event.preventDefault();
    const file = $("upload-file").files[0];
    if (file) upload(file);
    else feedback("upload-status", t("console.chooseFileFirst"), "error");
  };
  zone.ondragover = (event) => { event.preventDefault(); zone.classList.add("over"); };
  zone.ondragleave = () => zone.classList.remove("over");
  zone.ondrop = (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer.files[0];
    if (file) upload(file);
  };
}

function wireTests() {
  $("test-form").onsubmit = async (event) => {
    event.preventDefault();
    const json = { question: $("test-question").value, expected: $("test-expected").value };
    try {
      if (editingTest) await api(`/api/admin/tests/${editingTest}`, { method: "PUT", json });
      else await api("/api/admin/tests", { method: "POST", json });
      stopEditing();
      await refreshTests();
      feedback("tests-status", t("console.saved"));
    } catch (error) { feedback("tests-status", errorText(error), "error"); }
  };
  $("test-cancel").onclick = stopEditing;
  $("run-tests").onclick = async () => {
    try {
      const { tests } = await api("/api/admin/tests/run", { method: "POST" });
      await refreshTests();
      feedback("tests-status", t("console.ranAll", { count: tests.length, failing: tests.filter((x) => x.lastStatus !== "pass").length }));
    } catch (error) { feedback("tests-status", errorText(error), "error"); }
  };
}

function wire() {
  $("lang").onclick = () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("kehoach-lang", lang);
    applyLanguage();
    if (lastAnswer) renderAnswer(lastAnswer);
    if (!$("app").hidden) refreshTab(currentTab());
  };
  $("login-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      const data = await api("/api/admin/login", { method: "POST", json: { password: $("password").value } });
      csrf = data.csrfToken;
      $("password").value = "";
      feedback("login-status", "");
      showApp(true);
    } catch (error) {
      feedback("login-status", error.status === 429 ? t("console.tooMany") : t("console.wrongPassword"), "error");
    }
  };
  $("logout").onclick = async () => { await api("/api/admin/logout", { method: "POST" }); csrf = ""; showLogin(); };
  wireTabs();
  $("ask-form").onsubmit = async (event) => {
    event.preventDefault();
    feedback("ask-status", t("console.working"), "info");
    try { renderAnswer(await api("/api/admin/ask", { method: "POST", json: { question: $("question").value } })); feedback("ask-status", ""); }
    catch (error) { feedback("ask-status", errorText(error), "error"); }
  };
  $("save-test-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      const saved = await api("/api/admin/tests", { method: "POST", json: { question: lastAnswer.result.question, expected: $("save-expected").value } });
      feedback("save-status", t("console.savedWith", { expected: expectedText(saved.expected) }));
    } catch (error) { feedback("save-status", errorText(error), "error"); }
  };
  wireTests();
  $("log-filter").onchange = refreshLog;
  $("log-bot").onchange = refreshLog;
  window.addEventListener("hashchange", () => openSaveLink().catch((error) => feedback("status", errorText(error), "error")));
  wireUpload();
}

async function start() {
  catalogue = await (await fetch("/admin/messages.json")).json();
  applyLanguage();
  wire();
  const session = await api("/api/admin/session");
  if (session.authenticated) {
    csrf = session.csrfToken;
    showApp(session.authRequired);
  } else if (session.authRequired) showLogin();
  else feedback("status", t("console.loopbackOnly"), "error");
}

start().catch((error) => feedback("status", errorText(error), "error"));
