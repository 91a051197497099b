// Reads one layer's Keras options, remembering which were understood, so
// that any option we do not know stops the load instead of being dropped.
import type { ErrorContext } from "./errors.js";
import { isJson, type Json } from "./keras-config.js";

/** Options that change nothing at inference (training-only or bookkeeping). */
const INERT = new Set([
  "name",
  "trainable",
  "seed",
  "momentum",
  "autocast",
  "batch_size",
  "synchronized",
  "fused",
  "renorm_momentum",
  "activity_regularizer",
  "noise_shape",
  "rate",
  "input_dim",
]);
const INERT_SUFFIX = ["_initializer", "_regularizer", "_constraint"];

/** Accessor over a layer config that tracks which keys were consumed. */
export class OptionReader {
  private readonly used = new Set<string>();
  /** Notes for the load log (e.g. dtype policies computed in float32). */
  readonly notes: string[] = [];

  constructor(
    readonly config: Json,
    readonly layer: string,
    private readonly ctx: ErrorContext,
  ) {}

  /** The raw value of `key` (marks it understood). */
  get(key: string): unknown {
    this.used.add(key);
    return this.config[key];
  }

  has(key: string): boolean {
    return this.config[key] !== undefined && this.config[key] !== null;
  }

  number(key: string, fallback: number): number {
    const v = this.get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "number") this.unsupported(key, v, "expected a number");
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") this.unsupported(key, v, "expected true or false");
    return v;
  }

  /** Accepts only the listed string values. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string" || !allowed.includes(v as T)) {
      this.unsupported(key, v, `supported: ${allowed.join(", ")}`);
    }
    return v as T;
  }

  /** Rejects a value other than the inference-neutral default(s). */
  expect(key: string, ok: (v: unknown) => boolean, why: string): void {
    const v = this.get(key);
    if (v === undefined || v === null) return;
    if (!ok(v)) this.unsupported(key, v, why);
  }

  unsupported(key: string, value: unknown, why: string): never {
    return this.ctx.option(this.layer, `${key}=${JSON.stringify(value)}`, why);
  }

  /** Fails on any option not read above whose value is not empty/false (new Keras options default to off). */
  finish(): void {
    for (const [key, value] of Object.entries(this.config)) {
      if (this.used.has(key) || INERT.has(key) || INERT_SUFFIX.some((s) => key.endsWith(s))) continue;
      if (key === "dtype") continue; // checked by readDtype
      if (value === null || value === undefined || value === false || value === 0) continue;
      if (isJson(value) && Object.keys(value).length === 0) continue;
      this.unsupported(key, value, "unknown to this loader");
    }
  }
}
