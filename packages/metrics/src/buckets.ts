// Histogram buckets shared by both process kinds. Durations start at 50 µs
// because decoding a 28×28 PNG or one small forward pass takes well under a
// millisecond; coarser default buckets would put all of that into one bucket.

/** Duration buckets in seconds, 50 µs to 30 s. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** Images per forward pass: powers of two up to beyond the default MAX_BATCH_SIZE. */
export const BATCH_SIZE_BUCKETS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** Upload sizes in bytes, 256 B to 16 MiB (the upload limit defaults to 10 MiB). */
export const SIZE_BUCKETS_BYTES: readonly number[] = [
  256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
];
