/**
 * `npx tsx scripts/eval-new-posts.ts --since <git revision>`: scores the hand-written posts added
 * to datasets/posts/ since a revision, with the current build (run `npm run build` first).
 *
 * Run it after new posts are written and before `npm run data:build` / `npm run train` / `npm run
 * fit`: nothing has then been fitted to them, so the figures say how the system does on posts it
 * has never seen (the corpus's later rounds, by writers who did not write the rules, were measured
 * this way). Prints precision, recall, F1 and the hard-negative false-positive rate for the fused
 * pipeline and the rules alone, false positives per kind, and the recall ratio under each evasion.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyAttack, EVASIONS } from './corpus/augment.js';
import type { Post } from '../src/data/schema.js';
import { POSTS_DIR, ROOT } from './corpus/common.js';
import { EVERYDAY_KINDS, HARD_NEGATIVE_KINDS } from '../src/taxonomy.js';

const at = process.argv.indexOf('--since');
const since = at > 0 ? process.argv[at + 1] : undefined;
if (!since) {
  console.error('usage: npx tsx scripts/eval-new-posts.ts --since <git revision>');
  process.exit(1);
}

const known = new Set<string>();
for (const f of readdirSync(POSTS_DIR)) {
  let old = '';
  try {
    old = execFileSync('git', ['show', `${since}:datasets/posts/${f}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch {
    continue; // the file is new since then: all its posts are new
  }
  for (const line of old.split('\n')) if (line.trim()) known.add((JSON.parse(line) as Post).id);
}
const posts = readdirSync(POSTS_DIR)
  .flatMap((f) => readFileSync(join(POSTS_DIR, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Post))
  .filter((p) => !known.has(p.id));
if (!posts.length) {
  console.log(`no posts added since ${since}`);
  process.exit(0);
}

const { createScanner } = (await import(join(ROOT, 'dist/index.js'))) as typeof import('../src/index.js');
console.log(`${posts.length} posts added since ${since} (${posts.filter((p) => p.advert).length} adverts)`);
for (const [name, options] of [['fused', {}], ['rules only', { model: false }]] as const) {
  const scanner = createScanner(options);
  const results = await scanner.classifyBatch(posts.map((p) => p.text));
  let tp = 0, fp = 0, fn = 0, hard = 0, hardFp = 0;
  const perKind = new Map<string, [number, number]>();
  posts.forEach((p, i) => {
    const flagged = results[i]!.advert;
    if (p.advert && flagged) tp++;
    else if (p.advert) fn++;
    else if (flagged) fp++;
    if (!p.advert && (HARD_NEGATIVE_KINDS as readonly string[]).includes(p.kind)) {
      hard++;
      if (flagged) hardFp++;
      const k = perKind.get(p.kind) ?? [0, 0];
      perKind.set(p.kind, [k[0] + 1, k[1] + (flagged ? 1 : 0)]);
    }
  });
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  console.log(`${name}: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} F1 ${f1.toFixed(3)} hard-negative FPR ${(hardFp / Math.max(1, hard)).toFixed(3)} (${hardFp}/${hard})`);
  console.log(`  false positives per kind: ${[...perKind].map(([k, [n, f]]) => `${k} ${f}/${n}`).join(', ')}`);
  // Per language: F1, hard-negative FPR and everyday FPR (chatter, classifieds, promotions).
  const langs = [...new Set(posts.map((p) => p.lang))].sort();
  const rows = langs.map((lang) => {
    let t = 0, f = 0, m = 0, h = 0, hf = 0, e = 0, ef = 0;
    posts.forEach((p, i) => {
      if (p.lang !== lang) return;
      const flagged = results[i]!.advert;
      if (p.advert) (flagged ? t++ : m++);
      else if (flagged) f++;
      if ((HARD_NEGATIVE_KINDS as readonly string[]).includes(p.kind)) { h++; if (flagged) hf++; }
      if ((EVERYDAY_KINDS as readonly string[]).includes(p.kind)) { e++; if (flagged) ef++; }
    });
    const pr = t / Math.max(1, t + f), re = t / Math.max(1, t + m);
    return `${lang} F1 ${((2 * pr * re) / Math.max(1e-9, pr + re)).toFixed(3)} hardFPR ${(hf / Math.max(1, h)).toFixed(3)} everydayFPR ${(ef / Math.max(1, e)).toFixed(3)}`;
  });
  console.log(`  per language: ${rows.join(' · ')}`);
  if (name === 'fused') {
    const adverts = posts.filter((p) => p.advert);
    const clean = results.filter((r, i) => posts[i]!.advert && r.advert).length / Math.max(1, adverts.length);
    const ratios: string[] = [];
    for (const attack of EVASIONS) {
      const attacked = await scanner.classifyBatch(adverts.map((p, i) => applyAttack(p.text, attack, 7000 + i)));
      ratios.push(`${attack} ${(attacked.filter((r) => r.advert).length / Math.max(1, adverts.length) / Math.max(1e-9, clean)).toFixed(2)}`);
    }
    console.log(`  recall ratio under each evasion: ${ratios.join(', ')}`);
  }
}
