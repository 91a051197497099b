// Test-only: the real system for the API's integration tests — the API and
// worker processes started from TypeScript sources against the real Redis,
// with a unique queue, random ports, and cleanup of every key afterwards.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deleteQueueKeys, REDIS_URL } from "@repo/queue/testing";
import { spawnLogged, type LoggedProcess } from "@repo/logger/testing";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
// Key cleanup and the Redis URL are the queue package's test helpers; re-exported for the API's tests.
export { deleteQueueKeys, REDIS_URL };
/** The model the integration tests use (the shipped default is not required). */
export const FIXTURE_MODEL = "../shared/fixtures/keras/seed-mlp-legacy-h5.keras";

/** Skip reason when the fixture model is absent; throws under CI, where a skip would hide a gap. */
export function fixtureSkip(): string | false {
  if (existsSync(join(repoRoot, FIXTURE_MODEL))) return false;
  if (process.env.CI === "true") throw new Error(`CI: fixture ${FIXTURE_MODEL} is missing`);
  return `fixture ${FIXTURE_MODEL} absent`;
}

/** A spawned API or worker process. */
export type Proc = LoggedProcess;

/** Spawn `apps/<app>/src/main.ts` through tsx with the development condition. */
export function spawnApp(name: string, app: "api" | "worker", env: Record<string, string>): Proc {
  return spawnLogged(name, ["--conditions=development", "--import", "tsx", `apps/${app}/src/main.ts`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
  });
}

/** A running API + workers on a private queue. */
export interface TestSystem {
  url: string;
  queue: string;
  api: Proc;
  workers: Proc[];
  /** SIGTERM everything, wait, delete the queue's keys. */
  stop(): Promise<void>;
}

/** Start `workers` workers and one API on a fresh queue; resolves once /readyz is 200. */
export async function startSystem(opts: { workers?: number; env?: Record<string, string>; apiEnv?: Record<string, string> } = {}): Promise<TestSystem> {
  const queue = `test-h5-api-${randomBytes(5).toString("hex")}`;
  const common = { REDIS_URL, QUEUE_NAME: queue, METRICS_PORT: "0", ...opts.env };
  const workers = Array.from({ length: opts.workers ?? 1 }, (_, i) =>
    spawnApp(`worker-${i + 1}`, "worker", { ...common, MODEL_PATH: FIXTURE_MODEL, LOG_LEVEL: "warn" }),
  );
  const api = spawnApp("api", "api", { ...common, PORT: "0", ...opts.apiEnv });
  const stop = async () => {
    for (const p of [api, ...workers]) if (p.alive()) p.child.kill("SIGTERM");
    const killer = setTimeout(() => [api, ...workers].forEach((p) => p.alive() && p.child.kill("SIGKILL")), 15_000);
    await Promise.all([api, ...workers].map((p) => p.exited));
    clearTimeout(killer);
    await deleteQueueKeys(queue);
  };
  try {
    const listening = await api.waitForLog((l) => l.msg === "listening", 60_000);
    const url = `http://127.0.0.1:${listening.port as number}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      if (res?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`not ready: ${res ? await res.text() : "no answer"}; ${workers[0]!.stderr().slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { url, queue, api, workers, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}


/** POST files as multipart over real HTTP. */
export async function postFiles(url: string, files: { bytes: Uint8Array; filename: string; field?: string }[]): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append(f.field ?? "file", new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.filename);
  return fetch(url, { method: "POST", body: form });
}
