/**
 * `smugglescan/bench`: the benchmark harness. Evaluates the pipeline on labelled data and writes
 * `metrics.json`, `report.md` and `report.html` (docs/benchmarks.md).
 *
 * The charts of the HTML report need `vega` and `vega-lite`, optional peer dependencies: a missing
 * one is a `DEPENDENCY_MISSING` error naming `npm install vega@6 vega-lite@6`.
 *
 * @example
 * import { runBench } from 'smugglescan/bench';
 * const { metrics } = await runBench({ data: 'labelled.jsonl', out: 'report/' });
 * @module
 */
export * from './bench/index.js';
