/** Issue 14, item 7: user rule packs are bounded (size, rule count, pattern complexity), with typed errors naming the limit. */
import { describe, expect, it } from 'vitest';
import { SmuggleScanError } from '../../src/errors.js';
import { PACK_LIMITS, loadRules } from '../../src/rules/index.js';

const rule = (id: string, extra: Record<string, unknown>) => ({ id, label: 'crossing_offer', weight: 0.5, ...extra });
const fails = (packs: unknown, text: RegExp) => {
  let err: unknown;
  try {
    loadRules(packs);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SmuggleScanError);
  expect((err as SmuggleScanError).code).toBe('INVALID_RULE_PACK');
  expect((err as SmuggleScanError).message).toMatch(text);
};

describe('user rule pack limits', () => {
  it('too many rules', () => {
    const rules = Array.from({ length: PACK_LIMITS.rules + 1 }, (_, i) => rule(`r${i}`, { terms: ['boat'] }));
    fails({ lang: 'eng', rules }, /5001 rules in the user packs, over the limit of 5000/);
  });
  it('too many terms and patterns', () => {
    fails({ lang: 'eng', rules: [rule('t', { terms: Array.from({ length: 1001 }, (_, i) => `w${i}`) })] }, /1001 terms, over the limit of 1000 per rule/);
    const rules = Array.from({ length: 11 }, (_, k) => rule(`p${k}`, { patterns: Array.from({ length: 50 }, (_, i) => `x${k}y${i}`) }));
    fails({ lang: 'eng', rules }, /550 patterns in the user packs, over the limit of 500/);
  });
  it('a pattern that is too complex', () => {
    fails({ lang: 'eng', rules: [rule('c', { patterns: [Array.from({ length: 41 }, (_, i) => `a${i}?`).join('')] })] }, /41 quantifiers and alternations, over the limit of 40/);
  });
  it('too many packs', () => {
    fails(Array.from({ length: 65 }, () => ({ lang: 'eng', rules: [] })), /65 packs, over the limit of 64/);
  });
  it('rejects a "__proto__" place rather than dropping it', () => {
    fails(JSON.parse('{"lang":"common","rules":[],"places":{"__proto__":["x"],"UK":["uk"]}}'), /a place cannot be called "__proto__"/);
  });
  it('a pack within the limits loads', () => {
    expect(() => loadRules({ lang: 'eng', rules: [rule('ok', { terms: ['boat to uk'], patterns: ['\\bplaces? left\\b'] })] })).not.toThrow();
  });
});
