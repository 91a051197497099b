import { z } from "zod";

/** An integer read from a string, with bounds and a default. */
export function envInt(def: number, opts: { min?: number; max?: number } = {}) {
  let s = z.coerce.number().int();
  if (opts.min !== undefined) s = s.min(opts.min);
  if (opts.max !== undefined) s = s.max(opts.max);
  return s.default(def);
}

/** A finite number read from a string, with bounds and a default. */
export function envNumber(def: number, opts: { min?: number; max?: number } = {}) {
  let s = z.coerce.number().finite();
  if (opts.min !== undefined) s = s.min(opts.min);
  if (opts.max !== undefined) s = s.max(opts.max);
  return s.default(def);
}

/** A TCP port (0 lets the OS choose). */
export function envPort(def: number) {
  return envInt(def, { min: 0, max: 65535 });
}

/** `true/false/1/0/yes/no/on/off`, case-insensitive. */
export function envBool(def: boolean) {
  return z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off", "TRUE", "FALSE", "True", "False"])
    .transform((v) => ["true", "1", "yes", "on"].includes(v.toLowerCase()))
    .default(def);
}

/** A comma-separated list of non-empty strings. */
export function envList(def: string[] = []) {
  return z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .default(def);
}
