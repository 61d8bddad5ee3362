/**
 * `npm run data:build`: writes datasets/splits/{train,dev,test}.jsonl from the hand-written posts:
 * each post in the split of its group, followed by its generated variants.
 * The test split is frozen: it is written only when absent (pass --refreeze-test to rewrite it,
 * and say why in the commit). Posts written after the freeze that hash to test go to dev.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPLITS, SPLITS_DIR, frozenTestGroups, readPosts, splitOf, variantsOf, type Problem, type Split } from './common.js';
import type { Post } from '../../src/data/schema.js';

const problems: Problem[] = [];
const posts = readPosts(problems);
if (problems.length) {
  for (const p of problems.slice(0, 50)) console.error(`${p.file}:${p.line}: ${p.message}`);
  console.error(`data:build: ${problems.length} problem(s); fix them first (npm run data:check).`);
  process.exit(1);
}
const bySplit: Record<Split, Post[]> = { train: [], dev: [], test: [] };
const frozen = process.argv.includes('--refreeze-test') ? null : frozenTestGroups();
for (const p of posts) {
  const split = splitOf(p.group, frozen);
  bySplit[split].push({ ...p, split }, ...variantsOf(p, split));
}
mkdirSync(SPLITS_DIR, { recursive: true });
for (const split of SPLITS) {
  const file = join(SPLITS_DIR, `${split}.jsonl`);
  if (split === 'test' && existsSync(file) && !process.argv.includes('--refreeze-test')) {
    console.log(`${file}: frozen, left as it is`);
    continue;
  }
  writeFileSync(file, bySplit[split].map((p) => JSON.stringify(p)).join('\n') + '\n');
  console.log(`${file}: ${bySplit[split].filter((p) => !p.augmented).length} posts + ${bySplit[split].filter((p) => p.augmented).length} variants`);
}
