/**
 * Writes src/rules/packs/latin-words.json: the words of the train split's posts in Latin-script
 * languages (English, French, Italian, Spanish, German, Turkish, Albanian, Kurmanji, Somali,
 * Vietnamese; romanised Arabic, Persian or Urdu posts left out), folded like the posts are.
 * Romanised script terms (skeleton.ts) never match one of these words on its own: "Freitag" or
 * "Milano" is a word of a Latin-script language, not a romanised Greek or Arabic one.
 * Run by `npm run build`; reads only the train split.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldTerm } from '../src/normalize/index.js';
import { tokenize } from '../src/rules/engine.js';
import { SPLITS_DIR } from './corpus.js';
import { languagesWhere } from '../src/taxonomy.js';
import type { Post } from '../src/data/schema.js';

const LATIN = new Set<string>(languagesWhere((l) => l.latin === 'native'));
const words = new Set<string>();
for (const line of readFileSync(join(SPLITS_DIR, 'train.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const p = JSON.parse(line) as Post & { augmented?: boolean };
  if (p.augmented || !LATIN.has(p.lang) || p.script === 'Latn') continue;
  for (const t of tokenize(foldTerm(p.text))) if (/^[a-z]{3,}$/.test(t.text)) words.add(t.text);
}
const sorted = [...words].sort();
writeFileSync(new URL('../src/rules/packs/latin-words.json', import.meta.url), JSON.stringify({ source: 'datasets/splits/train.jsonl, Latin-script languages', words: sorted }) + '\n');
console.log(`latin-words.json: ${sorted.length} words`);
