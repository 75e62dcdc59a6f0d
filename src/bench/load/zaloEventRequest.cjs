// Runs inside autocannon's worker thread (plain CommonJS: the worker cannot load TypeScript).
// Each request is a new Zalo OA message, from one of 500 residents, signed as Zalo signs it:
// hex SHA-256 of app_id + body + timestamp + OA secret key (src/channels/zalo/zaloSignature.ts).
const { createHash } = require("node:crypto");

const appId = process.env.BENCH_ZALO_APP_ID;
const oaSecretKey = process.env.BENCH_ZALO_OA_SECRET_KEY;
let sent = 0;
const firstId = Math.floor(Math.random() * 1e6) * 1e6;

module.exports = function zaloEventRequest(request) {
  const id = firstId + ++sent;
  const timestamp = String(Date.now());
  const body = JSON.stringify({
    app_id: appId,
    event_name: "user_send_text",
    timestamp,
    sender: { id: `u${id % 500}` },
    recipient: { id: "oa" },
    message: { text: "bhyt lai hung", msg_id: `m${id}` },
  });
  const signature = createHash("sha256").update(appId).update(body).update(timestamp).update(oaSecretKey).digest("hex");
  return { ...request, body, headers: { ...request.headers, "x-zevent-signature": signature } };
};
