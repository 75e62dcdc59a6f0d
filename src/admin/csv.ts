/** Characters with which a spreadsheet starts a formula (or, tab and CR, hides one): OWASP's list. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell, safe to open in Excel or LibreOffice: a cell that would start a formula gets a
 * leading apostrophe (shown as text, never run), and a cell with a quote, separator or line break
 * is quoted.
 */
export function csvCell(value: unknown): string {
  const raw = String(value ?? "");
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
