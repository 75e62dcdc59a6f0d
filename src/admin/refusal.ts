import { bilingual, type MessageKey, type MessageParams, viThenEn } from "../messages/catalogue.js";

/** The body of a refusal an official reads: `error` in both languages, and each language apart for the page. */
export function refusal(key: MessageKey, params: MessageParams = {}): { error: string; vi: string; en: string } {
  const text = bilingual(key, params);
  return { error: viThenEn(text), ...text };
}
