import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** Debian's nginx, if installed (it lives in /usr/sbin, often not on a user's PATH). */
export const NGINX = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"]
  .map((dir) => join(dir, "nginx"))
  .find((path) => existsSync(path));

/** Tests that need nginx run wherever it is installed, and under CI=true must fail if it is not. */
export const SKIP_WITHOUT_NGINX = !NGINX && process.env.CI !== "true";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Nginx {
  url: string;
  port: number;
  stop(): Promise<void>;
  errorLog(): string;
}

async function listening(port: number, deadline: number, child: ChildProcess, errorLog: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${errorLog()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}:\n${errorLog()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A reverse proxy as the README's set-up has it: nginx on this machine in front of the bot, passing
 * the client's Host and appending the client's address to X-Forwarded-For. Its own prefix, config,
 * pid and logs in a temporary folder; killed when the test ends.
 */
export async function startNginx(upstream: string): Promise<Nginx> {
  if (!NGINX) throw new Error("nginx is not installed: apt-get install nginx (.ci/run installs it)");
  const prefix = mkdtempSync(join(tmpdir(), "kb-nginx-"));
  // Started as root, nginx's workers run as nobody: they must reach their temporary folders.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, "logs"));
  const port = await freePort();
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((name) => `  ${name}_temp_path ${join(prefix, name)};`).join("\n");
  const config = `
worker_processes 1;
pid ${join(prefix, "nginx.pid")};
error_log ${join(prefix, "logs/error.log")} warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${upstream};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
  const configFile = join(prefix, "nginx.conf");
  writeFileSync(configFile, config);
  const errorFile = join(prefix, "logs/error.log");
  const errorLog = () => (existsSync(errorFile) ? readFileSync(errorFile, "utf8") : "");
  const child = spawn(NGINX, ["-p", prefix, "-c", configFile, "-e", errorFile, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  process.once("exit", () => child.kill("SIGKILL"));
  await listening(port, Date.now() + 15_000, child, () => `${stderr}\n${errorLog()}`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errorLog,
    async stop() {
      if (child.exitCode === null) {
        // SIGQUIT: nginx's graceful stop; its workers exit with the master.
        child.kill("SIGQUIT");
        await exited;
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP request with any Host and headers (fetch does not let a test set Host), from any local address. */
export function rawRequest(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResponse> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? "GET",
        headers: { ...(options.body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}
