// What every command of this app shares: parsing flags with a usage line,
// failing with one clear line, and checking numeric and backend flags.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { BackendPreference } from "@repo/model";

type Options = NonNullable<ParseArgsConfig["options"]>;
const BACKENDS: readonly string[] = ["auto", "tensorflow", "wasm", "cpu"];

/**
 * A command's flag helpers; errors print `<name>: message` (with the usage for
 * flag errors) and exit. Declare instances with an explicit type
 * (`const cli: Cli = new Cli(…)`) so TypeScript knows `fail` never returns.
 */
export class Cli {
  constructor(
    readonly name: string,
    readonly usage: string,
  ) {}

  /** Print one line to stderr and exit (2 = usage error). */
  fail(message: string, code = 1): never {
    process.stderr.write(`${this.name}: ${message}\n`);
    process.exit(code);
  }

  /** A flag error: the message, the usage line, exit 2. */
  usageError(message: string): never {
    return this.fail(`${message}\n${this.usage}`, 2);
  }

  /** Parse argv with these options; `--help` prints the usage and exits 0. */
  parse<const O extends Options>(options: O): ReturnType<typeof parseArgs<{ options: O }>>["values"] {
    if (process.argv.includes("--help") || process.argv.includes("-h")) {
      process.stdout.write(`${this.usage}\n`);
      process.exit(0);
    }
    try {
      return parseArgs({ options, allowPositionals: false }).values;
    } catch (err) {
      return this.usageError((err as Error).message);
    }
  }

  /** An integer flag in [min, max], or undefined when absent. */
  int(flag: string, value: string | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? (min === 1 ? "a positive integer" : `an integer ≥ ${min}`) : `an integer in ${min}..${max}`;
      this.usageError(`--${flag} must be ${range}, got "${value}"`);
    }
    return n;
  }

  /** The --backend flag (or the environment's default), checked. */
  backend(value: string | undefined, fallback: string): BackendPreference {
    const b = value ?? fallback;
    if (!BACKENDS.includes(b)) this.usageError(`--backend must be one of ${BACKENDS.join(", ")}, got "${b}"`);
    return b as BackendPreference;
  }
}
