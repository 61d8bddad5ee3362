import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, originalSpan } from '../../src/normalize/index.js';

describe('normalize: what it folds', () => {
  it.each([
    ['P4SSP0RT', 'passport'],
    ['p@ssport', 'passport'],
    ['Ｌｏｎｄｏｎ', 'london'],
    ['𝐩𝐚𝐬𝐬𝐩𝐨𝐫𝐭', 'passport'],
    ['pаsspоrt', 'passport'], // Cyrillic а and о inside a Latin word
    ['пaспорт', 'паспорт'], // Latin a inside a Russian word
    ['pass\u200Bport', 'passport'],
    ['pass\u00ADport', 'passport'],
    ['pass\u2060port', 'passport'],
    ['b o a t', 'boat'],
    ['b.o.a.t', 'boat'],
    ['b-o-a-t', 'boat'],
    ['boooooat', 'boat'],
    ['Traversée', 'traversee'],
    ['Đi Anh', 'di anh'],
    ['🚤 🇬🇧', 'speedboat uk'],
    ['🛂📕', 'passport passport'],
    ['كـــلام', 'كلام'],
    ['مُهَرِّب', 'مهرب'],
    ['١٢٣ ۴۵۶', '123 456'],
    ['کیف', 'كيف'],
    ['İstanbul', 'istanbul'],
  ])('%s → %s', (input, folded) => {
    expect(normalize(input).text).toBe(folded);
  });

  it('keeps ZWNJ between Arabic-script letters and drops it elsewhere', () => {
    expect(normalize('می\u200Cروم').text).toBe('مي\u200Cروم');
    expect(normalize('a\u200Cb').text).toBe('ab');
    // After a letter that never joins the next (و, ا, د, ر...) ZWNJ changes nothing on screen: it
    // only splits the word for filters, so it goes.
    expect(normalize('مو\u200Cفق').text).toBe('موفق');
    expect(normalize('پا\u200Cسپورت').text).toBe('پاسپورت');
    expect(normalize('بچه\u200Cها').text).toBe('بچه\u200Cها');
  });

  it('does not turn plain numbers, prices or phone numbers into letters', () => {
    expect(normalize('+44 7700 900123, 2500€, 3 places').text).toBe('+44 7700 900123, 2500€, 3 places');
  });

  it('does not join ordinary short words', () => {
    expect(normalize('I am a man').text).toBe('i am a man');
  });
});

describe('normalize: the map back to the input', () => {
  it('maps an emoji token back to the emoji', () => {
    const input = 'go 🚤 now';
    const n = normalize(input);
    const at = n.text.indexOf('speedboat');
    const span = originalSpan(n, at, at + 'speedboat'.length);
    expect(input.slice(span.start, span.end)).toBe('🚤');
  });

  it('maps a spaced-out word back to all its letters', () => {
    const input = 'buy a b o a t now';
    const n = normalize(input);
    const at = n.text.indexOf('boat');
    const span = originalSpan(n, at, at + 4);
    expect(input.slice(span.start, span.end)).toBe('b o a t');
  });

  it('maps a word with an invisible character back over it', () => {
    const input = 'pass\u200Bport';
    const n = normalize(input);
    expect(originalSpan(n, 0, n.text.length)).toEqual({ start: 0, end: input.length });
  });

  it('property: every folded unit maps inside the input, in order, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const n = normalize(s);
        expect(n.starts.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.starts[i]!).toBeLessThan(n.ends[i]!);
          expect(n.ends[i]!).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(n.starts[i]!).toBeGreaterThanOrEqual(n.starts[i - 1]!);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: folding is stable (normalising folded text changes nothing more)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const once = normalize(s).text;
        const twice = normalize(once).text;
        // Spaced-letter joining and repeat collapsing can only shorten: a second pass never lengthens.
        expect(twice.length).toBeLessThanOrEqual(once.length);
      }),
      { numRuns: 200 },
    );
  });
});
