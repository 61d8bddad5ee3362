/**
 * Shared corpus helpers for the scripts: reading posts, the split rule, and variant generation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACKS, EVASIONS, applyAttack, hash32, rng, type Attack } from '../src/augment/index.js';
import { PostSchema, type Post } from '../src/data/schema.js';

export const ROOT = new URL('..', import.meta.url).pathname;
export const POSTS_DIR = join(ROOT, 'datasets', 'posts');
export const SPLITS_DIR = join(ROOT, 'datasets', 'splits');
export const SPLITS = ['train', 'dev', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/**
 * The split of a group: a hash, so a post and all its variants share it, and adding posts moves none.
 * The test split is frozen once written: a group written later that hashes to test goes to dev
 * instead (pass the frozen test groups as `frozenTest`), so new posts are used and the test
 * split stays exactly as it was.
 */
export function splitOf(group: string, frozenTest: ReadonlySet<string> | null = null): Split {
  const h = hash32(`smugglescan-split:${group}`) % 100;
  const split: Split = h < 70 ? 'train' : h < 85 ? 'dev' : 'test';
  return split === 'test' && frozenTest && !frozenTest.has(group) ? 'dev' : split;
}

/** The groups of the frozen test split (only their names are read), or null when it is not written yet. */
export function frozenTestGroups(): Set<string> | null {
  const file = join(SPLITS_DIR, 'test.jsonl');
  if (!existsSync(file)) return null;
  const groups = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim()) groups.add((JSON.parse(line) as { group: string }).group);
  }
  return groups;
}

export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** Reads and validates JSONL posts; problems are collected, not thrown. */
export function readJsonl(file: string, problems: Problem[]): Post[] {
  const out: Post[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      problems.push({ file, line: i + 1, message: `not JSON: ${(e as Error).message}` });
      return;
    }
    const r = PostSchema.safeParse(obj);
    if (!r.success) {
      for (const iss of r.error.issues) problems.push({ file, line: i + 1, message: `${iss.path.join('.') || '(record)'}: ${iss.message}` });
      return;
    }
    out.push(r.data);
  });
  return out;
}

/** Every hand-written post, validated, with duplicate ids reported. */
export function readPosts(problems: Problem[]): Post[] {
  const files = existsSync(POSTS_DIR) ? readdirSync(POSTS_DIR).filter((f) => f.endsWith('.jsonl')).sort() : [];
  const posts: Post[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    for (const p of readJsonl(join(POSTS_DIR, f), problems)) {
      if (seen.has(p.id)) problems.push({ file: join(POSTS_DIR, f), line: 0, message: `duplicate id ${p.id}` });
      seen.add(p.id);
      if (p.augmented) problems.push({ file: join(POSTS_DIR, f), line: 0, message: `${p.id}: generated variants do not belong in datasets/posts` });
      posts.push(p);
    }
  }
  return posts;
}

/** Which attacks make variants of a post in a split. */
export function attacksFor(p: Post, split: Split): Attack[] {
  if (split === 'test' && p.advert) return [...ATTACKS];
  const r = rng(hash32(p.id));
  const n = split === 'train' ? 5 : 3;
  const pool = [...EVASIONS, 'swap_numbers', 'swap_places'] as Attack[];
  const chosen: Attack[] = [];
  while (chosen.length < n) {
    const a = pool[Math.floor(r() * pool.length)]!;
    if (!chosen.includes(a)) chosen.push(a);
  }
  // Posts in Arabic, Cyrillic or Greek script always get a Latin transliteration too: it is the
  // evasion the model otherwise sees least (one random pick in twelve).
  if (/[\u0370-\u03FF\u0400-\u04FF\u0600-\u06FF]/u.test(p.text) && !chosen.includes('transliterate')) chosen.push('transliterate');
  return chosen;
}

/** The generated variants of a post (identical ones dropped). */
export function variantsOf(p: Post, split: Split): Post[] {
  const out: Post[] = [];
  for (const attack of attacksFor(p, split)) {
    const text = applyAttack(p.text, attack, hash32(`${p.id}:${attack}`));
    if (text === p.text) continue;
    out.push({ ...p, id: `${p.id}-v-${attack.replace('_', '-')}`, text, augmented: true, of: p.id, attack, split });
  }
  return out;
}
