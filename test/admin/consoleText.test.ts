import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../src/messages/catalogue.js";

const read = (name: string) => readFileSync(new URL(`../../src/admin/public/${name}`, import.meta.url), "utf8");
const html = read("index.html");
const script = read("admin.js");
const keys = new Set(Object.keys(catalogue));

describe("the console's texts", () => {
  it("come from the catalogue: every key the page and its script use exists, in both languages", () => {
    const used = [
      ...[...html.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g)].map((m) => m[1]!),
      ...[...script.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1]!),
    ];
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !keys.has(key))).toEqual([]);
    // Keys built from a code the server sends: every code has its words.
    for (const key of ["language.vi", "language.en", "channel.telegram", "channel.zalo"]) expect(keys.has(key), key).toBe(true);
    for (const type of ["percent", "number", "date", "reference", "any"]) expect(keys.has(`answerType.${type}`), type).toBe(true);
  });

  it("shows before the script runs the same Vietnamese the catalogue holds", () => {
    for (const [, key, text] of html.matchAll(/data-i18n="([^"]+)"[^>]*>([^<]+)</g)) {
      expect(text, key).toBe(catalogue[key as keyof typeof catalogue].vi);
    }
  });

  it("has no hard-coded sentence in admin.js: every string literal is a key, a selector or markup", () => {
    const literals = [...script.matchAll(/"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)].map((m) => (m[1] ?? m[2] ?? "").replace(/\$\{[^}]*\}/g, "·"));
    // Selectors and attribute values that hold two words but are never read by an official.
    const markup = new Set(["p, li, td", "[role=tab][aria-selected=true]"]);
    const prose = literals.filter((text) => /\p{L}{2,}\s+\p{L}{2,}/u.test(text) && !markup.has(text));
    expect(prose).toEqual([]);
    expect(literals.filter((text) => /[À-ỹ]/u.test(text))).toEqual([]);
  });
});
