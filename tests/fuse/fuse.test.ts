/**
 * Unit tests of fusion (`fuse`, `decide`) on hand-built rule analyses and model scores: the taxonomy
 * cap on posts without core evidence, the core-evidence bars, rounding, the direction each signal
 * moves the shipped combiners in, and the decision thresholds.
 */
import { describe, expect, it } from 'vitest';
import {
  CORE_MODEL_MIN,
  CORE_RULE_MIN,
  decide,
  DEFAULT_THRESHOLDS,
  DEFAULT_WEIGHTS,
  fuse,
  NO_CORE_CAP,
  type Fused,
  type FusionWeights,
} from '../../src/fuse/index.js';
import type { LogisticModel } from '../../src/fuse/logistic.js';
import type { RuleAnalysis } from '../../src/rules/index.js';
import { CONTEXTS, LABELS, PRIMARY_LABELS, SUPPORTING_LABELS, type Context, type Label } from '../../src/taxonomy.js';
import type { LabelScores, LanguageResult, ModelScores } from '../../src/types.js';

const ENG: LanguageResult = { code: 'eng', confidence: 1, script: 'Latn', reason: 'script' };

/** A rule analysis with nothing found, then the given label and frame scores. */
function analysis(
  labels: Partial<LabelScores> = {},
  contexts: Partial<Record<Context, number>> = {},
  places: string[] = [],
): RuleAnalysis {
  return {
    labels: { ...Object.fromEntries(LABELS.map((l) => [l, 0])), ...labels } as LabelScores,
    contexts: { ...Object.fromEntries(CONTEXTS.map((c) => [c, 0])), ...contexts } as RuleAnalysis['contexts'],
    evidence: [],
    indicators: { phones: [], handles: [], urls: [], prices: [], places, routes: [] },
    structure: { offer: 0, question: 0 },
  };
}

/** Model scores: `advert` for the advert and for every label unless given. */
function model(advert: number, labels: Partial<LabelScores> = {}): ModelScores {
  return { advert, labels: { ...Object.fromEntries(LABELS.map((l) => [l, advert])), ...labels } as LabelScores };
}

/** A logistic model that ignores its features and answers sigmoid(z). */
const constant = (z: number): LogisticModel => ({ weights: [], bias: z, mean: [], std: [] });
const logitOf = (p: number): number => Math.log(p / (1 - p));

/** Combiners that answer `p` for the risk and every label, whatever the post. */
function flat(p: number, coreModelMin?: number): FusionWeights {
  const c = { risk: constant(logitOf(p)), labels: Object.fromEntries(LABELS.map((l) => [l, constant(logitOf(p))])) as Record<Label, LogisticModel> };
  return { fittedOn: 'test', rules: c, fused: c, ...(coreModelMin === undefined ? {} : { coreModelMin }) };
}

describe('fuse: no core evidence, no risk above NO_CORE_CAP', () => {
  it('caps the risk and the core labels, not the supporting labels', () => {
    const f = fuse(analysis({ contact_handoff: 1, payment_terms: 1 }), ENG, null, flat(0.9));
    expect(f.risk).toBe(NO_CORE_CAP);
    for (const l of PRIMARY_LABELS) expect(f.labels[l], l).toBe(NO_CORE_CAP);
    for (const l of SUPPORTING_LABELS) expect(f.labels[l], l).toBe(0.9);
  });

  it('leaves a risk already under the cap as it is', () => {
    expect(fuse(analysis(), ENG, null, flat(0.1)).risk).toBe(0.1);
  });

  it('a core rule at CORE_RULE_MIN is core evidence; just under it is not', () => {
    for (const l of PRIMARY_LABELS) {
      expect(fuse(analysis({ [l]: CORE_RULE_MIN }), ENG, null, flat(0.9)).risk, l).toBe(0.9);
      expect(fuse(analysis({ [l]: CORE_RULE_MIN - 0.001 }), ENG, null, flat(0.9)).risk, l).toBe(NO_CORE_CAP);
    }
  });

  it('supporting signals at full strength with the shipped combiners stay at or under the cap', () => {
    const a = analysis({ contact_handoff: 1, payment_terms: 1 }, { promo: 1 });
    a.indicators.phones.push('+447700900123');
    a.indicators.prices.push({ amount: 1500, currency: 'GBP' });
    expect(fuse(a, ENG, null).risk).toBeLessThanOrEqual(NO_CORE_CAP);
    expect(fuse(a, ENG, model(0.99)).risk).toBeLessThanOrEqual(NO_CORE_CAP);
    expect(decide(fuse(a, ENG, model(0.99)))).toBe('allow');
  });
});

describe('fuse: the model as core evidence', () => {
  const sure = model(0.95);
  it('counts only on text with an advert shape (a weak core word or a place)', () => {
    expect(fuse(analysis({ contact_handoff: 1 }), ENG, sure, flat(0.9, 0.7)).risk).toBe(NO_CORE_CAP);
    expect(fuse(analysis({ crossing_offer: 0.05 }), ENG, sure, flat(0.9, 0.7)).risk).toBe(0.9);
    expect(fuse(analysis({}, {}, ['Calais']), ENG, sure, flat(0.9, 0.7)).risk).toBe(0.9);
  });

  it('needs both the advert and a core label at the bar (weights.coreModelMin, else CORE_MODEL_MIN)', () => {
    const shaped = analysis({}, {}, ['Calais']);
    const bar = 0.7;
    expect(fuse(shaped, ENG, model(bar), flat(0.9, bar)).risk).toBe(0.9);
    expect(fuse(shaped, ENG, model(bar - 0.01), flat(0.9, bar)).risk).toBe(NO_CORE_CAP);
    // Sure of the advert, but only of supporting labels: not core evidence.
    const supportOnly = model(0.99, Object.fromEntries(PRIMARY_LABELS.map((l) => [l, 0.1])));
    expect(fuse(shaped, ENG, supportOnly, flat(0.9, bar)).risk).toBe(NO_CORE_CAP);
    // Sure of a core label, unsure of the advert.
    expect(fuse(shaped, ENG, model(0.3, { testimonial: 0.99 }), flat(0.9, bar)).risk).toBe(NO_CORE_CAP);
    // Without coreModelMin the bar is CORE_MODEL_MIN.
    expect(fuse(shaped, ENG, model(CORE_MODEL_MIN), flat(0.9)).risk).toBe(0.9);
    expect(fuse(shaped, ENG, model(CORE_MODEL_MIN - 0.01), flat(0.9)).risk).toBe(NO_CORE_CAP);
  });

  // A fitted value: a refit (npm run fit) that picks another bar updates this line.
  it('the shipped weights carry the bar npm run fit chose (0.5)', () => {
    expect(DEFAULT_WEIGHTS.coreModelMin).toBe(0.5);
    const shaped = analysis({}, {}, ['Calais']);
    expect(fuse(shaped, ENG, model(0.5), flat(0.9, DEFAULT_WEIGHTS.coreModelMin)).risk).toBe(0.9);
  });
});

describe('fuse: output', () => {
  it('rounds to 4 decimals, keeps every label, and clamps non-finite combiner output to 0', () => {
    const f = fuse(analysis({ crossing_offer: 1 }), ENG, null, flat(1 / (1 + Math.exp(-1))));
    expect(f.risk).toBe(0.7311);
    expect(Object.keys(f.labels)).toEqual([...LABELS]);
    const nan: FusionWeights = { ...flat(0.5), rules: { risk: constant(Number.NaN), labels: flat(0.5).rules!.labels } };
    expect(fuse(analysis({ crossing_offer: 1 }), ENG, null, nan).risk).toBe(0);
  });

  it('uses the rules combiner without a model and the fused one with it', () => {
    const w: FusionWeights = { ...flat(0.6), fused: flat(0.8).fused };
    const a = analysis({ crossing_offer: 1 });
    expect(fuse(a, ENG, null, w).risk).toBe(0.6);
    expect(fuse(a, ENG, model(0.1), w).risk).toBe(0.8);
  });

  it('the shipped combiners: nothing found is allow, a strong crossing offer with contact and price is remove', () => {
    expect(decide(fuse(analysis(), ENG, null))).toBe('allow');
    expect(decide(fuse(analysis(), ENG, model(0.01)))).toBe('allow');
    const offer = analysis({ crossing_offer: 0.95, contact_handoff: 0.9, payment_terms: 0.9 }, { promo: 0.6 }, ['Calais', 'United Kingdom']);
    offer.indicators.phones.push('+447700900123');
    offer.indicators.prices.push({ amount: 1500, currency: 'GBP' });
    offer.indicators.routes.push('Calais→United Kingdom');
    offer.structure.offer = 1;
    expect(decide(fuse(offer, ENG, null))).toBe('remove');
    expect(decide(fuse(offer, ENG, model(0.98)))).toBe('remove');
  });
});

describe('fuse: direction of each signal under the shipped combiners', () => {
  const steps = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
  const nonDecreasing = (xs: number[]): void => {
    for (let i = 1; i < xs.length; i++) expect(xs[i]!, xs.join(' ')).toBeGreaterThanOrEqual(xs[i - 1]!);
  };

  it('rules only: the risk rises with every core rule score (no negative frame)', () => {
    for (const l of PRIMARY_LABELS) {
      const risks = steps.map((v) => fuse(analysis({ [l]: v, contact_handoff: 0.5 }), ENG, null).risk);
      nonDecreasing(risks);
      expect(risks.at(-1)!, l).toBeGreaterThan(risks[0]!);
    }
  });

  it('rules only: each core label score rises with its own rule', () => {
    for (const l of PRIMARY_LABELS) nonDecreasing(steps.map((v) => fuse(analysis({ [l]: v }), ENG, null).labels[l]));
  });

  it('with the model: the risk rises with every core rule score and with the model advert score', () => {
    for (const l of PRIMARY_LABELS) {
      const risks = steps.map((v) => fuse(analysis({ [l]: v }), ENG, model(0.6)).risk);
      nonDecreasing(risks);
      expect(risks.at(-1)!, l).toBeGreaterThan(risks[0]!);
    }
    const byModel = steps.map((v) => fuse(analysis({ crossing_offer: 0.6 }), ENG, model(v)).risk);
    nonDecreasing(byModel);
    expect(byModel.at(-1)!).toBeGreaterThan(byModel[0]!);
  });

  it('a news-report frame lowers the risk of a crossing offer, rules only and with the model', () => {
    const a = analysis({ crossing_offer: 0.9, contact_handoff: 0.6 });
    const framed = analysis({ crossing_offer: 0.9, contact_handoff: 0.6 }, { report: 0.9 });
    expect(fuse(framed, ENG, null).risk).toBeLessThan(fuse(a, ENG, null).risk);
    expect(fuse(framed, ENG, model(0.9)).risk).toBeLessThan(fuse(a, ENG, model(0.9)).risk);
  });
});

describe('decide', () => {
  const scores = (risk: number, labels: Partial<LabelScores> = {}): Fused => ({
    risk,
    labels: { ...Object.fromEntries(LABELS.map((l) => [l, 0])), ...labels } as LabelScores,
  });

  it('default thresholds: review at 0.5, remove at 0.8, both inclusive', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ review: 0.5, remove: 0.8, labels: {} });
    expect([0, 0.4999, 0.5, 0.7999, 0.8, 1].map((r) => decide(scores(r)))).toEqual(['allow', 'allow', 'review', 'review', 'remove', 'remove']);
  });

  it('custom review and remove thresholds', () => {
    const t = { review: 0.3, remove: 0.6, labels: {} };
    expect([0.29, 0.3, 0.59, 0.6].map((r) => decide(scores(r), t))).toEqual(['allow', 'review', 'review', 'remove']);
  });

  it('a label at or above its own threshold sends a low-risk post to review, never to remove', () => {
    const t = { ...DEFAULT_THRESHOLDS, labels: { fake_documents: 0.3 } };
    expect(decide(scores(0.1, { fake_documents: 0.3 }), t)).toBe('review');
    expect(decide(scores(0.1, { fake_documents: 0.29 }), t)).toBe('allow');
    expect(decide(scores(0.1, { fake_documents: 1 }), t)).toBe('review');
    // Another label's score does not count against this label's threshold.
    expect(decide(scores(0.1, { crossing_offer: 1 }), t)).toBe('allow');
    // The risk thresholds still decide first.
    expect(decide(scores(0.85, { fake_documents: 0 }), t)).toBe('remove');
  });

  it('every label has its own threshold; an undefined one is ignored', () => {
    for (const l of LABELS) {
      const t = { ...DEFAULT_THRESHOLDS, labels: { [l]: 0.4 } };
      expect(decide(scores(0, { [l]: 0.4 }), t), l).toBe('review');
      expect(decide(scores(0, { [l]: 0.39 }), t), l).toBe('allow');
    }
    expect(decide(scores(0, { crossing_offer: 1 }), { ...DEFAULT_THRESHOLDS, labels: { crossing_offer: undefined } })).toBe('allow');
  });
});
