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
  "planFile.docxUnreadable": {
    vi: "không đọc được tệp .docx (tệp hỏng hoặc không đúng chuẩn Word); hãy mở bằng Word và lưu lại dạng .docx",
    en: "the .docx file cannot be read (damaged or not a standard Word file); open it in Word and save it as .docx again",
  },
  "planFile.docxNoText": { vi: "tệp .docx không có chữ", en: "the .docx file has no text" },
  "planFile.docUnreadable": { vi: "không đọc được tệp .doc; hãy mở bằng Word và lưu lại dạng .docx", en: "the .doc file cannot be read; open it in Word and save it as .docx" },
  "planFile.docNotWord": { vi: "không phải tệp Word 97–2003 (.doc); hãy mở bằng Word và lưu lại dạng .docx", en: "not a Word 97–2003 (.doc) file; open it in Word and save it as .docx" },
  "planFile.xlsxUnreadable": {
    vi: "không đọc được tệp Excel (tệp hỏng hoặc không đúng chuẩn); hãy mở bằng Excel và lưu lại dạng .xlsx",
    en: "the Excel file cannot be read (damaged or not a standard workbook); open it in Excel and save it as .xlsx again",
  },
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
  "planFile.zipDamaged": {
    vi: "tệp {kind} bị hỏng; hãy mở lại bằng chương trình đã tạo ra nó và lưu thành tệp mới",
    en: "the {kind} file is damaged; open it in the program that made it and save it as a new file",
  },
  "planFile.pdfNotPdf": { vi: "không phải tệp PDF", en: "not a PDF file" },
  "planFile.pdfEncrypted": { vi: "tệp PDF có mật khẩu bảo vệ; hãy lưu một bản không khóa", en: "the PDF is encrypted (password protected); save an unprotected copy" },
  "planFile.pdfUnreadable": {
    vi: "không đọc được tệp PDF (tệp hỏng hoặc không đúng chuẩn); hãy xuất lại PDF từ Word, hoặc gửi tệp .docx",
    en: "the PDF cannot be read (damaged or not a standard PDF); export the PDF from Word again, or provide the .docx",
  },
  "planFile.pdfNoText": {
    vi: "tệp PDF không có lớp chữ (bản quét?); cần PDF có chữ, tệp .docx hoặc .txt",
    en: "the PDF has no text layer (a scanned image?); a text PDF, .docx or .txt is needed",
  },
  "planFile.pdfTooManyPages": { vi: "tệp PDF có {pages} trang; kế hoạch dài hơn {limit} trang không được nhận", en: "the PDF has {pages} pages; plans longer than {limit} pages are refused" },
  "planFile.pdfTooMuchText": {
    vi: "tệp PDF chứa quá nhiều chữ (hơn {items} đoạn hoặc {chars} ký tự); có thể là tệp độc hại",
    en: "the PDF holds too much text (more than {items} pieces or {chars} characters); it may be hostile",
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
    vi: "trình đọc tệp bị lỗi khi đọc tệp này; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "the file reader failed on this file; it stays refused until it is replaced",
  },
  "planFile.interrupted": {
    vi: "bot đã dừng đột ngột hai lần khi đang đọc tệp này; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "the bot stopped twice while reading this file; it stays refused until it is replaced",
  },
  "planFile.unreadable": {
    vi: "không đọc được tệp; hãy kiểm tra tệp mở được trên máy và bot có quyền đọc thư mục knowledge/",
    en: "the file could not be read; check that it opens and that the bot may read the knowledge/ folder",
  },
  "planFile.technicalDetail": { vi: "chi tiết kỹ thuật: {detail}", en: "technical detail: {detail}" },

  // Warnings about a plan that was read (src/ingest): shown in the console and by kb:check
  "warning.noNumber": {
    vi: "không tìm thấy số kế hoạch («Số: ...»); nếu kế hoạch có số, hãy điền ô «Số kế hoạch» ở phần Thông tin kế hoạch",
    en: "no document number (“Số: ...”) found; if the plan has one, fill in “Plan number” under Plan details",
  },
  "warning.noDate": {
    vi: "không tìm thấy ngày ban hành («..., ngày .. tháng .. năm ....»); hãy điền ô «Ngày ban hành» ở phần Thông tin kế hoạch",
    en: "no issue date (“..., ngày .. tháng .. năm ....”) found; fill in “Issue date” under Plan details",
  },
  "warning.noTitle": {
    vi: "không tìm thấy tên kế hoạch («KẾ HOẠCH ...»), tạm dùng tên tệp; hãy điền ô «Tên kế hoạch» ở phần Thông tin kế hoạch",
    en: "no title (“KẾ HOẠCH ...”) found, the file name is used; fill in “Title” under Plan details",
  },
  "warning.noSigner": {
    vi: "không tìm thấy người ký ở phần chữ ký; hãy điền ô «Người ký» ở phần Thông tin kế hoạch",
    en: "no signer found in the signature block; fill in “Signer” under Plan details",
  },
  "warning.noPlace": {
    vi: "kế hoạch không ghi tên xã hoặc phường; hãy điền ô «Địa bàn» ở phần Thông tin kế hoạch",
    en: "the plan does not name its commune or ward; fill in “Place” under Plan details",
  },
  "warning.placeFromFileName": {
    vi: "kế hoạch không ghi tên xã hoặc phường; tạm dùng «{place}» lấy từ tên tệp; nếu sai, hãy sửa ô «Địa bàn» ở phần Thông tin kế hoạch",
    en: "the plan does not name its commune or ward; “{place}” is taken from the file name; if that is wrong, correct “Place” under Plan details",
  },
  "warning.noSections": {
    vi: "không tìm thấy mục đánh số (I., 1., a)...); câu trả lời được trích dẫn không kèm mục",
    en: "no numbered sections (I., 1., a)...) found; answers are cited without a section",
  },
  "warning.noPassages": { vi: "không tìm thấy đoạn văn nào để tìm kiếm", en: "no passages found to search" },
  "warning.overrideNotYaml": {
    vi: "{where} viết sai cú pháp YAML nên bị bỏ qua; hãy sửa bằng phần Thông tin kế hoạch",
    en: "{where} is not valid YAML and is ignored; correct the details under Plan details instead",
  },
  "warning.overrideIgnored": {
    vi: "{where} bị bỏ qua vì các mục sau không hợp lệ: {fields}; hãy sửa bằng phần Thông tin kế hoạch",
    en: "{where} is ignored because these fields are not valid: {fields}; correct them under Plan details instead",
  },
  "warning.frontMatter": { vi: "phần thông tin ở đầu tệp (front matter)", en: "the front matter" },
  "warning.sidecar": { vi: "tệp .meta.yaml bên cạnh kế hoạch", en: "the .meta.yaml file next to the plan" },
  "warning.line": { vi: "dòng {line}: {text}", en: "line {line}: {text}" },
  "knowledge.folderUnreadable": {
    vi: "không đọc được thư mục kế hoạch {dir} ({code}); hãy kiểm tra thư mục có tồn tại và bot có quyền đọc",
    en: "the plans folder {dir} cannot be read ({code}); check that it exists and the bot may read it",
  },
  "knowledge.notWatching": {
    vi: "không theo dõi được thư mục kế hoạch ({code}); kế hoạch mới chưa được nhận, bot thử lại mỗi giây",
    en: "the plans folder cannot be watched ({code}); new plans are not picked up, retrying every second",
  },

  // The admin console (src/admin/public): every text on the page, looked up by admin.js through t()
  "console.title": { vi: "Bảng điều khiển kehoach-bot", en: "kehoach-bot console" },
  "console.langSwitch": { vi: "English", en: "Tiếng Việt" },
  "console.logout": { vi: "Đăng xuất", en: "Log out" },
  "console.loginTitle": { vi: "Đăng nhập", en: "Log in" },
  "console.password": { vi: "Mật khẩu", en: "Password" },
  "console.login": { vi: "Đăng nhập", en: "Log in" },
  "console.wrongPassword": { vi: "Sai mật khẩu.", en: "Wrong password." },
  "console.tooMany": { vi: "Thử quá nhiều lần, đợi một phút.", en: "Too many attempts; wait a minute." },
  "console.loopbackOnly": {
    vi: "Bảng điều khiển chỉ mở trên chính máy chủ này. Đặt ADMIN_PASSWORD để mở qua mạng.",
    en: "The console is open only to this machine. Set ADMIN_PASSWORD to open it to the network.",
  },
  "console.sections": { vi: "Các phần của bảng điều khiển", en: "Console sections" },
  "console.tabTry": { vi: "Hỏi thử", en: "Try a question" },
  "console.tabPlans": { vi: "Kế hoạch", en: "Plans" },
  "console.tabTests": { vi: "Câu hỏi mẫu", en: "Saved questions" },
  "console.tabLog": { vi: "Người dân hỏi", en: "Residents' questions" },
  "console.question": { vi: "Câu hỏi", en: "Question" },
  "console.questionPlaceholder": { vi: "Ví dụ: Tỷ lệ thu gom rác là bao nhiêu?", en: "e.g. What is the waste-collection target?" },
  "console.ask": { vi: "Hỏi", en: "Ask" },
  "console.decision": { vi: "Quyết định", en: "Decision" },
  "console.statusAnswered": { vi: "Trả lời", en: "Answered" },
  "console.statusDeclined": { vi: "Không trả lời (kế hoạch không nêu)", en: "Declined (the plans do not say)" },
  "console.expectedFigure": { vi: "Con số mong đợi", en: "Expected figure" },
  "console.saveTest": { vi: "Lưu làm câu hỏi mẫu", en: "Save as a saved question" },
  "console.why": { vi: "Vì sao có câu trả lời này", en: "Why this answer" },
  "console.nearMisses": { vi: "Cần lưu ý và các đoạn gần đúng", en: "Cautions and near misses" },
  "console.details": { vi: "Chi tiết (điểm số và các đoạn được xét)", en: "Details (scores and the passages considered)" },
  "console.concepts": { vi: "Các ý trong câu hỏi", en: "What the question is about" },
  "console.candidates": { vi: "Các đoạn được xét", en: "Passages considered" },
  "console.searched": { vi: "Câu đã tìm", en: "Searched as" },
  "console.language": { vi: "Ngôn ngữ", en: "Language" },
  "console.scope": { vi: "Phạm vi", en: "Scope" },
  "console.allPlans": { vi: "tất cả kế hoạch", en: "all plans" },
  "console.places": { vi: "Địa danh", en: "Places" },
  "console.answerType": { vi: "Loại câu trả lời", en: "Answer type" },
  "console.weight": { vi: "Trọng số", en: "Weight" },
  "console.known": { vi: "Có trong kế hoạch", en: "In the plans" },
  "console.soft": { vi: "Ý phụ", en: "Secondary" },
  "console.score": { vi: "Điểm", en: "Score" },
  "console.coverage": { vi: "Độ phủ", en: "Coverage" },
  "console.matched": { vi: "Khớp", en: "Matched" },
  "console.missing": { vi: "Thiếu", en: "Missing" },
  "console.quote": { vi: "Trích", en: "Quote" },
  "console.rank": { vi: "Thứ tự", en: "Rank" },
  "console.yes": { vi: "Có", en: "Yes" },
  "console.no": { vi: "Không", en: "No" },
  "console.none": { vi: "không có", en: "none" },
  "console.uploadLabel": {
    vi: "Thêm hoặc thay kế hoạch (.txt, .md, .docx, .doc, .pdf, .xlsx): kéo thả tệp vào đây hoặc chọn tệp",
    en: "Add or replace a plan (.txt, .md, .docx, .doc, .pdf, .xlsx): drop a file here or choose one",
  },
  "console.upload": { vi: "Tải lên", en: "Upload" },
  "console.chooseFileFirst": { vi: "Hãy chọn một tệp trước.", en: "Choose a file first." },
  "console.confirmReplace": {
    vi: "Đã có kế hoạch {file}. Thay bằng tệp mới? Bản cũ được giữ trong thư mục lịch sử.",
    en: "Plan {file} exists. Replace it with the new file? The old one is kept in the history folder.",
  },
  "console.uploaded": { vi: "Đã nạp {file}: {passages} đoạn.", en: "Loaded {file}: {passages} passages." },
  "console.replaced": { vi: "Đã thay {file}: {passages} đoạn.", en: "Replaced {file}: {passages} passages." },
  "console.nowFailing": { vi: "Câu hỏi mẫu không còn khớp: {questions}", en: "Saved questions that no longer match: {questions}" },
  "console.allTestsPass": { vi: "Mọi câu hỏi mẫu vẫn khớp.", en: "Every saved question still matches." },
  "console.plansTable": { vi: "Các kế hoạch đã nạp", en: "Plans loaded" },
  "console.noPlans": {
    vi: "Chưa có kế hoạch nào. Kéo thả tệp kế hoạch vào ô ở trên, hoặc chép tệp vào thư mục knowledge/.",
    en: "No plans yet. Drop a plan file on the box above, or copy it into the knowledge/ folder.",
  },
  "console.file": { vi: "Tệp", en: "File" },
  "console.place": { vi: "Địa bàn", en: "Place" },
  "console.number": { vi: "Số", en: "No." },
  "console.date": { vi: "Ngày", en: "Date" },
  "console.passages": { vi: "Số đoạn", en: "Passages" },
  "console.warnings": { vi: "Cảnh báo", en: "Warnings" },
  "console.actions": { vi: "Thao tác", en: "Actions" },
  "console.view": { vi: "Xem", en: "View" },
  "console.viewPlan": { vi: "Xem kế hoạch {file}", en: "View plan {file}" },
  "console.remove": { vi: "Xoá", en: "Remove" },
  "console.removePlan": { vi: "Xoá kế hoạch {file}", en: "Remove plan {file}" },
  "console.confirmRemove": { vi: "Xoá kế hoạch {file}? Tệp được giữ trong thư mục lịch sử.", en: "Remove plan {file}? It is kept in the history folder." },
  "console.removed": { vi: "Đã xoá {file}.", en: "Removed {file}." },
  "console.refused": { vi: "Tệp bị từ chối", en: "Refused files" },
  "console.previousServing": { vi: "phiên bản trước vẫn đang được dùng", en: "the previous version still serves" },
  "console.lineN": { vi: "dòng {line}", en: "line {line}" },
  "console.downloadCsv": { vi: "Tải bảng chỉ tiêu (CSV)", en: "Download the targets (CSV)" },
  "console.metaHeading": { vi: "Thông tin kế hoạch (sửa nếu sai)", en: "Plan details (correct them if wrong)" },
  "console.metaPlace": { vi: "Địa bàn (xã/phường ...)", en: "Place (xã/phường ...)" },
  "console.metaNumber": { vi: "Số kế hoạch", en: "Plan number" },
  "console.metaDate": { vi: "Ngày ban hành (năm-tháng-ngày, ví dụ 2024-01-19)", en: "Issue date (year-month-day, e.g. 2024-01-19)" },
  "console.metaYear": { vi: "Năm kế hoạch (ví dụ 2024)", en: "Plan year (e.g. 2024)" },
  "console.metaIssuer": { vi: "Cơ quan ban hành", en: "Issuer" },
  "console.metaTitle": { vi: "Tên kế hoạch", en: "Title" },
  "console.metaSigner": { vi: "Người ký", en: "Signer" },
  "console.metaAliases": { vi: "Tên gọi khác (cách nhau bởi dấu phẩy)", en: "Other names (comma separated)" },
  "console.saveMeta": { vi: "Lưu thông tin", en: "Save details" },
  "console.saved": { vi: "Đã lưu.", en: "Saved." },
  "console.noWarnings": { vi: "Không có cảnh báo.", en: "No warnings." },
  "console.sectionTree": { vi: "Cây mục", en: "Section tree" },
  "console.sectionPassages": { vi: "{passages} đoạn", en: "{passages} passages" },
  "console.targets": { vi: "Các chỉ tiêu đã trích", en: "Targets extracted" },
  "console.noTargets": { vi: "Không tìm thấy chỉ tiêu có con số trong kế hoạch này.", en: "No target with a figure was found in this plan." },
  "console.planText": { vi: "Nội dung kế hoạch", en: "Plan text" },
  "console.planTextHighlight": {
    vi: "Đoạn được tô là câu trả lời của câu hỏi thử gần nhất.",
    en: "The highlighted passage is the answer to the latest question tried.",
  },
  "console.section": { vi: "Mục", en: "Section" },
  "console.indicator": { vi: "Chỉ tiêu", en: "Indicator" },
  "console.comparator": { vi: "So sánh", en: "Comparator" },
  "console.figure": { vi: "Con số", en: "Figure" },
  "console.line": { vi: "Dòng", en: "Line" },
  "console.testsIntro": {
    vi: "Câu hỏi mẫu tự chạy lại sau mỗi lần kế hoạch thay đổi. Ghi \"no_answer\" nếu bot phải trả lời là kế hoạch không nêu.",
    en: "Saved questions run again after every change to the plans. Write \"no_answer\" when the bot must say the plans do not answer.",
  },
  "console.add": { vi: "Thêm", en: "Add" },
  "console.runAll": { vi: "Chạy lại tất cả", en: "Run all again" },
  "console.ranAll": { vi: "Đã chạy lại {count} câu hỏi mẫu: {failing} không khớp.", en: "Ran {count} saved questions again: {failing} do not match." },
  "console.noTests": {
    vi: "Chưa có câu hỏi mẫu. Hỏi thử một câu rồi bấm \"Lưu làm câu hỏi mẫu\", hoặc nhập câu hỏi và con số ở trên.",
    en: "No saved questions yet. Try a question and press \"Save as a saved question\", or type a question and a figure above.",
  },
  "console.expected": { vi: "Mong đợi", en: "Expected" },
  "console.result": { vi: "Kết quả", en: "Result" },
  "console.pass": { vi: "Đạt", en: "Pass" },
  "console.fail": { vi: "Không khớp", en: "Does not match" },
  "console.acceptedReply": { vi: "Câu trả lời đã chấp nhận", en: "Accepted answer" },
  "console.lastReply": { vi: "Câu trả lời mới nhất", en: "Latest answer" },
  "console.changed": { vi: "đã đổi", en: "changed" },
  "console.accept": { vi: "Chấp nhận câu trả lời mới", en: "Accept the new answer" },
  "console.accepted": { vi: "Đã chấp nhận câu trả lời mới.", en: "The new answer is accepted." },
  "console.edit": { vi: "Sửa", en: "Edit" },
  "console.editTest": { vi: "Sửa câu hỏi mẫu", en: "Edit the saved question" },
  "console.saveChanges": { vi: "Lưu thay đổi", en: "Save changes" },
  "console.cancel": { vi: "Huỷ", en: "Cancel" },
  "console.delete": { vi: "Xoá", en: "Delete" },
  "console.confirmDeleteTest": { vi: "Xoá câu hỏi mẫu «{question}»?", en: "Delete the saved question «{question}»?" },
  "console.deleted": { vi: "Đã xoá.", en: "Deleted." },
  "console.savedWith": { vi: "Đã lưu làm câu hỏi mẫu, mong đợi: {expected}.", en: "Saved as a saved question, expecting: {expected}." },
  "console.expectNoAnswer": { vi: "bot phải trả lời là kế hoạch không nêu", en: "the bot must say the plans do not answer" },
  "console.show": { vi: "Hiển thị", en: "Show" },
  "console.filterAll": { vi: "Tất cả", en: "All" },
  "console.filterUnanswered": { vi: "Chưa trả lời được", en: "Unanswered" },
  "console.filterLow": { vi: "Độ tin cậy thấp", en: "Low confidence" },
  "console.time": { vi: "Thời gian", en: "Time" },
  "console.channel": { vi: "Kênh", en: "Channel" },
  "console.answered": { vi: "Đã trả lời", en: "Answered" },
  "console.reply": { vi: "Bot đã trả lời", en: "The bot replied" },
  "console.topic": { vi: "Chủ đề", en: "Topic" },
  "console.count": { vi: "Số lần", en: "Count" },
  "console.day": { vi: "Ngày", en: "Day" },
  "console.total": { vi: "Tổng", en: "Total" },
  "console.perDay": { vi: "Số câu hỏi theo ngày", en: "Questions per day" },
  "console.topTopics": { vi: "Chủ đề được hỏi nhiều", en: "Most asked" },
  "console.unansweredTopic": { vi: "«{question}» (chưa trả lời được)", en: "«{question}» (not answered)" },
  "console.topicOf": { vi: "{place}: {section}", en: "{place}: {section}" },
  "console.noQuestions": { vi: "Chưa có câu hỏi nào của người dân.", en: "No questions from residents yet." },
  "console.channelsOn": { vi: "Kênh đang mở: {channels}.", en: "Channels open: {channels}." },
  "console.channelsOff": {
    vi: "Kênh Telegram và Zalo đang tắt: đặt TELEGRAM_BOT_TOKEN hoặc các biến ZALO_ trong tệp .env rồi khởi động lại.",
    en: "The Telegram and Zalo channels are off: set TELEGRAM_BOT_TOKEN or the ZALO_ variables in .env and restart.",
  },
  "console.noMatches": { vi: "Không có câu hỏi nào khớp bộ lọc này.", en: "No question matches this filter." },
  "console.error": { vi: "Lỗi: {reason}", en: "Error: {reason}" },
  "console.working": { vi: "Đang xử lý…", en: "Working…" },
  "console.serverError": { vi: "máy chủ báo lỗi {status}", en: "the server answered {status}" },
  "console.networkError": { vi: "không kết nối được máy chủ", en: "the server cannot be reached" },

  // What the console shows of an answer: types, languages and intents in words
  "answerType.percent": { vi: "tỷ lệ phần trăm", en: "a percentage" },
  "answerType.number": { vi: "một con số", en: "a number" },
  "answerType.date": { vi: "ngày tháng", en: "a date" },
  "answerType.reference": { vi: "số hiệu văn bản", en: "a document reference" },
  "answerType.reason": { vi: "lý do", en: "a reason" },
  "answerType.source": { vi: "nguồn (kinh phí, vốn)", en: "a source (of funds)" },
  "answerType.any": { vi: "không rõ loại (câu trả lời bất kỳ)", en: "any kind of answer" },
  "language.vi": { vi: "tiếng Việt", en: "Vietnamese" },
  "language.en": { vi: "tiếng Anh", en: "English" },
  "intent.signer": { vi: "người ký", en: "the signer" },
  "intent.date": { vi: "ngày ban hành", en: "the issue date" },
  "intent.number": { vi: "số văn bản", en: "the document number" },
  "intent.basis": { vi: "căn cứ ban hành", en: "the legal basis" },
  "intent.issuer": { vi: "cơ quan ban hành", en: "the issuer" },
  "intent.title": { vi: "tên kế hoạch", en: "the title" },
  "intent.posted": { vi: "ngày đăng trên trang thông tin", en: "the date it was posted online" },
  // The console's list of bots and its per-bot filter (src/admin/public/admin.js, "Bots" block)
  "console.bots": { vi: "Các bot", en: "Bots" },
  "console.bot": { vi: "Bot", en: "Bot" },
  "console.allBots": { vi: "Mọi bot", en: "All bots" },
  "console.envBot": { vi: "{name} (biến môi trường)", en: "{name} (environment variables)" },
  "console.botPlaces": { vi: "Địa bàn", en: "Places served" },
  "console.botAllPlans": { vi: "mọi kế hoạch", en: "every plan" },
  "console.webhook": { vi: "Webhook", en: "Webhook" },
  "console.webhookSet": { vi: "đã đặt", en: "set" },
  "console.webhookNotSet": { vi: "chưa đặt (npm run telegram:webhook)", en: "not set (npm run telegram:webhook)" },
  "console.webhookElsewhere": { vi: "trỏ tới địa chỉ khác: {url}", en: "points elsewhere: {url}" },
  "console.webhookUnknown": { vi: "không hỏi được Telegram", en: "Telegram could not be asked" },
  "console.webhookError": { vi: "lỗi gần nhất: {error}", en: "last error: {error}" },
  "console.webhookZalo": { vi: "theo OA {oaId}", en: "by OA {oaId}" },
  "console.lastMessage": { vi: "Tin nhắn gần nhất", en: "Last message" },
  "console.never": { vi: "chưa có", en: "none yet" },
  "console.tokenExpiry": { vi: "Mã truy cập hết hạn", en: "Token expires" },
  "console.officialsChat": { vi: "Nhóm cán bộ", en: "Officials' chat" },
  "console.officialsAtOnce": { vi: "{chat}: ngay và tổng hợp lúc {at}", en: "{chat}: at once and a digest at {at}" },
  "console.officialsDigest": { vi: "{chat}: tổng hợp lúc {at}", en: "{chat}: a digest at {at}" },
  "console.saveFromLink": { vi: "Lưu câu hỏi «{question}» thành câu hỏi mẫu?", en: "Save the question «{question}» as a saved question?" },
  "console.saveFromLinkNumber": { vi: "Lưu câu hỏi số {id} thành câu hỏi mẫu?", en: "Save question number {id} as a saved question?" },
  "channel.telegram": { vi: "Telegram", en: "Telegram" },
  "channel.zalo": { vi: "Zalo", en: "Zalo" },

  // The "why" panel's plain sentence (src/answer/explainPlainly.ts)
  "explain.answered": { vi: "Trả lời từ mục {section} vì câu này nói về {topics}.", en: "Answered from section {section} because the question is about {topics}." },
  "explain.answeredWithFigure": {
    vi: "Trả lời từ mục {section} vì câu này nói về {topics} và có con số {figure}.",
    en: "Answered from section {section} because the question is about {topics} and it holds the figure {figure}.",
  },
  "explain.answeredNoSection": { vi: "Trả lời từ kế hoạch {file} vì câu này nói về {topics}.", en: "Answered from plan {file} because the question is about {topics}." },
  "explain.answeredSeveral": {
    vi: "Trả lời từ {count} kế hoạch có nội dung giống nhau, vì câu này nói về {topics}.",
    en: "Answered from {count} plans that say much the same, because the question is about {topics}.",
  },
  "explain.answeredMeta": { vi: "Trả lời bằng {what} ghi trên kế hoạch, vì câu hỏi hỏi về {what}.", en: "Answered with {what} written on the plan, because the question asks for {what}." },
  "explain.noPlans": { vi: "Không trả lời vì chưa có kế hoạch nào được nạp.", en: "No answer because no plan has been loaded." },
  "explain.unknownPlace": { vi: "Không trả lời vì không có kế hoạch nào của {place}.", en: "No answer because there is no plan of {place}." },
  "explain.unknownYear": { vi: "Không trả lời vì không có kế hoạch nào cho năm được hỏi.", en: "No answer because no plan is for the year asked about." },
  "explain.metaMissing": { vi: "Không trả lời vì kế hoạch không ghi {what}.", en: "No answer because the plans do not state {what}." },
  "explain.noTopic": { vi: "Không trả lời vì không đoạn nào nói về {topics}.", en: "No answer because no passage is about {topics}." },
  "explain.noTopicAtAll": { vi: "Không trả lời vì câu hỏi không có ý nào mà kế hoạch nói đến.", en: "No answer because the question names nothing the plans talk about." },
  "explain.partial": {
    vi: "Không trả lời vì đoạn gần nhất (mục {section}) nói về {matched} nhưng không nói về {missing}.",
    en: "No answer because the closest passage (section {section}) is about {matched} but not about {missing}.",
  },
  "explain.weak": {
    vi: "Không trả lời vì đoạn gần nhất (mục {section}) chưa đủ khớp với câu hỏi.",
    en: "No answer because the closest passage (section {section}) does not match the question well enough.",
  },
  "explain.nearMiss": { vi: "Mục {section} ({file}): có {matched} nhưng thiếu {missing}.", en: "Section {section} ({file}): has {matched} but lacks {missing}." },
  "explain.nearMissInside": { vi: "«{concept}» chỉ xuất hiện bên trong «{word}» ở mục {section}.", en: "«{concept}» appears only inside «{word}» in section {section}." },
  "explain.answerInside": {
    vi: "Lưu ý: trong đoạn trả lời, «{concept}» chỉ có trong «{word}»; hãy kiểm tra câu trả lời có đúng ý câu hỏi không.",
    en: "Note: in the answering passage «{concept}» occurs only inside «{word}»; check that the answer fits the question.",
  },
  "explain.noSection": { vi: "(không có mục)", en: "(no section)" },

  // Correcting a plan's details in the console (src/admin/metaForm.ts)
  "meta.yearInvalid": { vi: "Năm kế hoạch phải là bốn chữ số, ví dụ 2024 (đã nhập: «{value}»).", en: "The plan year must be four digits, e.g. 2024 (typed: «{value}»)." },
  "meta.dateInvalid": {
    vi: "Ngày ban hành phải viết năm-tháng-ngày, ví dụ 2024-01-19 (đã nhập: «{value}»).",
    en: "The issue date must be year-month-day, e.g. 2024-01-19 (typed: «{value}»).",
  },
  "meta.unknownField": { vi: "Không sửa được mục «{field}».", en: "The field «{field}» cannot be corrected." },
  "meta.tooLong": { vi: "«{field}» dài quá {max} ký tự.", en: "«{field}» is longer than {max} characters." },
  "meta.noSuchPlan": { vi: "Không có kế hoạch này.", en: "There is no such plan." },

  // Uploads and API refusals the console shows
  "upload.noFile": { vi: "Không có tệp nào trong lần tải lên.", en: "There is no file in the upload." },
  "upload.tooLarge": { vi: "Tệp lớn hơn {mb} MB.", en: "The file is larger than {mb} MB." },
  "upload.looksLikeImage": {
    vi: "Tệp này có vẻ là ảnh hoặc bản quét không có chữ. Cần bản kế hoạch có chữ: .docx, .txt hoặc PDF xuất từ Word.",
    en: "This looks like an image or a scan without text. A plan with text is needed: .docx, .txt or a PDF exported from Word.",
  },
  "upload.nameUnusable": { vi: "tên tệp không có chữ hoặc số nào dùng được; hãy đặt tên như xa-lai-hung-2024.txt", en: "the file name has no usable letters or digits; name it like xa-lai-hung-2024.txt" },
  "upload.notPlanName": { vi: "đây không phải tên tệp kế hoạch", en: "this is not a plan file name" },
  "meta.invalidFields": { vi: "Các mục sau không hợp lệ: {fields}.", en: "These fields are not valid: {fields}." },
  "upload.refused": { vi: "Tệp {file} bị từ chối: {reason}", en: "File {file} was refused: {reason}" },
  "upload.diskFull": {
    vi: "Máy chủ không ghi được tệp ({code}: ổ đĩa đầy hoặc không được ghi); không có gì thay đổi.",
    en: "The server could not write the file ({code}: the disk is full or not writable); nothing was changed.",
  },
  "api.questionRequired": { vi: "Cần nhập câu hỏi.", en: "A question is required." },
  "api.testRequired": { vi: "Cần nhập câu hỏi và con số mong đợi.", en: "A question and the expected figure are required." },
  "api.noSuchTest": { vi: "Không có câu hỏi mẫu này.", en: "There is no such saved question." },
  "api.noSuchLogEntry": { vi: "Không có câu hỏi này trong nhật ký.", en: "There is no such question in the log." },

  // The targets table as CSV (GET /api/admin/documents/:file/targets.csv)
  "csv.indicator": { vi: "chỉ tiêu", en: "indicator" },
  "csv.comparator": { vi: "so sánh", en: "comparator" },
  "csv.figure": { vi: "con số", en: "figure" },
  "csv.value": { vi: "giá trị", en: "value" },
  "csv.unit": { vi: "đơn vị", en: "unit" },
  "csv.section": { vi: "mục", en: "section" },
  "csv.line": { vi: "dòng", en: "line" },

  // kb:check (src/cli/kbCheck.ts)
  "kbCheck.usage": {
    vi: "Cách dùng: npm run kb:check -- [THƯ_MỤC]\n  Cho biết bot hiểu gì ở từng tệp kế hoạch: thông tin, cây mục, chỉ tiêu và cảnh báo.\n  THƯ_MỤC mặc định là knowledge/.",
    en: "Usage: npm run kb:check -- [FOLDER]\n  Shows what the bot understood of each plan file: details, section tree, targets and warnings.\n  FOLDER defaults to knowledge/.",
  },
  "kbCheck.folder": { vi: "Thư mục kế hoạch: {dir}", en: "Plan folder: {dir}" },
  "kbCheck.totals": {
    vi: "{plans} kế hoạch, {passages} đoạn được tìm kiếm, {refused} tệp bị từ chối",
    en: "{plans} plan(s), {passages} passages searched, {refused} file(s) refused",
  },
  "kbCheck.number": { vi: "số", en: "number" },
  "kbCheck.date": { vi: "ngày", en: "date" },
  "kbCheck.issuer": { vi: "cơ quan", en: "issuer" },
  "kbCheck.place": { vi: "địa bàn", en: "place" },
  "kbCheck.parents": { vi: "thuộc", en: "part of" },
  "kbCheck.aliases": { vi: "tên khác", en: "aliases" },
  "kbCheck.year": { vi: "năm", en: "year" },
  "kbCheck.title": { vi: "tên", en: "title" },
  "kbCheck.signer": { vi: "người ký", en: "signer" },
  "kbCheck.basedOn": { vi: "căn cứ", en: "based on" },
  "kbCheck.sections": { vi: "các mục:", en: "sections:" },
  "kbCheck.sectionLine": { vi: "dòng {line}, {passages} đoạn", en: "line {line}, {passages} passages" },
  "kbCheck.figures": { vi: "chỉ tiêu ({count}):", en: "targets ({count}):" },
  "kbCheck.warnings": { vi: "cảnh báo:", en: "warnings:" },
  "kbCheck.noWarnings": { vi: "cảnh báo: không có", en: "warnings: none" },
  "kbCheck.fromFileName": { vi: "lấy từ tên tệp", en: "from the file name" },
  "kbCheck.corrected": { vi: "đã sửa tay", en: "corrected by hand" },

  // Command-line tools (src/cli)
  "cli.askUsage": {
    vi: "Cách dùng: npm run ask -- [--json] [--explain] [--knowledge THƯ_MỤC] [\"câu hỏi\"]\n  Không có câu hỏi thì đọc từng dòng ở đầu vào và in một câu trả lời mỗi dòng.",
    en: "Usage: npm run ask -- [--json] [--explain] [--knowledge FOLDER] [\"question\"]\n  With no question, reads one question per line from stdin and prints one answer per line.",
  },
  "cli.folderMissing": { vi: "không có thư mục kế hoạch {dir}", en: "there is no plan folder {dir}" },
  "cli.badOption": { vi: "tuỳ chọn không hợp lệ: {reason}", en: "invalid option: {reason}" },
  "cli.failed": { vi: "lỗi: {reason}", en: "error: {reason}" },
  "cli.warning": { vi: "cảnh báo: {reason}", en: "warning: {reason}" },

  // Start-up configuration (src/config/config.ts)
  "config.invalid": { vi: "Cấu hình không hợp lệ", en: "Invalid configuration" },
  "config.urlNeeded": { vi: "phải là địa chỉ http(s)", en: "must be an http(s) URL" },
  "config.passwordShort": { vi: "phải dài ít nhất 10 ký tự", en: "must be at least 10 characters" },
  "config.telegramToken": { vi: "phải có dạng 123456:ABC-DEF...", en: "must look like 123456:ABC-DEF..." },
  "config.webhookSecret": {
    vi: "phải gồm 16-256 ký tự A-Z, a-z, 0-9, _ và -",
    en: "must be 16-256 characters of A-Z, a-z, 0-9, _ and -",
  },
  "config.secretRequired": {
    vi: "bắt buộc khi đã đặt TELEGRAM_BOT_TOKEN (webhook không có mã bí mật sẽ nhận cả tin giả mạo)",
    en: "is required when TELEGRAM_BOT_TOKEN is set (a webhook without a secret accepts forged updates)",
  },
  "config.zaloIncomplete": { vi: "bắt buộc cho kênh Zalo (đã đặt: {given})", en: "is required for the Zalo channel (set: {given})" },
  "config.notInteger": { vi: "phải là số nguyên", en: "must be a whole number" },
  "config.range": { vi: "phải từ {min} đến {max}", en: "must be between {min} and {max}" },
  "config.oneOf": { vi: "phải là một trong: {values}", en: "must be one of: {values}" },
  "config.notEmpty": { vi: "không được để trống", en: "must not be empty" },
  "config.invalidValue": { vi: "không hợp lệ", en: "is not valid" },
  "config.environment": { vi: "(môi trường)", en: "(environment)" },
  "startup.cannotStart": { vi: "kehoach-bot không khởi động được: {reason}", en: "kehoach-bot cannot start: {reason}" },
  "startup.dataDir": {
    vi: "không dùng được thư mục dữ liệu {dir} ({problem}); hãy đặt DATA_DIR là một thư mục ghi được",
    en: "the data directory {dir} cannot be used ({problem}); set DATA_DIR to a writable folder",
  },
  "startup.diskFull": { vi: "{code}: ổ đĩa đầy; hãy giải phóng chỗ trống", en: "{code}: the disk is full; free some space" },
  "startup.readOnly": { vi: "{code}: ổ đĩa chỉ đọc", en: "{code}: the disk is read-only" },
  "startup.noPermission": { vi: "{code}: không có quyền ghi vào đó", en: "{code}: no permission to write there" },

  // Scans read by OCR (src/ingest/ocr*.ts, src/knowledge): progress, "read by OCR", figures to check. Own block: keep it together.
  "ocr.queued": { vi: "đang chờ đọc bằng OCR ({pages} trang)", en: "waiting to be read by OCR ({pages} pages)" },
  "ocr.progress": { vi: "đang đọc bằng OCR: trang {page}/{pages}", en: "being read by OCR: page {page} of {pages}" },
  "ocr.readByOcr": {
    vi: "đọc bằng OCR từ bản quét ({pages} trang, độ tin cậy trung bình {confidence}%): cán bộ hãy đối chiếu các số liệu với bản giấy trước khi người dân dựa vào chúng",
    en: "read by OCR from a scan ({pages} pages, mean confidence {confidence}%): an official should check its figures against the paper copy before residents rely on them",
  },
  "ocr.uncertainWords": {
    vi: "OCR không chắc chắn ở các chữ số: {words}",
    en: "OCR was unsure of these figures: {words}",
  },
  "ocr.checkFigure": { vi: "cần đối chiếu (OCR)", en: "to check (OCR)" },
  "ocr.tooManyPages": {
    vi: "bản quét có {pages} trang; bot chỉ đọc bằng OCR bản quét tối đa {limit} trang: hãy tách tệp, hoặc gửi bản Word hoặc PDF có chữ",
    en: "the scan has {pages} pages; the bot reads scans of at most {limit} pages by OCR: split the file, or provide the Word file or a text PDF",
  },
  "ocr.pageTimeout": {
    vi: "đọc trang {page} bằng OCR mất hơn {seconds} giây và đã bị dừng; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "reading page {page} by OCR took more than {seconds} s and was stopped; it stays refused until it is replaced",
  },
  "ocr.outOfMemory": {
    vi: "đọc trang {page} bằng OCR cần hơn {limit} MB bộ nhớ và đã bị dừng; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "reading page {page} by OCR needed more than {limit} MB of memory and was stopped; it stays refused until it is replaced",
  },
  "ocr.rasteriserMissing": {
    vi: "không chuyển được trang PDF thành ảnh để đọc bằng OCR: máy chủ chưa cài pdftoppm (gói poppler-utils)",
    en: "the PDF pages cannot be turned into images for OCR: pdftoppm (package poppler-utils) is not installed on the server",
  },
  "ocr.failed": {
    vi: "đọc bản quét bằng OCR bị lỗi; tệp được ghi nhớ là bị từ chối cho đến khi được thay",
    en: "reading the scan by OCR failed; it stays refused until it is replaced",
  },
  "ocr.noText": {
    vi: "OCR không tìm thấy chữ trong bản quét; hãy quét lại rõ hơn (300 dpi, thẳng trang) hoặc gửi bản Word hoặc PDF có chữ",
    en: "OCR found no text in the scan; scan it again more clearly (300 dpi, pages straight) or provide the Word file or a text PDF",
  },
  "ocr.consoleHeading": { vi: "Đang đọc bằng OCR", en: "Being read by OCR" },
  "ocr.kbCheckRead": { vi: "Đọc bằng OCR, độ tin cậy trung bình {confidence}%: mọi số liệu cần được đối chiếu", en: "Read by OCR, mean confidence {confidence}%: every figure needs checking" },

  // The channels file: several Telegram bots and Zalo OAs on one install (src/config/channelsFile.ts)
  "channels.unreadable": { vi: "không đọc được tệp kênh {file}: {reason}", en: "the channels file {file} cannot be read: {reason}" },
  "channels.yamlSyntax": {
    vi: "tệp kênh {file} không đúng cú pháp YAML ở dòng {line}: {reason}",
    en: "the channels file {file} is not valid YAML at line {line}: {reason}",
  },
  "channels.problem": { vi: "tệp kênh {file}, {path}: {problem}", en: "channels file {file}, {path}: {problem}" },
  "channels.required": { vi: "là bắt buộc", en: "is required" },
  "channels.notText": { vi: "phải là một chuỗi chữ", en: "must be text" },
  "channels.notList": { vi: "phải là một danh sách", en: "must be a list" },
  "channels.unknownKey": { vi: "có mục không được hỗ trợ «{key}» (gõ sai tên?)", en: "has an unsupported entry «{key}» (misspelt?)" },
  "channels.missingEnv": {
    vi: "nhắc đến biến môi trường {name} nhưng biến này chưa được đặt (trong .env hoặc môi trường)",
    en: "refers to the environment variable {name}, which is not set (in .env or the environment)",
  },
  "channels.badName": {
    vi: "phải gồm 1-64 ký tự a-z, 0-9, - và _ (tên dùng trong địa chỉ webhook), ví dụ lai-hung",
    en: "must be 1-64 characters of a-z, 0-9, - and _ (the name is part of the webhook address), e.g. lai-hung",
  },
  "channels.duplicateName": { vi: "tên «{name}» đã được dùng cho một bot khác cùng kênh", en: "the name «{name}» is already used by another bot of the same channel" },
  "channels.reservedName": {
    vi: "tên «{name}» dành cho bot khai báo bằng biến môi trường; hãy chọn tên khác",
    en: "the name «{name}» is reserved for the bot set by environment variables; choose another",
  },
  "channels.duplicateOa": { vi: "OA {oaId} đã được khai báo cho bot «{name}»", en: "OA {oaId} is already declared for the bot «{name}»" },
  "channels.oaIdNeeded": {
    vi: "là bắt buộc khi có nhiều OA Zalo: sự kiện được chuyển đến OA theo mã này (recipient.id)",
    en: "is required when there are several Zalo OAs: events are routed to an OA by this id (recipient.id)",
  },
  "channels.time": { vi: "phải là giờ dạng HH:MM, ví dụ 17:00", en: "must be a time as HH:MM, e.g. 17:00" },
  "channels.chatId": {
    vi: "phải là mã cuộc trò chuyện Telegram (số, ví dụ -1001234567890) hoặc @tên_kênh",
    en: "must be a Telegram chat id (a number, e.g. -1001234567890) or @channel_name",
  },
  "channels.unknownVia": {
    vi: "nhắc đến bot Telegram «{name}» không có trong tệp kênh",
    en: "names the Telegram bot «{name}», which is not in the channels file",
  },
  "channels.viaNeeded": {
    vi: "cần một bot Telegram để gửi tin cho cán bộ: hãy ghi via: <tên bot Telegram>",
    en: "needs a Telegram bot to send the officials' messages: add via: <Telegram bot name>",
  },
  "channels.consoleUrlNeeded": {
    vi: "là bắt buộc khi có bot gửi câu hỏi chưa trả lời cho cán bộ (đường dẫn đến bảng điều khiển, ví dụ https://kehoach.xalaihung.gov.vn)",
    en: "is required when a bot sends unanswered questions to officials (the link to the console, e.g. https://kehoach.xalaihung.gov.vn)",
  },
  "channels.reloadFailed": {
    vi: "Tệp kênh {file} có lỗi, các bot vẫn chạy theo cấu hình trước: {problems}",
    en: "The channels file {file} has errors; the bots keep running with the previous configuration: {problems}",
  },
  "channels.homeNotFound": {
    vi: "Bot {bot}: chưa có kế hoạch nào của «{place}»; câu hỏi không nêu địa danh được trả lời từ mọi kế hoạch cho đến khi có",
    en: "Bot {bot}: no plan of «{place}» is loaded; questions naming no place are answered from every plan until there is one",
  },

  // Unanswered questions sent to the officials' Telegram chat (src/channels/officials)
  "officials.digestTitle": {
    vi: "Câu hỏi bot {bot} chưa trả lời được ({count})",
    en: "Questions the bot {bot} could not answer ({count})",
  },
  "officials.instantTitle": { vi: "Bot {bot} chưa trả lời được câu hỏi", en: "The bot {bot} could not answer a question" },
  "officials.saveLink": { vi: "Lưu thành câu hỏi mẫu", en: "Save as a saved question" },
  "officials.more": { vi: "… và {count} câu nữa trong bảng điều khiển", en: "… and {count} more in the console" },
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

/** A message to be shown later in the reader's language: sent by the server, rendered by the console. */
export interface MessageRef {
  key: MessageKey;
  params?: Record<string, string | number | MessageRef>;
}

/** Both languages of a message reference. */
export function bilingualRef(ref: MessageRef): Bilingual {
  return { vi: renderMessage(ref, "vi"), en: renderMessage(ref, "en") };
}

/** A message reference in one language; a parameter may itself be a reference (an answer type, an intent). */
export function renderMessage(ref: MessageRef, lang: Lang = "vi"): string {
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(ref.params ?? {})) params[name] = typeof value === "object" ? renderMessage(value, lang) : value;
  return message(ref.key, lang, params);
}
