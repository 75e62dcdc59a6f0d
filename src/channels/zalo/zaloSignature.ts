import { createHash, hash, timingSafeEqual } from "node:crypto";

export type SignatureVerdict = { ok: true; event: ZaloEvent } | { ok: false; reason: string };

export interface ZaloEvent {
  app_id?: string;
  event_name?: string;
  timestamp?: string | number;
  sender?: { id?: string };
  recipient?: { id?: string };
  /** The OA of a follow or unfollow event. */
  oa_id?: string;
  user_id_by_app?: string;
  follower?: { id?: string };
  message?: { text?: string; msg_id?: string };
}

/**
 * The signature Zalo sends: hex SHA-256 (not HMAC) of app_id + raw body + timestamp + OA secret key.
 * A body given as text is taken as its UTF-8 bytes, hashed in one call (half the time of four
 * updates, on every message).
 */
export function zaloSignature(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  if (typeof rawBody === "string") return hash("sha256", appId + rawBody + timestamp + oaSecretKey);
  return createHash("sha256").update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest("hex");
}

/** When Zalo says the event happened (its timestamp, in seconds or milliseconds); NaN without one. */
export function eventTimeMs(event: ZaloEvent): number {
  const timestamp = String(event.timestamp ?? "");
  if (!/^\d{10,16}$/.test(timestamp)) return Number.NaN;
  return timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
}

/**
 * Checks X-ZEvent-Signature over the body of the request, before anything else is done with it.
 * An event is accepted whatever its age: Zalo delivers again for hours after an outage, and a
 * replay is caught by its msg_id.
 * `rawText` is the body as received, decoded as UTF-8: encoded back it is the very bytes Zalo signed
 * (a body that is not valid UTF-8 does not come back the same, and fails the check). `event` is the
 * parsed body, used only for app_id and timestamp.
 */
export function verifyZaloEvent(options: {
  rawText: string;
  event: ZaloEvent;
  header: string | undefined;
  appId: string;
  oaSecretKey: string;
}): SignatureVerdict {
  const { rawText, event, header, oaSecretKey } = options;
  if (!header) return { ok: false, reason: "missing X-ZEvent-Signature" };
  const appId = String(event.app_id ?? "");
  const timestamp = String(event.timestamp ?? "");
  if (!appId || !/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: "app_id or timestamp missing from the event" };
  const given = header.trim().replace(/^mac=/i, "").toLowerCase();
  const expected = zaloSignature(appId, rawText, timestamp, oaSecretKey);
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: "signature does not match" };
  if (appId !== options.appId) return { ok: false, reason: "event is for another app" };
  return { ok: true, event };
}
