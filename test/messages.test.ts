import { describe, expect, it } from "vitest";
import { bilingual, catalogue, message, placeholdersOf, viThenEn } from "../src/messages/catalogue.js";

describe("the message catalogue", () => {
  it("has every message in Vietnamese and English, with the same placeholders", () => {
    for (const [key, entry] of Object.entries(catalogue)) {
      expect(entry.vi.trim(), `${key} (vi)`).not.toBe("");
      expect(entry.en.trim(), `${key} (en)`).not.toBe("");
      expect(placeholdersOf(entry.vi), key).toEqual(placeholdersOf(entry.en));
    }
  });

  it("fills placeholders in the language asked for, Vietnamese by default", () => {
    expect(message("planFile.empty")).toBe("tệp trống");
    expect(message("planFile.empty", "en")).toBe("the file is empty");
    expect(placeholdersOf("{b} và {a}")).toEqual(["a", "b"]);
    expect(viThenEn(bilingual("planFile.empty"))).toBe("tệp trống (the file is empty)");
  });
});
