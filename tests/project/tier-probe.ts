// The tier-up probe of runtime.test.ts and tier-up-child.ts: a function body (run with V8's natives syntax) that
// returns how many calls a fresh small function takes before TurboFan has optimised it. Each evaluation compiles
// new functions, with their own feedback and budget.
export const CALLS_TO_OPTIMISE = `
  function f(a, b) { return (a * 31 + b) | 0; }
  function run() {
    let n = 0, s = 0;
    for (; n < 50000000; n++) { s = f(s, n); if ((n & 63) === 0 && (%GetOptimizationStatus(f) & 16)) break; }
    return n;
  }
  %NeverOptimizeFunction(run);
  return run();`;
