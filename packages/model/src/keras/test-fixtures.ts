// Test helper: where the shared real Keras fixtures live, and the rule that
// their absence skips a test locally but fails it in CI.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of `../shared/fixtures/keras/` seen from the repo root. */
export const FIXTURE_DIR = fileURLToPath(new URL("../../../../../shared/fixtures/keras/", import.meta.url));

/** `false` when fixtures are present; a skip reason otherwise; throws in CI. */
export function fixturesSkip(): string | false {
  if (existsSync(FIXTURE_DIR)) return false;
  if (process.env.CI === "true") throw new Error(`CI=true but the Keras fixtures are missing at ${FIXTURE_DIR}`);
  return `Keras fixtures not found at ${FIXTURE_DIR}`;
}
