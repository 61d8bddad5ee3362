/**
 * Runs the systems of the ablation over labelled posts and collects their scores and costs:
 *
 * - `fused`: the default pipeline, `createScanner()` (rules + model when a model is there);
 * - `rules`: `createScanner({ model: false })`;
 * - `model`: the model's own `advert` score on the scanner's model input (skipped without a model);
 * - `baseline`: the naive keyword list of `baseline.ts`.
 *
 * The model is loaded once and shared: the fused pass records the model's scores, and the
 * model-only system reads them back instead of running the model twice. Nothing here computes a
 * metric: `summarize.ts` does, from the {@link Evaluation} this returns.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SmuggleScanError } from '../errors.js';
import type { Thresholds } from '../fuse/index.js';
import type { ModelScores } from '../types.js';
import { defaultModelPath, loadModel, type ModelScorer } from '../model/index.js';
import { modelInputOfText } from '../prepare.js';
import { createScanner, type Scanner, type ScannerOptions } from '../scanner.js';
import { LABELS, type Label } from '../taxonomy.js';
import type { ClassificationResult, ModelInfo } from '../types.js';
import { baselineScore } from './baseline.js';
import type { BenchRecord } from './data.js';

/**
 * The systems compared side by side, in report order.
 * @example for (const id of SYSTEMS) console.log(SYSTEM_INFO[id].name)
 */
export const SYSTEMS = ['fused', 'rules', 'model', 'baseline'] as const;
/** One of {@link SYSTEMS}. */
export type SystemId = (typeof SYSTEMS)[number];

/**
 * Display names and one-line descriptions of the systems.
 * @example SYSTEM_INFO.baseline.name // 'keyword baseline'
 */
export const SYSTEM_INFO: Readonly<Record<SystemId, { name: string; description: string }>> = {
  fused: { name: 'fused (default)', description: 'createScanner(): rules + model, fused; the risk score' },
  rules: { name: 'rules only', description: 'createScanner({ model: false }): rules and the rules-only combiner' },
  model: { name: 'model only', description: "the model's own advert head on the scanner's model input" },
  baseline: { name: 'keyword baseline', description: 'a fixed multilingual keyword list, substring match (naive yardstick)' },
};

/** One system's scores over the records. */
export interface SystemRun {
  id: SystemId;
  /** Advert score per record, in record order; null when skipped. */
  scores: number[] | null;
  /** Per-label scores per record (fused and rules only); null otherwise. */
  labelScores: Record<Label, number[]> | null;
  /** Why the system was skipped, or null. */
  skipped: string | null;
  /** Wall time of the batched pass, seconds; null when skipped. */
  seconds: number | null;
}

/** What {@link evaluate} collects. */
export interface Evaluation {
  records: BenchRecord[];
  /** The thresholds in force (review is the advert threshold). */
  thresholds: Thresholds;
  /** In {@link SYSTEMS} order. */
  systems: SystemRun[];
  /** The default pipeline's result per record (for language ID and error analysis). */
  fused: ClassificationResult[];
  /** The model used, or null. */
  model: { path: string | null; info: ModelInfo; loadMs: number } | null;
  /** Things a reader must know (no model, fused equals rules...). */
  notes: string[];
  cost: {
    /** Single-post `classify` latencies of the default pipeline, ms. */
    latencyMs: number[];
    /** Peak resident set size of this process, bytes. */
    peakRssBytes: number;
  };
}

/** Progress of {@link evaluate}: posts done over posts to do, across every phase. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /**
   * `false`: no model (fused is rules only, model only is skipped). A string: a model folder (an
   * error if it cannot be loaded). A {@link ModelScorer}: use it. Default: the shipped model when
   * it is there, else rules only with a note.
   */
  model?: false | string | ModelScorer;
  thresholds?: ScannerOptions['thresholds'];
  /** Posts per classifyBatch call (default 64). */
  batchSize?: number;
  /** Posts timed one by one for latency (default 200; 0 to skip). */
  latencySample?: number;
  onProgress?: (p: Progress) => void;
}

/** Wraps a scorer so that the scores it computes can be read back by folded text. */
function recording(inner: ModelScorer): { scorer: ModelScorer; seen: Map<string, ModelScores> } {
  const seen = new Map<string, ModelScores>();
  return {
    seen,
    scorer: {
      info: inner.info,
      async score(texts) {
        const out = await inner.score(texts);
        texts.forEach((t, i) => seen.set(t, out[i]!));
        return out;
      },
    },
  };
}

async function resolveModel(option: EvaluateOptions['model'], notes: string[]): Promise<Evaluation['model'] & { scorer: ModelScorer } | null> {
  if (option === false) {
    notes.push('Run without a model (--no-model): "fused" is the rules-only pipeline and "model only" is skipped.');
    return null;
  }
  if (typeof option === 'object') return { path: null, info: option.info, loadMs: 0, scorer: option };
  let path = option;
  if (path === undefined) {
    path = defaultModelPath();
    if (!existsSync(join(path, 'config.json'))) {
      notes.push(`No model at ${path} (the shipped model is not built yet?): "fused" is the rules-only pipeline and "model only" is skipped. Pass --model DIR to use another model.`);
      return null;
    }
  }
  const t0 = performance.now();
  const scorer = await loadModel({ path });
  // Warm the runtime so the load time includes the first forward pass's set-up.
  await scorer.score(['warm up']);
  return { path, info: scorer.info, loadMs: performance.now() - t0, scorer };
}

/** Evenly spaced indices, at most `k` of `n`. */
function sampleIndices(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
}

/** What the passes share: the records, the batch size, the thresholds asked for and the progress counter. */
interface RunContext {
  records: readonly BenchRecord[];
  batchSize: number;
  thresholds: ScannerOptions['thresholds'] | undefined;
  tick: (phase: string, k: number) => void;
}

/** A scanner with the thresholds asked for. */
function scannerFor(ctx: RunContext, model: false | ModelScorer): Scanner {
  return createScanner({ model, ...(ctx.thresholds ? { thresholds: ctx.thresholds } : {}) });
}

/** One batched pass of a scanner over the records, timed after a warm-up. */
async function pass(ctx: RunContext, scanner: Scanner, phase: string): Promise<{ results: ClassificationResult[]; seconds: number }> {
  const { records, batchSize } = ctx;
  const n = records.length;
  const results: ClassificationResult[] = [];
  // Warm up (JIT, lazily compiled rules, the model runtime) so the timing is of steady work.
  await scanner.classifyBatch(records.slice(0, Math.min(n, 16)).map((r) => r.text));
  const t0 = performance.now();
  for (let i = 0; i < n; i += batchSize) {
    const chunk = records.slice(i, i + batchSize);
    results.push(...(await scanner.classifyBatch(chunk.map((r) => ({ id: r.id, text: r.text })))));
    ctx.tick(phase, chunk.length);
  }
  return { results, seconds: (performance.now() - t0) / 1000 };
}

const labelScoresOf = (rs: ClassificationResult[]): Record<Label, number[]> =>
  Object.fromEntries(LABELS.map((l) => [l, rs.map((r) => r.labels[l])])) as Record<Label, number[]>;

/** A system's run from one pass of the scanner. */
function runOf(id: SystemId, p: { results: ClassificationResult[]; seconds: number }): SystemRun {
  return { id, scores: p.results.map((r) => r.risk), labelScores: labelScoresOf(p.results), skipped: null, seconds: p.seconds };
}

/**
 * Model only: the advert head on the scanner's own model input (truncated, folded, re-spaced), so
 * these are the scores the fused pass used; it already scored these texts, so they are read back.
 */
async function modelOnlyScores(ctx: RunContext, rec: ReturnType<typeof recording>): Promise<number[]> {
  const { records, batchSize } = ctx;
  const scores = new Array<number>(records.length);
  for (let i = 0; i < records.length; i += batchSize) {
    const folded = records.slice(i, i + batchSize).map((r) => modelInputOfText(r.text));
    const missing = folded.filter((t) => !rec.seen.has(t));
    if (missing.length) await rec.scorer.score(missing);
    folded.forEach((t, j) => (scores[i + j] = rec.seen.get(t)!.advert));
    ctx.tick('model only', folded.length);
  }
  return scores;
}

/** The fused and model-only systems, and the scanner to time, with a model or without one. */
interface ModelSystems {
  fusedRun: SystemRun;
  modelRun: SystemRun;
  fusedResults: ClassificationResult[];
  latencyScanner: Scanner;
}

/** With a model: the fused pass records the model's scores, which model only then reads back. */
async function withModel(ctx: RunContext, scorer: ModelScorer): Promise<ModelSystems> {
  const rec = recording(scorer);
  const fused = await pass(ctx, scannerFor(ctx, rec.scorer), 'fused');
  const scores = await modelOnlyScores(ctx, rec);
  return {
    fusedRun: runOf('fused', fused),
    // Reading scores back is not running the model, so the model-only pass has no time of its own.
    modelRun: { id: 'model', scores, labelScores: null, skipped: null, seconds: null },
    fusedResults: fused.results,
    // Latency is measured on the real scorer, not the recording one.
    latencyScanner: scannerFor(ctx, scorer),
  };
}

/** Without a model: fused is the rules-only pass, model only is skipped. */
function withoutModel(rulesRun: SystemRun, rulesResults: ClassificationResult[], rulesScanner: Scanner): ModelSystems {
  return {
    fusedRun: { ...rulesRun, id: 'fused' },
    modelRun: { id: 'model', scores: null, labelScores: null, skipped: 'no model', seconds: null },
    fusedResults: rulesResults,
    latencyScanner: rulesScanner,
  };
}

/** The keyword baseline over every record. */
function runBaseline(ctx: RunContext): SystemRun {
  const b0 = performance.now();
  const scores = ctx.records.map((r) => baselineScore(r.text));
  const run: SystemRun = { id: 'baseline', scores, labelScores: null, skipped: null, seconds: (performance.now() - b0) / 1000 };
  ctx.tick('baseline', ctx.records.length);
  return run;
}

/** Single-post latencies (ms) of `scanner` on `k` evenly spaced records, after a warm-up on five. */
async function measureLatency(ctx: RunContext, scanner: Scanner, k: number): Promise<number[]> {
  const latencyMs: number[] = [];
  const sample = sampleIndices(ctx.records.length, k);
  for (const i of sample.slice(0, 5)) await scanner.classify(ctx.records[i]!.text); // warm-up
  for (const i of sample) {
    const t0 = performance.now();
    await scanner.classify(ctx.records[i]!.text);
    latencyMs.push(performance.now() - t0);
    ctx.tick('latency', 1);
  }
  return latencyMs;
}

/**
 * Runs every system over the records.
 * @example
 * const data = await readLabelled('labelled.jsonl');
 * const ev = await evaluate(data.records, { model: false });
 * ev.systems.find((s) => s.id === 'rules')!.scores // one risk per record
 */
export async function evaluate(records: readonly BenchRecord[], options: EvaluateOptions = {}): Promise<Evaluation> {
  if (!records.length) throw new SmuggleScanError('INVALID_DATA', 'evaluate: no records to evaluate.');
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SmuggleScanError('INVALID_OPTIONS', `evaluate: batchSize must be a positive integer (got ${batchSize}).`);
  const notes: string[] = [];
  const n = records.length;
  const loaded = await resolveModel(options.model, notes);
  const latencyN = Math.min(n, Math.max(0, options.latencySample ?? 200));
  const total = n * (loaded ? 4 : 2) + latencyN;
  let done = 0;
  const tick = (phase: string, k: number): void => {
    done += k;
    options.onProgress?.({ phase, done, total });
  };
  options.onProgress?.({ phase: 'start', done: 0, total });

  const ctx: RunContext = { records, batchSize, thresholds: options.thresholds, tick };
  const rulesScanner = scannerFor(ctx, false);
  const rules = await pass(ctx, rulesScanner, 'rules only');
  const rulesRun = runOf('rules', rules);
  const sys = loaded ? await withModel(ctx, loaded.scorer) : withoutModel(rulesRun, rules.results, rulesScanner);
  const baselineRun = runBaseline(ctx);
  const latencyMs = await measureLatency(ctx, sys.latencyScanner, latencyN);

  return {
    records: [...records],
    thresholds: rulesScanner.thresholds,
    systems: [sys.fusedRun, rulesRun, sys.modelRun, baselineRun],
    fused: sys.fusedResults,
    model: loaded ? { path: loaded.path, info: loaded.info, loadMs: loaded.loadMs } : null,
    notes,
    cost: { latencyMs, peakRssBytes: process.resourceUsage().maxRSS * 1024 },
  };
}
