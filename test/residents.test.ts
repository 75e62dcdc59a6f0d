import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import { loadLexicon } from "../src/lexicon/lexicon.js";
import { ChatTurns } from "../src/residents/chatTurns.js";
import { followUpRest, withoutHereWords, withoutYears } from "../src/residents/followUp.js";
import { Store } from "../src/store/store.js";
import { problemsOf } from "./helpers/configProblems.js";
import { sampleIndex } from "./helpers/knowledge.js";

const words = loadLexicon().conversation;

describe("follow-up words (lexicon/conversation.tsv)", () => {
  it.each([
    ["còn Phường 1 thì sao?", "Phường 1"],
    ["Còn xã Lai Hưng thì thế nào ạ?", "xã Lai Hưng"],
    ["thế năm 2025?", "năm 2025"],
    ["what about Ward 1?", "Ward 1"],
    ["and in 2025?", "2025"],
    ["con phuong 1 thi sao", "phuong 1"],
  ])("%s leaves %s", (message, rest) => {
    expect(followUpRest(message, words)).toEqual({ rest, marked: true });
  });

  it("leaves a question without its words as it is", () => {
    expect(followUpRest("Tỷ lệ thu gom rác là bao nhiêu?", words)).toEqual({ rest: "Tỷ lệ thu gom rác là bao nhiêu", marked: false });
  });

  it("removes the words for the resident's own place, and the years of a question", () => {
    expect(withoutHereWords("Tỷ lệ hộ nghèo xã mình là bao nhiêu?", words)).toEqual({ text: "Tỷ lệ hộ nghèo là bao nhiêu?", found: true });
    expect(withoutHereWords("bhyt o day", words).text).toBe("bhyt");
    expect(withoutYears("Tỷ lệ hộ nghèo năm 2024 của Phường 1")).toBe("Tỷ lệ hộ nghèo của Phường 1");
  });
});

describe("what a chat remembers", () => {
  it("forgets a chat after RESIDENT_MEMORY_DAYS, on read and when pruned", () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), "store-")));
    const turns = new ChatTurns(store, () => sampleIndex, 30, (error) => {
      throw error;
    });
    expect(turns.question("zalo", "u1", "bhyt xa lai hung").kind).toBe("answer");
    expect(store.chatMemory({ channel: "zalo", chatId: "u1" })?.place).toBe("xa lai hung");
    const outcome = turns.question("zalo", "u1", "còn Phường 1 thì sao?");
    expect(outcome.kind === "answer" && outcome.result.answers[0]!.figures[0]!.text).toBe("95%");

    // Last heard from 31 days ago: remembered no more.
    store.saveChatMemory({ channel: "zalo", chatId: "u1" }, { place: "Phường 1", lastQuestion: "bhyt" }, Date.now() - 31 * 86_400_000);
    expect(turns.question("zalo", "u1", "xã Lai Hưng?").kind).toBe("answer");
    expect(store.chatMemory({ channel: "zalo", chatId: "u1" })?.lastQuestion).toBe("xã Lai Hưng?");
    store.saveChatMemory({ channel: "zalo", chatId: "u2" }, { place: "Phường 1" }, Date.now() - 31 * 86_400_000);
    expect(store.pruneChatMemory(30)).toBe(1);
    expect(store.chatMemory({ channel: "zalo", chatId: "u2" })).toBeUndefined();
    expect(store.chatMemory({ channel: "zalo", chatId: "u1" })).toBeDefined();
    store.close();
  });

  it("asks which place only on a bot serving several places: none, or a home whose plans answer differently", () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), "store-")));
    const onError = (error: unknown) => {
      throw error;
    };
    const BHYT = "Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?";
    const commune = new ChatTurns(store, () => sampleIndex, 30, onError, { name: "lai-hung", home: { commune: "xã Lai Hưng" } });
    const answered = commune.question("telegram", "c1", BHYT);
    expect(answered.kind === "answer" && answered.result.answers.map((a) => a.figures[0]?.text)).toEqual(["93,45%"]);
    // A home of two places whose plans answer differently: the resident is asked, among those places.
    const district = new ChatTurns(store, () => sampleIndex, 30, onError, { name: "both", home: { commune: "xã Lai Hưng", plans: ["Phường 1"] } });
    const asked = district.question("telegram", "c1", BHYT);
    expect(asked.kind === "which-place" && [...asked.places].sort()).toEqual(["Phường 1", "xã Lai Hưng"]);
    const chosen = district.question("telegram", "c1", "2");
    expect(chosen.kind).toBe("answer");
    // The same chat on the commune bot was not asked and remembers nothing of the other bot's choice.
    expect(store.chatMemory({ channel: "telegram", chatId: "c1", bot: "lai-hung" })?.place).toBeUndefined();
    expect(store.chatMemory({ channel: "telegram", chatId: "c1", bot: "both" })?.place).toBeDefined();
    store.close();
  });

  it("takes RESIDENT_MEMORY_DAYS from the environment and refuses a wrong one", () => {
    expect(parseConfig({}).residentMemoryDays).toBe(30);
    expect(parseConfig({ RESIDENT_MEMORY_DAYS: "7" }).residentMemoryDays).toBe(7);
    expect(problemsOf({ RESIDENT_MEMORY_DAYS: "0" })[0]).toMatch(/^RESIDENT_MEMORY_DAYS /);
    expect(problemsOf({ RESIDENT_MEMORY_DAYS: "a month" })[0]).toMatch(/^RESIDENT_MEMORY_DAYS /);
  });
});
