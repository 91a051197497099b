// The `mnist` package ships no types; only what the tests use.
declare module "mnist" {
  interface Sample {
    input: number[];
    output: number[];
  }
  const mnist: { set(training: number, test: number): { training: Sample[]; test: Sample[] } };
  export default mnist;
}
