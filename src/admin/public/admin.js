// kehoach-bot admin console. Plain modules, no build step.
const T = {
  vi: {
    title: "Bảng điều khiển kehoach-bot", logout: "Đăng xuất", loginTitle: "Đăng nhập", password: "Mật khẩu", login: "Đăng nhập",
    tabTry: "Hỏi thử", tabPlans: "Kế hoạch", tabTests: "Câu hỏi mẫu", tabLog: "Người dân hỏi", question: "Câu hỏi",
    questionPlaceholder: "Ví dụ: Tỷ lệ thu gom rác là bao nhiêu?", ask: "Hỏi", decision: "Quyết định", expectedFigure: "Con số mong đợi",
    saveTest: "Lưu làm câu hỏi mẫu", why: "Vì sao chọn câu trả lời này", concepts: "Các ý trong câu hỏi", candidates: "Các đoạn ứng viên",
    uploadLabel: "Thêm hoặc thay kế hoạch (.txt, .md, .docx, .pdf): kéo thả tệp vào đây hoặc chọn tệp", upload: "Tải lên",
    downloadCsv: "Tải bảng chỉ tiêu (CSV)", sectionTree: "Cây mục", targets: "Các chỉ tiêu đã trích",
    planText: "Nội dung kế hoạch (đoạn được tô là đoạn tìm kiếm)", add: "Thêm", runAll: "Chạy lại tất cả",
    testsHint: "Các câu hỏi mẫu tự chạy lại sau mỗi lần kế hoạch thay đổi. Ghi \"no_answer\" nếu bot phải trả lời là kế hoạch không nêu.",
    show: "Hiển thị", filterAll: "Tất cả", filterUnanswered: "Chưa trả lời được", filterLow: "Độ tin cậy thấp", perDay: "Số câu hỏi theo ngày",
    topTopics: "Chủ đề được hỏi nhiều", lang: "English", file: "Tệp", place: "Địa bàn", number: "Số", date: "Ngày", passages: "Đoạn",
    warnings: "Cảnh báo", actions: "Thao tác", view: "Xem", remove: "Xoá", confirmRemove: "Xoá kế hoạch {file}? Tệp được giữ trong thư mục lịch sử.",
    save: "Lưu", saved: "Đã lưu.", uploaded: "Đã nạp {file}: {passages} đoạn.", refused: "Tệp bị từ chối", reason: "Lý do",
    status: "Kết quả", expected: "Mong đợi", lastReply: "Trả lời gần nhất", changed: "đã đổi", pass: "Đạt", fail: "Không khớp",
    time: "Thời gian", channel: "Kênh", answered: "Trả lời", yes: "Có", no: "Không", section: "Mục", score: "Điểm", day: "Ngày",
    total: "Tổng", topic: "Chủ đề", count: "Số lần", weight: "Trọng số", known: "Có trong kế hoạch", soft: "Phụ", quote: "Trích",
    coverage: "Độ phủ", matched: "Khớp", missing: "Thiếu", scope: "Phạm vi", places: "Địa danh", language: "Ngôn ngữ",
    answerType: "Loại câu trả lời", searched: "Câu đã tìm", all: "tất cả", wrongPassword: "Sai mật khẩu.", tooMany: "Thử quá nhiều lần, đợi một phút.",
    indicator: "Chỉ tiêu", comparator: "So sánh", figure: "Con số", unit: "Đơn vị", line: "Dòng", delete: "Xoá",
    metaPlace: "Địa bàn (xã/phường ...)", metaNumber: "Số kế hoạch", metaDate: "Ngày ban hành (yyyy-mm-dd)", metaYear: "Năm kế hoạch",
    metaTitle: "Tên kế hoạch", metaSigner: "Người ký", metaAliases: "Tên gọi khác (cách nhau bởi dấu phẩy)", saveMeta: "Lưu thông tin",
    noWarnings: "Không có cảnh báo.", error: "Lỗi", working: "Đang xử lý…", statusAnswered: "Trả lời", statusDeclined: "Từ chối trả lời", previousServing: "phiên bản trước vẫn đang được dùng",
  },
  en: {
    title: "kehoach-bot console", logout: "Log out", loginTitle: "Log in", password: "Password", login: "Log in",
    tabTry: "Try a question", tabPlans: "Plans", tabTests: "Saved questions", tabLog: "Residents' questions", question: "Question",
    questionPlaceholder: "e.g. What is the waste-collection target?", ask: "Ask", decision: "Decision", expectedFigure: "Expected figure",
    saveTest: "Save as test question", why: "Why this answer", concepts: "What the question is about", candidates: "Candidate passages",
    uploadLabel: "Add or replace a plan (.txt, .md, .docx, .pdf): drop a file here or choose one", upload: "Upload",
    downloadCsv: "Download the targets (CSV)", sectionTree: "Section tree", targets: "Targets extracted",
    planText: "Plan text (highlighted lines start a searched passage)", add: "Add", runAll: "Run all again",
    testsHint: "Saved questions run again after every change to the plans. Write \"no_answer\" when the bot must say the plans do not answer.",
    show: "Show", filterAll: "All", filterUnanswered: "Unanswered", filterLow: "Low confidence", perDay: "Questions per day",
    topTopics: "Most asked", lang: "Tiếng Việt", file: "File", place: "Place", number: "No.", date: "Date", passages: "Passages",
    warnings: "Warnings", actions: "Actions", view: "View", remove: "Remove", confirmRemove: "Remove plan {file}? It is kept in the history folder.",
    save: "Save", saved: "Saved.", uploaded: "Loaded {file}: {passages} passages.", refused: "Refused files", reason: "Reason",
    status: "Result", expected: "Expected", lastReply: "Latest reply", changed: "changed", pass: "Pass", fail: "Does not match",
    time: "Time", channel: "Channel", answered: "Answered", yes: "Yes", no: "No", section: "Section", score: "Score", day: "Day",
    total: "Total", topic: "Topic", count: "Count", weight: "Weight", known: "In the plans", soft: "Soft", quote: "Quote",
    coverage: "Coverage", matched: "Matched", missing: "Missing", scope: "Scope", places: "Places", language: "Language",
    answerType: "Answer type", searched: "Searched as", all: "all", wrongPassword: "Wrong password.", tooMany: "Too many attempts; wait a minute.",
    indicator: "Indicator", comparator: "Comparator", figure: "Figure", unit: "Unit", line: "Line", delete: "Delete",
    metaPlace: "Place (xã/phường ...)", metaNumber: "Plan number", metaDate: "Issue date (yyyy-mm-dd)", metaYear: "Plan year",
    metaTitle: "Title", metaSigner: "Signer", metaAliases: "Other names (comma separated)", saveMeta: "Save details",
    noWarnings: "No warnings.", error: "Error", working: "Working…", statusAnswered: "Answered", statusDeclined: "Declined", previousServing: "the previous version still serves",
  },
};

let lang = localStorage.getItem("kehoach-lang") === "en" ? "en" : "vi";
let csrf = "";
let lastAnswer = null;
const $ = (id) => document.getElementById(id);
const t = (key, vars = {}) => (T[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

function table(target, headers, rows) {
  const node = $(target);
  node.replaceChildren(
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))),
  );
}

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
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
  if (!response.ok) throw Object.assign(new Error(data?.error ?? `HTTP ${response.status}`), { status: response.status, data });
  return data;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  $("lang").textContent = t("lang");
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
}

function selectTab(id) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  if (id === "tab-plans") refreshDocuments();
  if (id === "tab-tests") refreshTests();
  if (id === "tab-log") refreshLog();
}

// --- Try a question ---
function renderAnswer(data) {
  lastAnswer = data;
  const { result } = data;
  $("answer").hidden = false;
  $("decision").textContent = `${result.status === "answered" ? t("statusAnswered") : t("statusDeclined")} — ${result.explanation.decision}`;
  // The Telegram HTML is built and escaped by the server; it only holds <b> and <i>.
  $("telegram-preview").replaceChildren(...data.telegram.map((html) => {
    const part = el("div", { class: "part" });
    part.innerHTML = html;
    return part;
  }));
  $("zalo-preview").replaceChildren(...data.zalo.map((text) => el("div", { class: "part" }, text)));
  const top = result.answers[0];
  $("save-expected").value = top?.figures?.[0]?.text ?? (result.status === "no_answer" ? "no_answer" : "");
  const ex = result.explanation;
  const facts = [
    [t("searched"), ex.searchedText],
    [t("language"), ex.language],
    [t("scope"), ex.scope === "all" ? t("all") : ex.scope.join(", ")],
    [t("places"), [...ex.placesNamed, ex.unknownPlace].filter(Boolean).join(", ") || "—"],
    [t("answerType"), `${ex.answerType}${ex.askedUnit ? ` (${ex.askedUnit})` : ""}`],
  ];
  $("analysis").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  table("concepts", [t("question"), t("weight"), t("known"), t("soft")], ex.concepts.map((c) => [
    c.corrected ? `${c.text} → ${c.corrected}` : c.text, c.weight.toFixed(2), c.known ? t("yes") : t("no"), c.soft ? t("yes") : "",
  ]));
  table("candidates", ["#", t("score"), t("coverage"), t("file"), t("section"), t("quote"), t("figure"), t("matched"), t("missing")], ex.candidates.map((c, i) => [
    String(i + 1), c.score.toFixed(3), c.coverage.toFixed(2), c.file, c.trail.join(" › ") || "—", c.quote, c.figures.join(", "), c.matched.join(", "), c.missing.join(", "),
  ]));
}

// --- Plans ---
async function refreshDocuments() {
  const data = await api("/api/admin/documents");
  table("documents", [t("file"), t("place"), t("number"), t("date"), t("passages"), t("warnings"), t("actions")], data.documents.map((d) => [
    d.file, d.meta.place ?? "—", d.meta.number ?? "—", d.meta.date ?? "—", String(d.passages),
    String(d.warnings.length + (d.problem ? 1 : 0)),
    el("span", { class: "row" },
      el("button", { type: "button", class: "secondary", onclick: () => viewDocument(d.file) }, t("view")),
      el("button", { type: "button", class: "secondary", onclick: () => removePlan(d.file) }, t("remove"))),
  ]));
  const refused = data.refused;
  $("refused").replaceChildren(...(refused.length ? [
    el("h4", {}, t("refused")),
    // Files that could not be read, with file, line and reason.
    el("ul", { class: "warnings" }, refused.map((p) => el("li", {}, `${p.file}${p.line ? `:${p.line}` : ""} — ${p.reason}${p.serving ? ` (${t("previousServing")})` : ""}`))),
  ] : []));
}

const META_FIELDS = [["place", "metaPlace"], ["number", "metaNumber"], ["date", "metaDate"], ["year", "metaYear"], ["title", "metaTitle"], ["signer", "metaSigner"], ["aliases", "metaAliases"]];

async function viewDocument(file) {
  const d = await api(`/api/admin/documents/${encodeURIComponent(file)}`);
  $("document-view").hidden = false;
  $("document-title").textContent = `${d.meta.title ?? file} — ${file}`;
  $("csv-link").href = `/api/admin/documents/${encodeURIComponent(file)}/targets.csv`;
  const form = $("meta-form");
  form.replaceChildren(
    ...META_FIELDS.map(([key, label]) => {
      const value = key === "aliases" ? (d.meta.aliases ?? []).join(", ") : d.meta[key] ?? "";
      return el("label", {}, t(label), el("input", { name: key, type: "text", value: String(value) }));
    }),
    el("button", { type: "submit" }, t("saveMeta")),
  );
  form.onsubmit = async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    values.aliases = values.aliases ? values.aliases.split(",").map((s) => s.trim()).filter(Boolean) : [];
    values.year = values.year ? Number(values.year) : "";
    try {
      await api(`/api/admin/documents/${encodeURIComponent(file)}/meta`, { method: "PUT", json: values });
      say(t("saved"));
      await refreshDocuments();
      await viewDocument(file);
    } catch (error) { say(`${t("error")}: ${error.message}`, true); }
  };
  $("document-warnings").replaceChildren(...(d.summary.warnings.length ? d.summary.warnings.map((w) => el("li", {}, w)) : [el("li", { class: "pass" }, t("noWarnings"))]));
  $("section-tree").replaceChildren(...d.summary.sections.filter((s) => s.path || s.heading || s.passages).map((s) => el("li", { style: `padding-left:${Math.max(0, s.depth - 1) * 1.25}rem` }, `${s.path || "·"} ${s.heading} (${s.passages})`)));
  table("targets", [t("section"), t("indicator"), t("comparator"), t("figure"), t("line")], d.summary.figures.map((f) => [f.section, f.indicator, f.comparator ?? "", f.text, String(f.line)]));
  const starts = new Set(d.passages.map((p) => p.line));
  $("plan-text").replaceChildren(...d.lines.map((line, i) => starts.has(i + 1) ? el("mark", {}, `${line}\n`) : `${line}\n`));
  $("document-view").scrollIntoView({ behavior: "smooth" });
}

async function upload(file) {
  const body = new FormData();
  body.append("file", file);
  say(t("working"));
  try {
    const data = await api("/api/admin/plans", { method: "POST", body });
    say(t("uploaded", { file: data.file, passages: data.passages }));
    await refreshDocuments();
  } catch (error) {
    say(`${t("error")}: ${error.message}`, true);
  }
}

async function removePlan(file) {
  if (!confirm(t("confirmRemove", { file }))) return;
  await api(`/api/admin/plans/${encodeURIComponent(file)}`, { method: "DELETE" });
  $("document-view").hidden = true;
  await refreshDocuments();
}

// --- Saved questions ---
async function refreshTests() {
  const { tests } = await api("/api/admin/tests");
  table("tests", [t("question"), t("expected"), t("status"), t("lastReply"), t("actions")], tests.map((test) => [
    test.question, test.expected,
    el("span", {}, el("span", { class: test.lastStatus === "pass" ? "pass" : "fail" }, test.lastStatus === "pass" ? t("pass") : t("fail")),
      test.changed ? el("span", { class: "badge" }, ` ${t("changed")}`) : ""),
    test.lastReply ?? "",
    el("button", { type: "button", class: "secondary", onclick: async () => { await api(`/api/admin/tests/${test.id}`, { method: "DELETE" }); refreshTests(); } }, t("delete")),
  ]));
}

// --- Residents' questions ---
async function refreshLog() {
  const data = await api(`/api/admin/questions?filter=${$("log-filter").value}`);
  table("questions", [t("time"), t("channel"), t("question"), t("answered"), t("section"), t("score"), t("actions")], data.questions.map((q) => [
    new Date(q.at).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB"), q.channel, q.question, q.answered ? t("yes") : t("no"),
    q.document ? `${q.document} ${q.section ?? ""}` : "—", q.score === null ? "—" : q.score.toFixed(2),
    el("button", { type: "button", class: "secondary", onclick: async () => {
      await api("/api/admin/tests/from-log", { method: "POST", json: { logId: q.id } });
      say(t("saved"));
    } }, t("saveTest")),
  ]));
  table("per-day", [t("day"), t("total"), t("answered")], data.perDay.map((d) => [d.day, String(d.total), String(d.answered)]));
  table("top-topics", [t("topic"), t("count")], data.topTopics.map((x) => [x.question ? `“${x.question}” (${t("no")} ${t("answered").toLowerCase()})` : `${x.document} ${x.section ?? ""}`, String(x.count)]));
}

// --- Wiring ---
function wire() {
  $("lang").onclick = () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("kehoach-lang", lang);
    applyLanguage();
    if (lastAnswer) renderAnswer(lastAnswer);
  };
  $("login-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      const data = await api("/api/admin/login", { method: "POST", json: { password: $("password").value } });
      csrf = data.csrfToken;
      $("password").value = "";
      say("");
      showApp(true);
    } catch (error) {
      say(error.status === 429 ? t("tooMany") : t("wrongPassword"), true);
    }
  };
  $("logout").onclick = async () => { await api("/api/admin/logout", { method: "POST" }); csrf = ""; showLogin(); };
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.onclick = () => selectTab(tab.id);
    tab.onkeydown = (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      selectTab(next.id);
    };
  }
  $("ask-form").onsubmit = async (event) => {
    event.preventDefault();
    try { renderAnswer(await api("/api/admin/ask", { method: "POST", json: { question: $("question").value } })); say(""); }
    catch (error) { say(`${t("error")}: ${error.message}`, true); }
  };
  $("save-test-form").onsubmit = async (event) => {
    event.preventDefault();
    await api("/api/admin/tests", { method: "POST", json: { question: lastAnswer.result.question, expected: $("save-expected").value } });
    say(t("saved"));
  };
  $("test-form").onsubmit = async (event) => {
    event.preventDefault();
    await api("/api/admin/tests", { method: "POST", json: { question: $("test-question").value, expected: $("test-expected").value } });
    $("test-question").value = "";
    $("test-expected").value = "";
    refreshTests();
  };
  $("run-tests").onclick = async () => { await api("/api/admin/tests/run", { method: "POST" }); refreshTests(); };
  $("log-filter").onchange = refreshLog;
  const zone = $("upload-form");
  zone.onsubmit = (event) => {
    event.preventDefault();
    const file = $("upload-file").files[0];
    if (file) upload(file);
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

async function start() {
  applyLanguage();
  wire();
  const session = await api("/api/admin/session");
  if (session.authenticated) {
    csrf = session.csrfToken;
    showApp(session.authRequired);
  } else if (session.authRequired) showLogin();
  else say("The console is open only to this machine.", true);
}

start().catch((error) => say(`${t("error")}: ${error.message}`, true));
