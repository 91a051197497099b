// Counts the bytes of this process's inbound HTTP connections: every socket
// accepted by any net.Server in the process (the API's HTTP server), headers
// and bodies included, except servers marked as excluded (the /metrics server,
// so that scrapes do not count themselves). Node publishes every accepted
// socket on the "net.server.socket" diagnostics channel, which lets us count
// without the API having to hand us its server.
import diagnostics_channel from "node:diagnostics_channel";
import type { Server, Socket } from "node:net";

const excludedServers = new WeakSet<object>();
const liveSockets = new Set<Socket>();
let closedReceived = 0;
let closedSent = 0;
let subscribed = false;

function onServerSocket(message: unknown): void {
  const socket = (message as { socket?: Socket } | undefined)?.socket;
  if (!socket) return;
  // Node sets `server` on sockets it accepts; absent on very old versions.
  const server = (socket as Socket & { server?: object }).server;
  if (server && excludedServers.has(server)) return;
  liveSockets.add(socket);
  socket.once("close", () => {
    closedReceived += socket.bytesRead;
    closedSent += socket.bytesWritten;
    liveSockets.delete(socket);
  });
}

/** Start counting (idempotent): connections accepted from now on are counted. */
export function trackInboundHttpBytes(): void {
  if (subscribed) return;
  diagnostics_channel.subscribe("net.server.socket", onServerSocket);
  subscribed = true;
}

/** Leave a server's connections out of the count (used for the /metrics server). */
export function excludeServerFromNetworkBytes(server: Server): void {
  excludedServers.add(server);
}

/** Bytes received and sent so far on counted connections, closed and still open. */
export function inboundHttpBytes(): { received: number; sent: number } {
  let received = closedReceived;
  let sent = closedSent;
  for (const socket of liveSockets) {
    received += socket.bytesRead;
    sent += socket.bytesWritten;
  }
  return { received, sent };
}
