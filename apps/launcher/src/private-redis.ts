import { access, mkdir } from "node:fs/promises";
import { constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { Writable } from "node:stream";
import { freePort } from "./free-port.js";
import { ManagedChild } from "./managed-child.js";
import { probeRedis } from "./redis-probe.js";

/** The full path of `name` on PATH, or null. */
export async function findOnPath(name: string, path = process.env.PATH ?? ""): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A redis-server started for this launcher only. */
export interface PrivateRedis {
  url: string;
  port: number;
  child: ManagedChild;
  exited: Promise<unknown>;
}

/**
 * Start `redis-server` from PATH on a free loopback port with its data under
 * `dataDir`, and wait until it answers PING. Throws if it does not.
 */
export async function startPrivateRedis(opts: {
  binary: string;
  dataDir: string;
  cwd: string;
  out: { stdout: Writable; stderr: Writable };
  timeoutMs?: number;
}): Promise<PrivateRedis> {
  await mkdir(opts.dataDir, { recursive: true });
  const port = await freePort();
  const child = new ManagedChild(
    {
      name: "redis",
      command: opts.binary,
      args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", opts.dataDir, "--daemonize", "no", "--save", "60 1000", "--loglevel", "warning"],
      env: process.env,
      cwd: opts.cwd,
    },
    opts.out,
  );
  const exited = child.start();
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    if ((await probeRedis("127.0.0.1", port, 500)) === "pong") {
      return { url: `redis://127.0.0.1:${port}`, port, child, exited };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await child.stop(2000);
  throw new Error(gone ? "redis-server exited during start (see [redis] lines above)" : "redis-server did not answer PING in time");
}
