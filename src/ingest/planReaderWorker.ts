import { parentPort } from "node:worker_threads";
import { buildDocument } from "./buildDocument.js";
import { decodePlanFile } from "./decodePlanFile.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import type { ReaderRequest, ReaderResponse } from "./planReaderPool.js";

/** The reader thread: decodes and parses one plan file at a time, sent by planReaderPool.ts. */
async function handle(request: ReaderRequest): Promise<ReaderResponse> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  try {
    const decoded = request.text !== undefined ? { text: request.text, warnings: [] } : await decodePlanFile(request.file, bytes);
    if (request.task === "text") return { id: request.id, ok: true, text: decoded.text };
    const doc = buildDocument(request.file, decoded.text, request.sidecar);
    doc.warnings.unshift(...decoded.warnings);
    return { id: request.id, ok: true, doc };
  } catch (error) {
    const problem = error instanceof PlanFileError ? error.problem : planProblem(request.file, "planFile.unreadable", { detail: (error as Error).message.split("\n")[0]! });
    return { id: request.id, ok: false, problem };
  }
}

const port = parentPort!;
// One file at a time, in the order sent (the next one waits here while this one is decoded): the
// pool's time limit and a crash are then the file's being read.
let reading: Promise<void> = Promise.resolve();
port.on("message", (request: ReaderRequest) => {
  reading = reading.then(async () => {
    try {
      port.postMessage(await handle(request));
    } catch (error) {
      // A document that cannot be sent ends the thread, as it always has (the pool reports it).
      setImmediate(() => {
        throw error;
      });
    }
  });
});
port.postMessage({ ready: true });
