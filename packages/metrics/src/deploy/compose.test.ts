import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { repoPath, requireBinary, run } from "./test-tools.js";

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: ({ published: number | string; target: number } | string)[];
  volumes?: (string | { source: string; target: string; read_only?: boolean })[];
  deploy?: { replicas?: number };
  container_name?: string;
  build?: { context: string; dockerfile: string };
}

/** The compose file as Debian's docker-compose resolves it (defaults substituted). */
async function resolvedCompose(t: import("node:test").TestContext): Promise<{ services: Record<string, Service> } | null> {
  const bin = requireBinary(t, "docker-compose", "docker-compose");
  if (!bin) return null;
  // docker-compose (Python) is slow to start: resolve once for all tests.
  resolving ??= run(bin, ["-f", "docker-compose.yml", "config"]);
  const r = await resolving;
  assert.equal(r.code, 0, r.stderr);
  return parse(r.stdout) as { services: Record<string, Service> };
}
let resolving: ReturnType<typeof run> | undefined;

/** The variables an app's env.ts declares (keys of its zod schema). */
function declaredEnv(app: string): Set<string> | null {
  const path = repoPath(`apps/${app}/src/env.ts`);
  if (!existsSync(path)) return null;
  return new Set([...readFileSync(path, "utf8").matchAll(/^\s+([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]!));
}

const published = (s: Service): number[] => (s.ports ?? []).map((p) => Number(typeof p === "string" ? p.split(":")[0] : p.published));

test("docker-compose config accepts the stack: redis, api, worker, prometheus, grafana", async (t) => {
  const compose = await resolvedCompose(t);
  if (!compose) return;
  assert.deepEqual(Object.keys(compose.services).sort(), ["api", "grafana", "prometheus", "redis", "worker"]);
  const { redis, api, worker, prometheus, grafana } = compose.services as Record<string, Service>;
  const redisCmd = redis!.command!.join(" ");
  assert.match(redisCmd, /--appendonly yes/);
  assert.match(redisCmd, /--maxmemory-policy noeviction/);
  assert.deepEqual(published(api!), [8001]);
  assert.deepEqual(published(prometheus!), [9090]);
  assert.deepEqual(published(grafana!), [3000]);
});

test("workers scale: two replicas by default, no container name and no host port to collide on", async (t) => {
  const compose = await resolvedCompose(t);
  if (!compose) return;
  const worker = compose.services.worker!;
  assert.equal(worker.deploy?.replicas, 2);
  assert.equal(worker.container_name, undefined);
  assert.deepEqual(published(worker), []);
});

test("the model is mounted read-only where the worker's MODEL_PATH points", async (t) => {
  const compose = await resolvedCompose(t);
  if (!compose) return;
  const worker = compose.services.worker!;
  const mounts = (worker.volumes ?? []).map((v) => (typeof v === "string" ? { target: v.split(":")[1]!, ro: v.endsWith(":ro") } : { target: v.target, ro: v.read_only === true }));
  const modelPath = worker.environment?.MODEL_PATH ?? "";
  const mount = mounts.find((m) => modelPath.startsWith(`${m.target}/`));
  assert.ok(mount, `no mount holds MODEL_PATH=${modelPath}`);
  assert.equal(mount.ro, true);
});

test("every variable compose sets for api and worker is one the app's env.ts reads, and the key ones are set", async (t) => {
  const compose = await resolvedCompose(t);
  if (!compose) return;
  const required: Record<string, Record<string, string | null>> = {
    api: { REDIS_URL: "redis://redis:6379", PORT: "8001", METRICS_PORT: "8000", QUEUE_NAME: null },
    worker: { REDIS_URL: "redis://redis:6379", METRICS_PORT: "8000", QUEUE_NAME: null, MODEL_PATH: null },
  };
  for (const app of ["api", "worker"]) {
    const declared = declaredEnv(app);
    if (!declared) {
      if (process.env.CI === "true") assert.fail(`apps/${app}/src/env.ts is missing`);
      t.diagnostic(`apps/${app}/src/env.ts not written yet: its variables are not checked`);
      continue;
    }
    const env: Record<string, string> = compose.services[app]!.environment ?? {};
    for (const name of Object.keys(env)) assert.ok(declared.has(name), `compose sets ${name} for ${app}, but apps/${app}/src/env.ts does not read it`);
    for (const [name, value] of Object.entries(required[app]!)) {
      assert.ok(name in env, `${app}: ${name} not set`);
      if (value !== null) assert.equal(env[name], value, `${app}: ${name}`);
    }
    assert.equal(env.QUEUE_NAME, compose.services.api!.environment?.QUEUE_NAME, "api and worker share the queue");
  }
});

test("Dockerfiles are multi-stage, pruned by turbo, run as non-root, and the worker's installs tfjs-node", () => {
  for (const app of ["api", "worker"]) {
    const text = readFileSync(repoPath(`apps/${app}/Dockerfile`), "utf8");
    const stages = [...text.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
    assert.ok(stages.length >= 3, `${app}: stages ${stages.join(", ")}`);
    assert.match(text, new RegExp(`turbo prune @repo/${app} --docker`));
    const last = text.slice(text.lastIndexOf("\nFROM "));
    assert.match(last, /^USER node$/m, `${app}: final stage must drop root`);
    assert.match(last, new RegExp(`CMD \\["node", "apps/${app}/dist/main.js"\\]`));
    assert.ok(existsSync(repoPath(`apps/${app}/src/main.ts`)));
  }
  const worker = readFileSync(repoPath("apps/worker/Dockerfile"), "utf8");
  assert.match(worker, /npm ci --include=optional/);
  assert.match(worker, /require\('@tensorflow\/tfjs-node'\)/);
});
