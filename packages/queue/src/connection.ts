// ioredis connections by role. BullMQ's advice, and why each option is set:
// - workers block on Redis and must never give up a command (maxRetriesPerRequest: null);
// - producers must fail fast when Redis is down so the API can answer 503 at once
//   instead of queueing commands in memory (enableOfflineQueue: false);
// - skipVersionCheck saves an INFO round trip per connection (we require Redis >= 6.2).
import { Redis, type RedisOptions } from "ioredis";
import { QueueUnavailableError } from "./errors.js";

/** What a connection is used for. */
export type ConnectionRole = "producer" | "worker" | "subscriber";

/** Redis options for `role`, on top of what the URL says. */
export function connectionOptions(role: ConnectionRole): RedisOptions {
  switch (role) {
    case "producer":
      return { enableOfflineQueue: false, maxRetriesPerRequest: 2, connectTimeout: 5_000 };
    case "worker":
      return { maxRetriesPerRequest: null };
    case "subscriber":
      // The offline queue stays on so the SUBSCRIBE is replayed on reconnect.
      return { maxRetriesPerRequest: null };
  }
}

/** A new ioredis client for `role`, from a URL (`redis://[:password@]host:port[/db]`) or options. */
export function createRedis(connection: string | RedisOptions, role: ConnectionRole, extra: RedisOptions = {}): Redis {
  const opts = { ...connectionOptions(role), ...extra };
  return typeof connection === "string"
    ? new Redis(connection, opts)
    : new Redis({ ...connection, ...opts });
}

/** Extra BullMQ options common to Queue and Worker. */
export const bullmqConnectionExtras = { skipVersionCheck: true } as const;

const readyWaits = new WeakMap<Redis, Promise<void>>();

/**
 * Resolve when `redis` is ready; throw {@link QueueUnavailableError} when it is
 * not ready within `waitMs` (a producer with no offline queue would fail anyway).
 */
export async function ensureReady(redis: Redis, waitMs = 1_000): Promise<void> {
  if (redis.status === "ready") return;
  if (redis.status === "end" || redis.status === "close") {
    throw new QueueUnavailableError(`redis is not connected (${redis.status})`);
  }
  // One listener per connection however many requests wait (no listener pile-up).
  let ready = readyWaits.get(redis);
  if (!ready) {
    ready = new Promise<void>((resolve) => redis.once("ready", () => resolve()));
    readyWaits.set(redis, ready);
    ready.then(() => readyWaits.delete(redis), () => readyWaits.delete(redis));
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`redis is not connected (${redis.status})`)), waitMs);
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
