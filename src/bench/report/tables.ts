/**
 * The report's tables as plain strings, built once from {@link BenchMetrics} and shared by the
 * Markdown and HTML renderers (and the ablation rows by the CLI headline).
 * @module
 */
import { SYSTEM_INFO, type SystemId } from '../evaluate.js';
import type { BenchMetrics, OrdinaryFlags, PrevalenceFigures, SystemMetrics } from '../schema.js';
import { f3, f4, mb, ms, op, p10k, pct, prevalenceName, rate } from './format.js';

/** A table: column heads and rows of cells. */
export interface Table {
  head: string[];
  rows: string[][];
}

/** One row of the ablation table: the cells, in {@link HEADLINE_COLUMNS} order. */
export function headlineCells(s: SystemMetrics): string[] {
  const x = s.metrics;
  if (!x) return [s.name, `skipped: ${s.skipped ?? 'not run'}`];
  return [
    s.name,
    f3(x.precision),
    f3(x.recall),
    f3(x.f1),
    f3(x.prAuc),
    f3(x.rocAuc),
    op(x.precisionAtRecall90, 'precision'),
    op(x.recallAtPrecision95, 'recall'),
    x.bestF1 ? `${x.bestF1.f1.toFixed(3)} @${x.bestF1.threshold.toFixed(2)}` : '—',
    f3(x.hardNegativeFpr),
    f3(x.ece),
    rate(s.postsPerSec),
  ];
}

/**
 * Column heads of the ablation table.
 * @example HEADLINE_COLUMNS[3] // 'F1'
 */
export const HEADLINE_COLUMNS = ['system', 'precision', 'recall', 'F1', 'PR-AUC', 'ROC-AUC', 'P@R≥0.9', 'R@P≥0.95', 'best F1 @thr', 'hard-neg FPR', 'ECE', 'posts/s'] as const;

/** The systems that have metrics (were not skipped), in report order. */
export function systemsRan(m: BenchMetrics): SystemId[] {
  return m.systems.filter((s) => s.metrics).map((s) => s.id);
}

/** Systems that have figures in the ordinary-post groups, in report order. */
function flagSystems(m: BenchMetrics): SystemId[] {
  return systemsRan(m).filter((s) => m.ordinary?.overall.systems[s]);
}

/** A table of flags per 10,000 ordinary posts: for each system, flags, per 10k and its 95 % interval. */
function flagsTable(m: BenchMetrics, first: string, groups: OrdinaryFlags['perLanguage']): Table {
  const ran = flagSystems(m);
  return {
    head: [first, 'posts', ...ran.flatMap((s) => [`${SYSTEM_INFO[s].name} flagged`, 'per 10k', '95% CI per 10k'])],
    rows: groups.map((g) => [
      g.key,
      String(g.n),
      ...ran.flatMap((s) => {
        const x = g.systems[s];
        return x ? [String(x.flagged), p10k(x.per10k), x.ci95Per10k ? `${p10k(x.ci95Per10k[0])}–${p10k(x.ci95Per10k[1])}` : '—'] : ['—', '—', '—'];
      }),
    ]),
  };
}

/** Recall and the two false-positive rates per system. */
function prevalenceRatesTable(p: PrevalenceFigures, ran: SystemId[]): Table {
  return {
    head: ['system', 'recall (adverts)', 'FPR ordinary posts', 'FPR all negatives'],
    rows: ran.filter((s) => p.systems[s]).map((s) => [SYSTEM_INFO[s].name, f3(p.systems[s]!.recall), f4(p.systems[s]!.fprOrdinary), f4(p.systems[s]!.fprNegatives)]),
  };
}

/** Expected precision per prevalence and system, with each FPR. */
function prevalenceTable(p: PrevalenceFigures, ran: SystemId[]): Table {
  const sys = ran.filter((s) => p.systems[s]);
  return {
    head: ['prevalence', ...sys.flatMap((s) => [`${SYSTEM_INFO[s].name} precision (FPR ordinary)`, 'precision (FPR all negatives)'])],
    rows: p.rows.map((r) => [`${prevalenceName(r.prevalence)} (${r.prevalence})`, ...sys.flatMap((s) => [f3(r.systems[s]?.ordinary), f3(r.systems[s]?.negatives)])]),
  };
}

function kindCell(row: NonNullable<BenchMetrics['perKind']>[number], s: SystemId): string {
  const v = row.systems[s];
  if (!v) return '—';
  const parts: string[] = [];
  if (row.positives) parts.push(`recall ${f3(v.recall)}`);
  if (row.n > row.positives) parts.push(`FPR ${f3(v.fpr)}`);
  return parts.join(' · ');
}

/** Every table of the report; null where the data has nothing to show. */
export interface Tables {
  ablation: Table;
  confusion: Table;
  perLabel: Table | null;
  perLanguage: Table;
  perKind: Table | null;
  calibration: Table;
  languageId: Table | null;
  cost: Table;
  ordinaryStratum: Table | null;
  ordinaryLanguage: Table | null;
  ordinarySource: Table | null;
  prevalenceRates: Table | null;
  prevalence: Table | null;
}

/** Builds every table of the report from the metrics. */
export function tables(m: BenchMetrics): Tables {
  const ran = systemsRan(m);
  const names = ran.map((s) => SYSTEM_INFO[s].name);
  const o = m.ordinary;
  return {
    ordinaryStratum: o ? flagsTable(m, 'stratum', [o.overall, ...o.perStratum]) : null,
    ordinaryLanguage: o ? flagsTable(m, m.perLanguage.source === 'gold' ? 'language' : 'detected language', o.perLanguage) : null,
    ordinarySource: o?.perSource ? flagsTable(m, 'source', o.perSource) : null,
    prevalenceRates: m.prevalence ? prevalenceRatesTable(m.prevalence, ran) : null,
    prevalence: m.prevalence ? prevalenceTable(m.prevalence, ran) : null,
    // A skipped system's row has two cells; the renderers span the second over the rest.
    ablation: { head: [...HEADLINE_COLUMNS], rows: m.systems.map(headlineCells) },
    confusion: {
      head: ['system', 'TP', 'FP', 'TN', 'FN', 'FPR', 'accuracy'],
      rows: m.systems.flatMap((s) => (s.metrics ? [[s.name, String(s.metrics.confusion.tp), String(s.metrics.confusion.fp), String(s.metrics.confusion.tn), String(s.metrics.confusion.fn), f3(s.metrics.fpr), f3(s.metrics.accuracy)]] : [])),
    },
    perLabel: m.perLabel
      ? {
          head: ['label', 'support', 'threshold', ...ran.filter((s) => m.perLabel!.some((l) => l.systems[s])).flatMap((s) => [`${SYSTEM_INFO[s].name} P`, 'R', 'F1', 'PR-AUC'])],
          rows: m.perLabel.map((l) => [
            l.label,
            String(l.support),
            String(l.threshold),
            ...ran.filter((s) => m.perLabel!.some((x) => x.systems[s])).flatMap((s) => [f3(l.systems[s]?.precision), f3(l.systems[s]?.recall), f3(l.systems[s]?.f1), f3(l.systems[s]?.prAuc)]),
          ]),
        }
      : null,
    perLanguage: {
      head: [m.perLanguage.source === 'gold' ? 'language' : 'detected language', 'posts', 'adverts', 'fused P', 'fused R', 'fused F1', 'fused FPR', ...names.slice(1).map((n) => `${n} F1`)],
      rows: m.perLanguage.rows.map((r) => [
        r.lang,
        String(r.n),
        String(r.positives),
        f3(r.systems.fused?.precision),
        f3(r.systems.fused?.recall),
        f3(r.systems.fused?.f1),
        f3(r.systems.fused?.fpr),
        ...ran.slice(1).map((s) => f3(r.systems[s]?.f1)),
      ]),
    },
    perKind: m.perKind
      ? {
          head: ['kind', 'posts', 'adverts', 'hard negative', ...names],
          rows: m.perKind.map((k) => [k.kind, String(k.n), String(k.positives), k.hardNegative ? 'yes' : '', ...ran.map((s) => kindCell(k, s))]),
        }
      : null,
    calibration: {
      head: ['bin', ...m.calibration.flatMap((c) => [`${SYSTEM_INFO[c.system].name} n`, 'mean score', 'adverts'])],
      rows: (m.calibration[0]?.bins ?? []).map((b, i) => [
        `${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`,
        ...m.calibration.flatMap((c) => [String(c.bins[i]!.count), f3(c.bins[i]!.meanScore), f3(c.bins[i]!.fractionPositive)]),
      ]),
    },
    languageId: m.languageId
      ? {
          head: ['language', 'posts', 'identified', 'accuracy', 'mistaken for'],
          rows: m.languageId.perLanguage.map((l) => [l.lang, String(l.n), String(l.correct), pct(l.accuracy), l.confusedWith.map((c) => `${c.lang} ×${c.count}`).join(', ') || '—']),
        }
      : null,
    cost: {
      head: ['measure', 'value'],
      rows: [
        ['posts', String(m.cost.posts)],
        ['default pipeline, batched', `${rate(m.cost.postsPerSec)} posts/s`],
        ...m.systems.filter((s) => s.id !== 'fused' && s.postsPerSec !== null).map((s) => [`${s.name}, batched`, `${rate(s.postsPerSec)} posts/s`]),
        [`single-post latency p50 (n=${m.cost.latencyMs.n})`, ms(m.cost.latencyMs.p50)],
        ['single-post latency p99', ms(m.cost.latencyMs.p99)],
        ['single-post latency mean', ms(m.cost.latencyMs.mean)],
        ['peak RSS', mb(m.cost.peakRssBytes)],
        ['model load', m.cost.modelLoadMs === null ? '— (no model)' : ms(m.cost.modelLoadMs)],
      ],
    },
  };
}
