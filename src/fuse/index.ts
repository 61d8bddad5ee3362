/**
 * Stage 5: fusion. Turns rule evidence, frame strengths, indicators and (when present) the model's
 * scores into calibrated per-label scores and one advert risk, then a decision.
 *
 * The combiners are small logistic regressions fitted by `npm run fit` (models/train/fit-fusion.ts):
 * the rules-only combiner on the train and dev splits (the rules are hand-written, not fitted), the
 * fused combiner on the dev split only (the model has seen train). The test split is never used.
 * @module
 */
import { z } from 'zod';
import { SmuggleScanError } from '../errors.js';
import { CONTEXTS, DECISIONS, LABELS, PRIMARY_LABELS, SUPPORTING_LABELS, type Decision, type Label } from '../taxonomy.js';
import type { LabelScores, LanguageResult, ModelScores } from '../types.js';

export type { ModelScores } from '../types.js';
import type { RuleAnalysis } from '../rules/index.js';
import { logit, predict, type LogisticModel } from './logistic.js';
import fitted from './weights.json';

export { predict, sigmoid, logit, type LogisticModel } from './logistic.js';


const LogisticModelSchema = z.object({ weights: z.array(z.number()), bias: z.number(), mean: z.array(z.number()), std: z.array(z.number()) });
const CombinerSchema = z.object({ risk: LogisticModelSchema, labels: z.object(Object.fromEntries(LABELS.map((l) => [l, LogisticModelSchema])) as Record<Label, typeof LogisticModelSchema>) });

/** The shape of {@link FusionWeights} (the scanner's `weights` option and src/fuse/weights.json). */
export const FusionWeightsSchema = z.object({
  fittedOn: z.string(),
  rules: CombinerSchema.nullable(),
  fused: CombinerSchema.nullable(),
  coreModelMin: z.number().min(0).max(1.01).optional(),
});

/** Fitted combiners: for rules only, and for rules + model. */
export interface FusionWeights {
  /** What the combiners were fitted on (data hash, split, date). */
  fittedOn: string;
  rules: { risk: LogisticModel; labels: Record<Label, LogisticModel> } | null;
  fused: { risk: LogisticModel; labels: Record<Label, LogisticModel> } | null;
  /**
   * How sure the model must be, of the advert and of a core label, to count as core evidence on its
   * own (see {@link hasCoreEvidence}); chosen by `npm run fit` on the dev split and the open-world
   * negatives. Default {@link CORE_MODEL_MIN}.
   */
  coreModelMin?: number;
}

/** The shipped combiners. */
export const DEFAULT_WEIGHTS = fitted as unknown as FusionWeights;

/** The frames that argue against an advert: every context but `promo`. */
const NEGATIVE_FRAMES = CONTEXTS.filter((c) => c !== 'promo');

function noisyOr(xs: number[]): number {
  return 1 - xs.reduce((a, x) => a * (1 - x), 1);
}

/** Summary signals of a rule analysis, shared by both combiners. */
function summary(a: RuleAnalysis): { primary: number; support: number; negative: number; promo: number } {
  return {
    primary: noisyOr(PRIMARY_LABELS.map((l) => a.labels[l])),
    support: noisyOr(SUPPORTING_LABELS.map((l) => a.labels[l])),
    negative: Math.max(...NEGATIVE_FRAMES.map((c) => a.contexts[c])),
    promo: a.contexts.promo,
  };
}

/**
 * The feature vector of the advert-risk combiner, rules part: label scores, frame strengths, then
 * summary signals, their interactions, indicators present, undetermined language and structure.
 */
export function ruleFeatures(a: RuleAnalysis, language: LanguageResult): number[] {
  const s = summary(a);
  const i = a.indicators;
  return [
    ...LABELS.map((l) => a.labels[l]),
    ...CONTEXTS.map((c) => a.contexts[c]),
    s.primary,
    s.support,
    s.primary * s.support,
    s.primary * s.negative,
    s.primary * s.promo,
    i.phones.length || i.handles.length ? 1 : 0,
    i.prices.length ? 1 : 0,
    i.routes.length ? 1 : 0,
    language.code === 'und' ? 1 : 0,
    a.structure.offer,
    a.structure.question,
    a.structure.offer * s.negative,
  ];
}

/** Features of one label's combiner. */
function labelFeatures(a: RuleAnalysis, label: Label, model: ModelScores | null): number[] {
  const s = summary(a);
  const base = [a.labels[label], s.negative, s.promo, s.primary, s.support];
  return model ? [...base, logit(model.labels[label]), logit(model.advert)] : base;
}

/** Fused features: the rule features followed by the model's logits (labels, then advert). */
export function fusedFeatures(a: RuleAnalysis, language: LanguageResult, model: ModelScores): number[] {
  return [...ruleFeatures(a, language), ...LABELS.map((l) => logit(model.labels[l])), logit(model.advert)];
}

/** Features for each label's combiner, exported for the fitting script. */
export { labelFeatures };

/**
 * The taxonomy's rule, as structure: `contact_handoff` and `payment_terms` are supporting signals
 * and never make a post an advert on their own. A post's risk may rise above {@link NO_CORE_CAP}
 * only with evidence of a core label (crossing, documents, referral, testimonial, equipment): a
 * rule of a core label at least {@link CORE_RULE_MIN} strong, or the model sure of a core label
 * and of the advert ({@link CORE_MODEL_MIN}). A plumber's WhatsApp number, a flat's price or a
 * line of junk stays `allow`, whatever the combiners make of it.
 */
export const CORE_RULE_MIN = 0.2;
/** See {@link CORE_RULE_MIN}: the model's core-label and advert probabilities must both reach this. */
export const CORE_MODEL_MIN = 0.7;
/** The most risk a post without core evidence can get (below the default review threshold, 0.5). */
export const NO_CORE_CAP = 0.25;

/**
 * Whether a post has evidence of a core label, from the rules or the model.
 * @example hasCoreEvidence(analysis, null) // false for 'Plumber, WhatsApp +44 7700 900123'
 */
export function hasCoreEvidence(a: RuleAnalysis, model: ModelScores | null, modelMin = CORE_MODEL_MIN): boolean {
  if (PRIMARY_LABELS.some((l) => a.labels[l] >= CORE_RULE_MIN)) return true;
  if (model === null || model.advert < modelMin || !PRIMARY_LABELS.some((l) => model.labels[l] >= modelMin)) return false;
  return hasAdvertShape(a);
}

/**
 * Whether the rules saw anything an advert is made of beyond a way to pay or get in touch: a word
 * of a core label (even a weak one), or a place. The model's word alone is not enough on text
 * with none of these (a proverb, a software message): a small model trained on adverts is sure of
 * itself on text unlike anything it has seen.
 * @example hasAdvertShape(analyzeRules(normalize('Seattle is so wet...'), 'eng', rules)) // false
 */
export function hasAdvertShape(a: RuleAnalysis): boolean {
  // Contact and price are not part of the shape: they are the taxonomy's supporting signals, and a
  // plumber's price and WhatsApp number must not let the model's word through. Nor are promotional
  // phrases ("this week", "places left"): services and shops use them too.
  return PRIMARY_LABELS.some((l) => a.labels[l] > 0) || a.indicators.places.length > 0;
}

/** Fused scores for one post. */
export interface Fused {
  risk: number;
  labels: LabelScores;
}

/**
 * Combines the stages' outputs into calibrated scores.
 * @example fuse(analysis, language, null).risk // in [0, 1]
 */
export function fuse(
  a: RuleAnalysis,
  language: LanguageResult,
  model: ModelScores | null,
  weights: FusionWeights = DEFAULT_WEIGHTS,
): Fused {
  const combiner = model ? weights.fused : weights.rules;
  if (!combiner) {
    throw new SmuggleScanError('INVALID_OPTIONS', `weights.${model ? 'fused' : 'rules'} is null: these fusion weights have no combiner for ${model ? 'rules + model' : 'rules only'}. Refit with \`npm run fit\`${model ? ', or run rules only (model: false)' : ''}.`);
  }
  const x = model ? fusedFeatures(a, language, model) : ruleFeatures(a, language);
  let risk = predict(combiner.risk, x);
  const labels = {} as LabelScores;
  for (const l of LABELS) labels[l] = predict(combiner.labels[l], labelFeatures(a, l, model));
  if (!hasCoreEvidence(a, model, weights.coreModelMin ?? CORE_MODEL_MIN)) {
    risk = Math.min(risk, NO_CORE_CAP);
    for (const l of PRIMARY_LABELS) labels[l] = Math.min(labels[l], NO_CORE_CAP);
  }
  const clamp = (v: number): number => (Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 1e4) / 1e4 : 0);
  for (const l of LABELS) labels[l] = clamp(labels[l]);
  return { risk: clamp(risk), labels };
}

/** Decision thresholds. `review` is the advert boundary. */
export interface Thresholds {
  /** Risk at or above which a post is an advert and goes to review (default 0.5). */
  review: number;
  /** Risk at or above which a post is removed (default 0.8). */
  remove: number;
  /** Per-label thresholds: a label scoring at or above its threshold sends the post to review at least. */
  labels: Partial<Record<Label, number>>;
}

/** Default thresholds. */
export const DEFAULT_THRESHOLDS: Thresholds = { review: 0.5, remove: 0.8, labels: {} };

/**
 * The decision for fused scores.
 * @example decide({ risk: 0.9, labels }, DEFAULT_THRESHOLDS) // 'remove'
 */
export function decide(f: Fused, t: Thresholds = DEFAULT_THRESHOLDS): Decision {
  if (f.risk >= t.remove) return 'remove';
  if (f.risk >= t.review) return 'review';
  for (const [label, th] of Object.entries(t.labels)) {
    if (th !== undefined && f.labels[label as Label] >= th) return 'review';
  }
  return DECISIONS[0];
}
