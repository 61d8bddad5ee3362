/**
 * The schema of `metrics.json`, the machine-readable output of `smugglescan bench`. It is stable:
 * fields are only added, and a change that would break a reader bumps `schemaVersion`. Rates are
 * in [0, 1]; a rate whose denominator is zero is `null`; times are milliseconds unless the name
 * says otherwise.
 * @module
 */
import { z } from 'zod';
import { LABELS } from '../taxonomy.js';
import { SYSTEMS } from './evaluate.js';

const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);
const SystemIdSchema = z.enum(SYSTEMS);

const ConfusionSchema = z.object({ tp: count, fp: count, tn: count, fn: count });

/** An operating point on the PR curve (`threshold`: posts scoring at or above it are flagged). */
const OperatingPointSchema = z.object({ threshold: z.number(), precision: rate, recall: rate, f1: rate });

/**
 * Every binary metric of one system at the advert threshold.
 * @example BinaryMetricsSchema.parse(metrics.systems[0].metrics)
 */
export const BinaryMetricsSchema = z.object({
  n: count,
  positives: count,
  /** The advert threshold: the review threshold (default 0.5). */
  threshold: z.number(),
  confusion: ConfusionSchema,
  precision: rate.nullable(),
  recall: rate.nullable(),
  f1: rate.nullable(),
  fpr: rate.nullable(),
  accuracy: rate.nullable(),
  /** Average precision (area under the PR curve, no interpolation). */
  prAuc: rate.nullable(),
  rocAuc: rate.nullable(),
  /** Best precision among thresholds with recall ≥ 0.9. */
  precisionAtRecall90: OperatingPointSchema.nullable(),
  /** Best recall among thresholds with precision ≥ 0.95; null when no threshold reaches it. */
  recallAtPrecision95: OperatingPointSchema.nullable(),
  bestF1: OperatingPointSchema.nullable(),
  /** Expected calibration error, 10 equal-width bins. */
  ece: rate.nullable(),
  /** False-positive rate on hard negatives (kinds other than advert and chatter); null without a kind column. */
  hardNegativeFpr: rate.nullable(),
});

/**
 * One system of the ablation.
 * @example SystemMetricsSchema.parse(metrics.systems[0]).name // 'fused (default)'
 */
export const SystemMetricsSchema = z.object({
  id: SystemIdSchema,
  name: z.string(),
  description: z.string(),
  /** Why it was not run (e.g. "no model"), else null. */
  skipped: z.string().nullable(),
  metrics: BinaryMetricsSchema.nullable(),
  /** Batched throughput over the whole data; null when not measured separately. */
  postsPerSec: z.number().min(0).nullable(),
});

const PerSystem = <T extends z.ZodType>(t: T) => z.partialRecord(SystemIdSchema, t);

const ReliabilityBinSchema = z.object({ lo: rate, hi: rate, count, meanScore: rate.nullable(), fractionPositive: rate.nullable() });

const EvidenceSchema = z.object({
  label: z.string(),
  source: z.string(),
  rule: z.string(),
  text: z.string(),
  weight: z.number(),
  context: z.string().optional(),
});

/**
 * A misclassified post, for error analysis.
 * @example ErrorCaseSchema.parse(metrics.errors.falsePositives[0]).evidence
 */
export const ErrorCaseSchema = z.object({
  line: count,
  id: z.string().nullable(),
  /** The post, cut to 500 characters. */
  text: z.string(),
  lang: z.string().nullable(),
  detectedLang: z.string(),
  kind: z.string().nullable(),
  /** The default pipeline's risk. */
  risk: rate,
  goldLabels: z.array(z.string()).nullable(),
  /** Labels scoring at or above their threshold. */
  predictedLabels: z.array(z.string()),
  /** The strongest evidence, at most 8 items. */
  evidence: z.array(EvidenceSchema),
});

/** Flags among a group of ordinary posts, per system that was run, at the advert threshold. */
const FlagsSchema = z.object({
  /** Posts flagged (score at or above the advert threshold). */
  flagged: count,
  /** Flags per 10,000 ordinary posts; null when the group is empty. */
  per10k: z.number().min(0).max(10000).nullable(),
  /** Wilson 95 % interval of per10k, [low, high]; null when the group is empty. */
  ci95Per10k: z.tuple([z.number().min(0).max(10000), z.number().min(0).max(10000)]).nullable(),
});
const FlagsGroupSchema = z.object({ key: z.string(), n: count, systems: PerSystem(FlagsSchema) });

/**
 * Flags on ordinary posts: negatives whose kind is everyday (chatter, classified, promotion), that
 * have no kind, or that come from an open-world file.
 * @example OrdinaryFlagsSchema.parse(metrics.ordinary).overall.systems.fused?.per10k
 */
export const OrdinaryFlagsSchema = z.object({
  /** Ordinary posts in the data. */
  n: count,
  threshold: z.number(),
  overall: FlagsGroupSchema,
  /** By the gold language column when there is one, else the detected language. */
  perLanguage: z.array(FlagsGroupSchema),
  /** By the source column; null when the data has none. */
  perSource: z.array(FlagsGroupSchema).nullable(),
  /** By the stratum column, or from the kind when a row has none (promotion → promo, else everyday). */
  perStratum: z.array(FlagsGroupSchema),
});

/**
 * Expected precision at the prevalences asked for (default 1 in 1,000 and 1 in 10,000):
 * `recall·p / (recall·p + FPR·(1 − p))`, recall on the data's adverts. Two FPRs: on ordinary
 * posts only, and on every negative (hard negatives + ordinary posts).
 * @example PrevalenceSchema.parse(metrics.prevalence).rows[0].systems.fused?.ordinary
 */
export const PrevalenceSchema = z.object({
  prevalences: z.array(z.number().gt(0).lt(1)),
  adverts: count,
  ordinary: count,
  negatives: count,
  /** Recall and the two FPRs per system, at the advert threshold; null where undefined. */
  systems: PerSystem(z.object({ recall: rate.nullable(), fprOrdinary: rate.nullable(), fprNegatives: rate.nullable() })),
  rows: z.array(
    z.object({
      prevalence: z.number().gt(0).lt(1),
      /** Precision with the FPR on ordinary posts, and with the FPR on every negative. */
      systems: PerSystem(z.object({ ordinary: rate.nullable(), negatives: rate.nullable() })),
    }),
  ),
  /** Why some figures are null (no adverts, no negatives), else null. */
  note: z.string().nullable(),
});

/**
 * `metrics.json`: validate one written by any version with schemaVersion 1.
 * @example const m = BenchMetricsSchema.parse(JSON.parse(readFileSync('bench-out/metrics.json', 'utf8'))); m.systems[0].metrics?.f1
 */
export const BenchMetricsSchema = z.object({
  schemaVersion: z.literal(1),
  /** `smugglescan@<version>`. */
  generator: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  data: z.object({
    file: z.string().nullable(),
    format: z.enum(['jsonl', 'csv']).nullable(),
    fields: z.object({
      text: z.string(),
      label: z.string(),
      labels: z.string(),
      lang: z.string(),
      id: z.string(),
      kind: z.string(),
      /** Added with the open-world figures; absent in older files. */
      source: z.string().optional(),
      stratum: z.string().optional(),
    }),
    rowsRead: count,
    /** Rows evaluated. */
    used: count,
    badRows: count,
    /** The first 20 bad rows. */
    badRowSamples: z.array(z.object({ line: count, id: z.string().nullable(), message: z.string() })),
    positives: count,
    negatives: count,
    columns: z.object({ binary: z.boolean(), labels: z.boolean(), lang: z.boolean(), kind: z.boolean(), source: z.boolean().optional(), stratum: z.boolean().optional() }),
    /** True when the file was read with --open-world: every row is an ordinary post (a negative). */
    openWorld: z.boolean().optional(),
    /** True when there is no binary column: a post is an advert when it carries a primary label. */
    advertFromLabels: z.boolean(),
    limit: count.nullable(),
  }),
  config: z.object({
    /** The advert (review) threshold. */
    threshold: rate,
    removeThreshold: rate,
    /** Per-label thresholds used for per-label metrics (the configured ones, else 0.5). */
    labelThresholds: z.record(z.enum(LABELS), rate),
    model: z.object({ path: z.string().nullable(), id: z.string(), version: z.string(), sha256: z.string() }).nullable(),
  }),
  /** The ablation, in order: fused, rules, model, baseline. */
  systems: z.array(SystemMetricsSchema),
  /** Per label, at its threshold; null when the data has no labels column. */
  perLabel: z
    .array(
      z.object({
        label: z.enum(LABELS),
        /** Posts carrying the label. */
        support: count,
        threshold: rate,
        systems: PerSystem(z.object({ precision: rate.nullable(), recall: rate.nullable(), f1: rate.nullable(), prAuc: rate.nullable() })),
      }),
    )
    .nullable(),
  /** Per language: the gold column when there is one, else the detected language. */
  perLanguage: z.object({
    source: z.enum(['gold', 'detected']),
    rows: z.array(
      z.object({
        lang: z.string(),
        n: count,
        positives: count,
        systems: PerSystem(z.object({ precision: rate.nullable(), recall: rate.nullable(), f1: rate.nullable(), fpr: rate.nullable() })),
      }),
    ),
  }),
  /** Per kind (null without a kind column): recall on adverts, false-positive rate on negatives. */
  perKind: z
    .array(
      z.object({
        kind: z.string(),
        n: count,
        positives: count,
        /** Not advert, not chatter. */
        hardNegative: z.boolean(),
        systems: PerSystem(z.object({ recall: rate.nullable(), fpr: rate.nullable() })),
      }),
    )
    .nullable(),
  /** Reliability bins (10) per system that was run. */
  calibration: z.array(z.object({ system: SystemIdSchema, ece: rate.nullable(), bins: z.array(ReliabilityBinSchema) })),
  /** PR curves per system, thinned to at most 300 points each. */
  curves: z.object({
    pr: z.array(z.object({ system: SystemIdSchema, points: z.array(z.object({ threshold: z.number(), precision: rate, recall: rate })) })),
  }),
  /** Language identification against the gold column; null without one. */
  languageId: z
    .object({
      n: count,
      correct: count,
      accuracy: rate.nullable(),
      perLanguage: z.array(
        z.object({ lang: z.string(), n: count, correct: count, accuracy: rate, confusedWith: z.array(z.object({ lang: z.string(), count })) }),
      ),
      /** Gold codes that are not among the 19 languages the detector knows. */
      unknownGold: z.array(z.string()),
    })
    .nullable(),
  /** The default pipeline's worst mistakes: highest-risk negatives, lowest-risk adverts (10 each). */
  errors: z.object({ falsePositives: z.array(ErrorCaseSchema), falseNegatives: z.array(ErrorCaseSchema) }),
  cost: z.object({
    posts: count,
    /** Batched throughput of the default pipeline. */
    postsPerSec: z.number().min(0).nullable(),
    /** Single-post classify latency of the default pipeline, on an evenly spaced sample. */
    latencyMs: z.object({ n: count, p50: z.number().nullable(), p99: z.number().nullable(), mean: z.number().nullable() }),
    peakRssBytes: count,
    /** Model load (with checksum and first forward pass); null without a model. */
    modelLoadMs: z.number().nullable(),
  }),
  /** Flags on ordinary posts; null when the data has none. Absent in files written before it was added. */
  ordinary: OrdinaryFlagsSchema.nullable().optional(),
  /** Expected precision at given prevalences. Absent in files written before it was added. */
  prevalence: PrevalenceSchema.optional(),
  notes: z.array(z.string()),
});

/** The content of `metrics.json`. */
export type BenchMetrics = z.infer<typeof BenchMetricsSchema>;
/** One system of {@link BenchMetrics}. */
export type SystemMetrics = z.infer<typeof SystemMetricsSchema>;
/** The ordinary-post flags of {@link BenchMetrics}. */
export type OrdinaryFlags = z.infer<typeof OrdinaryFlagsSchema>;
/** The precision-at-prevalence figures of {@link BenchMetrics}. */
export type PrevalenceFigures = z.infer<typeof PrevalenceSchema>;
/** One error case of {@link BenchMetrics}. */
export type ErrorCase = z.infer<typeof ErrorCaseSchema>;
