/**
 * The pipeline: normalise → language → rules (src/prepare.ts) → model → fuse. Create one
 * {@link Scanner} and reuse it: the model loads once, on first use.
 * @module
 */
import { z } from 'zod';
import { SmuggleScanError, parseOptions } from './errors.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS, FusionWeightsSchema, decide, fuse, type FusionWeights, type Thresholds } from './fuse/index.js';
import { DEFAULT_MAX_LENGTH, MAX_LENGTH_LIMIT } from './limits.js';
import { loadModel } from './model/index.js';
import { ModelOptionsSchema } from './model/options.js';
import type { ModelScorer } from './model/scorer.js';
import { modelInput, prepare, safeId, type PostInput, type PreparedPost } from './prepare.js';
import { builtinRules, RuleSet, loadRules } from './rules/index.js';
import { LABELS } from './taxonomy.js';
import type { ClassificationResult, ModelInfo, ModelScores } from './types.js';
import { VERSION } from './version.js';

export { rulesLanguage, RULES_LANGUAGE_MIN_CONFIDENCE, prepare, modelInput, type PostInput, type PreparedPost, type PrepareOptions } from './prepare.js';

const ThresholdsSchema = z
  .object({
    review: z.number().min(0).max(1).optional(),
    remove: z.number().min(0).max(1).optional(),
    labels: z.partialRecord(z.enum(LABELS), z.number().min(0).max(1)).optional(),
  })
  .strict();

/** Options of {@link createScanner}; every field is optional. */
export const ScannerOptionsSchema = z
  .object({
    /** `false`: rules only. A string: a model folder. An object: model options. Default: the shipped model. */
    model: z
      .union([
        z.literal(false),
        z.string().min(1),
        ModelOptionsSchema,
        z.custom<ModelScorer>((v) => typeof v === 'object' && v !== null && 'score' in v && 'info' in v, 'a ModelScorer'),
      ])
      .optional(),
    /** Rule packs (objects) added to the built-in ones, or a compiled RuleSet that replaces them. */
    rules: z.union([z.instanceof(RuleSet), z.array(z.unknown())]).optional(),
    thresholds: ThresholdsSchema.optional(),
    /** Texts longer than this many UTF-16 units are classified on their start (default 20,000). */
    maxLength: z.number().int().min(1).max(MAX_LENGTH_LIMIT).optional(),
    /** Fusion combiners (default: the shipped ones). */
    weights: FusionWeightsSchema.optional(),
  })
  .strict();

/** Options of {@link createScanner}. */
export type ScannerOptions = z.input<typeof ScannerOptionsSchema>;
type ParsedOptions = z.output<typeof ScannerOptionsSchema>;

/** An error record of {@link Scanner.classifyBatchSettled}: the bad record's id (when readable) and why. */
export type SettledError = { id: string | null; error: ReturnType<SmuggleScanError['toJSON']> };

/** A configured pipeline. */
export interface Scanner {
  /** Classifies one post. Throws `INVALID_INPUT` for a non-string text. */
  classify(input: PostInput): Promise<ClassificationResult>;
  /** Classifies posts in order; a bad record throws. For a form that never throws, see {@link Scanner.classifyBatchSettled}. */
  classifyBatch(inputs: readonly PostInput[]): Promise<ClassificationResult[]>;
  /** Classifies posts in order; each bad record becomes an error entry, the others are still classified. */
  classifyBatchSettled(inputs: readonly unknown[]): Promise<(ClassificationResult | SettledError)[]>;
  /** Loads the model now (otherwise it loads on first use). Resolves to its info, or null when rules only. */
  ready(): Promise<ModelInfo | null>;
  readonly thresholds: Thresholds;
}

/** The effective thresholds: the options' over the defaults; `remove` below `review` is an error. */
function thresholdsOf(o: ParsedOptions): Thresholds {
  const thresholds: Thresholds = {
    review: o.thresholds?.review ?? DEFAULT_THRESHOLDS.review,
    remove: o.thresholds?.remove ?? DEFAULT_THRESHOLDS.remove,
    labels: o.thresholds?.labels ?? {},
  };
  if (thresholds.remove < thresholds.review) {
    throw new SmuggleScanError('INVALID_OPTIONS', `thresholds.remove (${thresholds.remove}) must be at least thresholds.review (${thresholds.review}).`);
  }
  return thresholds;
}

/** A lazy, shared model load: started on first use; a failed load is reported to every caller and retried on the next call. */
function lazyModel(m: ParsedOptions['model']): () => Promise<ModelScorer | null> {
  let loading: Promise<ModelScorer | null> | undefined;
  return () => {
    if (!loading) {
      if (m === false) loading = Promise.resolve(null);
      else if (m && typeof m === 'object' && 'score' in m) loading = Promise.resolve(m as ModelScorer);
      else loading = loadModel(typeof m === 'string' ? { path: m } : (m as object | undefined) ?? {});
      loading.catch(() => (loading = undefined));
    }
    return loading;
  };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The model's scores as reported (four decimals, like the risk); fusion reads the unrounded ones. */
function rounded(s: ModelScores): ModelScores {
  return { advert: round4(s.advert), labels: Object.fromEntries(LABELS.map((l) => [l, round4(s.labels[l])])) as ModelScores['labels'] };
}

/** One post's result from its prepared form and (when a model ran) the model's scores. */
function finish(p: PreparedPost, model: ModelScorer | null, scores: ModelScores | null, weights: FusionWeights, thresholds: Thresholds): ClassificationResult {
  const empty = p.folded.trim().length === 0;
  const fused = empty
    ? { risk: 0, labels: Object.fromEntries(LABELS.map((l) => [l, 0])) as ClassificationResult['labels'] }
    : fuse(p.analysis, p.language, scores, weights);
  return {
    id: p.id,
    risk: fused.risk,
    decision: decide(fused, thresholds),
    advert: fused.risk >= thresholds.review,
    labels: fused.labels,
    language: p.language,
    evidence: p.analysis.evidence,
    indicators: p.analysis.indicators,
    model: model && scores ? { ...model.info, scores: rounded(scores) } : null,
    truncated: p.truncated,
    version: VERSION,
  };
}

/**
 * Builds a pipeline.
 * @example
 * const scanner = createScanner({ model: false, thresholds: { review: 0.4 } });
 * const r = await scanner.classify({ id: 'p1', text: 'Boat to UK 🇬🇧 3 places left, WhatsApp +44 7700 900123' });
 * r.decision // 'review' or 'remove'
 */
export function createScanner(options: ScannerOptions = {}): Scanner {
  const o = parseOptions(ScannerOptionsSchema, options, 'scanner');
  const thresholds = thresholdsOf(o);
  const rules: RuleSet = o.rules instanceof RuleSet ? o.rules : o.rules ? loadRules(o.rules, { includeBuiltin: true }) : builtinRules();
  const prepareOptions = { rules, maxLength: o.maxLength ?? DEFAULT_MAX_LENGTH };
  const weights: FusionWeights = o.weights ?? DEFAULT_WEIGHTS;
  if (!weights.rules || (o.model !== false && !weights.fused)) {
    throw new SmuggleScanError('INVALID_OPTIONS', `weights.${weights.rules ? 'fused' : 'rules'} is null: these fusion weights cannot score ${weights.rules ? 'with a model' : 'rules only'}. Refit them (npm run fit)${weights.rules ? ' or pass model: false' : ''}.`);
  }
  const getModel = lazyModel(o.model);

  async function run(prepared: PreparedPost[]): Promise<ClassificationResult[]> {
    const model = await getModel();
    const scores = model && prepared.length ? await model.score(prepared.map(modelInput)) : null;
    return prepared.map((p, i) => finish(p, model, scores ? scores[i]! : null, weights, thresholds));
  }

  return {
    thresholds,
    async classify(input) {
      const [r] = await run([prepare(input, prepareOptions)]);
      return r!;
    },
    async classifyBatch(inputs) {
      if (!Array.isArray(inputs)) throw new SmuggleScanError('INVALID_INPUT', 'classifyBatch expects an array of posts.');
      return run(inputs.map((x, i) => prepare(x, prepareOptions, `inputs[${i}]`)));
    },
    async classifyBatchSettled(inputs) {
      if (!Array.isArray(inputs)) throw new SmuggleScanError('INVALID_INPUT', 'classifyBatchSettled expects an array of posts.');
      const slots = inputs.map((x, i): PreparedPost | SettledError => {
        try {
          return prepare(x, prepareOptions, `inputs[${i}]`);
        } catch (e) {
          if (!(e instanceof SmuggleScanError)) throw e;
          return { id: safeId(x), error: e.toJSON() };
        }
      });
      const results = await run(slots.filter((s): s is PreparedPost => !('error' in s)));
      let k = 0;
      return slots.map((s) => ('error' in s ? s : results[k++]!));
    },
    async ready() {
      const m = await getModel();
      return m ? m.info : null;
    },
  };
}
