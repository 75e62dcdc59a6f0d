import type { MessageRef } from "../messages/catalogue.js";

/** The fields of the console's correction form, as typed (strings), in the order shown. */
export const META_FORM_FIELDS = ["place", "number", "date", "year", "issuer", "title", "signer", "aliases"] as const;
type FormField = (typeof META_FORM_FIELDS)[number];

const MAX_FIELD_CHARS = 300;
const YEAR = /^\d{4}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export type MetaFormResult = { changes: Record<string, unknown> } | { problems: MessageRef[] };

/**
 * Turns what the official typed into metadata changes ("" removes a correction), or says in the
 * official's words what is wrong. Nothing is dropped silently: a year that is not a number is refused.
 */
export function readMetaForm(body: unknown): MetaFormResult {
  const input = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const problems: MessageRef[] = [];
  const changes: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(input)) {
    if (!(META_FORM_FIELDS as readonly string[]).includes(field)) {
      problems.push({ key: "meta.unknownField", params: { field } });
      continue;
    }
    const text = (Array.isArray(raw) ? raw.join(", ") : String(raw ?? "")).trim();
    if (text.length > MAX_FIELD_CHARS) {
      problems.push({ key: "meta.tooLong", params: { field, max: MAX_FIELD_CHARS } });
      continue;
    }
    const problem = fieldProblem(field as FormField, text);
    if (problem) problems.push(problem);
    else changes[field] = fieldValue(field as FormField, text);
  }
  return problems.length ? { problems } : { changes };
}

function fieldProblem(field: FormField, text: string): MessageRef | undefined {
  if (text === "") return undefined;
  if (field === "year" && (!YEAR.test(text) || Number(text) < 1900 || Number(text) > 2200)) return { key: "meta.yearInvalid", params: { value: text } };
  if (field === "date" && !validDate(text)) return { key: "meta.dateInvalid", params: { value: text } };
  return undefined;
}

function fieldValue(field: FormField, text: string): unknown {
  if (text === "") return "";
  if (field === "year") return Number(text);
  if (field === "aliases") return text.split(",").map((s) => s.trim()).filter(Boolean);
  return text;
}
