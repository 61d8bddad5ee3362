/**
 * The benchmark harness: evaluate smugglescan on anyone's labelled posts and write a report people
 * can read. The stages, in the order data flows:
 * `data.ts` (read labelled rows) → `evaluate.ts` (run the systems, collect scores and costs) →
 * `summarize.ts` (every figure, via the pure functions of `metrics.ts`) → `report.ts` (metrics.json,
 * report.md, report.html with `charts.ts`).
 * @module
 */
import { SmuggleScanError } from '../errors.js';
import type { ModelScorer } from '../model/index.js';
import type { ScannerOptions } from '../scanner.js';
import { DEFAULT_FIELDS, readLabelled, type BenchFields, type BenchFormat, type LabelledData } from './data.js';
import { evaluate, type Progress } from './evaluate.js';
import { writeReport, type ReportFiles } from './report.js';
import type { BenchMetrics } from './schema.js';
import { summarize } from './summarize.js';

export * from './metrics.js';
export { BASELINE_KEYWORDS, baselineMatches, baselineScore } from './baseline.js';
export {
  BENCH_FORMATS,
  DEFAULT_FIELDS,
  normalizeLanguage,
  parseBinaryLabel,
  parseLabelList,
  readLabelled,
  readLabelledStream,
  type BadRow,
  type BenchFields,
  type BenchFormat,
  type BenchRecord,
  type LabelledData,
  type ReadLabelledOptions,
} from './data.js';
export { evaluate, SYSTEMS, SYSTEM_INFO, type EvaluateOptions, type Evaluation, type Progress, type SystemId, type SystemRun } from './evaluate.js';
export { DEFAULT_PREVALENCES, summarize, ranSystems, type SummaryMeta } from './summarize.js';
export {
  BenchMetricsSchema,
  BinaryMetricsSchema,
  ErrorCaseSchema,
  OrdinaryFlagsSchema,
  PrevalenceSchema,
  SystemMetricsSchema,
  type BenchMetrics,
  type ErrorCase,
  type OrdinaryFlags,
  type PrevalenceFigures,
  type SystemMetrics,
} from './schema.js';
export { chartSpecs, renderCharts, renderSvg, type Chart } from './charts.js';
export { escapeHtml, HEADLINE_COLUMNS, renderHeadline, renderHtml, renderMarkdown, writeReport, type ReportFiles } from './report.js';

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** The labelled data file (JSONL or CSV). */
  data: string;
  /** Default: from the extension, else jsonl. */
  format?: BenchFormat;
  fields?: Partial<BenchFields>;
  /** Use at most this many usable rows. */
  limit?: number;
  /** The file is open-world text with no label column: every row is an ordinary post (a negative). */
  openWorld?: boolean;
  /** Prevalences (in (0, 1)) at which to report the expected precision (default 0.001 and 0.0001). */
  prevalences?: readonly number[];
  /** Where to write metrics.json, report.md and report.html (default `bench-out`); null: write nothing. */
  out?: string | null;
  /** As in {@link evaluate}: false, a model folder, a scorer, or the shipped model (default). */
  model?: false | string | ModelScorer;
  thresholds?: ScannerOptions['thresholds'];
  /** Posts timed one by one (default 200). */
  latencySample?: number;
  batchSize?: number;
  onProgress?: (p: Progress) => void;
}

/** What {@link runBench} returns. */
export interface BenchResult {
  metrics: BenchMetrics;
  data: Omit<LabelledData, 'records'>;
  /** The files written, or null when `out` is null. */
  files: ReportFiles | null;
}

/**
 * Reads labelled data, runs the ablation, computes every metric and writes the report.
 * @example
 * const { metrics, files } = await runBench({ data: 'labelled.csv', model: false, out: 'bench-out' });
 * metrics.systems[0].metrics?.prAuc; files?.html
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new SmuggleScanError('INVALID_OPTIONS', `limit must be a positive integer (got ${options.limit}).`);
  }
  for (const p of options.prevalences ?? []) {
    if (!(typeof p === 'number' && p > 0 && p < 1)) throw new SmuggleScanError('INVALID_OPTIONS', `prevalence must be a number between 0 and 1, exclusive (got ${p}).`);
  }
  const fields: BenchFields = { ...DEFAULT_FIELDS, ...options.fields };
  const data = await readLabelled(options.data, {
    ...(options.format ? { format: options.format } : {}),
    fields,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.openWorld ? { openWorld: true } : {}),
  });
  const ev = await evaluate(data.records, {
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.latencySample !== undefined ? { latencySample: options.latencySample } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const total = ev.records.length; // the bar is full by now: say what the last second is spent on
  options.onProgress?.({ phase: 'writing report', done: total, total });
  const metrics = summarize(ev, {
    file: options.data,
    format: data.format,
    fields,
    rowsRead: data.rowsRead,
    badRows: data.badRows,
    columns: data.columns,
    advertFromLabels: data.advertFromLabels,
    unknownLanguages: data.unknownLanguages,
    limit: options.limit ?? null,
    openWorld: data.openWorld,
    ...(options.prevalences?.length ? { prevalences: options.prevalences } : {}),
  });
  const out = options.out === undefined ? 'bench-out' : options.out;
  let files: ReportFiles | null = null;
  if (out !== null) {
    try {
      files = await writeReport(metrics, out);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!code || !/^E[A-Z]+$/.test(code)) throw e;
      throw new SmuggleScanError('INVALID_OPTIONS', `--out: cannot write the report to ${out} (${(e as Error).message}). Pick a folder you can write to.`);
    }
  }
  const { records: _records, ...rest } = data;
  return { metrics, data: rest, files };
}
