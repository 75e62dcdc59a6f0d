import { whichPlaceList } from "../../residents/residentText.js";
import type { Turn } from "../conversation.js";

/**
 * Zalo has no bot commands: "#xa Lai Hưng" or "/xa Lai Hưng" sets the chat's place, "#quen" or
 * "/quen" forgets it (with or without diacritics: "#xã", "#quên").
 */
export function zaloPlaceCommand(text: string): { name: "xa" | "quen"; argument: string } | undefined {
  const match = /^\s*[#/](xa|xã|quen|quên)(?![\p{L}\p{N}])\s*(.*)$/isu.exec(text);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase().startsWith("q") ? "quen" : "xa";
  return { name, argument: match[2]!.trim() };
}

/** The text Zalo sends for a turn: the answer, the numbered places to choose from, or a notice. */
export function zaloReply(turn: Exclude<Turn, { kind: "rate-limited" }>): string {
  if (turn.kind === "answer") return turn.result.reply;
  if (turn.kind === "which-place") return whichPlaceList(turn.places, turn.language);
  return turn.text;
}
