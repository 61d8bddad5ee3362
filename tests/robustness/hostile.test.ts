import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScanner, SmuggleScanError } from '../../src/index.js';

// Rules only: these are properties of the pipeline's handling of input, whatever the model says.
const scanner = createScanner({ model: false });

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.constantFrom('\uD800', '\uDFFF', '\u202E', '\u2066', '\u0000', '\u200B', '\u00AD', '🚤', '🇬🇧', 'a', ' ', '.', '4', '@', 'ـ', 'ة', 'ኣ', 'б'), { maxLength: 400 }).map((xs) => xs.join('')),
  fc.tuple(fc.constantFrom('b o a t ', 'p4ss ', '+44 7700 ', '€', 'aaaa', '🚤'), fc.integer({ min: 1, max: 500 })).map(([s, n]) => s.repeat(n)),
);

describe('hostile input', () => {
  it('property: never throws, scores in [0, 1], evidence inside the input', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const r = await scanner.classify(text);
        expect(r.risk).toBeGreaterThanOrEqual(0);
        expect(r.risk).toBeLessThanOrEqual(1);
        for (const v of Object.values(r.labels)) expect(v >= 0 && v <= 1).toBe(true);
        for (const e of r.evidence) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(e.start, e.end)).toBe(e.text);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('property: anything that is not a post is a typed INVALID_INPUT error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.object(), fc.array(fc.string())), async (x) => {
        const err = await scanner.classify(x as never).then(() => null, (e: unknown) => e);
        if (err === null) {
          // Only objects that happen to carry a string "text" are posts.
          expect(typeof x === 'object' && x !== null && typeof (x as { text?: unknown }).text === 'string').toBe(true);
        } else {
          expect(err).toBeInstanceOf(SmuggleScanError);
          expect((err as SmuggleScanError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('handles a 100,000-character post (capped, flagged as truncated)', async () => {
    const s = createScanner({ model: false, maxLength: 100_000 });
    const text = 'boat to uk 3 places whatsapp +44 7700 900123 '.repeat(2300).slice(0, 100_000);
    const r = await s.classify(text);
    expect(r.truncated).toBe(false);
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    const long = await scanner.classify(text);
    expect(long.truncated).toBe(true);
  });
});

describe('concurrency', () => {
  it('overlapping calls give the same results as sequential calls', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `Boat to UK ${i} places, WhatsApp` : i % 3 === 1 ? `Fake passport ${i} inbox` : `hello ${i}`));
    const sequential = [];
    for (const t of texts) sequential.push(await scanner.classify(t));
    const overlapping = await Promise.all([
      ...texts.map((t) => scanner.classify(t)),
      scanner.classifyBatch(texts),
    ]);
    expect(overlapping.slice(0, texts.length)).toEqual(sequential);
    expect(overlapping[texts.length]).toEqual(sequential);
  });
});
