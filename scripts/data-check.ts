/**
 * `npm run data:check`: validates every corpus file against the schema in src/data/schema.ts,
 * checks the splits (every group in one split, the split its hash names), checks the corpus
 * targets of the data card, and prints counts per language, label, kind and split.
 * Exits 1 on any problem.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HARD_NEGATIVE_KINDS, KINDS, LABELS, LANGUAGES } from '../src/taxonomy.js';
import type { Post } from '../src/data/schema.js';
import { SPLITS, SPLITS_DIR, frozenTestGroups, readJsonl, readPosts, splitOf, type Problem } from './corpus.js';

const TARGETS = { total: 3000, perLanguage: 100, perLabel: 40, hardNegativeShare: 0.4 };

const problems: Problem[] = [];
const fail = (message: string): void => void problems.push({ file: 'corpus', line: 0, message });
const posts = readPosts(problems);

const table = (title: string, head: string[], rows: (string | number)[][]): void => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r: (string | number)[]): string => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}`);
};

const isHard = (p: Post): boolean => (HARD_NEGATIVE_KINDS as readonly string[]).includes(p.kind);
const langRows: (string | number)[][] = LANGUAGES.map((l) => {
  const ps = posts.filter((p) => p.lang === l);
  const ads = ps.filter((p) => p.advert).length;
  const hard = ps.filter(isHard).length;
  if (ps.length < TARGETS.perLanguage) fail(`${l}: ${ps.length} hand-written posts, target ${TARGETS.perLanguage}`);
  if (!ads || !hard) fail(`${l}: needs both adverts (${ads}) and hard negatives (${hard})`);
  return [l, ps.length, ads, hard, ps.length - ads - hard, ps.filter((p) => p.script === 'Latn').length];
});
langRows.push(['all', posts.length, posts.filter((p) => p.advert).length, posts.filter(isHard).length, posts.filter((p) => p.kind === 'chatter').length, posts.filter((p) => p.script === 'Latn').length]);
table('Hand-written posts per language', ['lang', 'posts', 'adverts', 'hard neg', 'chatter', 'romanised'], langRows);

table('Hand-written positives per label', ['label', 'posts', 'in adverts', 'in negatives'], LABELS.map((l) => {
  const with_ = posts.filter((p) => p.labels.includes(l));
  if (with_.length < TARGETS.perLabel) fail(`label ${l}: ${with_.length} hand-written positives, target ${TARGETS.perLabel}`);
  return [l, with_.length, with_.filter((p) => p.advert).length, with_.filter((p) => !p.advert).length];
}));
table('Hand-written posts per kind', ['kind', 'posts'], KINDS.map((k) => [k, posts.filter((p) => p.kind === k).length]));

if (posts.length < TARGETS.total) fail(`${posts.length} hand-written posts, target ${TARGETS.total}`);
const negatives = posts.filter((p) => !p.advert);
const hardShare = negatives.length ? negatives.filter(isHard).length / negatives.length : 0;
console.log(`\nadverts: ${(100 * posts.filter((p) => p.advert).length / Math.max(1, posts.length)).toFixed(1)} % · hard negatives: ${(100 * hardShare).toFixed(1)} % of negatives`);
if (hardShare < TARGETS.hardNegativeShare) fail(`hard negatives are ${(100 * hardShare).toFixed(1)} % of negatives, target ${100 * TARGETS.hardNegativeShare} %`);

// Splits: present, valid, consistent with the hash rule, no group in two splits.
const groupSplit = new Map<string, string>();
const frozen = frozenTestGroups();
const splitRows: (string | number)[][] = [];
for (const split of SPLITS) {
  const file = join(SPLITS_DIR, `${split}.jsonl`);
  if (!existsSync(file)) {
    fail(`${file} is missing: run npm run data:build`);
    continue;
  }
  const rows = readJsonl(file, problems);
  for (const p of rows) {
    const prev = groupSplit.get(p.group);
    if (prev && prev !== split) fail(`group ${p.group} is in both ${prev} and ${split}`);
    groupSplit.set(p.group, split);
    if (splitOf(p.group, frozen) !== split) fail(`${p.id} is in ${split} but its group belongs in ${splitOf(p.group, frozen)}`);
  }
  const hand = rows.filter((r) => !r.augmented);
  splitRows.push([split, hand.length, hand.filter((p) => p.advert).length, rows.length - hand.length]);
}
for (const p of posts) if (groupSplit.size && !groupSplit.has(p.group)) fail(`${p.id} is in no split: run npm run data:build`);
table('Splits', ['split', 'posts', 'adverts', 'variants'], splitRows);

if (problems.length) {
  console.error(`\ndata:check: ${problems.length} problem(s):`);
  for (const p of problems.slice(0, 60)) console.error(`  ${p.file === 'corpus' ? '' : `${p.file}:${p.line}: `}${p.message}`);
  process.exit(1);
}
console.log('\ndata:check: OK');
