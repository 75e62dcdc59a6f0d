// Telegram's Bot API and Zalo's OA API, played in a worker thread of the bench: the platforms are
// other machines, so their side of each reply is not counted against the bot.
import { parentPort } from "node:worker_threads";
import Fastify from "fastify";

const replies = { telegram: 0, zalo: 0 };
const platform = Fastify();
platform.post("/bot:token/:method", async (request) => {
  const { method } = request.params;
  if (method === "getMe") return { ok: true, result: { id: 1, is_bot: true, first_name: "bench", username: "bench_bot" } };
  replies.telegram++;
  return { ok: true, result: { message_id: replies.telegram, date: 0, chat: { id: request.body.chat_id, type: "private" }, text: "" } };
});
platform.post("/v3.0/oa/message/cs", async () => {
  replies.zalo++;
  return { error: 0, message: "Success", data: { message_id: `m${replies.zalo}` } };
});
const url = await platform.listen({ host: "127.0.0.1", port: 0 });
parentPort.postMessage({ url });
parentPort.on("message", (message) => {
  if (message === "count") parentPort.postMessage({ replies });
  if (message === "stop") void platform.close().then(() => parentPort.close());
});
