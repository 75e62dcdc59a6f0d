// The OCR process (see ocrEngine.ts): Tesseract in a child process of its own, so that its memory,
// most of it WebAssembly memory that no V8 heap limit bounds, has a ceiling. The process measures
// its whole resident memory as it works and ends itself, with OUT_OF_MEMORY, past the ceiling.
import { createWorker, OEM, PSM } from "tesseract.js";

const OUT_OF_MEMORY = 75;
const { langPath, memoryMb } = JSON.parse(process.argv[2] ?? "{}");
const ceiling = memoryMb * 1024 * 1024;

const watch = setInterval(() => {
  if (process.memoryUsage.rss() > ceiling) process.exit(OUT_OF_MEMORY);
}, 25);
watch.unref();

const engine = createWorker("vie", OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: "none" }).then(async (worker) => {
  // Tesseract's own notes ("Detected 161 diacritics") would go to the bot's standard output.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: "0", debug_file: "/dev/null" });
  return worker;
});

process.on("message", async ({ id, image }) => {
  try {
    const worker = await engine;
    const { data } = await worker.recognize(Buffer.from(image), {}, { text: true, tsv: true });
    process.send({ id, text: data.text, confidence: data.confidence, tsv: data.tsv ?? "" });
  } catch (error) {
    process.send({ id, error: String(error?.message ?? error).split("\n")[0] });
  }
});
// Ends with the bot: the channel to it closes.
process.on("disconnect", () => process.exit(0));
