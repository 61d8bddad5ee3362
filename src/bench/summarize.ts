/**
 * From an {@link Evaluation} (scores per system) to {@link BenchMetrics} (every figure of the
 * report). Pure: the same evaluation gives the same metrics; all arithmetic is in `metrics.ts`.
 * @module
 */
import { EVERYDAY_KINDS, HARD_NEGATIVE_KINDS, LABELS, type Label } from '../taxonomy.js';
import type { ClassificationResult } from '../types.js';
import { VERSION } from '../version.js';
import type { BadRow, BenchFields, BenchFormat } from './data.js';
import { SYSTEM_INFO, type Evaluation, type SystemId, type SystemRun } from './evaluate.js';
import { averagePrecision, binaryReport, calibration, confusionAt, languageIdReport, prCurve, precisionAtPrevalence, quantile, ratios, thin, wilsonInterval } from './metrics.js';
import type { BenchMetrics, ErrorCase, OrdinaryFlags, PrevalenceFigures } from './schema.js';

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

/** A kind is a hard negative when it is not advert and not everyday (user kinds included). */
const isHard = (kind: string | null): boolean =>
  kind !== null && kind !== 'advert' && !(EVERYDAY_KINDS as readonly string[]).includes(kind);

/**
 * An ordinary post: a negative whose kind is everyday (chatter, classified, promotion), that has no
 * kind, or that comes from an open-world file. Hard negatives (news, warnings...) are not ordinary.
 */
const isOrdinary = (r: { advert: boolean; kind: string | null; openWorld?: boolean }): boolean =>
  !r.advert && (r.openWorld === true || r.kind === null || (EVERYDAY_KINDS as readonly string[]).includes(r.kind));

/** The stratum of an ordinary post: its stratum column, else `promo` for kind promotion, else `everyday`. */
const stratumOf = (r: { kind: string | null; stratum?: string | null }): string => r.stratum ?? (r.kind === 'promotion' ? 'promo' : 'everyday');

function pick<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => xs[i]!);
}

function groupIndices(keys: readonly (string | null)[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === null) return;
    const list = m.get(k) ?? [];
    list.push(i);
    m.set(k, list);
  });
  return m;
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

/**
 * Computes every figure of the report from an evaluation.
 * @example
 * const data = await readLabelled(file);
 * const metrics = summarize(await evaluate(data.records, { model: false }), { ...data, file, format: 'jsonl', fields: DEFAULT_FIELDS, limit: null });
 * metrics.systems[0].metrics?.f1
 */
export function summarize(ev: Evaluation, meta: SummaryMeta): BenchMetrics {
  const truths = ev.records.map((r) => r.advert);
  const threshold = ev.thresholds.review;
  const labelThreshold = (l: Label): number => ev.thresholds.labels[l] ?? 0.5;
  const ran = ev.systems.filter((s): s is SystemRun & { scores: number[] } => s.scores !== null);
  const hardIdx = meta.columns.kind ? ev.records.flatMap((r, i) => (isHard(r.kind) && !r.advert ? [i] : [])) : [];

  const systems: BenchMetrics['systems'] = ev.systems.map((s) => {
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

  const perLabel: BenchMetrics['perLabel'] = meta.columns.labels
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

  const langSource = meta.columns.lang ? 'gold' : 'detected';
  const langKeys = meta.columns.lang ? ev.records.map((r) => r.lang ?? '(none)') : ev.fused.map((r) => r.language.code);
  const perLanguageRows = [...groupIndices(langKeys).entries()]
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

  const perKind: BenchMetrics['perKind'] = meta.columns.kind
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

  const goldLangIdx = ev.records.flatMap((r, i) => (r.lang !== null ? [i] : []));
  const languageId: BenchMetrics['languageId'] = meta.columns.lang
    ? {
        ...languageIdReport(
          goldLangIdx.map((i) => ev.fused[i]!.language.code),
          goldLangIdx.map((i) => ev.records[i]!.lang!),
        ),
        unknownGold: meta.unknownLanguages,
      }
    : null;

  // Flags on ordinary posts, per 10,000, overall and by language, source and stratum.
  const ordIdx = ev.records.flatMap((r, i) => (isOrdinary(r) ? [i] : []));
  const flagsGroup = (key: string, idx: readonly number[]): OrdinaryFlags['overall'] => {
    const bySystem: OrdinaryFlags['overall']['systems'] = {};
    for (const s of ran) {
      const flagged = idx.filter((i) => s.scores[i]! >= threshold).length;
      const ci = wilsonInterval(flagged, idx.length);
      bySystem[s.id] = { flagged, per10k: idx.length ? (10000 * flagged) / idx.length : null, ci95Per10k: ci ? [10000 * ci[0], 10000 * ci[1]] : null };
    }
    return { key, n: idx.length, systems: bySystem };
  };
  const groupsOf = (keyOf: (i: number) => string): OrdinaryFlags['perLanguage'] =>
    [...groupIndices(ordIdx.map(keyOf)).entries()]
      .map(([key, local]) => flagsGroup(key, local.map((j) => ordIdx[j]!)))
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const hasSource = meta.columns.source ?? ev.records.some((r) => r.source != null);
  const ordinary: OrdinaryFlags | null = ordIdx.length
    ? {
        n: ordIdx.length,
        threshold,
        overall: flagsGroup('all', ordIdx),
        perLanguage: groupsOf((i) => langKeys[i]!),
        perSource: hasSource ? groupsOf((i) => ev.records[i]!.source ?? '(none)') : null,
        perStratum: groupsOf((i) => stratumOf(ev.records[i]!)),
      }
    : null;

  // Expected precision at the prevalences asked for.
  const prevalences = [...(meta.prevalences ?? DEFAULT_PREVALENCES)];
  const negIdx = ev.records.flatMap((r, i) => (r.advert ? [] : [i]));
  const positivesN = truths.length - negIdx.length;
  const prevSystems: PrevalenceFigures['systems'] = {};
  for (const s of ran) {
    const rec = ratios(confusionAt(s.scores, truths, threshold)).recall;
    const fprOf = (idx: readonly number[]): number | null => (idx.length ? idx.filter((i) => s.scores[i]! >= threshold).length / idx.length : null);
    prevSystems[s.id] = { recall: rec, fprOrdinary: fprOf(ordIdx), fprNegatives: fprOf(negIdx) };
  }
  const prevNotes: string[] = [];
  if (!positivesN) prevNotes.push('The data has no adverts: recall, and so the expected precision, is undefined (null). Take recall from labelled data (e.g. the test split) and the FPR from here.');
  if (!negIdx.length) prevNotes.push('The data has no negatives: the false-positive rate, and so the expected precision, is undefined (null).');
  else if (!ordIdx.length) prevNotes.push('The data has no ordinary posts (everyday kinds or open-world text): precision with the ordinary-post FPR is undefined (null).');
  const prevalence: PrevalenceFigures = {
    prevalences,
    adverts: positivesN,
    ordinary: ordIdx.length,
    negatives: negIdx.length,
    systems: prevSystems,
    rows: prevalences.map((p) => {
      const bySystem: PrevalenceFigures['rows'][number]['systems'] = {};
      for (const s of ran) {
        const x = prevSystems[s.id]!;
        bySystem[s.id] = { ordinary: precisionAtPrevalence(x.recall, x.fprOrdinary, p), negatives: precisionAtPrevalence(x.recall, x.fprNegatives, p) };
      }
      return { prevalence: p, systems: bySystem };
    }),
    note: prevNotes.length ? prevNotes.join(' ') : null,
  };

  const fusedScores = ev.systems.find((s) => s.id === 'fused')!.scores!;
  const byRisk = (a: number, b: number): number => fusedScores[b]! - fusedScores[a]! || ev.records[a]!.line - ev.records[b]!.line;
  const fpIdx = ev.records.flatMap((r, i) => (!r.advert && fusedScores[i]! >= threshold ? [i] : [])).sort(byRisk).slice(0, 10);
  const fnIdx = ev.records.flatMap((r, i) => (r.advert && fusedScores[i]! < threshold ? [i] : [])).sort((a, b) => -byRisk(a, b)).slice(0, 10);

  const fusedRun = ev.systems.find((s) => s.id === 'fused')!;
  const lat = ev.cost.latencyMs;
  const notes = [...ev.notes];
  if (meta.advertFromLabels) notes.push(`No "${meta.fields.label}" column: a post counts as an advert when it carries a primary label (crossing_offer, fake_documents, referral_incentive, testimonial, equipment_supply).`);
  if (meta.badRows.length) notes.push(`${meta.badRows.length} row(s) could not be used and were skipped (see data.badRowSamples).`);
  if (meta.unknownLanguages.length) notes.push(`Gold languages outside the 19 the detector knows: ${meta.unknownLanguages.join(', ')} (always counted as misidentified).`);
  const positives = truths.filter(Boolean).length;
  if (positives === 0 || positives === truths.length) notes.push('The data has only one class: PR-AUC, ROC-AUC and several rates are undefined (null).');
  if (meta.openWorld) notes.push('Open-world data (--open-world): every row is an ordinary post, a negative; the figures that matter are the flags per 10,000 ordinary posts.');
  if (meta.columns.kind && !hardIdx.length) notes.push('The kind column has no hard negatives (kinds other than advert and chatter): hard-negative FPR is null.');

  const metrics: BenchMetrics = {
    schemaVersion: 1,
    generator: VERSION,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    data: {
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
    },
    config: {
      threshold,
      removeThreshold: ev.thresholds.remove,
      labelThresholds: Object.fromEntries(LABELS.map((l) => [l, labelThreshold(l)])) as Record<Label, number>,
      model: ev.model ? { path: ev.model.path, ...ev.model.info } : null,
    },
    systems,
    perLabel,
    perLanguage: { source: langSource, rows: perLanguageRows },
    perKind,
    calibration: ran.map((s) => ({ system: s.id, ...calibration(s.scores, truths, 10) })),
    curves: {
      pr: ran.map((s) => ({ system: s.id, points: thin(prCurve(s.scores, truths), 300).map(({ threshold: t, precision, recall }) => ({ threshold: t, precision, recall })) })),
    },
    languageId,
    errors: {
      falsePositives: fpIdx.map((i) => errorCase(ev, i, labelThreshold)),
      falseNegatives: fnIdx.map((i) => errorCase(ev, i, labelThreshold)),
    },
    cost: {
      posts: ev.records.length,
      postsPerSec: fusedRun.seconds ? ev.records.length / fusedRun.seconds : null,
      latencyMs: { n: lat.length, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), mean: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : null },
      peakRssBytes: ev.cost.peakRssBytes,
      modelLoadMs: ev.model ? ev.model.loadMs : null,
    },
    ordinary,
    prevalence,
    notes,
  };
  return roundDeep(metrics);
}

const KIND_ORDER = ['advert', ...HARD_NEGATIVE_KINDS, ...EVERYDAY_KINDS];
function kindRank(kind: string): number {
  const k = KIND_ORDER.indexOf(kind);
  return k < 0 ? KIND_ORDER.length : k;
}

/**
 * The systems that were run (not skipped), in report order.
 * @example ranSystems(metrics) // ['fused', 'rules', 'baseline'] without a model
 */
export function ranSystems(m: BenchMetrics): SystemId[] {
  return m.systems.filter((s) => s.metrics !== null).map((s) => s.id);
}
