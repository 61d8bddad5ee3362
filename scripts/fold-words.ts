/**
 * Writes src/rules/packs/folded-words.json: every word of the built-in packs' terms that does not
 * fold to itself, with its folded tokens, and the consonant skeletons of every folded script word
 * (skeleton.ts). The rule engine seeds its memos with it, so start-up does not run the normaliser
 * or the skeleton reader over the packs. Run by `npm run build` (the file must match the
 * normaliser it was made with; tests/rules/folded-words.test.ts checks it).
 */
import { writeFileSync } from 'node:fs';
import { tokenize } from '../src/rules/engine.js';
import { foldTerm } from '../src/normalize/index.js';
import { BUILTIN_PACKS } from '../src/rules/packs/index.js';
import { isSkeletonScript, scriptSkeletons } from '../src/rules/skeleton.js';

const words = new Set<string>();
for (const pack of BUILTIN_PACKS as { rules: { terms?: string[] }[] }[]) {
  for (const rule of pack.rules) {
    for (const term of rule.terms ?? []) {
      for (const raw of term.trim().split(/\s+/)) {
        if (raw === '...' || raw === '…') continue;
        words.add(raw.endsWith('*') ? raw.slice(0, -1) : raw);
      }
    }
  }
}
const out: Record<string, string[]> = {};
for (const w of [...words].sort()) {
  if (/^[a-z]+$/.test(w) && !/(.)\1\1/.test(w)) continue; // folds to itself, see engine.ts
  out[w] = tokenize(foldTerm(w)).map((t) => t.text);
}
const skeletons: Record<string, string[]> = {};
for (const folded of new Set(Object.values(out).flat())) {
  if (isSkeletonScript(folded)) skeletons[folded] = scriptSkeletons(folded);
}
writeFileSync(new URL('../src/rules/packs/folded-words.json', import.meta.url), JSON.stringify({ words: out, skeletons }) + '\n');
console.log(`folded-words.json: ${Object.keys(out).length} words, ${Object.keys(skeletons).length} skeletons`);
