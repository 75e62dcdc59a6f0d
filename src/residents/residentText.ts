import type { Language } from "../answer/citation.js";

/** What a resident reads about the remembered place, in the language they wrote in. */

export function whichPlacePrompt(language: Language): string {
  return language === "en" ? "Which commune or ward do you mean?" : "Bạn hỏi cho xã/phường nào?";
}

/** Zalo has no buttons here: the places are numbered, and the number (or the name) is the answer. */
export function whichPlaceList(places: readonly string[], language: Language): string {
  const hint = language === "en" ? "Reply with the number or type the name." : "Trả lời bằng số hoặc gõ tên xã/phường.";
  return [whichPlacePrompt(language), ...places.map((place, i) => `${i + 1}. ${place}`), hint].join("\n");
}

/** Under the Telegram buttons: a place not among them can be typed. */
export function whichPlaceHint(language: Language): string {
  return language === "en" ? "Tap a place below, or type its name." : "Chọn một nơi bên dưới, hoặc gõ tên xã/phường.";
}

export function placeRemembered(place: string, language: Language, command: string): string {
  return language === "en"
    ? `Noted: ${place}. Questions that name no place are answered for it until you name another; ${command}quen forgets it.`
    : `Đã ghi nhớ: ${place}. Câu hỏi không nêu địa danh sẽ được trả lời cho nơi này cho đến khi bạn nêu nơi khác; gõ ${command}quen để bỏ.`;
}

export function currentPlace(place: string | undefined, language: Language, command: string): string {
  if (place) return language === "en" ? `Your place: ${place}. ${command}quen forgets it.` : `Nơi bạn đang hỏi: ${place}. Gõ ${command}quen để bỏ.`;
  return language === "en"
    ? `Type ${command}xa and the name of your commune or ward, e.g. ${command}xa Lai Hung.`
    : `Gõ ${command}xa và tên xã/phường của bạn, ví dụ: ${command}xa Lai Hưng.`;
}

/** Both languages: "/quen" carries no words to tell the resident's language by. */
export function placeForgotten(): string {
  return "Đã quên nơi bạn chọn; hãy nêu tên xã/phường trong câu hỏi. (The place you chose is forgotten.)";
}
