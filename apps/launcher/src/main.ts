// `npm start`: Redis (found or started), the API and WORKERS workers, with
// prefixed logs, printed URLs and a clean stop on Ctrl-C/SIGTERM. Wiring only.
import { fileURLToPath } from "node:url";
import { apiBaseUrl, bannerLines } from "./banner.js";
import { chooseRedis, LaunchError } from "./choose-redis.js";
import { loadLauncherEnv } from "./env.js";
import { portIsFree } from "./free-port.js";
import { checkPlan, makePlan } from "./plan.js";
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

const redis = await chooseRedis({ redisUrl: env.REDIS_URL, dataDir: plan.redisDataDir, cwd: root, out, say }).catch(
  (err: unknown) => fail(err instanceof LaunchError ? err.message : `cannot prepare Redis: ${String(err)}`),
);

let exitCode = 0;
let shutdown: Promise<void> | null = null;
const system = new System({
  cwd: root,
  node: plan.node,
  apiEntry: plan.apiEntry,
  workerEntry: plan.workerEntry,
  env: { ...process.env, REDIS_URL: redis.url, HOST: env.HOST, LOG_LEVEL: env.LOG_LEVEL },
  port: plan.port,
  apiMetricsPort: plan.apiMetricsPort,
  workerMetricsPorts: plan.workerMetricsPorts,
  graceMs: env.STOP_TIMEOUT_MS,
  out,
  onFatal: (reason) => {
    process.stderr.write(`[launcher] ${reason}; stopping everything\n`);
    exitCode = 1;
    void stopAll();
  },
});

function stopAll(): Promise<void> {
  shutdown ??= (async () => {
    say("stopping: API first, then workers, then Redis");
    await system.stop();
    if (redis.privateRedis) await redis.privateRedis.child.stop(env.STOP_TIMEOUT_MS);
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
      redis.privateRedis?.child.killNow();
      process.exit(130);
    }
    void stopAll();
  });
}
// Last resort if the launcher itself dies from an error: leave nothing running.
process.on("exit", () => {
  system.killNow();
  redis.privateRedis?.child.killNow();
});
void redis.privateRedis?.exited.then(() => {
  if (shutdown) return;
  exitCode = 1;
  process.stderr.write("[launcher] the private redis-server exited unexpectedly; stopping everything\n");
  void stopAll();
});

system.start();
await writeTargetsFile(plan.targetsPath, [
  { port: plan.apiMetricsPort, kind: "api", name: "api" },
  ...plan.workerMetricsPorts.map((port, i) => ({ port, kind: "worker" as const, name: `worker-${i + 1}` })),
]);

const ready = await waitForHttpOk(`${apiBaseUrl(env.HOST, plan.port)}/readyz`, {
  timeoutMs: env.READY_TIMEOUT_MS,
  stopped: () => shutdown !== null,
});
if (!shutdown) {
  const lines = bannerLines({ plan, host: env.HOST, redisUrl: redis.url, privateRedis: redis.privateRedis !== null, ready, readyTimeoutMs: env.READY_TIMEOUT_MS });
  for (const l of lines) say(l);
}
