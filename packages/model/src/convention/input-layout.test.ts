import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelLoadError } from "../keras/errors.js";
import { FREE_SIDE, inputLayout } from "./input-layout.js";

const last = { channelOrder: "last", sizeAssumed: false } as const;

describe("inputLayout", () => {
  it("reads flat, H×W, H×W×1 and H×W×3 inputs", () => {
    assert.deepEqual(inputLayout([784], "m"), { shape: [784], modelShape: [784], height: 28, width: 28, channels: 1, ...last });
    assert.deepEqual(inputLayout([28, 28], "m"), { shape: [28, 28], modelShape: [28, 28], height: 28, width: 28, channels: 1, ...last });
    assert.deepEqual(inputLayout([32, 32, 3], "m"), { shape: [32, 32, 3], modelShape: [32, 32, 3], height: 32, width: 32, channels: 3, ...last });
  });

  it("reads channels_first inputs 1×H×W and 3×H×W", () => {
    const one = inputLayout([1, 28, 28], "m");
    assert.deepEqual(one, { shape: [1, 28, 28], modelShape: [1, 28, 28], height: 28, width: 28, channels: 1, channelOrder: "first", sizeAssumed: false });
    const three = inputLayout([3, 32, 24], "m");
    assert.deepEqual([three.height, three.width, three.channels, three.channelOrder], [32, 24, 3, "first"]);
  });

  it("reads a shape that fits both orders as channels last, Keras's default", () => {
    assert.equal(inputLayout([3, 3, 3], "m").channelOrder, "last");
    assert.equal(inputLayout([1, 5, 1], "m").channelOrder, "last");
  });

  it("feeds 28×28 to a model whose height and width are free", () => {
    assert.equal(FREE_SIDE, 28);
    assert.deepEqual(inputLayout([null, null, 1], "m"), {
      shape: [28, 28, 1],
      modelShape: [-1, -1, 1],
      height: 28,
      width: 28,
      channels: 1,
      channelOrder: "last",
      sizeAssumed: true,
    });
    assert.deepEqual(inputLayout([-1, -1], "m").shape, [28, 28]);
    assert.deepEqual(inputLayout([null, null, 3], "m").shape, [28, 28, 3]);
    const first = inputLayout([1, null, null], "m");
    assert.deepEqual([first.shape, first.channelOrder, first.sizeAssumed], [[1, 28, 28], "first", true]);
    const half = inputLayout([28, null, 1], "m");
    assert.deepEqual([half.shape, half.sizeAssumed], [[28, 28, 1], true]);
  });

  it("refuses shapes that are not an image, naming the file and input_shape", () => {
    const refused = (shape: (number | null)[], why: RegExp) =>
      assert.throws(
        () => inputLayout(shape, "odd.keras"),
        (err: unknown) => err instanceof ModelLoadError && err.option === "input_shape" && why.test(err.message) && /odd\.keras/.test(err.message),
      );
    refused([785], /square image/);
    refused([null], /fixed length/);
    refused([28, 28, null], /channel count must be fixed/);
    refused([null, null, null], /channel count must be fixed/);
    refused([2, 5, 5], /1 or 3 channels/);
    refused([28, 28, 4], /1 or 3 channels/);
    refused([1, 28, 28, 1], /1 or 3 channels/);
  });
});
