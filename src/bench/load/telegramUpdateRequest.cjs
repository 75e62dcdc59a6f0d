// Runs inside autocannon's worker thread (plain CommonJS: the worker cannot load TypeScript).
// Each request is a new Telegram update, from one of 500 residents.
let sent = 0;
const firstId = Math.floor(Math.random() * 1e6) * 1e6;

module.exports = function telegramUpdateRequest(request) {
  const id = firstId + ++sent;
  const resident = id % 500;
  const update = {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: resident, type: "private" },
      from: { id: resident, is_bot: false, first_name: "Dân" },
      text: "Tỷ lệ thu gom rác là bao nhiêu?",
    },
  };
  return { ...request, body: JSON.stringify(update) };
};
