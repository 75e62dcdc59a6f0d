import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { FileProblem } from "./planFileError.js";
import { PlanFileError, planProblem } from "./planFileError.js";
import type { PlanDocument } from "./types.js";

/**
 * Plan files are read in worker threads, never on the event loop that answers residents. Each
 * thread has a memory ceiling (a file that needs more ends that thread, not the bot) and each file
 * a time limit (a thread still reading then is terminated). The threads are started on demand and
 * stopped when idle, but for `standby` of them, kept ready for the next change (see
 * keepReadersReady). Uploads, the folder watcher and start-up all read through here.
 */
export interface ReaderLimits {
  timeoutMs: number;
  heapMb: number;
  threads: number;
  idleMs: number;
  /** Idle threads that are not stopped. */
  standby: number;
  /** How long after a standby is asked for its threads are started when none is running (a restart reads no plan). */
  standbyStartMs: number;
}

export const READER_LIMITS: ReaderLimits = {
  timeoutMs: 30_000,
  heapMb: 512,
  threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
  idleMs: 15_000,
  standby: 0,
  standbyStartMs: 2_000,
};

/** Changes the limits (tests shorten the time limit); threads already running keep their memory ceiling. */
export function configurePlanReader(limits: Partial<ReaderLimits>): void {
  Object.assign(READER_LIMITS, limits);
}

/** `text`: the plan's text is already known (read by OCR from a scan); only the document is built. */
export type ReaderRequest = { id: number; file: string; bytes: Uint8Array; sidecar?: string; text?: string; task: "text" | "document" };
export type ReaderResponse = { id: number; ok: true; text?: string; doc?: PlanDocument } | { id: number; ok: false; problem: FileProblem };

interface Job {
  request: ReaderRequest;
  resolve(response: ReaderResponse & { ok: true }): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Jobs posted to the thread, in order: it reads the first while the next waits in its port. */
  jobs: Job[];
  /** The first job's time limit. */
  timer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Jobs posted to a thread at a time: with one, a thread waited for the main thread to take its
 * document (at start-up, busy keying the one before) before it was given the next plan.
 */
const JOBS_PER_THREAD = 2;

const BOOT = new URL("./planReaderBoot.mjs", import.meta.url);
const ENTRY = new URL("./planReaderWorker.ts", import.meta.url).href;

const slots = new Set<Slot>();
const queue: Job[] = [];
let nextId = 1;

/** The job the thread was reading, which has ended; the next one's time limit starts. */
function settle(slot: Slot): Job | undefined {
  const job = slot.jobs.shift();
  clearTimeout(slot.timer);
  slot.timer = undefined;
  if (slot.jobs.length > 0) limitTime(slot, slot.jobs[0]!);
  return job;
}

/** A thread stopped: the plan it was reading is refused, the plans waiting behind it are read by another. */
function retire(slot: Slot, error?: PlanFileError): void {
  if (!slots.delete(slot)) return;
  clearTimeout(slot.idleTimer);
  clearTimeout(slot.timer);
  const [job, ...waiting] = slot.jobs;
  slot.jobs = [];
  queue.unshift(...waiting);
  if (job) job.reject(error ?? new PlanFileError(planProblem(job.request.file, "planFile.readerCrashed", { detail: "the reader stopped" }), true));
  void slot.worker.terminate();
  pump();
}

function spawn(): Slot {
  const worker = new Worker(BOOT, {
    workerData: { entry: ENTRY },
    resourceLimits: { maxOldGenerationSizeMb: READER_LIMITS.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });
  const slot: Slot = { worker, ready: false, jobs: [] };
  worker.on("message", (message: ReaderResponse | { ready: true }) => {
    if ("ready" in message) {
      slot.ready = true;
      pump();
      // A thread started for the standby: idle from the start.
      if (slot.jobs.length === 0) idle(slot);
      return;
    }
    // The thread answers in the order it was sent its jobs (see planReaderWorker.ts).
    const job = slot.jobs[0]?.request.id === message.id ? settle(slot) : undefined;
    if (job) {
      if (message.ok) job.resolve(message);
      else job.reject(new PlanFileError(message.problem));
    }
    if (slot.jobs.length === 0) idle(slot);
    pump();
  });
  worker.on("error", (error: Error & { code?: string }) => {
    const file = slot.jobs[0]?.request.file ?? "";
    const problem =
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? planProblem(file, "planFile.outOfMemory")
        : planProblem(file, "planFile.readerCrashed", { detail: error.message.split("\n")[0]! });
    retire(slot, new PlanFileError(problem, true));
  });
  worker.on("exit", () => retire(slot));
  slots.add(slot);
  return slot;
}

/** An idle thread does not keep the process alive, and stops after a while unless kept on standby. */
function idle(slot: Slot): void {
  slot.worker.unref();
  clearTimeout(slot.idleTimer);
  slot.idleTimer = setTimeout(() => {
    if (slot.jobs.length === 0 && slots.size > READER_LIMITS.standby) retire(slot);
  }, READER_LIMITS.idleMs);
  slot.idleTimer.unref();
}

/**
 * How many idle reader threads to keep instead of stopping them. Starting a thread (tsx and the
 * parsing modules) takes about a second, which a one-plan update of a large corpus would otherwise
 * wait for; a thread costs tens of megabytes, which a commune's small install keeps for itself.
 */
export function keepReadersReady(count: number): void {
  const lowered = count < READER_LIMITS.standby;
  READER_LIMITS.standby = count;
  if (lowered) for (const slot of slots) if (slot.ready && slot.jobs.length === 0) idle(slot);
  // A process that read no plan (a restart from the cache) has no thread to keep: one is started
  // a little later, off the start-up's path, so that the first update does not wait for it.
  clearTimeout(standbyTimer);
  if (slots.size < count) {
    standbyTimer = setTimeout(startStandby, READER_LIMITS.standbyStartMs);
    standbyTimer.unref();
  }
}

let standbyTimer: NodeJS.Timeout | undefined;

function startStandby(): void {
  while (slots.size < Math.min(READER_LIMITS.standby, READER_LIMITS.threads)) spawn().worker.unref();
}

function start(slot: Slot, job: Job): void {
  clearTimeout(slot.idleTimer);
  slot.worker.ref();
  slot.jobs.push(job);
  // A copy the thread owns: the job's bytes stay for another thread should this one stop first,
  // and the caller's buffer stays usable (an upload is written after it is read).
  const bytes = new Uint8Array(job.request.bytes);
  slot.worker.postMessage({ ...job.request, bytes }, [bytes.buffer as ArrayBuffer]);
  if (slot.jobs.length === 1) limitTime(slot, job);
}

function limitTime(slot: Slot, job: Job): void {
  slot.timer = setTimeout(() => {
    const seconds = Math.round(READER_LIMITS.timeoutMs / 100) / 10;
    retire(slot, new PlanFileError(planProblem(job.request.file, "planFile.timeout", { seconds }), true));
  }, READER_LIMITS.timeoutMs);
}

/** A ready thread with no job; else, when no thread may be started, one with room for another. */
function freeSlot(mayStart: boolean): Slot | undefined {
  let free: Slot | undefined;
  for (const slot of slots) if (slot.ready && slot.jobs.length < JOBS_PER_THREAD && (!free || slot.jobs.length < free.jobs.length)) free = slot;
  return free && (free.jobs.length === 0 || !mayStart) ? free : undefined;
}

function pump(): void {
  while (queue.length) {
    const starting = [...slots].filter((s) => !s.ready).length;
    const mayStart = slots.size < READER_LIMITS.threads && starting < queue.length;
    const free = freeSlot(mayStart);
    if (free) {
      start(free, queue.shift()!);
      continue;
    }
    if (mayStart) {
      spawn();
      continue;
    }
    // A thread started for the standby is unreferenced; one a plan waits for keeps the process alive.
    for (const slot of slots) if (!slot.ready) slot.worker.ref();
    return;
  }
}

function run(request: Omit<ReaderRequest, "id" | "bytes"> & { bytes: Uint8Array }): Promise<ReaderResponse & { ok: true }> {
  return new Promise((resolve, reject) => {
    queue.push({ request: { ...request, id: nextId++ }, resolve, reject });
    pump();
  });
}

/** Decodes and parses a plan file in a reader thread; throws PlanFileError (`lasting` when the reader crashed or timed out). */
export async function parseInReader(file: string, bytes: Uint8Array, sidecar?: string, text?: string): Promise<PlanDocument> {
  const response = await run({ task: "document", file, bytes, ...(sidecar !== undefined ? { sidecar } : {}), ...(text !== undefined ? { text } : {}) });
  return response.doc!;
}

/** Only the text of a plan file, read in a reader thread. */
export async function textInReader(file: string, bytes: Uint8Array): Promise<string> {
  const response = await run({ task: "text", file, bytes });
  return response.text!;
}

/** Reader threads running now, busy or idle. */
export function readerThreadCount(): number {
  return slots.size;
}

/** Stops every reader thread (tests; a stopping process need not). */
export async function stopReaders(): Promise<void> {
  clearTimeout(standbyTimer);
  for (const slot of [...slots]) retire(slot);
}
