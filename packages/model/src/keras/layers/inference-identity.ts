// Layers that only act while training (SpatialDropout2D, the Random*
// augmentation layers, ...) are the identity at inference. tfjs-layers lacks
// most of them, so they all load as this one layer, which keeps their name
// and place in the graph (weights and node references stay valid).
import * as tf from "@tensorflow/tfjs";

/** Passes its input through unchanged; stands in for training-only Keras layers. */
export class InferenceIdentity extends tf.layers.Layer {
  static readonly className = "KerasInferenceIdentity";
  private readonly kerasClass: string;

  constructor(args: tf.serialization.ConfigDict & { name?: string; kerasClass?: string }) {
    super(args as object);
    this.kerasClass = typeof args.kerasClass === "string" ? args.kerasClass : "unknown";
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    // Returning the same tensor object would let tfjs dispose it twice; clone is free.
    return tf.tidy(() => (Array.isArray(inputs) ? inputs.map((t) => t.clone()) : inputs.clone()));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kerasClass: this.kerasClass };
  }
}
