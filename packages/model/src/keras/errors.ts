// One error type for everything that can go wrong while reading a Keras file,
// so callers (worker, CLI) can branch on `code` and show `message` as is.

/** Why a model file could not be loaded. */
export type ModelLoadErrorCode =
  | "NOT_FOUND"
  | "NOT_A_MODEL"
  | "CORRUPT_FILE"
  | "UNSUPPORTED_LAYER"
  | "UNSUPPORTED_OPTION"
  | "WEIGHT_MISMATCH";

/** Details attached to a {@link ModelLoadError}. */
export interface ModelLoadErrorDetails {
  /** The model file (path or the name given by the caller). */
  file: string;
  /** The Keras layer concerned, e.g. "conv2d_3 (Conv2D)". */
  layer?: string;
  /** The layer option or activation concerned, e.g. "groups=2". */
  option?: string;
  cause?: unknown;
}

/** A Keras file that cannot be loaded; `code` says why, `message` names file, layer and option. */
export class ModelLoadError extends Error {
  readonly code: ModelLoadErrorCode;
  readonly file: string;
  readonly layer?: string;
  readonly option?: string;

  constructor(code: ModelLoadErrorCode, message: string, details: ModelLoadErrorDetails) {
    super(`${message} [file: ${details.file}]`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ModelLoadError";
    this.code = code;
    this.file = details.file;
    if (details.layer !== undefined) this.layer = details.layer;
    if (details.option !== undefined) this.option = details.option;
  }
}

/** Builds errors that all carry the same file name. */
export class ErrorContext {
  constructor(readonly file: string) {}

  fail(code: ModelLoadErrorCode, message: string, extra: Omit<ModelLoadErrorDetails, "file"> = {}): never {
    throw new ModelLoadError(code, message, { file: this.file, ...extra });
  }

  /** UNSUPPORTED_OPTION naming the layer and the option. */
  option(layer: string, option: string, why: string): never {
    return this.fail("UNSUPPORTED_OPTION", `Layer ${layer}: option ${option} is not supported (${why})`, {
      layer,
      option,
    });
  }
}
