// Test-only: run the launcher from sources and follow its output.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export interface SpawnedLauncher {
  child: ChildProcess;
  lines: string[];
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `apps/launcher/src/main.ts` with LAUNCH_FROM_SOURCE and `env`. */
export function spawnLauncher(env: Record<string, string>): SpawnedLauncher {
  const child = spawn(process.execPath, ["--conditions=development", "--import", "tsx", "apps/launcher/src/main.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", LAUNCH_FROM_SOURCE: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    for (const w of [...waiters]) {
      const m = line.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  createInterface({ input: child.stdout! }).on("line", onLine);
  createInterface({ input: child.stderr! }).on("line", onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    waitForLine(re, timeoutMs) {
      for (const l of lines) {
        const m = l.match(re);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} in ${timeoutMs} ms; last lines:\n${lines.slice(-15).join("\n")}`)), timeoutMs);
        waiters.push({ re, resolve: (m) => (clearTimeout(t), resolve(m)) });
        void exited.then(() => {
          clearTimeout(t);
          reject(new Error(`launcher exited before ${re}; last lines:\n${lines.slice(-15).join("\n")}`));
        });
      });
    },
  };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
