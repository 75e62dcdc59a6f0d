// Starts the plan reader thread: the TypeScript sources are loaded through tsx, as in the main thread.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
