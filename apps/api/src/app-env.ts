import type { Logger } from "@repo/logger";

/** Hono context variables every handler can read (set by the middleware in create-app.ts). */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** A pino child logger carrying `requestId`. */
    log: Logger;
    /** Bytes of the uploaded file(s), for the metrics middleware (api_tl_time_microseconds). */
    uploadBytes: number;
    /** The job a request created or waited for, added to its request log line. */
    jobId: string;
  };
}
