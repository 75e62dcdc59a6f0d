import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { DocumentMeta, MetaSource, Warning } from "./types.js";

/** What an official may set or correct next to a plan file (front matter or NAME.meta.yaml). */
export const metaOverrideSchema = z
  .object({
    number: z.string().min(1),
    issuer: z.string().min(1),
    place: z.string().min(1),
    placeKind: z.string().min(1),
    placeName: z.string().min(1),
    date: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use yyyy-mm-dd"), z.date()]),
    year: z.number().int().min(1900).max(2200),
    title: z.string().min(1),
    signer: z.string().min(1),
    signerTitle: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    parentPlaces: z.array(z.string().min(1)),
    basis: z.array(z.string().min(1)),
  })
  .partial()
  .strict();

export type MetaOverride = z.infer<typeof metaOverrideSchema>;

/** Splits YAML front matter off a text plan; its lines are blanked so line numbers stay true. */
export function splitFrontMatter(text: string): { body: string; frontMatter?: string; frontMatterLine?: number } {
  if (!text.startsWith("---\n")) return { body: text };
  const end = text.indexOf("\n---", 4);
  if (end < 0) return { body: text };
  const after = text.indexOf("\n", end + 4);
  const block = text.slice(0, after < 0 ? text.length : after);
  const frontMatter = text.slice(4, end);
  return { body: block.replace(/[^\n]/g, "") + text.slice(block.length), frontMatter, frontMatterLine: 2 };
}

/** `where` names the block in the official's words: the front matter or the .meta.yaml file. */
export function parseOverride(yamlText: string, where: "warning.frontMatter" | "warning.sidecar"): { override?: MetaOverride; warnings: Warning[] } {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return { warnings: [{ ...(line ? { line } : {}), key: "warning.overrideNotYaml", params: { where: { key: where } } }] };
  }
  if (data === null || data === undefined) return { warnings: [] };
  const result = metaOverrideSchema.safeParse(data);
  if (!result.success) {
    // The field names are the YAML's own (number, date...): what the official would look for in the file.
    const fields = [...new Set(result.error.issues.flatMap((issue) => ("keys" in issue && Array.isArray(issue.keys) ? issue.keys : [issue.path.join(".") || "—"])))];
    return { warnings: [{ key: "warning.overrideIgnored", params: { where: { key: where }, fields: fields.join(", ") } }] };
  }
  return { override: result.data, warnings: [] };
}

export function applyOverride(meta: DocumentMeta, source: Partial<Record<keyof DocumentMeta, MetaSource>>, override: MetaOverride): void {
  for (const [key, value] of Object.entries(override) as [keyof MetaOverride, unknown][]) {
    if (value === undefined) continue;
    const normalised = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    (meta as unknown as Record<string, unknown>)[key] = normalised;
    source[key] = "override";
  }
  if (override.date && !override.year && source.year !== "text") meta.year = Number(meta.date!.slice(0, 4));
  if (override.place && !override.placeName) {
    const match = /^(xã|phường|thị trấn)\s+(.+)$/iu.exec(override.place);
    meta.placeKind = match ? match[1]!.toLowerCase() : undefined;
    meta.placeName = match ? match[2]! : override.place;
    source.placeName = "override";
  }
  if (override.place && !override.issuer && source.issuer !== "text") meta.issuer = `UBND ${override.place}`;
}
