/**
 * A hand-built six-post evaluation shared by the summarize and report tests: no scanner runs, so
 * every figure can be worked out by hand.
 */
import { DEFAULT_FIELDS, type BenchRecord } from '../../src/bench/data.js';
import type { Evaluation } from '../../src/bench/evaluate.js';
import type { SummaryMeta } from '../../src/bench/summarize.js';
import { LABELS, type ClassificationResult, type Label, type LanguageCode } from '../../src/index.js';

export function result(risk: number, lang: LanguageCode, labels: Partial<Record<Label, number>> = {}): ClassificationResult {
  return {
    id: null,
    risk,
    decision: risk >= 0.5 ? 'review' : 'allow',
    advert: risk >= 0.5,
    labels: Object.fromEntries(LABELS.map((l) => [l, labels[l] ?? 0])) as ClassificationResult['labels'],
    language: { code: lang, confidence: 1, script: 'Latn', reason: 'test' },
    evidence: [{ label: 'crossing_offer', source: 'rules', rule: 'eng:test', start: 0, end: 4, text: 'boat', weight: risk }],
    indicators: { phones: [], handles: [], urls: [], prices: [], places: [], routes: [] },
    model: null,
    truncated: false,
    version: 'test',
  };
}

// Six posts. fused / rules / baseline scores, gold, kind, gold lang, detected lang:
//  1  0.9 / 0.8 / 1   advert    eng  eng   crossing_offer 0.9
//  2  0.8 / 0.3 / 1   news      eng  eng   (hard negative, fused FP)
//  3  0.7 / 0.6 / 0   advert    fra  fra   crossing_offer 0.7
//  4  0.3 / 0.6 / 0   advert    fra  ita   (fused FN)
//  5  0.3 / 0.1 / 0   chatter   fra  fra
//  6  0.6 / 0.2 / 1   warning   eng  eng   (hard negative, fused FP)
const rows: [number, number, number, boolean, string, string, LanguageCode][] = [
  [0.9, 0.8, 1, true, 'advert', 'eng', 'eng'],
  [0.8, 0.3, 1, false, 'news', 'eng', 'eng'],
  [0.7, 0.6, 0, true, 'advert', 'fra', 'fra'],
  [0.3, 0.6, 0, true, 'advert', 'fra', 'ita'],
  [0.3, 0.1, 0, false, 'chatter', 'fra', 'fra'],
  [0.6, 0.2, 1, false, 'warning', 'eng', 'eng'],
];
/** Post 2 carries markup and Markdown; post 6 is Arabic: the reports must escape and keep them. */
export const TEXTS = [
  'Boat to UK, 4 places left',
  '<script>alert(1)</script> Police | *arrest* smugglers & "friends"',
  'Bateau pour l’Angleterre',
  'Passeur fiable, écrivez-moi',
  'Bonjour tout le monde',
  'تحذير: لا تثقوا بالمهربين',
];
export const records: BenchRecord[] = rows.map((r, i) => ({
  line: i + 1,
  id: `p${i + 1}`,
  text: TEXTS[i]!,
  advert: r[3],
  labels: r[3] ? ['crossing_offer'] : [],
  lang: r[5],
  kind: r[4],
}));
const fused = rows.map((r) => result(r[0], r[6], { crossing_offer: r[3] ? r[0] : 0.1 }));
export const ev: Evaluation = {
  records,
  thresholds: { review: 0.5, remove: 0.8, labels: {} },
  systems: [
    { id: 'fused', scores: rows.map((r) => r[0]), labelScores: Object.fromEntries(LABELS.map((l) => [l, fused.map((f) => f.labels[l])])) as never, skipped: null, seconds: 0.5 },
    { id: 'rules', scores: rows.map((r) => r[1]), labelScores: null, skipped: null, seconds: 0.25 },
    { id: 'model', scores: null, labelScores: null, skipped: 'no model', seconds: null },
    { id: 'baseline', scores: rows.map((r) => r[2]), labelScores: null, skipped: null, seconds: 0.001 },
  ],
  fused,
  model: null,
  notes: ['no model here'],
  cost: { latencyMs: [1, 2, 3, 4], peakRssBytes: 100 * 1024 * 1024 },
};
export const meta: SummaryMeta = {
  file: 'six.jsonl',
  format: 'jsonl',
  fields: DEFAULT_FIELDS,
  rowsRead: 7,
  badRows: [{ line: 7, id: null, message: 'line 7: not valid JSON' }],
  columns: { binary: true, labels: true, lang: true, kind: true },
  advertFromLabels: false,
  unknownLanguages: [],
  limit: null,
  createdAt: '2025-01-01T00:00:00.000Z',
};

