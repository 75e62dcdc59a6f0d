import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed, stdout and stderr. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL: no handler runs, nothing is flushed. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every bot process still running: killed when the test process exits, whatever a test did. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function spawnBot(env: Record<string, string>, wrap: string[] | undefined, nodeArgs: string[] = []) {
  // As `npm start` runs it, with the Node options src/nodeFlags.mjs picks for the plans it serves.
  const flags = spawnSync(process.execPath, [join(ROOT, "src/nodeFlags.mjs")], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" }).stdout.trim().split(/\s+/).filter(Boolean);
  const node = [process.execPath, ...flags, ...nodeArgs, "--import", "tsx", join(ROOT, "src/main.ts")];
  const [command, ...args] = wrap ? [...wrap, ...node] : node;
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout!.on("data", (chunk) => (printed += String(chunk)));
  child.stderr!.on("data", (chunk) => (printed += String(chunk)));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => printed };
}

/**
 * Starts `src/main.ts` as its own Node process (not through the tsx CLI, which would put a second
 * process between the test and the server, so that SIGKILL reaches the server itself).
 * `wrap` runs it through another command, e.g. `unshare` for a private mount namespace.
 */
export async function startBotProcess(
  env: Record<string, string>,
  options: { wrap?: string[]; nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<BotProcess> {
  const port = await freePort();
  const { child, exited, output } = spawnBot({ ...env, PORT: String(port) }, options.wrap, options.nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the bot exited (${exitCode}) before listening:\n${output()}`);
    if (Date.now() > deadline) {
      // Never leave a server behind a failed test.
      child.kill("SIGKILL");
      throw new Error(`the bot did not start:\n${output()}`);
    }
    const ready = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    url,
    output,
    exited,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Runs `src/main.ts` to its exit (for start-up failures). */
export async function runBotToExit(env: Record<string, string>, options: { wrap?: string[] } = {}): Promise<{ code: number | null; output: string }> {
  const { child, exited, output } = spawnBot(env, options.wrap);
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}
