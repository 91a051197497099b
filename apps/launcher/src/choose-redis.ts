import type { Writable } from "node:stream";
import { findOnPath, startPrivateRedis, type PrivateRedis } from "./private-redis.js";
import { probeRedis } from "./redis-probe.js";

/** A reason the launcher cannot go on, as one line telling the user what to do. */
export class LaunchError extends Error {
  override readonly name = "LaunchError";
}

/**
 * The contract's order: REDIS_URL if set; else 127.0.0.1:6379 if it answers;
 * else a private `redis-server` from PATH with data in `dataDir`; else a
 * {@link LaunchError} saying how to get Redis.
 */
export async function chooseRedis(opts: {
  redisUrl: string | undefined;
  dataDir: string;
  cwd: string;
  out: { stdout: Writable; stderr: Writable };
  say: (line: string) => void;
}): Promise<{ url: string; privateRedis: PrivateRedis | null }> {
  if (opts.redisUrl) return { url: opts.redisUrl, privateRedis: null };
  const probe = await probeRedis("127.0.0.1", 6379);
  if (probe === "pong") return { url: "redis://127.0.0.1:6379", privateRedis: null };
  if (probe === "auth-required") {
    throw new LaunchError("Redis on 127.0.0.1:6379 wants a password: set REDIS_URL=redis://:PASSWORD@127.0.0.1:6379");
  }
  const binary = await findOnPath("redis-server");
  if (!binary) {
    throw new LaunchError(
      "no Redis: nothing answers on 127.0.0.1:6379 and redis-server is not on PATH; install it (apt-get install redis-server, brew install redis) or set REDIS_URL",
    );
  }
  opts.say("nothing answers on 127.0.0.1:6379; starting a private redis-server (data in .data/redis)");
  try {
    const privateRedis = await startPrivateRedis({ binary, dataDir: opts.dataDir, cwd: opts.cwd, out: opts.out });
    return { url: privateRedis.url, privateRedis };
  } catch (err) {
    throw new LaunchError(`could not start redis-server: ${(err as Error).message}`);
  }
}
