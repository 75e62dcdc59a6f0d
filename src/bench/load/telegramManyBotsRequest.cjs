// Runs inside autocannon's worker thread (plain CommonJS: the worker cannot load TypeScript).
// Each request is a new Telegram update to one of BENCH_BOT_COUNT bots in turn, each at its own
// route with its own secret, from one of 500 residents.
let sent = 0;
const firstId = Math.floor(Math.random() * 1e6) * 1e6;
const bots = Number(process.env.BENCH_BOT_COUNT || 1);

module.exports = function telegramManyBotsRequest(request) {
  const id = firstId + ++sent;
  const bot = sent % bots;
  const resident = id % 500;
  const update = {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: resident, type: "private" },
      from: { id: resident, is_bot: false, first_name: "Dân" },
      text: "Tỷ lệ người tham gia bảo hiểm y tế là bao nhiêu?",
    },
  };
  return {
    ...request,
    path: `/webhooks/telegram/bot-${bot}`,
    headers: { ...request.headers, "x-telegram-bot-api-secret-token": `bench-secret-${bot}-0123456789` },
    body: JSON.stringify(update),
  };
};
