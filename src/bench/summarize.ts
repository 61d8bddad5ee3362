/**
 * From an {@link Evaluation} (scores per system) to {@link BenchMetrics} (every figure of the
 * report). Pure: the same evaluation gives the same metrics; all arithmetic is in `metrics.ts`.
 * The parts live in `summarize/`: `context` (what every part reads), `groups` (per label,
 * language and kind, language ID) and `ordinary` (flags on ordinary posts, expected precision).
 * @module
 */
import { LABELS, type Label } from '../taxonomy.js';
import type { ClassificationResult } from '../types.js';
import { VERSION } from '../version.js';
import type { BadRow, BenchFields, BenchFormat } from './data.js';
import { SYSTEM_INFO, type Evaluation, type SystemId } from './evaluate.js';
import { binaryReport, calibration, confusionAt, prCurve, quantile, ratios, thin } from './metrics.js';
import type { BenchMetrics, ErrorCase } from './schema.js';
import { isHard, pick, summaryContext, type SummaryContext } from './summarize/context.js';
import { languageIdFigures, languageKeys, perKindFigures, perLabelFigures, perLanguageFigures } from './summarize/groups.js';
import { ordinaryFigures, ordinaryIndices, prevalenceFigures } from './summarize/ordinary.js';

/**
 * Prevalences at which precision is reported when none are given: 1 advert in 1,000 posts and
 * 1 in 10,000, the range a platform sees.
 * @example DEFAULT_PREVALENCES // [0.001, 0.0001]
 */
export const DEFAULT_PREVALENCES: readonly number[] = [0.001, 0.0001];

/** What {@link summarize} needs besides the evaluation: where the data came from. */
export interface SummaryMeta {
  file: string | null;
  format: BenchFormat | null;
  fields: BenchFields;
  rowsRead: number;
  badRows: BadRow[];
  columns: { binary: boolean; labels: boolean; lang: boolean; kind: boolean; source?: boolean; stratum?: boolean };
  advertFromLabels: boolean;
  /** The data was read with --open-world: every row is an ordinary post. */
  openWorld?: boolean;
  /** Prevalences for the expected precision (default {@link DEFAULT_PREVALENCES}). */
  prevalences?: readonly number[];
  unknownLanguages: string[];
  limit: number | null;
  /** ISO 8601; default now. */
  createdAt?: string;
}

/** Rounds to 6 decimals (keeps metrics.json readable and rates inside [0, 1]). */
function r6<T extends number | null>(v: T): T {
  return (v === null ? null : Math.round(v * 1e6) / 1e6) as T;
}

/** Rounds every number in a plain object tree. */
function roundDeep<T>(v: T): T {
  if (typeof v === 'number') return (Number.isFinite(v) ? r6(v) : v) as T;
  if (Array.isArray(v)) return v.map(roundDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)])) as T;
  return v;
}

function errorCase(ev: Evaluation, i: number, labelThreshold: (l: Label) => number): ErrorCase {
  const rec = ev.records[i]!;
  const res: ClassificationResult = ev.fused[i]!;
  const text = [...rec.text];
  return {
    line: rec.line,
    id: rec.id,
    text: text.length > 500 ? text.slice(0, 499).join('') + '…' : rec.text,
    lang: rec.lang,
    detectedLang: res.language.code,
    kind: rec.kind,
    risk: res.risk,
    goldLabels: rec.labels,
    predictedLabels: LABELS.filter((l) => res.labels[l] >= labelThreshold(l)),
    evidence: [...res.evidence]
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 8)
      .map((e) => ({ label: e.label, source: e.source, rule: e.rule, text: e.text, weight: e.weight, ...(e.context ? { context: e.context } : {}) })),
  };
}

/** Every system of the ablation: its binary metrics (and hard-negative FPR) at the threshold, or why it was skipped. */
function systemFigures(c: SummaryContext, hardIdx: readonly number[]): BenchMetrics['systems'] {
  const { ev, truths, threshold } = c;
  return ev.systems.map((s) => {
    const metrics = s.scores
      ? {
          ...binaryReport(s.scores, truths, threshold),
          hardNegativeFpr: hardIdx.length ? ratios(confusionAt(pick(s.scores, hardIdx), pick(truths, hardIdx), threshold)).fpr : null,
        }
      : null;
    return {
      id: s.id,
      name: SYSTEM_INFO[s.id].name,
      description: s.id === 'fused' && !ev.model ? 'createScanner() without a model: the same scores as rules only' : SYSTEM_INFO[s.id].description,
      skipped: s.skipped,
      metrics,
      postsPerSec: s.seconds !== null && s.seconds > 0 ? ev.records.length / s.seconds : null,
    };
  });
}

/** The default pipeline's worst false positives (highest risk first) and false negatives (lowest first), ten of each. */
function errorFigures(c: SummaryContext): BenchMetrics['errors'] {
  const { ev, threshold, labelThreshold } = c;
  const fusedScores = ev.systems.find((s) => s.id === 'fused')!.scores!;
  const byRisk = (a: number, b: number): number => fusedScores[b]! - fusedScores[a]! || ev.records[a]!.line - ev.records[b]!.line;
  const fpIdx = ev.records.flatMap((r, i) => (!r.advert && fusedScores[i]! >= threshold ? [i] : [])).sort(byRisk).slice(0, 10);
  const fnIdx = ev.records.flatMap((r, i) => (r.advert && fusedScores[i]! < threshold ? [i] : [])).sort((a, b) => -byRisk(a, b)).slice(0, 10);
  return {
    falsePositives: fpIdx.map((i) => errorCase(ev, i, labelThreshold)),
    falseNegatives: fnIdx.map((i) => errorCase(ev, i, labelThreshold)),
  };
}

/** The notes a reader must know: the evaluation's own, then what the data lacks. */
function summaryNotes(c: SummaryContext, hardIdx: readonly number[]): string[] {
  const { ev, meta, truths } = c;
  const notes = [...ev.notes];
  if (meta.advertFromLabels) notes.push(`No "${meta.fields.label}" column: a post counts as an advert when it carries a primary label (crossing_offer, fake_documents, referral_incentive, testimonial, equipment_supply).`);
  if (meta.badRows.length) notes.push(`${meta.badRows.length} row(s) could not be used and were skipped (see data.badRowSamples).`);
  if (meta.unknownLanguages.length) notes.push(`Gold languages outside the 19 the detector knows: ${meta.unknownLanguages.join(', ')} (always counted as misidentified).`);
  const positives = truths.filter(Boolean).length;
  if (positives === 0 || positives === truths.length) notes.push('The data has only one class: PR-AUC, ROC-AUC and several rates are undefined (null).');
  if (meta.openWorld) notes.push('Open-world data (--open-world): every row is an ordinary post, a negative; the figures that matter are the flags per 10,000 ordinary posts.');
  if (meta.columns.kind && !hardIdx.length) notes.push('The kind column has no hard negatives (kinds other than advert and chatter): hard-negative FPR is null.');
  return notes;
}

/** Throughput, single-post latency, memory and model load. */
function costFigures(ev: Evaluation): BenchMetrics['cost'] {
  const fusedRun = ev.systems.find((s) => s.id === 'fused')!;
  const lat = ev.cost.latencyMs;
  return {
    posts: ev.records.length,
    postsPerSec: fusedRun.seconds ? ev.records.length / fusedRun.seconds : null,
    latencyMs: { n: lat.length, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), mean: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : null },
    peakRssBytes: ev.cost.peakRssBytes,
    modelLoadMs: ev.model ? ev.model.loadMs : null,
  };
}

/** Where the data came from and what it holds. */
function dataFigures(c: SummaryContext): BenchMetrics['data'] {
  const { ev, meta, truths } = c;
  const positives = truths.filter(Boolean).length;
  return {
    file: meta.file,
    format: meta.format,
    fields: meta.fields,
    rowsRead: meta.rowsRead,
    used: ev.records.length,
    badRows: meta.badRows.length,
    badRowSamples: meta.badRows.slice(0, 20),
    positives,
    negatives: truths.length - positives,
    columns: meta.columns,
    openWorld: meta.openWorld ?? false,
    advertFromLabels: meta.advertFromLabels,
    limit: meta.limit,
  };
}

/**
 * Computes every figure of the report from an evaluation.
 * @example
 * const data = await readLabelled(file);
 * const metrics = summarize(await evaluate(data.records, { model: false }), { ...data, file, format: 'jsonl', fields: DEFAULT_FIELDS, limit: null });
 * metrics.systems[0].metrics?.f1
 */
export function summarize(ev: Evaluation, meta: SummaryMeta): BenchMetrics {
  const c = summaryContext(ev, meta);
  const { truths, threshold, labelThreshold, ran } = c;
  const hardIdx = meta.columns.kind ? ev.records.flatMap((r, i) => (isHard(r.kind) && !r.advert ? [i] : [])) : [];
  const langKeys = languageKeys(c);
  const ordIdx = ordinaryIndices(c);
  const metrics: BenchMetrics = {
    schemaVersion: 1,
    generator: VERSION,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    data: dataFigures(c),
    config: {
      threshold,
      removeThreshold: ev.thresholds.remove,
      labelThresholds: Object.fromEntries(LABELS.map((l) => [l, labelThreshold(l)])) as Record<Label, number>,
      model: ev.model ? { path: ev.model.path, ...ev.model.info } : null,
    },
    systems: systemFigures(c, hardIdx),
    perLabel: perLabelFigures(c),
    perLanguage: perLanguageFigures(c, langKeys),
    perKind: perKindFigures(c),
    calibration: ran.map((s) => ({ system: s.id, ...calibration(s.scores, truths, 10) })),
    curves: {
      pr: ran.map((s) => ({ system: s.id, points: thin(prCurve(s.scores, truths), 300).map(({ threshold: t, precision, recall }) => ({ threshold: t, precision, recall })) })),
    },
    languageId: languageIdFigures(c),
    errors: errorFigures(c),
    cost: costFigures(ev),
    ordinary: ordinaryFigures(c, ordIdx, langKeys),
    prevalence: prevalenceFigures(c, ordIdx, [...(meta.prevalences ?? DEFAULT_PREVALENCES)]),
    notes: summaryNotes(c, hardIdx),
  };
  return roundDeep(metrics);
}

/**
 * The systems that were run (not skipped), in report order.
 * @example ranSystems(metrics) // ['fused', 'rules', 'baseline'] without a model
 */
export function ranSystems(m: BenchMetrics): SystemId[] {
  return m.systems.filter((s) => s.metrics !== null).map((s) => s.id);
}
