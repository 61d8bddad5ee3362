import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldTerm, normalize } from '../../src/normalize/index.js';
import { analyzeRules, builtinLexicon, builtinPacks, builtinRules, RuleSet } from '../../src/rules/index.js';
import { tokenize } from '../../src/rules/match.js';
import { scriptSkeletons } from '../../src/rules/skeleton.js';

describe('the prefolded words of the built-in packs', () => {
  it('match what the normaliser folds them to now (else run npm run build)', () => {
    const { words } = JSON.parse(readFileSync(new URL('../../src/rules/generated/folded-words.json', import.meta.url), 'utf8')) as { words: Record<string, string[]> };
    const stale = Object.entries(words).filter(([raw, folded]) => tokenize(foldTerm(raw)).map((t) => t.text).join(' ') !== folded.join(' '));
    expect(Object.keys(words).length).toBeGreaterThan(1000);
    expect(stale.slice(0, 5)).toEqual([]);
  });

  it('carry the skeletons the skeleton reader gives now (else run npm run build)', () => {
    const { skeletons } = JSON.parse(readFileSync(new URL('../../src/rules/generated/folded-words.json', import.meta.url), 'utf8')) as { skeletons: Record<string, string[]> };
    // Read fresh: scriptSkeletons never sees the generated file (it reaches rule sets through their lexicon).
    const stale = Object.entries(skeletons).filter(([word, sk]) => scriptSkeletons(word).join(' ') !== sk.join(' '));
    expect(Object.keys(skeletons).length).toBeGreaterThan(1000);
    expect(stale.slice(0, 5)).toEqual([]);
  });
});

describe('the lexicon a rule set is compiled with', () => {
  it('only saves work: without the words folded ahead of time, the built-in packs read posts the same', () => {
    const texts = readFileSync(new URL('../../datasets/sample.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    texts.push('Markab l italia ghadwa, tahreeb mdmoun, 9areb jdid', 'lodka v angliyu, perepravka nedorogo');
    const built = builtinRules();
    const fresh = new RuleSet(builtinPacks(), { lexicon: { folded: {}, skeletons: {}, latinWords: builtinLexicon().latinWords }, certified: new Set() });
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) {
      for (const lang of ['eng', 'arb', 'rus', 'und'] as const) {
        expect(analyzeRules(normalize(text), lang, fresh), text).toEqual(analyzeRules(normalize(text), lang, built));
      }
    }
  }, 60_000);
});
