/**
 * `npm run data:check`: validates every corpus file against the schema in src/data/schema.ts,
 * checks the splits (every group in one split, the split its hash names), checks the corpus
 * targets of the data card, and prints counts per language, label, kind and split.
 * Exits 1 on any problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { join } from 'node:path';
import { HARD_NEGATIVE_KINDS, KINDS, LABELS, LANGUAGES } from '../../src/taxonomy.js';
import type { Post } from '../../src/data/schema.js';
import { ROOT, SPLITS, SPLITS_DIR, frozenTestGroups, readJsonl, readPosts, splitOf, type Problem } from './common.js';

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

// The open-world corpus: every record valid, ids unique, no source document and no text in both
// files (the test file is the frozen evaluation split), counts per language and stratum.
const OpenWorldSchema = z
  .object({
    id: z.string().regex(/^ow-[a-z0-9-]+-\d+$/),
    text: z.string().min(20),
    lang: z.union([z.enum(LANGUAGES), z.literal('und')]),
    source: z.string().min(1),
    package: z.string().min(1),
    stratum: z.enum(['everyday', 'promo']),
  })
  .strict();
const owRows: (string | number)[][] = [];
const owTexts = new Map<string, string>();
const owIds = new Set<string>();
const owCounts = new Map<string, Record<string, number>>();
for (const part of ['train', 'test'] as const) {
  const file = join(ROOT, 'datasets', 'openworld', `${part}.jsonl`);
  if (!existsSync(file)) {
    fail(`${file} is missing (see datasets/openworld/README.md)`);
    continue;
  }
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const r = OpenWorldSchema.safeParse(JSON.parse(line));
    if (!r.success) {
      problems.push({ file, line: i + 1, message: r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ') });
      return;
    }
    const t = r.data;
    if (owIds.has(t.id)) problems.push({ file, line: i + 1, message: `duplicate id ${t.id}` });
    owIds.add(t.id);
    const other = owTexts.get(t.text);
    if (other && other !== part) problems.push({ file, line: i + 1, message: `${t.id}: the same text is in both open-world files` });
    owTexts.set(t.text, part);
    const key = `${t.lang}`;
    const c = owCounts.get(key) ?? { 'train everyday': 0, 'train promo': 0, 'test everyday': 0, 'test promo': 0 };
    c[`${part} ${t.stratum}`]!++;
    owCounts.set(key, c);
  });
}
for (const [lang, c] of [...owCounts].sort()) owRows.push([lang, c['train everyday']!, c['train promo']!, c['test everyday']!, c['test promo']!]);
const ow = (k: string): number => [...owCounts.values()].reduce((n, c) => n + c[k]!, 0);
owRows.push(['all', ow('train everyday'), ow('train promo'), ow('test everyday'), ow('test promo')]);
if (owIds.size < 20_000) fail(`open world: ${owIds.size} texts, target 20,000`);
table('Open-world texts (real text nobody here wrote)', ['lang', 'train everyday', 'train promo', 'test everyday', 'test promo'], owRows);

if (problems.length) {
  console.error(`\ndata:check: ${problems.length} problem(s):`);
  for (const p of problems.slice(0, 60)) console.error(`  ${p.file === 'corpus' ? '' : `${p.file}:${p.line}: `}${p.message}`);
  process.exit(1);
}
console.log('\ndata:check: OK');
