/**
 * Figures per group of posts: per label, per language, per kind, and language identification.
 * @module
 */
import { EVERYDAY_KINDS, HARD_NEGATIVE_KINDS, LABELS } from '../../taxonomy.js';
import { averagePrecision, confusionAt, languageIdReport, ratios } from '../metrics.js';
import type { BenchMetrics } from '../schema.js';
import { groupIndices, isHard, pick, type SummaryContext } from './context.js';

/** Precision, recall, F1 and PR-AUC per label, for the systems with label scores; null without a labels column. */
export function perLabelFigures(c: SummaryContext): BenchMetrics['perLabel'] {
  const { ev, meta, ran, labelThreshold } = c;
  return meta.columns.labels
    ? LABELS.map((label) => {
        const gold = ev.records.map((r) => (r.labels ?? []).includes(label));
        const th = labelThreshold(label);
        const bySystem: NonNullable<BenchMetrics['perLabel']>[number]['systems'] = {};
        for (const s of ran) {
          if (!s.labelScores) continue;
          const scores = s.labelScores[label];
          const r = ratios(confusionAt(scores, gold, th));
          bySystem[s.id] = { precision: r.precision, recall: r.recall, f1: r.f1, prAuc: averagePrecision(scores, gold) };
        }
        return { label, support: gold.filter(Boolean).length, threshold: th, systems: bySystem };
      })
    : null;
}

/** The language of each record: its gold language (`(none)` when missing) with a language column, else the detected one. */
export function languageKeys(c: SummaryContext): string[] {
  return c.meta.columns.lang ? c.ev.records.map((r) => r.lang ?? '(none)') : c.ev.fused.map((r) => r.language.code);
}

/** Precision, recall, F1 and FPR per language, most posts first. */
export function perLanguageFigures(c: SummaryContext, langKeys: readonly string[]): BenchMetrics['perLanguage'] {
  const { truths, ran, threshold } = c;
  const rows = [...groupIndices(langKeys).entries()]
    .map(([lang, idx]) => {
      const t = pick(truths, idx);
      const bySystem: BenchMetrics['perLanguage']['rows'][number]['systems'] = {};
      for (const s of ran) {
        const r = ratios(confusionAt(pick(s.scores, idx), t, threshold));
        bySystem[s.id] = { precision: r.precision, recall: r.recall, f1: r.f1, fpr: r.fpr };
      }
      return { lang, n: idx.length, positives: t.filter(Boolean).length, systems: bySystem };
    })
    .sort((a, b) => b.n - a.n || a.lang.localeCompare(b.lang));
  return { source: c.meta.columns.lang ? 'gold' : 'detected', rows };
}

/** Recall and FPR per kind, known kinds in taxonomy order; null without a kind column. */
export function perKindFigures(c: SummaryContext): BenchMetrics['perKind'] {
  const { ev, meta, truths, ran, threshold } = c;
  return meta.columns.kind
    ? [...groupIndices(ev.records.map((r) => r.kind ?? '(none)')).entries()]
        .map(([kind, idx]) => {
          const t = pick(truths, idx);
          const bySystem: NonNullable<BenchMetrics['perKind']>[number]['systems'] = {};
          for (const s of ran) {
            const r = ratios(confusionAt(pick(s.scores, idx), t, threshold));
            bySystem[s.id] = { recall: r.recall, fpr: r.fpr };
          }
          return { kind, n: idx.length, positives: t.filter(Boolean).length, hardNegative: isHard(kind === '(none)' ? null : kind), systems: bySystem };
        })
        // Known kinds in taxonomy order, then the data's own kinds.
        .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind))
    : null;
}

const KIND_ORDER = ['advert', ...HARD_NEGATIVE_KINDS, ...EVERYDAY_KINDS];
function kindRank(kind: string): number {
  const k = KIND_ORDER.indexOf(kind);
  return k < 0 ? KIND_ORDER.length : k;
}

/** Language identification of the default pipeline on the records with a gold language; null without a language column. */
export function languageIdFigures(c: SummaryContext): BenchMetrics['languageId'] {
  const { ev, meta } = c;
  const goldLangIdx = ev.records.flatMap((r, i) => (r.lang !== null ? [i] : []));
  return meta.columns.lang
    ? {
        ...languageIdReport(
          goldLangIdx.map((i) => ev.fused[i]!.language.code),
          goldLangIdx.map((i) => ev.records[i]!.lang!),
        ),
        unknownGold: meta.unknownLanguages,
      }
    : null;
}
