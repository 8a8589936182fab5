// Starts a real, throwaway redis-server (Debian's package) on a free loopback port for the tests in test/redis/.
// No mock: when redis-server is missing the tests fail with the command that installs it.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import net from "node:net";

export interface RedisServer {
  port: number;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const INSTALL_HINT = "redis-server is not installed; the Redis tests need a real one: apt-get install -y redis-server (.ci/run does this)";

function findRedisServer(): string {
  // Searched on PATH directly (no shell), so a missing binary is reported even where no `sh` is on PATH.
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    const bin = path.join(dir, "redis-server");
    try {
      accessSync(bin, constants.X_OK);
      return bin;
    } catch {
      // not in this folder
    }
  }
  throw new Error(INSTALL_HINT);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when something on the port answers a RESP PING with +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.once("connect", () => socket.write("PING\r\n"));
  });
}

/** Starts redis-server without persistence on a free 127.0.0.1 port and resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const bin = findRedisServer();
  let lastError = "";
  // A port found free can be taken before redis-server binds it: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let exited = false;
    child.once("exit", () => (exited = true));
    child.once("error", (error) => {
      exited = true;
      output += String(error);
    });
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline) {
      if (await ping(port)) {
        const pid = child.pid!;
        return {
          port,
          url: `redis://127.0.0.1:${port}`,
          pid,
          stop: () =>
            new Promise<void>((resolve) => {
              if (exited) return resolve();
              child.once("exit", () => resolve());
              process.kill(pid, "SIGKILL");
            }),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!exited && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    lastError = `redis-server on port ${port} did not answer PING (output: ${output.trim().slice(-500) || "none"})`;
  }
  throw new Error(lastError);
}
