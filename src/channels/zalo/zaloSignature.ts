import { createHash, timingSafeEqual } from "node:crypto";

export type SignatureVerdict = { ok: true; event: ZaloEvent } | { ok: false; reason: string };

export interface ZaloEvent {
  app_id?: string;
  event_name?: string;
  timestamp?: string | number;
  sender?: { id?: string };
  recipient?: { id?: string };
  user_id_by_app?: string;
  follower?: { id?: string };
  message?: { text?: string; msg_id?: string };
}

/** The signature Zalo sends: hex SHA-256 (not HMAC) of app_id + raw body + timestamp + OA secret key. */
export function zaloSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash("sha256").update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest("hex");
}

/**
 * Checks X-ZEvent-Signature over the raw bytes of the request, before anything else is done with it.
 * `event` is the parsed body, used only for app_id and timestamp.
 */
export function verifyZaloEvent(options: {
  rawBody: Buffer;
  event: ZaloEvent;
  header: string | undefined;
  appId: string;
  oaSecretKey: string;
  maxAgeSeconds: number;
  now?: number;
}): SignatureVerdict {
  const { rawBody, event, header, oaSecretKey, maxAgeSeconds } = options;
  if (!header) return { ok: false, reason: "missing X-ZEvent-Signature" };
  const appId = String(event.app_id ?? "");
  const timestamp = String(event.timestamp ?? "");
  if (!appId || !/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: "app_id or timestamp missing from the event" };
  const given = header.trim().replace(/^mac=/i, "").toLowerCase();
  const expected = zaloSignature(appId, rawBody, timestamp, oaSecretKey);
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: "signature does not match" };
  if (appId !== options.appId) return { ok: false, reason: "event is for another app" };
  const millis = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
  if (Math.abs((options.now ?? Date.now()) - millis) > maxAgeSeconds * 1000) return { ok: false, reason: "stale timestamp" };
  return { ok: true, event };
}
