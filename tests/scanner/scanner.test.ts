import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createScanner, SmuggleScanError, VERSION, LABELS, type ModelScorer } from '../../src/index.js';

const scanner = createScanner({ model: false });

describe('classify: one result shape', () => {
  it('returns every field, scores in [0, 1]', async () => {
    const r = await scanner.classify({ id: 'p1', text: 'Speedboat to UK this week, 4 places left, inbox' });
    expect(Object.keys(r).sort()).toEqual(['advert', 'decision', 'evidence', 'id', 'indicators', 'labels', 'language', 'model', 'risk', 'truncated', 'version'].sort());
    expect(r.id).toBe('p1');
    expect(Object.keys(r.labels)).toEqual([...LABELS]);
    for (const v of [r.risk, ...Object.values(r.labels)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(r.model).toBeNull();
    expect(r.version).toBe(VERSION);
    expect(r.advert).toBe(true);
    expect(r.decision).toBe('remove');
    expect(r.language).toMatchObject({ code: 'eng', script: 'Latn' });
    expect(r.truncated).toBe(false);
  });

  it('keeps the version equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(`smugglescan@${pkg.version}`);
  });

  it('gives risk 0 and und for empty or blank text', async () => {
    for (const text of ['', '   \n\t', '\u200B\u200B']) {
      const r = await scanner.classify(text);
      expect(r.risk).toBe(0);
      expect(r.decision).toBe('allow');
      expect(r.language.code).toBe('und');
    }
  });

  it('raises a typed error for non-string text', async () => {
    await expect(scanner.classify({ text: 42 } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(scanner.classify(null as never)).rejects.toBeInstanceOf(SmuggleScanError);
  });

  it('caps long text and says so', async () => {
    const s = createScanner({ model: false, maxLength: 100 });
    const text = 'boat to uk '.repeat(50);
    const r = await s.classify(text);
    expect(r.truncated).toBe(true);
    expect(r.advert).toBe(true);
    // The first 100 characters hold nine whole 'boat to uk' (the tenth is cut at 'boat to u').
    expect(r.evidence.map((e) => [e.start, e.end, e.text])).toEqual(Array.from({ length: 9 }, (_, i) => [11 * i, 11 * i + 10, 'boat to uk']));
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect((await s.classify('short')).truncated).toBe(false);
  });

  it('reads through lone surrogates, controls and bidi overrides, with spans of the input', async () => {
    const text = '\uD800boat\u202E to \u0000UK\uDFFF 🚤\u2066';
    const r = await scanner.classify(text);
    expect(r.advert).toBe(true);
    expect(r.evidence.map((e) => [e.rule, e.start, e.end])).toEqual([
      ['eng:crossing_offer.route_phrase', 1, 13],
      ['common:crossing.emoji_boat', 15, 17],
    ]);
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe('batches', () => {
  it('classifyBatch returns results in order', async () => {
    const texts = ['one', 'Fake passports for sale, inbox', 'three'];
    const rs = await scanner.classifyBatch(texts.map((text, i) => ({ id: String(i), text })));
    expect(rs.map((r) => r.id)).toEqual(['0', '1', '2']);
    expect(rs.map((r) => r.advert)).toEqual([false, true, false]);
    for (const [i, r] of rs.entries()) expect({ ...r, id: null }).toEqual(await scanner.classify(texts[i]!));
  });

  it('classifyBatchSettled keeps every good record when one is bad', async () => {
    const rs = await scanner.classifyBatchSettled([{ id: 'a', text: 'hello' }, { id: 'b', text: 5 }, 'plain', 7]);
    expect(rs).toHaveLength(4);
    expect(rs[0]).toEqual(await scanner.classify({ id: 'a', text: 'hello' }));
    expect(rs[1]).toMatchObject({ id: 'b', error: { code: 'INVALID_INPUT' } });
    expect(rs[2]).toEqual(await scanner.classify('plain'));
    expect(rs[3]).toMatchObject({ id: null, error: { code: 'INVALID_INPUT' } });
  });
});

describe('options', () => {
  it('rejects bad options with every problem and its path', () => {
    try {
      createScanner({ thresholds: { review: 2 }, maxLength: -1, nonsense: true } as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SmuggleScanError);
      const err = e as SmuggleScanError;
      expect(err.code).toBe('INVALID_OPTIONS');
      expect(err.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['thresholds.review', 'maxLength']));
    }
  });

  it('rejects remove below review', () => {
    expect(() => createScanner({ model: false, thresholds: { review: 0.7, remove: 0.6 } })).toThrow(/thresholds.remove/);
  });

  it('uses per-label thresholds to send a post to review', async () => {
    const text = 'Fake passport real photo';
    const plain = await scanner.classify(text);
    expect(plain.decision).toBe('allow');
    expect(plain.labels.fake_documents).toBeGreaterThan(0);
    const strict = createScanner({ model: false, thresholds: { labels: { fake_documents: Math.max(0.001, plain.labels.fake_documents - 0.001) } } });
    expect((await strict.classify(text)).decision).not.toBe('allow');
  });

  it('accepts any ModelScorer as the model stage and reports its info', async () => {
    const calls: string[][] = [];
    const fake: ModelScorer = {
      info: { id: 'fake', version: '1', sha256: 'x' },
      async score(texts) {
        calls.push([...texts]);
        return texts.map(() => ({ advert: 0.99, labels: Object.fromEntries(LABELS.map((l) => [l, 0.99])) as never }));
      },
    };
    const s = createScanner({ model: fake });
    const [a, b] = await s.classifyBatch(['boat to uk', 'hello there']);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual(['boat to uk', 'hello there']);
    // The model's scores are under result.model, never evidence entries (which are all spans of the input).
    expect(a!.model).toEqual({ ...fake.info, scores: { advert: 0.99, labels: Object.fromEntries(LABELS.map((l) => [l, 0.99])) } });
    expect(b!.model!.scores.advert).toBe(0.99);
    for (const r of [a!, b!]) for (const e of r.evidence) expect(e.end).toBeGreaterThan(e.start);
    expect(a!.evidence.length).toBeGreaterThan(0);
  });
});
