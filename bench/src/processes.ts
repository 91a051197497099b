// Child processes under test: started with their own env, waited for over
// HTTP, stopped with SIGTERM (SIGKILL after a grace), and all killed if the
// bench itself exits early.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A started child. */
export interface Child {
  name: string;
  pid: number;
  /** The last lines the child printed (for error messages). */
  tail(): string;
  /** Resolves with the exit code once the child is gone. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const c of live) c.kill("SIGKILL");
  };
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Start `node script` with `env` added to this process's environment. */
export function startNode(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Child {
  hookExit();
  const proc = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!proc.pid) throw new Error(`could not start ${name}`);
  live.add(proc);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString().split("\n")) if (l) lines.push(l);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) =>
    proc.on("exit", (code) => {
      live.delete(proc);
      resolve(code);
    }),
  );
  return {
    name,
    pid: proc.pid,
    tail: () => lines.join("\n"),
    exited,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 8_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Poll `url` until it answers 200; fail if `child` exits or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void child.exited.then(() => (gone = true));
  let last = "";
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${child.name} exited before it was ready:\n${child.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name} not ready at ${url} after ${timeoutMs} ms (last: ${last}):\n${child.tail()}`);
}
