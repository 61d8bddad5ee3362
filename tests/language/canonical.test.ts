/**
 * Language ID over the 133 canonical texts (tests/fixtures/canonical.json: adverts, hard
 * negatives, borderline posts). Measured when this test was written: 133 of 133 detected as their
 * language, so each text is asserted on its own, and the total must stay at 133.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/language/index.js';

interface Canonical {
  adverts: { lang: string; text: string }[];
  negatives: { lang: string; text: string }[];
  borderline: { lang: string; text: string }[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/canonical.json', import.meta.url), 'utf8')) as Canonical;
const texts = [
  ...fx.adverts.map((p, i) => ({ ...p, name: `advert ${i}` })),
  ...fx.negatives.map((p, i) => ({ ...p, name: `negative ${i}` })),
  ...fx.borderline.map((p, i) => ({ ...p, name: `borderline ${i}` })),
];

describe('detectLanguage on the canonical texts', () => {
  it('covers 133 texts in all 19 languages', () => {
    expect(texts).toHaveLength(133);
    expect(new Set(texts.map((t) => t.lang)).size).toBe(19);
  });

  it.each(texts)('$name ($lang)', ({ lang, text }) => {
    const r = detectLanguage(text);
    expect(r.code).toBe(lang);
    expect(r.confidence).toBeGreaterThan(0);
  });
});
