/** At most `max` characters of `text` from its start, cut at a space, with "…" when cut. */
export function cutAtWordEnd(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > 0 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,;:–-]+$/, "")}…`;
}

/** At most `max` characters of the end of `text`, cut at a space, with "…" when cut. */
export function cutAtWordStart(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(clean.length - max - 1);
  const space = cut.indexOf(" ");
  return `…${(space >= 0 ? cut.slice(space + 1) : cut.slice(1)).replace(/^[\s,;:–-]+/, "")}`;
}

const MIN_INDICATOR_WORDS = 3;

/**
 * The indicator a figure belongs to, in whole words: the words before the figure ("Tỷ lệ hộ dùng
 * nước sạch đạt"), or, when they are too few to say anything ("Thêm", "Duy trì"), the passage's
 * sentence around the figure ("Thêm 3 phòng học").
 */
export function indicatorOf(text: string, start: number, end: number, max = 70): string {
  const before = text.slice(0, start).trim();
  if (before.split(/\s+/).filter(Boolean).length >= MIN_INDICATOR_WORDS) return cutAtWordStart(before, max);
  return cutAtWordEnd(text.replace(/[.;]\s*$/, ""), max + 20) || cutAtWordEnd(text, max);
}
