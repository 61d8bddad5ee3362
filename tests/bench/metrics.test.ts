import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  bestF1,
  binaryReport,
  calibration,
  confusionAt,
  languageIdReport,
  prCurve,
  precisionAtRecall,
  quantile,
  ratios,
  recallAtPrecision,
  rocAuc,
  rocCurve,
  thin,
} from '../../src/bench/metrics.js';
import { SmuggleScanError } from '../../src/errors.js';

/** Float tolerance for hand-computed values. */
const close = (actual: number | null | undefined, expected: number): void => {
  expect(actual).not.toBeNull();
  expect(actual).toBeCloseTo(expected, 9);
};

// The 6-post fixture, no ties. 3 adverts (T), 3 not (F):
//   score  0.9  0.8  0.7  0.6  0.3  0.1
//   truth   T    F    T    T    F    F
const S = [0.9, 0.8, 0.7, 0.6, 0.3, 0.1];
const T = [true, false, true, true, false, false];

describe('the 6-post fixture, computed by hand', () => {
  it('confusion, precision, recall, F1 at 0.5', () => {
    // Flagged (≥ 0.5): 0.9 T, 0.8 F, 0.7 T, 0.6 T → TP 3, FP 1; not flagged: 0.3 F, 0.1 F → TN 2, FN 0.
    const c = confusionAt(S, T, 0.5);
    expect(c).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
    const r = ratios(c);
    close(r.precision, 3 / 4);
    close(r.recall, 1);
    close(r.f1, 6 / 7); // 2·3 / (2·3 + 1 + 0)
    close(r.fpr, 1 / 3);
    close(r.accuracy, 5 / 6);
  });

  it('a threshold is inclusive: a score equal to it is flagged', () => {
    expect(confusionAt(S, T, 0.7)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
  });

  it('PR curve: one point per score, thresholds descending', () => {
    // thr 0.9: TP1 FP0 → P 1,   R 1/3
    // thr 0.8: TP1 FP1 → P 1/2, R 1/3
    // thr 0.7: TP2 FP1 → P 2/3, R 2/3
    // thr 0.6: TP3 FP1 → P 3/4, R 1
    // thr 0.3: TP3 FP2 → P 3/5, R 1
    // thr 0.1: TP3 FP3 → P 1/2, R 1
    const c = prCurve(S, T);
    expect(c.map((p) => p.threshold)).toEqual(S);
    const want = [[1, 1 / 3], [1 / 2, 1 / 3], [2 / 3, 2 / 3], [3 / 4, 1], [3 / 5, 1], [1 / 2, 1]];
    c.forEach((p, i) => {
      close(p.precision, want[i]![0]!);
      close(p.recall, want[i]![1]!);
    });
  });

  it('average precision (PR-AUC) = Σ ΔR·P = 1/3·1 + 0·1/2 + 1/3·2/3 + 1/3·3/4 = 29/36', () => {
    close(averagePrecision(S, T), 29 / 36);
  });

  it('ROC-AUC: 7 of 9 advert/non-advert pairs ranked right', () => {
    // Adverts 0.9, 0.7, 0.6 against non-adverts 0.8, 0.3, 0.1:
    // 0.9 beats all 3; 0.7 beats 0.3 and 0.1; 0.6 beats 0.3 and 0.1 → 7 / 9.
    close(rocAuc(S, T), 7 / 9);
    // From (0, 0), one point per score: 0.9 T → tpr 1/3; 0.8 F → fpr 1/3; 0.7 T → tpr 2/3;
    // 0.6 T → tpr 1; 0.3 F → fpr 2/3; 0.1 F → fpr 1.
    const roc = rocCurve(S, T);
    expect(roc.map((p) => p.threshold)).toEqual([Infinity, ...S]);
    const want = [[0, 0], [0, 1 / 3], [1 / 3, 1 / 3], [1 / 3, 2 / 3], [1 / 3, 1], [2 / 3, 1], [1, 1]];
    roc.forEach((p, i) => {
      close(p.fpr, want[i]![0]!);
      close(p.tpr, want[i]![1]!);
    });
  });

  it('precision at recall ≥ 0.9, recall at precision ≥ 0.95, best F1', () => {
    // Recall 1 at thresholds 0.6 (P 3/4), 0.3 (P 3/5), 0.1 (P 1/2): best is 3/4 at 0.6.
    const p = precisionAtRecall(S, T, 0.9)!;
    close(p.precision, 3 / 4);
    expect(p.threshold).toBe(0.6);
    // Precision ≥ 0.95 only at 0.9 (P 1, R 1/3).
    const r = recallAtPrecision(S, T, 0.95)!;
    close(r.recall, 1 / 3);
    expect(r.threshold).toBe(0.9);
    // F1 per point: 0.5, 0.4, 2/3, 6/7, 3/4, 2/3 → best 6/7 at 0.6.
    const b = bestF1(S, T)!;
    close(b.f1, 6 / 7);
    expect(b.threshold).toBe(0.6);
  });

  it('ECE over 10 bins: every post in its own bin, (0.1 + 0.8 + 0.3 + 0.4 + 0.3 + 0.1) / 6 = 1/3', () => {
    // bin 9: 0.9 T → |1 − 0.9| = 0.1;  bin 8: 0.8 F → |0 − 0.8| = 0.8;  bin 7: 0.7 T → 0.3;
    // bin 6: 0.6 T → 0.4;  bin 3: 0.3 F → 0.3;  bin 1: 0.1 F → 0.1. Each weighs 1/6.
    const c = calibration(S, T);
    close(c.ece, 1 / 3);
    expect(c.bins).toHaveLength(10);
    expect(c.bins.map((b) => b.count)).toEqual([0, 1, 0, 1, 0, 0, 1, 1, 1, 1]);
    expect(c.bins[0]).toEqual({ lo: 0, hi: 0.1, count: 0, meanScore: null, fractionPositive: null });
    expect(c.bins[8]).toMatchObject({ meanScore: 0.8, fractionPositive: 0 });
  });

  it('binaryReport bundles them', () => {
    const r = binaryReport(S, T, 0.5);
    expect(r).toMatchObject({ n: 6, positives: 3, threshold: 0.5, confusion: { tp: 3, fp: 1, tn: 2, fn: 0 } });
    close(r.precision, 3 / 4);
    close(r.recall, 1);
    close(r.f1, 6 / 7);
    close(r.fpr, 1 / 3);
    close(r.accuracy, 5 / 6);
    // Recall ≥ 0.9 first reached at 0.6 (P 3/4, R 1); precision ≥ 0.95 only at 0.9 (P 1, R 1/3, F1 1/2).
    expect(r.precisionAtRecall90).toMatchObject({ threshold: 0.6, recall: 1 });
    close(r.precisionAtRecall90?.precision, 3 / 4);
    close(r.precisionAtRecall90?.f1, 6 / 7);
    expect(r.recallAtPrecision95).toMatchObject({ threshold: 0.9, precision: 1 });
    close(r.recallAtPrecision95?.recall, 1 / 3);
    close(r.recallAtPrecision95?.f1, 1 / 2);
    close(r.prAuc, 29 / 36);
    close(r.rocAuc, 7 / 9);
    close(r.ece, 1 / 3);
    close(r.bestF1?.f1, 6 / 7);
  });
});

// Ties: 2 adverts, 4 not.
//   score  0.8  0.8  0.4  0.4  0.4  0.2
//   truth   T    F    T    F    F    F
const TS = [0.8, 0.8, 0.4, 0.4, 0.4, 0.2];
const TT = [true, false, true, false, false, false];

describe('tied scores move together', () => {
  it('PR curve and AP: thr 0.8 → P 1/2 R 1/2; thr 0.4 → P 2/5 R 1; AP = 1/2·1/2 + 1/2·2/5 = 0.45', () => {
    const c = prCurve(TS, TT);
    expect(c.map((p) => [p.threshold, p.tp, p.fp])).toEqual([[0.8, 1, 1], [0.4, 2, 3], [0.2, 2, 4]]);
    close(averagePrecision(TS, TT), 0.45);
  });

  it('ROC-AUC counts a tie as one half: (3.5 + 2) / 8 = 0.6875', () => {
    // Advert 0.8: ties 0.8 (½), beats 0.4, 0.4, 0.2 → 3.5. Advert 0.4: ties two 0.4s (½ + ½), beats 0.2 → 2.
    close(rocAuc(TS, TT), 5.5 / 8);
  });

  it('ECE with shared bins: (2·0.3 + 3·(0.4 − 1/3) + 1·0.2) / 6 = 1/6', () => {
    // bin 8: {0.8 T, 0.8 F} mean 0.8, adverts 1/2 → gap 0.3; bin 4: {0.4 T, 0.4 F, 0.4 F} mean 0.4,
    // adverts 1/3 → gap 1/15; bin 2: {0.2 F} → gap 0.2.
    close(calibration(TS, TT).ece, 1 / 6);
  });

  it('precision at recall 0.9 picks the best threshold that reaches it', () => {
    const p = precisionAtRecall(TS, TT, 0.9)!;
    expect(p.threshold).toBe(0.4);
    close(p.precision, 2 / 5);
    expect(recallAtPrecision(TS, TT, 0.95)).toBeNull(); // no threshold is that clean
  });
});

describe('undefined cases are null, not invented', () => {
  it('no adverts: PR-AUC, ROC-AUC, recall are null; FPR is defined', () => {
    const s = [0.9, 0.1];
    const t = [false, false];
    expect(averagePrecision(s, t)).toBeNull();
    expect(rocAuc(s, t)).toBeNull();
    expect(prCurve(s, t)).toEqual([]);
    expect(bestF1(s, t)).toBeNull();
    const r = ratios(confusionAt(s, t, 0.5));
    expect(r.recall).toBeNull();
    expect(r.fpr).toBe(0.5);
    expect(r.f1).toBe(0); // one false positive: 0 / (0 + 1 + 0)
  });

  it('only adverts: ROC-AUC is null, AP is defined', () => {
    expect(rocAuc([0.9, 0.2], [true, true])).toBeNull();
    expect(averagePrecision([0.9, 0.2], [true, true])).toBe(1);
  });

  it('nothing flagged: precision is null, F1 is 0 when adverts were missed', () => {
    const r = ratios(confusionAt([0.1, 0.2], [true, false], 0.5));
    expect(r.precision).toBeNull();
    expect(r.recall).toBe(0);
    expect(r.f1).toBe(0);
  });

  it('no posts: everything empty or null', () => {
    expect(calibration([], []).ece).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
    expect(ratios(confusionAt([], [], 0.5))).toEqual({ precision: null, recall: null, f1: null, fpr: null, accuracy: null });
  });

  it('rejects mismatched lengths and non-finite scores with a typed error', () => {
    expect(() => confusionAt([0.1], [true, false], 0.5)).toThrow(SmuggleScanError);
    expect(() => averagePrecision([NaN], [true])).toThrow(/finite/);
    expect(() => calibration([0.1], [true], 0)).toThrow(/bins/);
  });
});

describe('calibration bins', () => {
  it('puts k/10 in bin k and 1 in the last bin', () => {
    const scores = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const c = calibration(scores, scores.map(() => true));
    expect(c.bins.map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
  });
});

describe('quantile, thin, language ID', () => {
  it('quantile interpolates between closest ranks', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([5], 0.99)).toBe(5);
    close(quantile(Array.from({ length: 100 }, (_, i) => i + 1), 0.99), 99.01); // rank 98.01 of 0..99
  });

  it('thin keeps the ends and at most max points', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const t = thin(xs, 300);
    expect(t).toHaveLength(300);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBe(999);
    expect(thin([1, 2], 300)).toEqual([1, 2]);
  });

  it('language ID: accuracy and what each language was taken for', () => {
    const r = languageIdReport(['eng', 'fra', 'und', 'ckb', 'ckb', 'pes'], ['eng', 'fra', 'fra', 'pes', 'pes', 'pes']);
    expect(r).toMatchObject({ n: 6, correct: 3 });
    close(r.accuracy, 0.5);
    expect(r.perLanguage[0]).toEqual({ lang: 'pes', n: 3, correct: 1, accuracy: 1 / 3, confusedWith: [{ lang: 'ckb', count: 2 }] });
    expect(r.perLanguage.find((l) => l.lang === 'fra')!.confusedWith).toEqual([{ lang: 'und', count: 1 }]);
  });
});

describe('properties', () => {
  const data = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 20 }).map((k) => k / 20), fc.boolean()), { minLength: 1, maxLength: 40 })
    .map((xs) => ({ s: xs.map((x) => x[0]), t: xs.map((x) => x[1]) }));

  it('ROC-AUC equals the pairwise count (Mann-Whitney), ties ½', () => {
    fc.assert(
      fc.property(data, ({ s, t }) => {
        const pos = s.filter((_, i) => t[i]);
        const neg = s.filter((_, i) => !t[i]);
        const auc = rocAuc(s, t);
        if (!pos.length || !neg.length) return auc === null;
        let wins = 0;
        for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
        return Math.abs(auc! - wins / (pos.length * neg.length)) < 1e-9;
      }),
    );
  });

  it('rates stay in [0, 1] and the confusion matrix adds up', () => {
    fc.assert(
      fc.property(data, fc.double({ min: 0, max: 1, noNaN: true }), ({ s, t }, th) => {
        const r = binaryReport(s, t, th);
        const c = r.confusion;
        const inUnit = (v: number | null): boolean => v === null || (v >= -1e-12 && v <= 1 + 1e-12);
        return (
          c.tp + c.fp + c.tn + c.fn === s.length &&
          [r.precision, r.recall, r.f1, r.fpr, r.prAuc, r.rocAuc, r.ece].every(inUnit)
        );
      }),
    );
  });

  it('a perfect ranking has AP 1 and ROC-AUC 1', () => {
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
  });
});
