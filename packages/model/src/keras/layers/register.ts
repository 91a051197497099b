// One place that registers every custom layer and activation with tfjs.
import * as tf from "@tensorflow/tfjs";
import { registerCustomActivations } from "./custom-activations.js";
import { GlobalPooling2DKeepDims } from "./global-pooling-keepdims.js";
import { KerasBatchNormalization } from "./keras-batch-normalization.js";
import { InferenceIdentity } from "./inference-identity.js";
import { KerasNormalization } from "./keras-normalization.js";
import { KerasReLU } from "./keras-relu.js";
import { KerasTFOpLambda } from "./tf-op-lambda.js";

let registered = false;

/** Registers our custom layers and activations with tfjs's serialization map (idempotent). */
export function registerCustomObjects(): void {
  if (registered) return;
  registerCustomActivations();
  for (const cls of [InferenceIdentity, KerasReLU, GlobalPooling2DKeepDims, KerasNormalization, KerasBatchNormalization, KerasTFOpLambda]) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
  registered = true;
}
