import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldTerm } from '../../src/normalize/index.js';
import { tokenize } from '../../src/rules/engine.js';

describe('the prefolded words of the built-in packs', () => {
  it('match what the normaliser folds them to now (else run npm run build)', () => {
    const { words } = JSON.parse(readFileSync(new URL('../../src/rules/packs/folded-words.json', import.meta.url), 'utf8')) as { words: Record<string, string[]> };
    const stale = Object.entries(words).filter(([raw, folded]) => tokenize(foldTerm(raw)).map((t) => t.text).join(' ') !== folded.join(' '));
    expect(Object.keys(words).length).toBeGreaterThan(1000);
    expect(stale.slice(0, 5)).toEqual([]);
  });
});
