/**
 * The content of src/rules/generated/folded-words.json: every word of the built-in packs' terms
 * that does not fold to itself, with its folded tokens, and the consonant skeletons of every folded
 * script word (skeleton.ts). The built-in rule set is compiled with it as its lexicon
 * (src/rules/load.ts), so start-up does not run the normaliser or the skeleton reader over the
 * packs. Written by scripts/build-rules.ts (`npm run build`); the file must match the normaliser
 * it was made with (tests/rules/folded-words.test.ts and `build-rules.ts --check` check it).
 */
import { tokenize } from '../src/rules/match.js';
import { foldTerm } from '../src/normalize/index.js';
import { isSkeletonScript, scriptSkeletons } from '../src/rules/skeleton.js';

/** folded-words.json for these packs (as parsed from their files). */
export function foldedWords(packs: readonly unknown[], generatedBy: string): string {
  const words = new Set<string>();
  for (const pack of packs as { rules: { terms?: string[] }[] }[]) {
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
    if (/^[a-z]+$/.test(w) && !/(.)\1\1/.test(w)) continue; // folds to itself, see compile.ts
    out[w] = tokenize(foldTerm(w)).map((t) => t.text);
  }
  const skeletons: Record<string, string[]> = {};
  for (const folded of new Set(Object.values(out).flat())) {
    if (isSkeletonScript(folded)) skeletons[folded] = scriptSkeletons(folded);
  }
  return JSON.stringify({ generatedBy, words: out, skeletons }) + '\n';
}
