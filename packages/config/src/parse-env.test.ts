import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError, envBool, envInt, envPort, parseEnv } from "./index.js";

const schema = z.object({ PORT: envPort(8001), WORKERS: envInt(2, { min: 1 }), DEBUG: envBool(false) });

test("defaults apply when variables are unset or empty", () => {
  assert.deepEqual(parseEnv(schema, { PORT: "" }), { PORT: 8001, WORKERS: 2, DEBUG: false });
});

test("values are coerced from strings", () => {
  assert.deepEqual(parseEnv(schema, { PORT: "9000", WORKERS: "4", DEBUG: "yes" }), {
    PORT: 9000,
    WORKERS: 4,
    DEBUG: true,
  });
});

test("a bad value throws an error that names the variable", () => {
  assert.throws(
    () => parseEnv(schema, { WORKERS: "0", PORT: "http" }),
    (err: unknown) =>
      err instanceof ConfigError && /WORKERS/.test(err.message) && /PORT/.test(err.message),
  );
});
