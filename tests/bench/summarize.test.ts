import { describe, expect, it } from 'vitest';
import { BenchMetricsSchema } from '../../src/bench/schema.js';
import { summarize } from '../../src/bench/summarize.js';
import { ev, meta } from './six-posts.js';

describe('summarize', () => {
  const m = summarize(ev, meta);

  it('produces metrics.json that matches its schema', () => {
    expect(BenchMetricsSchema.parse(m)).toEqual(m);
    expect(m.data).toMatchObject({ rowsRead: 7, used: 6, badRows: 1, positives: 3, negatives: 3 });
  });

  it('ablation: fused at 0.5 has TP 2, FP 2, FN 1; hard-negative FPR counts news and warning only', () => {
    const f = m.systems[0]!.metrics!;
    expect(f.confusion).toEqual({ tp: 2, fp: 2, tn: 1, fn: 1 });
    expect(f.precision).toBe(0.5);
    expect(f.hardNegativeFpr).toBe(1); // posts 2 (0.8) and 6 (0.6) are both flagged
    const r = m.systems[1]!.metrics!;
    expect(r.confusion).toEqual({ tp: 3, fp: 0, tn: 3, fn: 0 });
    expect(r.hardNegativeFpr).toBe(0);
    expect(m.systems[2]).toMatchObject({ id: 'model', skipped: 'no model', metrics: null, postsPerSec: null });
    expect(m.systems[0]!.postsPerSec).toBe(12); // 6 posts in 0.5 s
    expect(m.systems[0]!.description).toMatch(/same scores as rules only/);
  });

  it('per kind: recall on adverts, FPR on negatives, hard negatives marked', () => {
    expect(m.perKind!.map((k) => [k.kind, k.n, k.positives, k.hardNegative])).toEqual([
      ['advert', 3, 3, false],
      ['news', 1, 0, true],
      ['warning', 1, 0, true],
      ['chatter', 1, 0, false],
    ]);
    expect(m.perKind![0]!.systems.fused).toEqual({ recall: 0.666667, fpr: null });
    expect(m.perKind![1]!.systems.fused).toEqual({ recall: null, fpr: 1 });
    expect(m.perKind![3]!.systems.fused).toEqual({ recall: null, fpr: 0 });
  });

  it('per language by the gold column, with support', () => {
    const eng = m.perLanguage.rows.find((r) => r.lang === 'eng')!;
    expect(m.perLanguage.source).toBe('gold');
    expect(eng).toMatchObject({ n: 3, positives: 1 });
    expect(eng.systems.fused).toEqual({ precision: 0.333333, recall: 1, f1: 0.5, fpr: 1 });
    const fra = m.perLanguage.rows.find((r) => r.lang === 'fra')!;
    expect(fra.systems.fused).toEqual({ precision: 1, recall: 0.5, f1: 0.666667, fpr: 0 });
  });

  it('per label at 0.5', () => {
    const co = m.perLabel!.find((l) => l.label === 'crossing_offer')!;
    expect(co.support).toBe(3);
    expect(co.systems.fused).toMatchObject({ precision: 1, recall: 0.666667 });
    expect(co.systems.rules).toBeUndefined(); // no label scores for rules in this evaluation
  });

  it('language ID against the gold column', () => {
    expect(m.languageId).toMatchObject({ n: 6, correct: 5, accuracy: 0.833333 });
    expect(m.languageId!.perLanguage.find((l) => l.lang === 'fra')!.confusedWith).toEqual([{ lang: 'ita', count: 1 }]);
  });

  it('error analysis: worst false positives by risk, false negatives lowest first, with evidence', () => {
    expect(m.errors.falsePositives.map((e) => e.id)).toEqual(['p2', 'p6']);
    expect(m.errors.falseNegatives.map((e) => e.id)).toEqual(['p4']);
    expect(m.errors.falseNegatives[0]).toMatchObject({ risk: 0.3, lang: 'fra', detectedLang: 'ita', goldLabels: ['crossing_offer'], evidence: [{ rule: 'eng:test', text: 'boat' }] });
  });

  it('calibration, curves and cost', () => {
    expect(m.calibration.map((c) => c.system)).toEqual(['fused', 'rules', 'baseline']);
    // Fused, 10 bins: 0.9 T gap 0.1; 0.8 F gap 0.8; 0.7 T gap 0.3; {0.3 T, 0.3 F} gap |0.5 − 0.3| = 0.2
    // twice; 0.6 F gap 0.6 → (0.1 + 0.8 + 0.3 + 2·0.2 + 0.6) / 6 = 2.2 / 6.
    expect(m.calibration[0]!.ece).toBe(0.366667);
    expect(m.calibration[0]!.bins[3]).toEqual({ lo: 0.3, hi: 0.4, count: 2, meanScore: 0.3, fractionPositive: 0.5 });
    expect(m.curves.pr[0]!.points[0]).toEqual({ threshold: 0.9, precision: 1, recall: 0.333333 });
    // Latencies 1, 2, 3, 4 ms: p99 at rank 0.99·3 = 2.97, 3 + 0.97·(4 − 3) = 3.97.
    expect(m.cost).toEqual({ posts: 6, postsPerSec: 12, latencyMs: { n: 4, p50: 2.5, p99: 3.97, mean: 2.5 }, peakRssBytes: 100 * 1024 * 1024, modelLoadMs: null });
    expect(m.notes.join('\n')).toMatch(/1 row\(s\) could not be used/);
  });

  it('without a language column, groups by the detected language', () => {
    const m2 = summarize(ev, { ...meta, columns: { ...meta.columns, lang: false, kind: false } });
    expect(m2.perLanguage.source).toBe('detected');
    expect(m2.perLanguage.rows.map((r) => r.lang).sort()).toEqual(['eng', 'fra', 'ita']);
    expect(m2.languageId).toBeNull();
    expect(m2.perKind).toBeNull();
    expect(m2.systems[0]!.metrics!.hardNegativeFpr).toBeNull();
  });
});
