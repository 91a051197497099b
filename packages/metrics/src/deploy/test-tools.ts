// Helpers for the deploy tests: the repo root, external binaries (Debian's
// promtool / prometheus / docker-compose) and running them.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { TestContext } from "node:test";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root, with a trailing slash. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** Absolute path of a file in the repository. */
export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

/** The binary's path on PATH, or null. */
export function findBinary(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The binary's path; when absent the test is skipped with the reason, except
 * under CI=true where a missing tool is a failure (CI installs it).
 */
export function requireBinary(t: TestContext, name: string, apt: string): string | null {
  const path = findBinary(name);
  if (path) return path;
  const reason = `${name} not on PATH (Debian: apt-get install -y ${apt})`;
  if (process.env.CI === "true") assert.fail(`${reason}; CI=true, so this is a failure, not a skip`);
  t.skip(reason);
  return null;
}

/** Run a command to completion, feeding `input` on stdin. */
export function run(
  cmd: string,
  args: string[],
  opts: { input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}
