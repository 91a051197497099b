// `npm start`: Redis (found or started), the API and WORKERS workers, with
// prefixed logs, printed URLs and a clean stop on Ctrl-C/SIGTERM. Wiring only.
import { fileURLToPath } from "node:url";
import { loadLauncherEnv } from "./env.js";
import { portIsFree } from "./free-port.js";
import { checkPlan, makePlan } from "./plan.js";
import { findOnPath, startPrivateRedis, type PrivateRedis } from "./private-redis.js";
import { probeRedis } from "./redis-probe.js";
import { System } from "./system.js";
import { writeTargetsFile } from "./targets-file.js";
import { waitForHttpOk } from "./wait-ready.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const env = loadLauncherEnv();
const out = { stdout: process.stdout, stderr: process.stderr };
const say = (line: string) => process.stdout.write(`[launcher] ${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`[launcher] ${line}\n`);
  process.exit(1);
};

const plan = await makePlan(env, root);
for (const problem of checkPlan(plan, env, root)) fail(problem);
const ports: [string, number][] = [
  ["PORT", plan.port],
  ["METRICS_PORT", plan.apiMetricsPort],
  ...plan.workerMetricsPorts.map((p, i): [string, number] => [`METRICS_PORT+${i + 2} (worker-${i + 1})`, p]),
];
for (const [name, port] of ports) {
  if (!(await portIsFree(port))) fail(`port ${port} (${name}) is in use: stop what uses it, or set PORT / METRICS_PORT`);
}

// Redis: REDIS_URL if set; else 127.0.0.1:6379 if it answers; else a private redis-server.
let redisUrl = env.REDIS_URL;
let privateRedis: PrivateRedis | null = null;
if (!redisUrl) {
  const probe = await probeRedis("127.0.0.1", 6379);
  if (probe === "pong") redisUrl = "redis://127.0.0.1:6379";
  else if (probe === "auth-required") fail("Redis on 127.0.0.1:6379 wants a password: set REDIS_URL=redis://:PASSWORD@127.0.0.1:6379");
  else {
    const binary = await findOnPath("redis-server");
    if (!binary) {
      fail("no Redis: nothing answers on 127.0.0.1:6379 and redis-server is not on PATH; install it (apt-get install redis-server, brew install redis) or set REDIS_URL");
    }
    say(`nothing answers on 127.0.0.1:6379; starting a private redis-server (data in .data/redis)`);
    try {
      privateRedis = await startPrivateRedis({ binary: binary!, dataDir: plan.redisDataDir, cwd: root, out });
    } catch (err) {
      fail(`could not start redis-server: ${(err as Error).message}`);
    }
    redisUrl = privateRedis!.url;
  }
}

const queueUrl: string = redisUrl!;
let exitCode = 0;
let shutdown: Promise<void> | null = null;
const system = new System({
  cwd: root,
  node: plan.node,
  apiEntry: plan.apiEntry,
  workerEntry: plan.workerEntry,
  env: { ...process.env, REDIS_URL: queueUrl, HOST: env.HOST, LOG_LEVEL: env.LOG_LEVEL },
  port: plan.port,
  apiMetricsPort: plan.apiMetricsPort,
  workerMetricsPorts: plan.workerMetricsPorts,
  graceMs: env.SHUTDOWN_GRACE_MS,
  out,
  onFatal: (reason) => {
    process.stderr.write(`[launcher] ${reason}; stopping everything\n`);
    exitCode = 1;
    void stopAll();
  },
});

async function stopAll(): Promise<void> {
  shutdown ??= (async () => {
    say("stopping: API first, then workers, then Redis");
    await system.stop();
    if (privateRedis) await privateRedis.child.stop(env.SHUTDOWN_GRACE_MS);
    say("all processes stopped");
    process.exit(exitCode);
  })();
  return shutdown;
}

let signals = 0;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (++signals > 1 && shutdown) {
      say(`${sig} again: killing everything now`);
      system.killNow();
      privateRedis?.child.killNow();
      process.exit(130);
    }
    void stopAll();
  });
}
// Last resort if the launcher itself dies from an error: leave nothing running.
process.on("exit", () => {
  system.killNow();
  privateRedis?.child.killNow();
});
if (privateRedis) {
  void privateRedis.exited.then(() => {
    if (!shutdown) {
      exitCode = 1;
      process.stderr.write("[launcher] the private redis-server exited unexpectedly; stopping everything\n");
      void stopAll();
    }
  });
}

system.start();
await writeTargetsFile(plan.targetsPath, [
  { port: plan.apiMetricsPort, kind: "api", name: "api" },
  ...plan.workerMetricsPorts.map((port, i) => ({ port, kind: "worker" as const, name: `worker-${i + 1}` })),
]);

const shown = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
const api = `http://${shown}:${plan.port}`;
const ready = await waitForHttpOk(`${api}/readyz`, { timeoutMs: env.READY_TIMEOUT_MS, stopped: () => shutdown !== null });
if (!shutdown) {
  const lines = [
    ready.ok ? "ready" : `not ready after ${env.READY_TIMEOUT_MS} ms (last /readyz: ${ready.lastBody.slice(0, 300)})`,
    `API:      ${api}/   (draw a digit)`,
    `Docs:     ${api}/docs`,
    `Predict:  curl -F file=@digit.png ${api}/predict`,
    `Redis:    ${queueUrl.replace(/\/\/[^@]*@/, "//***@")}${privateRedis ? " (private)" : ""}`,
    `Metrics:  http://${shown}:${plan.apiMetricsPort}/metrics (api)`,
    ...plan.workerMetricsPorts.map((p, i) => `          http://${shown}:${p}/metrics (worker-${i + 1})`),
    `Prometheus targets: ${plan.targetsPath}`,
    "Ctrl-C stops everything.",
  ];
  for (const l of lines) say(l);
}
