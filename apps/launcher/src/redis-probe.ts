import { connect } from "node:net";

/** What answered on a host:port when sent a Redis PING. */
export type RedisProbe = "pong" | "auth-required" | "not-redis" | "nothing";

/**
 * Send `PING` over a raw socket: cheap, no client library, and it tells
 * "nothing listening" apart from "Redis that wants a password".
 */
export function probeRedis(host: string, port: number, timeoutMs = 1000): Promise<RedisProbe> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    let reply = "";
    const done = (r: RedisProbe) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done(reply ? "not-redis" : "nothing"));
    socket.on("error", () => done("nothing"));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => {
      reply += d.toString("latin1");
      if (!reply.includes("\r\n")) return;
      if (reply.startsWith("+PONG")) done("pong");
      else if (/^-(NOAUTH|WRONGPASS)/.test(reply)) done("auth-required");
      else done("not-redis");
    });
    socket.on("close", () => done(reply ? "not-redis" : "nothing"));
  });
}
