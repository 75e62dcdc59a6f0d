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
