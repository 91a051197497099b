import { randomFillSync } from "node:crypto";

// Random bytes are drawn from the CSPRNG in blocks: one randomFillSync per
// 256 ids instead of one per id (each call has a fixed cost that showed in
// profiles at hundreds of requests per second).
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let used = POOL_IDS;

/** An unguessable id: 128 random bits, base64url (22 characters). Never a counter. */
export function newId(): string {
  if (used === POOL_IDS) {
    randomFillSync(pool);
    used = 0;
  }
  const start = 16 * used++;
  return pool.toString("base64url", start, start + 16);
}

const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether `id` has the shape of an id we issue (cheap filter before touching Redis). */
export function isWellFormedId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The BullMQ job id of chunk `chunk` of batch `batchId`. */
export function batchChunkJobId(batchId: string, chunk: number): string {
  return `${batchId}.${chunk}`;
}
