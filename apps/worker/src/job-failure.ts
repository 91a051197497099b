import { UnrecoverableError } from "bullmq";
import { UNRECOVERABLE_CODES } from "@repo/queue";

/**
 * A job that can never succeed (a bad image): BullMQ does not retry an
 * UnrecoverableError, and the code travels with it to the API.
 */
export class JobFailure extends UnrecoverableError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The code of an input error (ImageError and friends carry one), or null for anything transient. */
export function inputErrorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNRECOVERABLE_CODES.has(code) ? code : null;
}
