import type { z } from "zod";

/** Thrown when an environment variable fails its schema; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly issues: readonly { variable: string; message: string }[]) {
    super(
      "invalid configuration: " +
        issues.map((i) => `${i.variable}: ${i.message}`).join("; "),
    );
  }
}

/** Parse `env` with `schema`; throws {@link ConfigError} naming each bad variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings mean "unset": `FOO= npm start` should fall back to the default.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") cleaned[k] = v;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join(".") || "(environment)",
      message: issue.message,
    })),
  );
}

/**
 * Parse once at process start. On a bad value, print one line naming the
 * variable and exit with status 78 (EX_CONFIG), before anything else starts.
 */
export function loadEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  try {
    return parseEnv(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
