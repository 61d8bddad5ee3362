import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/index.js';
import { analyzeRules, builtinRules } from '../../src/rules/index.js';
import { quotedSpans } from '../../src/rules/quotes.js';

describe('quoted phrases', () => {
  it.each([
    ["they promise 'VIP boat trips' to England", "'VIP boat trips'"],
    ['обещают «100% проход» через лес', '«100% проход»'],
    ['des « voyages rapides » à 400 €', '« voyages rapides »'],
    ['er sagte „sicher und schnell“ zu allen', '„sicher und schnell“'],
    ['"guaranteed" they said', '"guaranteed"'],
  ])('%s', (text, quoted) => {
    const spans = quotedSpans(text);
    expect(spans.map(([a, b]) => text.slice(a, b + 1))).toEqual([quoted]);
  });

  it('does not read apostrophes as quotes', () => {
    expect(quotedSpans("don't worry, l'argent c'est pour aujourd'hui")).toEqual([]);
  });

  it('forgets an unclosed mark after 200 characters', () => {
    expect(quotedSpans(`« ${'a'.repeat(300)} » and "ok"`).map(([a, b]) => b - a)).toEqual([3]);
    expect(quotedSpans('«'.repeat(1_000))).toEqual([]);
  });
});

describe('offers in quotation marks', () => {
  const rules = builtinRules();
  it('read as reported speech: a reporting frame with evidence on the quote', () => {
    const quoted = "Police warn: sellers on TikTok promise 'speedboat to UK, 3 places left, guaranteed'.";
    const plain = 'Police warn: sellers on TikTok promise speedboat to UK, 3 places left, guaranteed.';
    const q = analyzeRules(normalize(quoted), 'eng', rules);
    const p = analyzeRules(normalize(plain), 'eng', rules);
    expect(q.contexts.report).toBeGreaterThan(p.contexts.report);
    const ev = q.evidence.find((e) => e.rule === 'common:context.quoted_offer');
    expect(ev?.text).toBe("'speedboat to UK, 3 places left, guaranteed'");
    expect(p.evidence.some((e) => e.rule === 'common:context.quoted_offer')).toBe(false);
  });
});
