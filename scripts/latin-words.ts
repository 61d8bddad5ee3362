/**
 * The content of src/rules/generated/latin-words.json: the words of the train split's posts in
 * Latin-script languages (English, French, Italian, Spanish, German, Turkish, Albanian, Kurmanji,
 * Somali, Vietnamese; romanised Arabic, Persian or Urdu posts left out), folded like the posts are.
 * Romanised script terms (skeleton.ts) never match one of these words on its own: "Freitag" or
 * "Milano" is a word of a Latin-script language, not a romanised Greek or Arabic one.
 * Written by scripts/build-rules.ts (`npm run build`); reads only the train split. It stays with
 * the rule scripts, not models/train/: it feeds the rules' lexicon, not the model.
 */
import { foldTerm } from '../src/normalize/index.js';
import { tokenize } from '../src/rules/match.js';
import type { Post } from '../src/data/schema.js';

const LATIN = new Set(['eng', 'fra', 'ita', 'spa', 'deu', 'tur', 'als', 'kmr', 'som', 'vie']);

/** The sorted Latin-script words of the train split (its JSONL text). */
export function latinWordList(trainJsonl: string): string[] {
  const words = new Set<string>();
  for (const line of trainJsonl.split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as Post & { augmented?: boolean };
    if (p.augmented || !LATIN.has(p.lang) || p.script === 'Latn') continue;
    for (const t of tokenize(foldTerm(p.text))) if (/^[a-z]{3,}$/.test(t.text)) words.add(t.text);
  }
  return [...words].sort();
}

/** latin-words.json for these words. */
export function latinWords(words: readonly string[], generatedBy: string): string {
  return JSON.stringify({ generatedBy, source: 'datasets/splits/train.jsonl, Latin-script languages', words }) + '\n';
}
