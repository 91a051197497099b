// Public surface of the Keras loader.
export { readKerasModel, type KerasModel, type ReadKerasModelOptions } from "./load.js";
export { ModelLoadError, type ModelLoadErrorCode } from "./errors.js";
