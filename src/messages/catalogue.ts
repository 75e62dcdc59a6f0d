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

  // Console access: start-up checks of its settings, refusals, errors (src/config, src/admin)
  "access.trustProxyNeedsPassword": {
    vi: "là bắt buộc khi TRUST_PROXY=true: sau một reverse proxy, mọi yêu cầu đều có thể đến từ mạng ngoài, nên bảng điều khiển phải có mật khẩu; nếu không có proxy, hãy đặt TRUST_PROXY=false",
    en: "is required when TRUST_PROXY=true: behind a reverse proxy any request may come from the outside network, so the console needs a password; without a proxy, set TRUST_PROXY=false",
  },
  "access.invalidHost": {
    vi: "có tên máy không hợp lệ «{host}»; hãy ghi các tên miền hoặc địa chỉ IP cách nhau bằng dấu phẩy, ví dụ kehoach.xalaihung.gov.vn",
    en: "has an invalid host name «{host}»; list host names or IP addresses separated by commas, e.g. kehoach.xalaihung.gov.vn",
  },
  "access.localOnly": {
    vi: "Bảng điều khiển chỉ mở cho chính máy chủ này, không qua proxy. Đặt ADMIN_PASSWORD để mở ra mạng.",
    en: "The console is open only to this machine, not through a proxy. Set ADMIN_PASSWORD to open it to the network.",
  },
  "access.wrongHost": {
    vi: "Bảng điều khiển không trả lời cho tên máy «{host}». Nếu đây đúng là địa chỉ của bảng điều khiển, hãy thêm nó vào ADMIN_HOSTS.",
    en: "The console does not answer for the host name «{host}». If this is the console's address, add it to ADMIN_HOSTS.",
  },
  "access.loginWait": {
    vi: "Đã có nhiều lần đăng nhập sai; hãy thử lại sau {seconds} giây.",
    en: "There have been many failed logins; try again in {seconds} seconds.",
  },
  "access.internalError": {
    vi: "Máy chủ gặp lỗi khi xử lý yêu cầu này; chi tiết đã được ghi vào nhật ký máy chủ.",
    en: "The server failed to handle this request; the details are in the server log.",
  },
  "access.nameTooLong": {
    vi: "tên tệp quá dài ({bytes} byte); hãy đặt tên ngắn hơn, tối đa {max} byte, ví dụ xa-lai-hung-2024.txt",
    en: "the file name is too long ({bytes} bytes); use a shorter name of at most {max} bytes, e.g. xa-lai-hung-2024.txt",
  },

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
