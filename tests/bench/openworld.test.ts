/**
 * The open-world figures of the bench: flags per 10,000 ordinary posts (overall, per language,
 * source and stratum) and the precision to expect at a prevalence. Every expected value below was
 * worked out by hand from the small inputs here.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLabelledStream, type BenchRecord } from '../../src/bench/data.js';
import type { Evaluation } from '../../src/bench/evaluate.js';
import { precisionAtPrevalence, wilsonInterval } from '../../src/bench/metrics.js';
import { renderHeadline, renderHtml, renderMarkdown } from '../../src/bench/report.js';
import { BenchMetricsSchema } from '../../src/bench/schema.js';
import { summarize, type SummaryMeta } from '../../src/bench/summarize.js';
import { LABELS, type LanguageCode } from '../../src/index.js';
import { meta as sixMeta, result } from './six-posts.js';

const stream = (s: string): Readable => Readable.from([s]);

describe('precisionAtPrevalence', () => {
  it('is recall·p / (recall·p + FPR·(1 − p))', () => {
    // 0.9·0.001 = 0.0009; 0.01·0.999 = 0.00999; 0.0009 / 0.01089 = 10/121.
    expect(precisionAtPrevalence(0.9, 0.01, 0.001)).toBeCloseTo(10 / 121, 12);
    // At p = 0.5 with recall 0.5 and FPR 0.5, half the flags are adverts.
    expect(precisionAtPrevalence(0.5, 0.5, 0.5)).toBe(0.5);
    // No false positives: every flag is an advert, whatever the prevalence.
    expect(precisionAtPrevalence(0.3, 0, 0.0001)).toBe(1);
  });

  it('is null when recall or FPR is unknown, or nothing is flagged; a prevalence outside (0, 1) is an error', () => {
    expect(precisionAtPrevalence(null, 0.1, 0.001)).toBeNull();
    expect(precisionAtPrevalence(0.9, null, 0.001)).toBeNull();
    expect(precisionAtPrevalence(0, 0, 0.001)).toBeNull();
    expect(() => precisionAtPrevalence(0.9, 0.1, 0)).toThrow(/prevalence/);
    expect(() => precisionAtPrevalence(0.9, 0.1, 1)).toThrow(/prevalence/);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    // 1 of 10: 0.0179–0.4042 (Newcombe 1998, table I).
    const [lo, hi] = wilsonInterval(1, 10)!;
    expect(lo).toBeCloseTo(0.0179, 4);
    expect(hi).toBeCloseTo(0.4042, 4);
    // 0 of 500: lower bound 0; upper z²/(n + z²) = 3.8415/503.8415.
    const [lo0, hi0] = wilsonInterval(0, 500)!;
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(3.841459 / 503.841459, 8);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('readLabelledStream: source, stratum and --open-world', () => {
  it('reads source and stratum columns by default', async () => {
    const input = [
      '{"text":"Flat to rent, 600 a month","advert":false,"kind":"classified","source":"hand","stratum":"everyday","lang":"en"}',
      '{"text":"Boat to UK","advert":true,"lang":"en"}',
    ].join('\n');
    const d = await readLabelledStream(stream(input), 'jsonl');
    expect(d.records.map((r) => [r.source, r.stratum, r.openWorld])).toEqual([['hand', 'everyday', false], [null, null, false]]);
    expect(d.columns).toMatchObject({ source: true, stratum: true });
    expect(d.openWorld).toBe(false);
  });

  it('takes custom source and stratum field names', async () => {
    const input = '{"text":"x","advert":0,"corpus":"gettext","tier":"PROMO"}\n';
    const d = await readLabelledStream(stream(input), 'jsonl', { fields: { source: 'corpus', stratum: 'tier' } });
    expect(d.records[0]).toMatchObject({ source: 'gettext', stratum: 'promo' });
  });

  it('an open-world file needs no label: every row is a negative; a row labelled advert is skipped', async () => {
    const input = [
      '{"id":"a","text":"Ziel des Spiels ist es, alle Goldbarren zu finden.","lang":"deu","source":"ddtp-de","stratum":"everyday"}',
      '{"id":"b","text":"Refer a friend and get 10 EUR","lang":"eng","source":"spam","stratum":"promo"}',
      '{"id":"c","text":"Boat to UK","advert":true}',
      '{"id":"d","text":"Hello","advert":false}',
    ].join('\n');
    const d = await readLabelledStream(stream(input), 'jsonl', { openWorld: true });
    expect(d.records.map((r) => [r.id, r.advert, r.openWorld])).toEqual([['a', false, true], ['b', false, true], ['d', false, true]]);
    expect(d.badRows.map((b) => b.line)).toEqual([3]);
    expect(d.badRows[0]!.message).toMatch(/--open-world: every row must be a negative/);
    expect(d.openWorld).toBe(true);
    expect(d.advertFromLabels).toBe(false);
  });

  it('without --open-world, a file with no label column says how to read it', async () => {
    await expect(readLabelledStream(stream('{"text":"hi","source":"x"}\n'), 'jsonl')).rejects.toThrow(/--open-world/);
  });
});

// Eight posts. fused / rules scores, advert, kind, lang, source, stratum column:
//  1  0.9 / 0.9  advert      eng  A   —
//  2  0.4 / 0.9  advert      fra  B   —         (fused misses it: fused recall 1/2, rules 2/2)
//  3  0.7 / 0.1  news        eng  A   —         hard negative, not ordinary; fused flags it
//  4  0.6 / 0.1  chatter     eng  A   —         ordinary, everyday (from the kind); fused flags it
//  5  0.1 / 0.1  chatter     eng  A   —         ordinary, everyday
//  6  0.8 / 0.1  promotion   fra  B|<x>  —      ordinary, promo (from the kind); fused flags it
//  7  0.2 / 0.1  classified  fra  B|<x>  —      ordinary, everyday
//  8  0.3 / 0.1  (no kind)   fra  C   everyday  ordinary (no kind)
const rows: [number, number, boolean, string | null, LanguageCode, string, string | null][] = [
  [0.9, 0.9, true, 'advert', 'eng', 'A', null],
  [0.4, 0.9, true, 'advert', 'fra', 'B', null],
  [0.7, 0.1, false, 'news', 'eng', 'A', null],
  [0.6, 0.1, false, 'chatter', 'eng', 'A', null],
  [0.1, 0.1, false, 'chatter', 'eng', 'A', null],
  [0.8, 0.1, false, 'promotion', 'fra', 'B|<x>', null],
  [0.2, 0.1, false, 'classified', 'fra', 'B|<x>', null],
  [0.3, 0.1, false, null, 'fra', 'C', 'everyday'],
];

function evaluation(rs: typeof rows, openWorld = false): Evaluation {
  const records: BenchRecord[] = rs.map((r, i) => ({
    line: i + 1,
    id: `q${i + 1}`,
    text: `post ${i + 1}`,
    advert: r[2],
    labels: null,
    lang: r[4],
    kind: r[3],
    source: r[5],
    stratum: r[6],
    openWorld,
  }));
  const fused = rs.map((r) => result(r[0], r[4]));
  return {
    records,
    thresholds: { review: 0.5, remove: 0.8, labels: {} },
    systems: [
      { id: 'fused', scores: rs.map((r) => r[0]), labelScores: Object.fromEntries(LABELS.map((l) => [l, fused.map((f) => f.labels[l])])) as never, skipped: null, seconds: 1 },
      { id: 'rules', scores: rs.map((r) => r[1]), labelScores: null, skipped: null, seconds: 1 },
      { id: 'model', scores: null, labelScores: null, skipped: 'no model', seconds: null },
      { id: 'baseline', scores: rs.map(() => 0), labelScores: null, skipped: null, seconds: 1 },
    ],
    fused,
    model: null,
    notes: [],
    cost: { latencyMs: [1], peakRssBytes: 1 },
  };
}

const meta: SummaryMeta = {
  ...sixMeta,
  file: 'eight.jsonl',
  rowsRead: 8,
  badRows: [],
  columns: { binary: true, labels: false, lang: true, kind: true, source: true, stratum: true },
};

describe('summarize: flags per 10,000 ordinary posts', () => {
  const m = summarize(evaluation(rows), { ...meta, prevalences: [0.001, 0.5] });

  it('counts only ordinary posts: everyday kinds and rows with no kind, not hard negatives', () => {
    const o = m.ordinary!;
    expect(o.n).toBe(5); // posts 4-8
    expect(o.threshold).toBe(0.5);
    expect(o.overall).toMatchObject({ key: 'all', n: 5 });
    expect(o.overall.systems.fused).toMatchObject({ flagged: 2, per10k: 4000 }); // posts 4 and 6
    expect(o.overall.systems.rules).toMatchObject({ flagged: 0, per10k: 0 });
    expect(o.overall.systems.model).toBeUndefined();
    // Wilson, 2 of 5, z = 1.96: centre (0.4 + 1.9208/5) / (1 + 3.8415/5) = 0.78415 / 1.76830 = 0.44345;
    // half-width (1.96 / 1.76830)·√(0.4·0.6/5 + 3.8415/100) = 1.10839·0.29396 = 0.32583 → 0.1176–0.7693.
    const [lo, hi] = o.overall.systems.fused!.ci95Per10k!;
    expect(lo).toBeCloseTo(1176.2, 1);
    expect(hi).toBeCloseTo(7692.8, 1);
  });

  it('per stratum (the column, else promotion → promo, else everyday), per language and per source', () => {
    const o = m.ordinary!;
    const flat = (gs: typeof o.perStratum) => gs.map((g) => [g.key, g.n, g.systems.fused!.flagged, g.systems.fused!.per10k]);
    expect(flat(o.perStratum)).toEqual([
      ['everyday', 4, 1, 2500],
      ['promo', 1, 1, 10000],
    ]);
    expect(flat(o.perLanguage)).toEqual([
      ['fra', 3, 1, 3333.333333],
      ['eng', 2, 1, 5000],
    ]);
    expect(flat(o.perSource!)).toEqual([
      ['A', 2, 1, 5000],
      ['B|<x>', 2, 1, 5000],
      ['C', 1, 0, 0],
    ]);
  });

  it('expected precision from recall on adverts and the FPR on ordinary posts or on every negative', () => {
    const p = m.prevalence!;
    expect(p).toMatchObject({ prevalences: [0.001, 0.5], adverts: 2, ordinary: 5, negatives: 6, note: null });
    // fused: recall 1/2; FPR 2/5 on ordinary posts, 3/6 on every negative (the news post too).
    expect(p.systems.fused).toEqual({ recall: 0.5, fprOrdinary: 0.4, fprNegatives: 0.5 });
    expect(p.systems.rules).toEqual({ recall: 1, fprOrdinary: 0, fprNegatives: 0 });
    // p = 0.001: 0.0005 / (0.0005 + 0.4·0.999) = 0.0005 / 0.4001; 0.0005 / (0.0005 + 0.4995) = 0.001.
    expect(p.rows[0]!.systems.fused).toEqual({ ordinary: 0.00125, negatives: 0.001 });
    // p = 0.5: 0.25 / (0.25 + 0.2) = 5/9; 0.25 / (0.25 + 0.25) = 1/2.
    expect(p.rows[1]!.systems.fused).toEqual({ ordinary: 0.555556, negatives: 0.5 });
    expect(p.rows[0]!.systems.rules).toEqual({ ordinary: 1, negatives: 1 });
  });

  it('defaults to 1 in 1,000 and 1 in 10,000', () => {
    const d = summarize(evaluation(rows), meta);
    expect(d.prevalence!.prevalences).toEqual([0.001, 0.0001]);
    // p = 0.0001: 0.00005 / (0.00005 + 0.5·0.9999) = 0.00005 / 0.5 = 0.0001 (all negatives).
    expect(d.prevalence!.rows[1]!.systems.fused!.negatives).toBe(0.0001);
  });

  it('metrics.json keeps the new fields through its schema, and older files without them still parse', () => {
    expect(BenchMetricsSchema.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
    const { ordinary: _o, prevalence: _p, ...old } = m;
    expect(BenchMetricsSchema.parse(old)).toEqual(old);
    expect(BenchMetricsSchema.safeParse({ ...old, ordinary: { n: -1 } }).success).toBe(false);
  });
});

describe('summarize: open-world data and missing classes', () => {
  it('an open-world file: every row is ordinary; precision is null with a note', () => {
    const ow = rows.slice(2).map((r) => [r[0], r[1], false, null, r[4], r[5], r[6]] as (typeof rows)[number]);
    const m = summarize(evaluation(ow, true), { ...meta, openWorld: true });
    expect(m.data.openWorld).toBe(true);
    expect(m.ordinary!.n).toBe(6); // the news row counts too: it is open-world text
    expect(m.ordinary!.overall.systems.fused).toMatchObject({ flagged: 3, per10k: 5000 }); // 0.7, 0.6, 0.8
    expect(m.ordinary!.perStratum.map((g) => [g.key, g.n])).toEqual([['everyday', 6]]);
    expect(m.prevalence!.systems.fused).toEqual({ recall: null, fprOrdinary: 0.5, fprNegatives: 0.5 });
    expect(m.prevalence!.rows.map((r) => r.systems.fused)).toEqual([{ ordinary: null, negatives: null }, { ordinary: null, negatives: null }]);
    expect(m.prevalence!.note).toMatch(/no adverts/);
    expect(m.notes.join('\n')).toMatch(/Open-world data/);
  });

  it('no negatives: no ordinary figures, and precision is null with a note', () => {
    const m = summarize(evaluation(rows.slice(0, 2)), meta);
    expect(m.ordinary).toBeNull();
    expect(m.prevalence!.systems.fused).toEqual({ recall: 0.5, fprOrdinary: null, fprNegatives: null });
    expect(m.prevalence!.rows[0]!.systems.fused).toEqual({ ordinary: null, negatives: null });
    expect(m.prevalence!.note).toMatch(/no negatives/);
  });

  it('hard negatives only: the all-negatives precision is there, the ordinary one is null', () => {
    const m = summarize(evaluation(rows.slice(0, 3)), meta);
    expect(m.ordinary).toBeNull();
    // recall 1/2, FPR 1/1 on the news post: 0.0005 / (0.0005 + 0.999) at 1 in 1,000.
    expect(m.prevalence!.rows[0]!.systems.fused).toEqual({ ordinary: null, negatives: 0.0005 }); // 0.00050025, 6 decimals
    expect(m.prevalence!.note).toMatch(/no ordinary posts/);
  });
});

describe('reports: ordinary posts and expected precision', () => {
  const m = summarize(evaluation(rows), meta);

  it('the headline gives flags per 10k overall, per stratum, language and source, and the expected precision', () => {
    const h = renderHeadline(m);
    expect(h).toContain('flags per 10k ordinary posts (fused): 4000.0 (2/5) · everyday 2500.0 (1/4) · promo 10000.0 (1/1)');
    expect(h).toContain('by language: fra 3333.3 (1/3) · eng 5000.0 (1/2)');
    expect(h).toContain('by source: A 5000.0 (1/2) · B|<x> 5000.0 (1/2) · C 0.0 (0/1)');
    expect(h).toContain('expected precision (fused, recall 0.500, FPR ordinary 0.4000, all negatives 0.5000): 1 in 1,000 0.001 (all negatives 0.001)');
    expect(h).toContain('1 in 10,000 0.000');
  });

  it('report.md has the sections, with data-derived names escaped', () => {
    const md = renderMarkdown(m);
    expect(md).toContain('## Ordinary posts: flags per 10,000');
    expect(md).toContain('### Per source');
    expect(md).toContain('| B\\|\\<x\\> | 2 | 1 | 5000.0 |');
    expect(md).not.toContain('| B|<x> |');
    expect(md).toContain('## Expected precision at a prevalence');
    expect(md).toContain('| 1 in 1,000 (0.001) | 0.001 | 0.001 |');
    expect(md).toContain('| fused (default) | 0.500 | 0.4000 | 0.5000 |');
  });

  it('report.html has the sections, escaped', () => {
    const html = renderHtml(m, []);
    expect(html).toContain('<section id="ordinary">');
    expect(html).toContain('<section id="prevalence">');
    expect(html).toContain('<th scope="row">B|&lt;x&gt;</th>');
    expect(html).not.toContain('B|<x>');
  });

  it('a null precision is shown as — with the note', () => {
    const ow = rows.slice(2).map((r) => [r[0], r[1], false, null, r[4], r[5], r[6]] as (typeof rows)[number]);
    const o = summarize(evaluation(ow, true), { ...meta, openWorld: true });
    expect(renderHeadline(o)).toMatch(/expected precision \(fused, recall —, FPR ordinary 0\.5000, all negatives 0\.5000\): 1 in 1,000 — \(all negatives —\)/);
    expect(renderMarkdown(o)).toMatch(/Note: The data has no adverts/);
  });
});
