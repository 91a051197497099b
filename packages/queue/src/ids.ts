import { randomBytes } from "node:crypto";

/** An unguessable id: 128 random bits, base64url (22 characters). Never a counter. */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}

const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether `id` has the shape of an id we issue (cheap filter before touching Redis). */
export function isWellFormedId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The BullMQ job id of item `index` of batch `batchId`. */
export function batchItemJobId(batchId: string, index: number): string {
  return `${batchId}.${index}`;
}
