import { message } from "../../messages/catalogue.js";

/** Vietnam keeps UTC+7 all year (no summer time). */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** The last moment at `hhmm` Vietnam time that is not after `now` (epoch ms). */
export function digestDueAt(hhmm: string, now: number): number {
  const [hours, minutes] = hhmm.split(":").map(Number) as [number, number];
  const local = now + VIETNAM_OFFSET_MS;
  const todayAt = Math.floor(local / DAY_MS) * DAY_MS + (hours * 60 + minutes) * 60_000;
  return (todayAt <= local ? todayAt : todayAt - DAY_MS) - VIETNAM_OFFSET_MS;
}

/** "20/01 14:05", Vietnam time. */
function when(at: number): string {
  const local = new Date(at + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}

export interface OfficialsMessageInput {
  kind: "digest" | "instant";
  bot: string;
  questions: { id: number; at: number; question: string }[];
  /** Questions left out of the list. */
  more: number;
  /** The console's page where the logged question becomes a saved question. */
  link: (id: number) => string;
  escape: (text: string) => string;
}

/**
 * The Telegram HTML message to the officials: a title, then each question (already masked of
 * personal data when logged) with its time and a link to save it, Vietnamese first, English second.
 */
export function formatOfficialsMessage(input: OfficialsMessageInput): string {
  const { escape } = input;
  const count = input.questions.length + input.more;
  const titleKey = input.kind === "digest" ? "officials.digestTitle" : "officials.instantTitle";
  const title = `<b>${escape(message(titleKey, "vi", { bot: input.bot, count }))}</b>\n<i>${escape(message(titleKey, "en", { bot: input.bot, count }))}</i>`;
  const save = `${message("officials.saveLink", "vi")} / ${message("officials.saveLink", "en")}`;
  const items = input.questions.map(
    (q, i) => `${i + 1}. «${escape(q.question)}» (${when(q.at)})\n<a href="${escape(input.link(q.id)).replace(/"/g, "&quot;")}">${escape(save)}</a>`,
  );
  const more = input.more
    ? [`${escape(message("officials.more", "vi", { count: input.more }))} / ${escape(message("officials.more", "en", { count: input.more }))}`]
    : [];
  return [title, ...items, ...more].join("\n\n");
}
