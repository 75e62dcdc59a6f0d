import { EXAMPLE_PLANS, formatKnownPlans } from "../answer/replyText.js";
import { suggestTopics } from "../answer/suggestions.js";
import type { KnowledgeIndex } from "../search/knowledgeIndex.js";

/**
 * The welcome text: what the bot does, example questions taken from the plans, and which plans it
 * knows (a handful of examples when they are many: the text fits one message whatever their number).
 */
export function greetingText(index: KnowledgeIndex): string {
  const examples = suggestTopics(index, index.documents, 3).map(
    (topic) => `• ${topic.charAt(0).toUpperCase()}${topic.slice(1)} là bao nhiêu?`,
  );
  const plans = index.documents.length ? formatKnownPlans(index.documents, "vi") : "Hiện chưa có kế hoạch nào.";
  return [
    "Xin chào! Tôi trả lời câu hỏi về các kế hoạch phát triển kinh tế - xã hội đã công bố, kèm câu trích và nguồn.",
    ...(examples.length ? ["", "Bạn có thể hỏi, ví dụ:", ...examples] : []),
    "",
    plans,
    // With many plans the list of examples already says how to find one's own.
    ...(index.documents.length <= EXAMPLE_PLANS + 1 ? ["Hãy nêu tên xã, phường nếu bạn muốn hỏi về một nơi cụ thể."] : []),
  ].join("\n");
}

export function helpText(): string {
  return [
    "Gõ câu hỏi bằng tiếng Việt (có dấu hoặc không dấu) hoặc tiếng Anh, ví dụ:",
    "• Tỷ lệ thu gom rác của phường 1 là bao nhiêu?",
    "• bhyt xa lai hung",
    "• What is the waste-collection target in Ward 1?",
    "Tôi trả lời bằng con số, câu trích trong kế hoạch và nguồn (số kế hoạch, mục). Nếu kế hoạch không nói, tôi sẽ nói rõ.",
    "Tôi nhớ xã/phường bạn nêu cho các câu hỏi sau (hỏi tiếp: «còn Phường 1 thì sao?»); /xa <tên> để chọn, /quen để bỏ (trên Zalo: #xa, #quen).",
  ].join("\n");
}
