import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EMOJI_WORDS, emojiWord, foldTerm, isTokenChar, normalize, originalSpan } from '../../src/normalize/index.js';

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
    // Look-alikes: a Latin text's all-look-alike tokens become Latin; a Greek word keeps its letters.
    ['Call the ТАХІ now, the boat leaves', 'call the taxi now, the boat leaves'],
    ['Μeet at the pοrt', 'meet at the port'],
    ['ΑΘΗΝΑ', 'αθηνα'],
    ['taxι Αθήνα', 'taxi αθηνα'],
    // Leetspeak only between letters and in mostly-letter tokens; numbers with units stay.
    ['b00k n0w', 'book now'],
    ['l!ke', 'like'],
    ['go!', 'go!'],
    ['at 10am, 20kg, 2nd, 4x4, 100k', 'at 10am, 20kg, 2nd, 4x4, 100k'],
    ['111', '111'],
    // Controls and lone surrogates become spaces; whitespace runs collapse and the ends are trimmed.
    ['a\u0007b', 'a b'],
    ['x\uD800y', 'x y'],
    ['  a\tb\n\nc  ', 'a b c'],
    ['ok 🦄 go', 'ok go'],
    // Spaced letters: three or more, one kind of separator, not next to a number.
    ['v i a', 'via'],
    ['v.i-a', 'v.i-a'],
    ['2 p l a c e s', '2 places'],
    ['aaabbb', 'ab'],
    ['!!!', '!!!'],
    ['ß ŁÓDŹ Ⅻ ①②', 'ss lodz xii 12'],
    ['مـرحـبـا ۰۱۲', 'مرحبا 012'],
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

  it.each([
    ['buy boooat', 'boat', 'boooat'], // a collapsed repeat maps to the whole run
    ['the ＢＯＡＴ', 'boat', 'ＢＯＡＴ'],
    ['h3ll0 there', 'hello', 'h3ll0'],
    ['pаsspоrt ok', 'passport', 'pаsspоrt'],
    ['get the 🛂 fast', 'passport', '🛂'],
  ])('maps the folded word in %j back to the input', (input, word, source) => {
    const n = normalize(input);
    const at = n.text.indexOf(word);
    expect(at).toBeGreaterThanOrEqual(0);
    const span = originalSpan(n, at, at + word.length);
    expect(input.slice(span.start, span.end)).toBe(source);
  });

  it('originalSpan: an empty range or empty text gives the empty span; ranges are clamped', () => {
    const n = normalize('abc');
    expect(originalSpan(n, 1, 1)).toEqual({ start: 0, end: 0 });
    expect(originalSpan(n, 2, 1)).toEqual({ start: 0, end: 0 });
    expect(originalSpan(normalize(''), 0, 3)).toEqual({ start: 0, end: 0 });
    expect(originalSpan(n, -5, 99)).toEqual({ start: 0, end: 3 });
    expect(originalSpan(n, 1, 2)).toEqual({ start: 1, end: 2 });
  });

  it('property: every folded unit maps inside the input, in order, on any string', () => {
    let units = 0;
    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const n = normalize(s);
        units += n.text.length;
        if (n.text.length > 0) nonEmpty++;
        expect(n.original).toBe(s);
        expect(n.starts.length).toBe(n.text.length);
        expect(n.ends.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.starts[i]!).toBeLessThan(n.ends[i]!);
          expect(n.ends[i]!).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(n.starts[i]!).toBeGreaterThanOrEqual(n.starts[i - 1]!);
          if (i > 0) expect(n.ends[i]!).toBeGreaterThanOrEqual(n.ends[i - 1]!);
        }
      }),
      { numRuns: 300 },
    );
    // The loop above ran over real units, not mostly empty texts (about 265 of the 300 texts and
    // 2,400-2,800 units across seeds).
    expect(nonEmpty).toBeGreaterThan(200);
    expect(units).toBeGreaterThan(1500);
  });

  it('property: the folded text is lowercase, trimmed, with single spaces, no invisible characters and no letter thrice in a row', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 120 }), (a, b) => {
        for (const s of [a, b]) {
          const t = normalize(s).text;
          if (t.length > 0) nonEmpty++;
          expect(t).toBe(t.toLowerCase());
          expect(t).not.toMatch(/^\s|\s$|\s\s|[^\S ]/u);
          expect(t).not.toMatch(/[\u200B\u00AD\u2060\uFEFF]/u);
          expect(t).not.toMatch(/(\p{L})\1\1/u);
        }
      }),
      { numRuns: 200 },
    );
    expect(nonEmpty).toBeGreaterThan(300);
  });

  it('property: a second fold never lengthens the text', () => {
    // Folding is not idempotent (look-alike swaps read the input before its compatibility forms are
    // folded, and leet symbols next to a digit fold once the digit has), so this asserts the bound
    // that holds: joining spaced letters and collapsing repeats can only shorten.
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const once = normalize(s).text;
        const twice = normalize(once).text;
        expect(twice.length).toBeLessThanOrEqual(once.length);
      }),
      { numRuns: 200 },
    );
  });

  it('a second fold changes nothing on folded plain words', () => {
    for (const s of ['passport london', 'boat to uk', 'traversee', 'مهرب', 'паспорт', 'speedboat uk']) {
      expect(normalize(s).text).toBe(s);
    }
  });
});

describe('normalize: the other exports', () => {
  it.each([
    ['a-b', 1, false], // hyphen
    ['a-b', 0, true],
    ['١', 0, true], // Arabic-Indic digit
    ['\u0301', 0, true], // combining mark
    ['𝐩', 0, true], // a letter of two UTF-16 units
    ['🚤', 0, false],
    [' ', 0, false],
  ] as const)('isTokenChar(%j, %i) is %s', (text, i, expected) => {
    const cp = text.codePointAt(i)!;
    expect(isTokenChar(text, i, cp, cp > 0xffff ? 2 : 1)).toBe(expected);
  });

  it('foldTerm folds a lexicon term as a post is folded', () => {
    expect(foldTerm('Traversée')).toBe('traversee');
    expect(foldTerm('  Passeur  DE  Bateau ')).toBe('passeur de bateau');
    expect(foldTerm('P4SSP0RT')).toBe(normalize('P4SSP0RT').text);
  });

  it('emojiWord reads listed emoji as words and others as nothing', () => {
    expect(emojiWord('🚤')).toBe('speedboat');
    expect(emojiWord('🦄')).toBe('');
  });

  it(`reads at most MAX_EMOJI_WORDS (${MAX_EMOJI_WORDS}) emoji as words; later ones are spaces`, () => {
    const n = normalize('🚤'.repeat(MAX_EMOJI_WORDS + 5));
    expect(n.text.split(' ')).toEqual(Array(MAX_EMOJI_WORDS).fill('speedboat'));
  });
});
