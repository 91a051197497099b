// Workers advertise themselves so /readyz can tell whether at least one
// worker with a loaded model is alive. Each beat writes the advert under its
// own key with a TTL (a dead worker disappears by itself) and scores the id
// in a sorted set, so readers never SCAN a shared keyspace; stale ids are
// trimmed by score on every read, keeping the set bounded.
import type { Redis } from "ioredis";
import type { WorkerAdvert } from "./service.js";
import { workerAdvertSchema } from "./schemas.js";
import type { QueueKeys } from "./keys.js";

/** Defaults of the heartbeat. */
export const HEARTBEAT_DEFAULTS = { intervalMs: 5_000, ttlMs: 15_000 } as const;

/** Write one beat for `advert` (lastBeatAt is set to now). */
export async function beat(redis: Redis, keys: QueueKeys, advert: Omit<WorkerAdvert, "lastBeatAt">, ttlMs: number): Promise<void> {
  const now = Date.now();
  const value: WorkerAdvert = { ...advert, lastBeatAt: now };
  await redis
    .multi()
    .set(keys.worker(advert.id), JSON.stringify(value), "PX", ttlMs)
    .zadd(keys.workers, now, advert.id)
    .zremrangebyscore(keys.workers, "-inf", now - ttlMs)
    .pexpire(keys.workers, ttlMs * 4)
    .exec();
}

/** Remove a worker's advert (on clean shutdown). */
export async function retire(redis: Redis, keys: QueueKeys, id: string): Promise<void> {
  await redis.multi().del(keys.worker(id)).zrem(keys.workers, id).exec();
}

/** The live workers' adverts. */
export async function liveWorkers(redis: Redis, keys: QueueKeys, ttlMs: number = HEARTBEAT_DEFAULTS.ttlMs): Promise<WorkerAdvert[]> {
  const ids = await redis.zrangebyscore(keys.workers, Date.now() - ttlMs, "+inf");
  if (ids.length === 0) return [];
  const raws = await redis.mget(ids.map((id) => keys.worker(id)));
  const adverts: WorkerAdvert[] = [];
  for (const raw of raws) {
    if (raw === null) continue;
    try {
      const parsed = workerAdvertSchema.safeParse(JSON.parse(raw));
      if (parsed.success) adverts.push(parsed.data);
    } catch {
      // a foreign or corrupt advert is not a live worker
    }
  }
  return adverts;
}

/** A heartbeat that beats every `intervalMs` until stopped. */
export function startHeartbeat(
  redis: Redis,
  keys: QueueKeys,
  advert: Omit<WorkerAdvert, "lastBeatAt">,
  opts: { intervalMs?: number; ttlMs?: number; onError?: (err: unknown) => void } = {},
): { first: Promise<void>; stop(): Promise<void> } {
  const intervalMs = opts.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs;
  const ttlMs = opts.ttlMs ?? HEARTBEAT_DEFAULTS.ttlMs;
  const once = () => beat(redis, keys, advert, ttlMs).catch((err: unknown) => opts.onError?.(err));
  const first = once();
  const timer = setInterval(once, intervalMs);
  timer.unref();
  return {
    first,
    async stop() {
      clearInterval(timer);
      await retire(redis, keys, advert.id).catch((err: unknown) => opts.onError?.(err));
    },
  };
}
