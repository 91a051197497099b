// Stochastic weight averaging (Izmailov et al., 2018): the mean of the
// weights at the end of several epochs often generalises better than any one
// of them. Kept as a running mean so it costs one copy of the weights.
import * as tf from "@tensorflow/tfjs";

/** The running mean of a model's weights over the epochs added so far. */
export class WeightAverage {
  weights: tf.Tensor[] = [];
  count = 0;

  add(current: tf.Tensor[]): void {
    const n = ++this.count;
    const next = n === 1
      ? current.map((w) => w.clone())
      : tf.tidy(() => this.weights.map((avg, i) => avg.add(current[i]!.sub(avg).div(n))));
    tf.dispose(this.weights);
    this.weights = next;
  }

  dispose(): void {
    tf.dispose(this.weights);
    this.weights = [];
  }
}
