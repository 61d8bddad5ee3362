/**
 * Snapshots of whole results (their JSON) and of evidence, on posts written for this test in
 * several languages: adverts, an advert with disguised words, hard negatives, an empty post and a
 * truncated one. Rules only, the snapshot is exact. With the shipped model, everything but the
 * floats is snapshotted; the floats (risk, fused labels, the model's own scores) are checked to 2
 * decimals against the table below, as onnxruntime's CPU kernels may differ slightly by machine.
 * Update with `npx vitest run tests/scanner/snapshot.test.ts -u` after a deliberate change, and
 * read the diff.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createScanner, LABELS, type ClassificationResult } from '../../src/index.js';

const POSTS: [name: string, text: string][] = [
  ['eng crossing offer', 'Boat to UK from Calais this Friday, 3 places left, £1500 per person, pay on arrival. WhatsApp +44 7700 900123'],
  ['fra crossing offer', 'Passeur sérieux : traversée en bateau de Calais vers l’Angleterre samedi, il reste 2 places, 1200 € payables à l’arrivée. Contact WhatsApp +33 6 39 98 12 34'],
  ['arb fake documents', 'نوفر جوازات سفر أوروبية وبطاقات إقامة بصورتك الشخصية، تسليم خلال أسبوع. راسلني خاص على واتساب +44 7700 900555'],
  ['rus forest route', 'Переход через лес из Беларуси в Польшу с проводником, выезд в пятницу, осталось 2 места. Пишите в Telegram @les_put_2024'],
  // "Sp33dbоat tо": leet digits and a Cyrillic о (U+043E) in both words.
  ['disguised advert (leet and Cyrillic о)', 'Sp33dbоat tо UK this week, 4 places left, DM @road_uk'],
  ['hard negative: news report', 'Police in Calais arrested three men on Monday accused of selling places on small boats to the UK, the court heard.'],
  ['hard negative: warning', 'Warning: people promising a boat to Italy for 3000 euros are criminals. Never pay smugglers, call the helpline instead.'],
  ['empty post', ''],
];
/** Classified with `maxLength: 80`: only the advert at its start is read. */
const TRUNCATED = `Boat to UK from Calais this Friday, 3 places left, WhatsApp +44 7700 900123. ${'The weather is fine here, see you all soon. '.repeat(10)}`;
const ALL: [name: string, text: string][] = [...POSTS, ['truncated post', TRUNCATED]];

/**
 * The default pipeline's floats, measured (3 decimals): risk, fused labels in LABELS order, and the
 * model's own scores (advert, then LABELS order). The model scores one post per pass, so the
 * batch they are classified in does not change them.
 */
const SCORES: Record<string, { risk: number; labels: number[]; model: number[] }> = {
  'eng crossing offer': { risk: 0.999, labels: [0.984, 0.018, 0.018, 0.014, 0.992, 0.978, 0.008], model: [0.999, 0.997, 0.01, 0.002, 0.001, 0.996, 0.997, 0] },
  'fra crossing offer': { risk: 1, labels: [0.976, 0.021, 0.013, 0.248, 0.992, 0.928, 0.008], model: [0.998, 0.993, 0.027, 0.001, 0.001, 0.997, 0.998, 0] },
  'arb fake documents': { risk: 0.993, labels: [0.094, 0.989, 0.006, 0.007, 0.997, 0.136, 0.048], model: [0.996, 0.045, 0.993, 0, 0, 0.998, 0.113, 0.034] },
  'rus forest route': { risk: 0.995, labels: [0.98, 0.013, 0.02, 0.035, 0.994, 0.074, 0.008], model: [0.997, 0.995, 0.006, 0.005, 0.014, 0.998, 0.021, 0] },
  'disguised advert (leet and Cyrillic о)': { risk: 0.997, labels: [0.987, 0.015, 0.019, 0.03, 0.995, 0.181, 0.008], model: [0.999, 0.997, 0.01, 0.004, 0.007, 0.998, 0.213, 0] },
  'hard negative: news report': { risk: 0.012, labels: [0.015, 0.002, 0.002, 0.013, 0.018, 0.008, 0.002], model: [0.001, 0.001, 0.001, 0, 0.001, 0.001, 0.001, 0] },
  'hard negative: warning': { risk: 0.007, labels: [0.018, 0.004, 0.003, 0.004, 0.041, 0.544, 0.003], model: [0.001, 0.001, 0.001, 0, 0, 0.005, 0.146, 0] },
  'empty post': { risk: 0, labels: [0, 0, 0, 0, 0, 0, 0], model: [0, 0.001, 0, 0, 0.001, 0.001, 0.001, 0] },
  'truncated post': { risk: 0.997, labels: [0.983, 0.016, 0.014, 0.016, 0.992, 0.676, 0.008], model: [0.998, 0.996, 0.011, 0.002, 0.002, 0.997, 0.991, 0] },
};

/** The result as JSON, as the CLI and the server write it. */
const json = (r: ClassificationResult): unknown => JSON.parse(JSON.stringify(r));

async function classifyAll(model: boolean): Promise<Map<string, ClassificationResult>> {
  const options = model ? {} : { model: false as const };
  const rs = await createScanner(options).classifyBatch(POSTS.map(([, text]) => text));
  const truncated = await createScanner({ ...options, maxLength: 80 }).classify(TRUNCATED);
  return new Map([...POSTS.map(([name], i): [string, ClassificationResult] => [name, rs[i]!]), ['truncated post', truncated]]);
}

let rules: Map<string, ClassificationResult>;
let full: Map<string, ClassificationResult>;
beforeAll(async () => {
  [rules, full] = await Promise.all([classifyAll(false), classifyAll(true)]);
});

describe('every evidence entry is a span of the input', () => {
  it.each(ALL)('%s', (name, text) => {
    for (const r of [rules.get(name)!, full.get(name)!]) {
      for (const e of r.evidence) {
        expect(e.end).toBeGreaterThan(e.start);
        expect(text.slice(e.start, e.end)).toBe(e.text);
      }
    }
  });
});

describe('rules only: the whole result, exact', () => {
  it.each(ALL)('%s', (name) => {
    expect(json(rules.get(name)!)).toMatchSnapshot();
  });
});

describe('evidence, inline', () => {
  const rows = (name: string): string[] => rules.get(name)!.evidence.map((e) => `${e.start}-${e.end} ${e.rule} ${e.weight} «${e.text}»`);

  it('the disguised advert: its disguised words are spans of the input', () => {
    expect(rows('disguised advert (leet and Cyrillic о)')).toMatchInlineSnapshot(`
      [
        "0-9 kmr:crossing_offer.boat 0.7 «Sp33dbоat»",
        "13-15 als:crossing_offer.places 0.15 «UK»",
        "16-25 eng:context.promo 0.6 «this week»",
        "27-40 eng:context.promo 0.6 «4 places left»",
        "29-40 eng:crossing_offer.real_journey 0.55 «places left»",
        "42-44 ckb:contact_handoff.inbox 0.5 «DM»",
        "44-53 arb:contact_handoff.patterns 0.5 « @road_uk»",
        "51-53 als:crossing_offer.places 0.15 «uk»",
        "45-53 indicator.handle 0.45 «@road_uk»",
      ]
    `);
  });

  it('the truncated post: evidence only from its first 80 characters', () => {
    expect(rows('truncated post')).toMatchInlineSnapshot(`
      [
        "0-10 eng:crossing_offer.route_phrase 0.65 «Boat to UK»",
        "16-22 eng:crossing_offer.routes 0.2 «Calais»",
        "36-49 eng:context.promo 0.6 «3 places left»",
        "38-49 eng:crossing_offer.real_journey 0.55 «places left»",
        "51-59 common:contact.apps 0.3 «WhatsApp»",
        "60-75 eng:contact_handoff.patterns 0.5 «+44 7700 900123»",
        "60-75 indicator.phone 0.45 «+44 7700 900123»",
      ]
    `);
  });

  it('the news report: report frames beside the crossing words', () => {
    expect(rows('hard negative: news report')).toMatchInlineSnapshot(`
      [
        "0-6 eng:context.report 0.6 «Police»",
        "10-16 eng:crossing_offer.routes 0.2 «Calais»",
        "17-25 eng:context.report 0.6 «arrested»",
        "75-86 eng:crossing_offer.weak 0.15 «small boats»",
        "94-96 eng:crossing_offer.destinations 0.1 «UK»",
        "102-107 eng:context.report 0.6 «court»",
      ]
    `);
  });
});

describe('with the shipped model', () => {
  /** Snapshot shape: each float replaced by a matcher (checked against SCORES below). */
  const floats = {
    risk: expect.any(Number),
    labels: Object.fromEntries(LABELS.map((l) => [l, expect.any(Number)])),
    model: { scores: { advert: expect.any(Number), labels: Object.fromEntries(LABELS.map((l) => [l, expect.any(Number)])) } },
  };

  it.each(ALL)('%s: everything but the floats', (name) => {
    expect(json(full.get(name)!)).toMatchSnapshot(floats);
  });

  it.each(ALL)('%s: the floats, to 2 decimals', (name) => {
    const r = full.get(name)!;
    const want = SCORES[name]!;
    expect(r.risk).toBeCloseTo(want.risk, 2);
    for (const [i, l] of LABELS.entries()) expect(r.labels[l], l).toBeCloseTo(want.labels[i]!, 2);
    expect(r.model!.scores.advert, 'model advert').toBeCloseTo(want.model[0]!, 2);
    for (const [i, l] of LABELS.entries()) expect(r.model!.scores.labels[l], `model ${l}`).toBeCloseTo(want.model[i + 1]!, 2);
  });

  it.each(ALL)('%s: the model changes scores only, not evidence, indicators or language', (name) => {
    const [r, f] = [rules.get(name)!, full.get(name)!];
    expect({ evidence: f.evidence, indicators: f.indicators, language: f.language, truncated: f.truncated }).toEqual({
      evidence: r.evidence,
      indicators: r.indicators,
      language: r.language,
      truncated: r.truncated,
    });
    expect(f.advert).toBe(r.advert);
  });
});
