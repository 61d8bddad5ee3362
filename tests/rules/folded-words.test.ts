import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldTerm } from '../../src/normalize/index.js';
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
    // Read fresh: the memo is empty in this test file, since nothing here seeds it.
    const stale = Object.entries(skeletons).filter(([word, sk]) => scriptSkeletons(word).join(' ') !== sk.join(' '));
    expect(Object.keys(skeletons).length).toBeGreaterThan(1000);
    expect(stale.slice(0, 5)).toEqual([]);
  });
});
