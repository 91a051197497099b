export { createRng, shuffled, type Rng } from "./random.js";
export { loadMnistSamples, splitMnist, SPLIT_SEED, type DigitSample, type MnistSplit, type SplitOptions } from "./mnist-split.js";
export { augmentDigit, type AugmentOptions } from "./augment.js";
export { buildDigitCnn, type DigitCnnOptions } from "./architecture.js";
export { registerWasmConvGradients } from "./wasm-conv-gradients.js";
export { selectTrainingBackend } from "./training-backend.js";
export { trainDigitModel, evaluateSamples, samplesToTensor, type TrainOptions, type TrainProgress, type TrainResult, type EpochStats } from "./train-digit-model.js";
export { accuracyOnImages, samplesAsPngs, type LabelledImage } from "./image-path-accuracy.js";
export { renderPhotoDigit, encodePhoto, makePhotoDigits, type PhotoOptions, type PhotoRaster } from "./photo-digits.js";
