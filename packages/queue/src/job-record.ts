// A record is the one place a batch's (or a single prediction's) results live:
// a Redis hash `{total, names, createdAt, done, failed, i:<index> → outcome}`
// with a TTL. BullMQ's own job hashes are removed soon after completion
// (removeOnComplete), so GET /jobs/:id never depends on them, and memory is
// bounded by RESULT_TTL_SECONDS × traffic.
import type { Redis } from "ioredis";
import type { JobItemResult, JobStatus, JobView } from "./service.js";
import { itemOutcomeSchema, type ItemOutcome, type PredictItem } from "./schemas.js";

// Writes one item's outcome at most once (a job retried after a stall must
// not count twice), publishes to the waiting API process and drops the image
// key: one round trip for everything a finished item does. The TTL is the
// result TTL once every item is in, and result TTL + pending TTL while some
// are still queued, so a long queue never expires a running batch. A single
// prediction's record is created here (ARGV[9] = '1') unless the API already
// made it; a batch's record is never re-created once it has expired.
// A single prediction's record in Lua: the fields of recordFields() with total 1
// (job-record.test.ts checks that the two agree).
const createSingleRecordLua = (names: string, createdAt: string, extra = ""): string =>
  `redis.call('HSET', KEYS[1], 'total', 1, 'names', ${names}, 'createdAt', ${createdAt}, 'done', 0, 'failed', 0${extra})`;

const RECORD_OUTCOME_LUA = `
local added = 0
local exists = redis.call('EXISTS', KEYS[1]) == 1
if not exists and ARGV[9] == '1' then
  ${createSingleRecordLua("ARGV[10]", "ARGV[11]")}
  exists = true
end
if exists then
  added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
  if added == 1 then redis.call('HINCRBY', KEYS[1], ARGV[3], 1) end
  local r = redis.call('HMGET', KEYS[1], 'total', 'done', 'failed')
  local finished = (tonumber(r[2]) or 0) + (tonumber(r[3]) or 0) >= (tonumber(r[1]) or 0)
  redis.call('EXPIRE', KEYS[1], finished and ARGV[4] or ARGV[8])
end
if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
if ARGV[7] == '1' then redis.call('DEL', KEYS[2]) end
return added
`;

// The API stopped waiting for a single prediction (504): make sure GET /jobs/:id
// finds it, remembering which BullMQ job carries it (for "running"). The worker
// may have created the record meanwhile; then only the job id is added.
const ENSURE_SINGLE_RECORD_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  ${createSingleRecordLua("ARGV[1]", "ARGV[2]", ", 'job', ARGV[3]")}
  redis.call('EXPIRE', KEYS[1], ARGV[4])
else
  redis.call('HSETNX', KEYS[1], 'job', ARGV[3])
end
return 1
`;

type RecordingRedis = Redis & {
  ensureSingleRecord(recKey: string, names: string, createdAt: number, job: string, ttl: number): Promise<number>;
  recordOutcome(recKey: string, imageKey: string, field: string, value: string, counter: string, ttl: number, channel: string, message: string, dropImage: string, pendingTtl: number, single: string, names: string, createdAt: number): Promise<number>;
};

/** Register the record script on `redis` (idempotent). */
export function withRecordCommands(redis: Redis): RecordingRedis {
  const r = redis as RecordingRedis;
  if (typeof r.recordOutcome !== "function") {
    redis.defineCommand("recordOutcome", { numberOfKeys: 2, lua: RECORD_OUTCOME_LUA });
    redis.defineCommand("ensureSingleRecord", { numberOfKeys: 1, lua: ENSURE_SINGLE_RECORD_LUA });
  }
  return r;
}

/** A record's TTL while items are still queued: the result TTL plus this (jobs waiting in a long queue). */
export const PENDING_GRACE_SECONDS = 3600;

/** The initial fields of a record. */
export function recordFields(meta: { total: number; names: string[] }): Record<string, string | number> {
  return { total: meta.total, names: JSON.stringify(meta.names), createdAt: Date.now(), done: 0, failed: 0 };
}

/** What the worker writes when one item is finished (successfully or finally failed). */
export interface OutcomeWrite {
  recordKey: string;
  index: number;
  outcome: ItemOutcome;
  ttlSeconds: number;
  /** Publish `{jobId, outcome}` here (the API process waiting for a single prediction). */
  replyTo?: string;
  jobId: string;
  /** A binary image key to delete now that the job is finished. */
  imageKey?: string;
  /** A single prediction: create its record (one item named `filename`, created at `createdAt`) if it does not exist. */
  single?: { filename: string; createdAt: number };
}

/** Write an item's outcome; resolves to true if it was new (false: already recorded, or record expired). */
export async function recordOutcome(redis: Redis, w: OutcomeWrite): Promise<boolean> {
  const value = JSON.stringify(w.outcome);
  const message = w.replyTo ? JSON.stringify({ jobId: w.jobId, outcome: w.outcome }) : "";
  const added = await withRecordCommands(redis).recordOutcome(
    w.recordKey,
    w.imageKey ?? w.recordKey,
    `i:${w.index}`,
    value,
    w.outcome.ok ? "done" : "failed",
    w.ttlSeconds,
    w.replyTo ?? "",
    message,
    w.imageKey ? "1" : "0",
    w.ttlSeconds + PENDING_GRACE_SECONDS,
    w.single ? "1" : "0",
    w.single ? JSON.stringify([w.single.filename]) : "",
    w.single?.createdAt ?? 0,
  );
  return added === 1;
}

/** Producer side: create a single prediction's record if the worker has not yet (see ENSURE_SINGLE_RECORD_LUA). */
export async function ensureSingleRecord(
  redis: Redis,
  recordKey: string,
  single: { filename: string; createdAt: number; bullJobId: string; ttlSeconds: number },
): Promise<void> {
  await withRecordCommands(redis).ensureSingleRecord(
    recordKey,
    JSON.stringify([single.filename]),
    single.createdAt,
    single.bullJobId,
    single.ttlSeconds + PENDING_GRACE_SECONDS,
  );
}

/** Read one item's outcome from a record (null while unfinished or when expired). */
export async function readOutcome(redis: Redis, recordKey: string, index: number): Promise<ItemOutcome | null> {
  const raw = await redis.hget(recordKey, `i:${index}`);
  if (raw === null) return null;
  const parsed = itemOutcomeSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** Turn a record hash (HGETALL) into the GET /jobs/:id view; null if it is empty (unknown or expired). */
export function recordToView(id: string, hash: Record<string, string>, started: boolean): JobView | null {
  if (hash.total === undefined) return null;
  const total = Number(hash.total);
  const names = safeNames(hash.names);
  const results: JobItemResult[] = [];
  for (let index = 0; index < total; index++) {
    const raw = hash[`i:${index}`];
    if (raw === undefined) continue;
    const parsed = itemOutcomeSchema.safeParse(safeJson(raw));
    const filename = names[index] ?? "";
    if (!parsed.success) {
      results.push({ index, filename, error: { code: "BAD_JOB", message: "unreadable result" } });
    } else if (parsed.data.ok) {
      results.push({ index, filename, ...parsed.data.prediction });
    } else {
      results.push({ index, filename, error: parsed.data.error });
    }
  }
  const done = Number(hash.done ?? 0);
  const failed = Number(hash.failed ?? 0);
  return { id, status: statusOf(total, done, failed, started), total, done, failed, results };
}

function statusOf(total: number, done: number, failed: number, started: boolean): JobStatus {
  if (done + failed >= total) return failed === total && total > 0 ? "failed" : "completed";
  return done + failed > 0 || started ? "running" : "queued";
}

function safeNames(raw: string | undefined): string[] {
  const v = raw === undefined ? [] : safeJson(raw);
  return Array.isArray(v) ? v.map(String) : [];
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Worker side: record the final outcome of one item of a job (and publish it, and drop its image key). */
export function reportOutcome(
  redis: Redis,
  keys: { record(id: string): string },
  job: { item: PredictItem; enqueuedAt: number },
  outcome: ItemOutcome,
  ttlSeconds: number,
): Promise<boolean> {
  const { item } = job;
  return recordOutcome(redis, {
    recordKey: keys.record(item.recordId),
    index: item.index,
    outcome,
    ttlSeconds,
    jobId: item.recordId,
    ...(item.replyTo ? { replyTo: item.replyTo, single: { filename: item.filename, createdAt: job.enqueuedAt } } : {}),
    ...(item.image.at === "key" ? { imageKey: item.image.key } : {}),
  });
}
