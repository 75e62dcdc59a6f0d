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

  "planFile.binary": { vi: "nội dung nhị phân (byte NUL); không phải tệp văn bản", en: "binary content (NUL byte); not a text file" },
  "planFile.notUtf8": { vi: "không phải văn bản UTF-8; hãy lưu tệp dạng UTF-8", en: "not valid UTF-8 text; save the file as UTF-8" },
  "planFile.noText": { vi: "tệp không có chữ", en: "the file has no text" },
  "planFile.html": {
    vi: "đây là trang web (HTML) lưu thành văn bản; hãy lưu phần chữ của trang, hoặc in trang ra PDF",
    en: "this is a web page (HTML) saved as text; save the page's text, or print it to PDF",
  },
  "planFile.unsupported": { vi: "không đọc được loại tệp {extension}; hãy dùng {extensions}", en: "unsupported file type {extension}; use {extensions}" },
  "planFile.tooLarge": {
    vi: "tệp nặng {megabytes} MB; kế hoạch lớn hơn 20 MB không được nhận",
    en: "the file is {megabytes} MB; plans larger than 20 MB are refused",
  },
  "planFile.symlink": {
    vi: "đây là liên kết tượng trưng (symlink), không phải tệp; hãy chép chính tệp kế hoạch vào thư mục knowledge/",
    en: "this is a symbolic link, not a file; copy the plan file itself into the knowledge/ folder",
  },
  "planFile.legacyConverted": {
    vi: "văn bản gõ bằng phông {encoding} đã được chuyển sang Unicode; hãy kiểm tra lại dấu tiếng Việt",
    en: "the text was typed in {encoding} and has been converted to Unicode; check the Vietnamese accents",
  },
  "planFile.docxNotZip": { vi: "không phải tệp Word (tệp .docx là tệp nén zip)", en: "not a Word document (.docx files are zip archives)" },
  "planFile.docxNoDocument": {
    vi: "tệp nén không có văn bản Word bên trong (thiếu word/document.xml); hãy mở kế hoạch bằng Word và lưu lại dạng .docx",
    en: "a zip archive with no Word document inside (word/document.xml is missing); open the plan in Word and save it as .docx",
  },
  "planFile.docxUnreadable": { vi: "không đọc được tệp .docx ({detail})", en: "the .docx file cannot be read ({detail})" },
  "planFile.docxNoText": { vi: "tệp .docx không có chữ", en: "the .docx file has no text" },
  "planFile.docUnreadable": { vi: "không đọc được tệp .doc ({detail}); hãy mở bằng Word và lưu lại dạng .docx", en: "the .doc file cannot be read ({detail}); open it in Word and save it as .docx" },
  "planFile.xlsxUnreadable": { vi: "không đọc được tệp Excel ({detail})", en: "the Excel file cannot be read ({detail})" },
  "planFile.xlsxNoDocument": { vi: "tệp nén không có bảng tính Excel bên trong (thiếu xl/workbook.xml)", en: "a zip archive with no Excel workbook inside (xl/workbook.xml is missing)" },
  "planFile.zipTooLarge": {
    vi: "tệp {kind} giải nén ra hơn {limit} MB",
    en: "the {kind} file unpacks to more than {limit} MB",
  },
  "planFile.zipRatio": {
    vi: "tệp {kind} nén bất thường (giải nén ra gấp hơn {limit} lần); có thể là tệp độc hại",
    en: "the {kind} file is compressed abnormally (it unpacks to more than {limit} times its size); it may be hostile",
  },
  "planFile.zipEntries": { vi: "tệp {kind} chứa hơn {limit} tệp con", en: "the {kind} file holds more than {limit} entries" },
  "planFile.zipDamaged": { vi: "tệp {kind} bị hỏng ({detail})", en: "the {kind} file is damaged ({detail})" },
  "planFile.pdfNotPdf": { vi: "không phải tệp PDF", en: "not a PDF file" },
  "planFile.pdfEncrypted": { vi: "tệp PDF có mật khẩu bảo vệ; hãy lưu một bản không khóa", en: "the PDF is encrypted (password protected); save an unprotected copy" },
  "planFile.pdfUnreadable": { vi: "không đọc được tệp PDF ({detail})", en: "the PDF cannot be read ({detail})" },
  "planFile.pdfNoText": {
    vi: "tệp PDF không có lớp chữ (bản quét?); cần PDF có chữ, tệp .docx hoặc .txt",
    en: "the PDF has no text layer (a scanned image?); a text PDF, .docx or .txt is needed",
  },
  "planFile.pdfTooManyPages": { vi: "tệp PDF có {pages} trang; kế hoạch dài hơn {limit} trang không được nhận", en: "the PDF has {pages} pages; plans longer than {limit} pages are refused" },
  "planFile.pdfTooMuchText": {
    vi: "tệp PDF chứa quá nhiều chữ (hơn {items} đoạn hoặc {chars} ký tự); có thể là tệp độc hại",
    en: "the PDF holds too much text (more than {items} pieces or {chars} characters); it may be hostile",
  },
  "planFile.image": {
    vi: "đây là ảnh chụp hoặc bản quét; bot chưa đọc được chữ trong ảnh: hãy gửi bản Word hoặc PDF có chữ của kế hoạch",
    en: "this is a photo or a scan; the bot cannot read text in images yet: provide the plan as Word or as a text PDF",
  },
  "planFile.imageTooLarge": {
    vi: "ảnh quá lớn ({megapixels} megapixel, tối đa {limit})",
    en: "the image is too large ({megapixels} megapixels, at most {limit})",
  },
  "planFile.imageDamaged": { vi: "tệp ảnh bị hỏng hoặc không đúng loại", en: "the image file is damaged or not of its type" },
  "planFile.timeout": {
    vi: "đọc tệp mất hơn {seconds} giây và đã bị dừng; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "reading the file took more than {seconds} s and was stopped; it stays refused until it is replaced",
  },
  "planFile.outOfMemory": {
    vi: "đọc tệp cần quá nhiều bộ nhớ và đã bị dừng; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "reading the file needed too much memory and was stopped; it stays refused until it is replaced",
  },
  "planFile.readerCrashed": {
    vi: "trình đọc tệp bị lỗi ({detail}); tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "the file reader failed ({detail}); it stays refused until it is replaced",
  },
  "planFile.interrupted": {
    vi: "bot đã dừng đột ngột hai lần khi đang đọc tệp này; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "the bot stopped twice while reading this file; it stays refused until it is replaced",
  },
  "planFile.unreadable": { vi: "không đọc được tệp ({detail})", en: "could not be read: {detail}" },
  "knowledge.folderUnreadable": {
    vi: "không đọc được thư mục kế hoạch {dir} ({code}); hãy kiểm tra thư mục có tồn tại và bot có quyền đọc",
    en: "the plans folder {dir} cannot be read ({code}); check that it exists and the bot may read it",
  },
  "knowledge.notWatching": {
    vi: "không theo dõi được thư mục kế hoạch ({code}); kế hoạch mới chưa được nhận, bot thử lại mỗi giây",
    en: "the plans folder cannot be watched ({code}); new plans are not picked up, retrying every second",
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
