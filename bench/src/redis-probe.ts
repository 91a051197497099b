// What the bench asks Redis directly: its pid (for CPU accounting), its
// memory (for the soak), and cleaning up a run's keys by queue prefix.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";

/** A short-lived admin connection. */
export function adminRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
}

function field(info: string, name: string): string | null {
  const m = new RegExp(`^${name}:(.*)$`, "m").exec(info);
  return m ? m[1]!.trim() : null;
}

/** The redis-server pid when it runs on this machine and /proc shows it, else null. */
export async function redisPid(redis: Redis): Promise<number | null> {
  const pid = Number(field(await redis.info("server"), "process_id"));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").includes("redis") ? pid : null;
  } catch {
    return null;
  }
}

/** used_memory and used_memory_rss of Redis, bytes. */
export async function redisMemory(redis: Redis): Promise<{ used: number; rss: number }> {
  const info = await redis.info("memory");
  return { used: Number(field(info, "used_memory") ?? NaN), rss: Number(field(info, "used_memory_rss") ?? NaN) };
}

/** Number of keys under `pattern` (SCAN, so it never blocks a shared Redis). */
export async function countKeys(redis: Redis, pattern: string): Promise<number> {
  let n = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    n += keys.length;
  } while (cursor !== "0");
  return n;
}

/** Delete every key under `pattern` (a run's unique queue prefix); returns how many. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let n = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) n += await redis.unlink(...keys);
  } while (cursor !== "0");
  return n;
}
