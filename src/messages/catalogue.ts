/**
 * The one catalogue of every text an official reads (console, kb:check, refusals of plan files,
 * configuration errors): Vietnamese first, English second. Placeholders are written {name} and
 * must be the same in both languages (test/messages.test.ts checks it).
 *
 * Add entries in the section of the part of the pipeline that uses them.
 */
export const catalogue = {
  // Plan files that cannot be read (ingest)
  "planFile.empty": { vi: "tệp trống", en: "the file is empty" },
  "planFile.utf16": { vi: "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8", en: "the file is UTF-16; save it as UTF-8" },

  // Damage to what the bot keeps in DATA_DIR (store, inbox journal): /healthz and the start-up log
  "storage.storeDamaged": {
    vi: "Kho dữ liệu {file} bị hỏng ({reason}). Bot vẫn trả lời người dân, nhưng nhật ký câu hỏi tạm dừng và câu hỏi kiểm tra chỉ được giữ trong bộ nhớ. Hãy khôi phục bản sao lưu (README, mục “Operating it”) rồi khởi động lại.",
    en: "The store {file} is damaged ({reason}). Residents are still answered, but the question log is off and saved questions are kept in memory only. Restore the back-up (README, “Operating it”) and restart.",
  },
  "storage.journalDamaged": {
    vi: "Hộp thư {file} bị hỏng khi khởi động: {lines} dòng không đọc được (dòng {lineNumbers}). Bản hỏng được giữ lại ở {keptAs}; đã đọc được {read} tin nhắn, {pending} tin đang chờ được trả lời.",
    en: "The inbox journal {file} was damaged at start: {lines} lines could not be read (lines {lineNumbers}). The damaged file is kept as {keptAs}; {read} messages could be read, {pending} of them waiting and being answered.",
  },
  "storage.journalNotKept": {
    vi: "Hộp thư {file} bị hỏng khi khởi động: {lines} dòng không đọc được (dòng {lineNumbers}) và không sao chép được bản hỏng (ổ đĩa đầy?); tệp được để nguyên. Đã đọc được {read} tin nhắn, {pending} tin đang chờ được trả lời.",
    en: "The inbox journal {file} was damaged at start: {lines} lines could not be read (lines {lineNumbers}) and it could not be copied aside (disk full?), so it is left as it is. {read} messages could be read, {pending} of them waiting and being answered.",
  },
} as const satisfies Record<string, Bilingual>;

export type Lang = "vi" | "en";
export interface Bilingual {
  vi: string;
  en: string;
}
export type MessageKey = keyof typeof catalogue;
export type MessageParams = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

function fill(template: string, params: MessageParams): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Both languages of a message, placeholders filled: for texts stored or sent before the reader's language is known. */
export function bilingual(key: MessageKey, params: MessageParams = {}): Bilingual {
  const entry: Bilingual = catalogue[key];
  return { vi: fill(entry.vi, params), en: fill(entry.en, params) };
}

/** One language of a message, placeholders filled. */
export function message(key: MessageKey, lang: Lang = "vi", params: MessageParams = {}): string {
  return fill((catalogue[key] as Bilingual)[lang], params);
}

/** "Vietnamese (English)": for logs and command-line output read by officials and maintainers alike. */
export function viThenEn(text: Bilingual): string {
  return text.vi === text.en ? text.vi : `${text.vi} (${text.en})`;
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!).sort();
}
