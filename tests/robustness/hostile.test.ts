import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScanner, SmuggleScanError, type ClassificationResult } from '../../src/index.js';
import { MAX_EVIDENCE } from '../../src/limits.js';

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
    const long = await scanner.classify(text);
    expect(long.truncated).toBe(true);
    for (const x of [r, long]) {
      expect(x.advert).toBe(true);
      // Evidence is capped, not lost: MAX_EVIDENCE entries, the first over the first crossing phrase.
      expect(x.evidence).toHaveLength(MAX_EVIDENCE);
      expect(x.evidence[0]).toMatchObject({ label: 'crossing_offer', start: 0, end: 10, text: 'boat to uk' });
      for (const e of x.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
  });
});

/** The evidence entry of `label` whose span covers `word` (its first occurrence) in `text`. */
function spanOver(r: ClassificationResult, text: string, word: string, label: string) {
  const at = text.indexOf(word);
  return r.evidence.find((e) => e.label === label && e.start <= at && e.end >= at + word.length);
}

describe('disguised words: the advert is caught and its evidence spans the disguised word in the input', () => {
  const cases: [what: string, text: string, word: string, label: string][] = [
    ['leet', 'B0at to UK from Calais, 3 places left, WhatsApp +44 7700 900123', 'B0at', 'crossing_offer'],
    ['leet inside a word', 'Sp33dboat to UK this week, 4 places left, inbox', 'Sp33dboat', 'crossing_offer'],
    ['leet, documents', 'F4ke p4ssp0rts for sale, real photo, inbox me', 'F4ke p4ssp0rts', 'fake_documents'],
    ['Cyrillic look-alike letter', 'Вoat to UK from Calais, 3 places left', 'Вoat', 'crossing_offer'],
    ['zero-width spaces', 'b\u200Bo\u200Ba\u200Bt to UK from Calais, 3 places left', 'b\u200Bo\u200Ba\u200Bt', 'crossing_offer'],
    ['soft hyphens', 'b\u00ADo\u00ADa\u00ADt to UK from Calais, 3 places left', 'b\u00ADo\u00ADa\u00ADt', 'crossing_offer'],
    ['full-width letters', 'Ｂｏａｔ to UK from Calais this week, 3 places left, £1500', 'Ｂｏａｔ', 'crossing_offer'],
    ['bidi override, NUL and lone surrogates', '\uD800boat\u202E to \u0000UK\uDFFF 🚤\u2066', 'boat\u202E to \u0000UK', 'crossing_offer'],
    ['French, @ for a', 'Passeur fiable, b@teau pour l’Angleterre depuis Calais, 3 places, WhatsApp +33 6 39 98 12 34', 'b@teau', 'crossing_offer'],
    ['Turkish, leet', "Bu cuma Bodrum'dan Yunanistan'a b0tla geçiş, sadece 4 yer kaldı. WhatsApp'tan yazın +44 7700 900133", 'b0tla', 'crossing_offer'],
    ['Arabic, tatweel', 'جوازـــات سفر أوروبية حقيقية وبطاقات إقامة بصورتك الشخصية، تسليم سريع. راسلني خاص على تيليجرام @wathaeq_sareea', 'جوازـــات', 'fake_documents'],
    ['Russian, Latin look-alikes', 'Делаем настоящие паcпopта ЕС, ID-карты и виды на жительство с вашим фото. Пишите в WhatsApp +44 7700 900142', 'паcпopта', 'fake_documents'],
  ];
  it.each(cases)('%s', async (_what, text, word, label) => {
    expect(text.includes(word)).toBe(true);
    const r = await scanner.classify(text);
    expect(r.advert).toBe(true);
    expect(r.evidence.length).toBeGreaterThan(0);
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    const e = spanOver(r, text, word, label);
    expect(e, r.evidence.map((x) => `${x.rule} ${x.text}`).join('\n')).toBeDefined();
    expect(e!.text).toContain(word);
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
    // 20 crossing offers and 20 documents offers, 20 greetings: results that differ, to compare.
    expect(sequential.filter((r) => r.advert)).toHaveLength(40);
    expect(overlapping.slice(0, texts.length)).toEqual(sequential);
    expect(overlapping[texts.length]).toEqual(sequential);
  });
});
