/**
 * Shared corpus helpers for the scripts: reading posts, the split rule, and variant generation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACKS, EVASIONS, applyAttack, hash32, rng, type Attack } from './augment.js';
import { PostSchema, type Post } from '../../src/data/schema.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
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
  // Round 5 and later (thousands of posts at once) get fewer variants: training time on two CPU
  // cores is bounded, and the earlier rounds already teach every evasion.
  const later = (p.round ?? 0) >= 5;
  const n = split === 'train' ? (later ? 2 : 5) : later ? 1 : 3;
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

/** One text of the open-world corpus (`datasets/openworld/`): real text nobody here wrote. */
export interface OpenWorldText {
  id: string;
  text: string;
  lang: string;
  source: string;
  stratum: 'everyday' | 'promo';
}

/**
 * Open-world negatives for training: the corpus's train file cut by a hash of the id into a
 * model-train part (80 %) and a model-dev part (20 %), at most `perCell` texts per language and
 * stratum (the corpus has thousands of software strings per language; training time is bounded).
 * `datasets/openworld/test.jsonl` is the frozen evaluation split and is never read here.
 */
export function openWorldNegatives(part: 'train' | 'dev', perCell: number): OpenWorldText[] {
  const file = join(ROOT, 'datasets', 'openworld', 'train.jsonl');
  if (!existsSync(file)) return [];
  const cells = new Map<string, OpenWorldText[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const t = JSON.parse(line) as OpenWorldText;
    const h = hash32(`smugglescan-ow:${t.id}`) % 100;
    if ((h < 80) !== (part === 'train')) continue;
    const key = `${t.lang}/${t.stratum}`;
    const list = cells.get(key) ?? [];
    list.push(t);
    cells.set(key, list);
  }
  const out: OpenWorldText[] = [];
  for (const key of [...cells.keys()].sort()) {
    // A spread over sources: a deterministic shuffle by hash, then the first perCell.
    const list = cells.get(key)!.sort((a, b) => hash32(`ow-pick:${a.id}`) - hash32(`ow-pick:${b.id}`));
    out.push(...list.slice(0, perCell));
  }
  return out;
}

/**
 * Junk with no words (punctuation runs, repeated letters, digit strings, emoji soup): negatives
 * that teach the model that shapes alone mean nothing. Deterministic for a seed.
 */
export function junkTexts(n: number, seed = 7): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const parts = ['!!!', '???', '...', '---', '***', '###', '$$$', '€€', '£', '%%', '+++', '///', '|||', '~~~', '>>>', '😂😂', '🔥', '👍👍', '🙏', '❤️', '1234', '000', '999999', '2002-07-26', '07.15.2002', '20020715', '+44', 'aaaa', 'zzzz', 'xoxo', 'hhhh', 'lol', 'ok', 'www'];
  return Array.from({ length: n }, () => Array.from({ length: 2 + Math.floor(r() * 10) }, () => pick(parts)).join(pick([' ', '', '  ', '\n'])));
}
