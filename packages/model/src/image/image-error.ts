/** Why an upload cannot become model input; the API maps each code to an HTTP status. */
export type ImageErrorCode =
  | "EMPTY_IMAGE"
  | "UNSUPPORTED_FORMAT"
  | "CORRUPT_IMAGE"
  | "IMAGE_TOO_LARGE"
  | "BLANK_IMAGE";

/** A bad image: never retried, always reported to the client with its code. */
export class ImageError extends Error {
  override readonly name = "ImageError";
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
