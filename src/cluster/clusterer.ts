/**
 * The incremental clusterer: posts go in over time, each is linked to earlier posts that share an
 * indicator or a near-duplicate template, and union-find keeps the campaigns. Memory is linear in
 * the posts: per post its text, its indicators, three small arrays over its shingles (hash and
 * input span) and `bands` LSH entries; per link (at most one per indicator and post, and one per
 * earlier campaign a template reaches) one small object.
 * @module
 */
import { SmuggleScanError, formatIssues, fromZodIssues } from '../errors.js';
import type { Label, LanguageCode } from '../taxonomy.js';
import { postFeatures, type KeyedIndicator, type PostFeatures } from './features.js';
import { bandKeys, minhash } from './minhash.js';
import { summarize, type StoredLink, type StoredPost } from './summary.js';
import { templateEvidence, templateSimilarity } from './template.js';
import { ClusterOptionsSchema, type Assignment, type Cluster, type ClusterOptions, type ClusterPost, type ResolvedClusterOptions } from './types.js';
import { UnionFind } from './union-find.js';

/** An incremental clustering. */
export interface Clusterer {
  /** Adds posts in order; returns one entry per record, in place: its cluster id now, or its error. */
  add(posts: readonly unknown[]): Assignment[];
  /** Campaigns of at least `minSize` posts (default 2), largest first, then by id. */
  clusters(options?: { minSize?: number }): Cluster[];
  /** The cluster id of a post, or undefined for an unknown id. */
  clusterOf(id: string): string | undefined;
  /** Posts added so far. */
  readonly size: number;
}

/** Reads the options, with defaults; throws `INVALID_OPTIONS` listing every problem. */
export function resolveOptions(options: ClusterOptions = {}): ResolvedClusterOptions {
  const parsed = ClusterOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = fromZodIssues('INVALID_OPTIONS', parsed.error.issues);
    throw new SmuggleScanError('INVALID_OPTIONS', `Invalid cluster options:\n${formatIssues(issues)}`, issues);
  }
  const o = parsed.data;
  return {
    templateThreshold: o.templateThreshold ?? 0.5,
    shingleSize: o.shingleSize ?? 3,
    minShingles: o.minShingles ?? 4,
    minSharedWeight: o.minSharedWeight ?? 3,
    bands: o.bands ?? 16,
    rows: o.rows ?? 4,
    bucketLimit: o.bucketLimit ?? 32,
    ...(o.dfCap !== undefined ? { dfCap: o.dfCap } : {}),
    ...(o.indicatorCap !== undefined ? { indicatorCap: o.indicatorCap } : {}),
  };
}

/** A validated record. */
export interface CheckedPost {
  id: string;
  text: string;
  author: string | null;
  time: string | number | null;
  language?: LanguageCode;
  risk: number | null;
  labels: readonly Label[];
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Checks one record; throws `INVALID_INPUT` saying what to change. */
export function checkPost(input: unknown, where: string, fallbackId: string): CheckedPost {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SmuggleScanError('INVALID_INPUT', `${where}: expected an object with a string "text", got ${kindOf(input)}.`);
  }
  const p = input as ClusterPost;
  if (typeof p.text !== 'string') throw new SmuggleScanError('INVALID_INPUT', `${where}: "text" must be a string, got ${kindOf(p.text)}.`);
  if (p.id !== undefined && p.id !== null && typeof p.id !== 'string' && typeof p.id !== 'number') {
    throw new SmuggleScanError('INVALID_INPUT', `${where}: "id" must be a string or a number, got ${kindOf(p.id)}. Send ids as strings.`);
  }
  if (p.risk !== undefined && (typeof p.risk !== 'number' || !(p.risk >= 0 && p.risk <= 1))) {
    throw new SmuggleScanError('INVALID_INPUT', `${where}: "risk" must be a number from 0 to 1.`);
  }
  const id = p.id === undefined || p.id === null || p.id === '' ? fallbackId : String(p.id);
  return {
    id,
    text: p.text,
    author: typeof p.author === 'string' ? p.author : null,
    time: typeof p.time === 'string' || typeof p.time === 'number' ? p.time : null,
    ...(typeof p.language === 'string' ? { language: p.language } : {}),
    risk: typeof p.risk === 'number' ? p.risk : null,
    labels: Array.isArray(p.labels) ? p.labels.filter((l): l is Label => typeof l === 'string') : [],
  };
}

/**
 * Creates an empty incremental clusterer.
 * @example
 * const c = createClusterer();
 * c.add([{ id: 'a', text: 'Boat to UK, WhatsApp +44 7700 900123' }, { id: 'b', text: 'Trip this week, call +447700900123' }]);
 * c.clusterOf('b') // 'a'
 */
export function createClusterer(options: ClusterOptions = {}): Clusterer & ClustererInternals {
  const o = resolveOptions(options);
  const k = o.bands * o.rows;
  const posts: StoredPost[] = [];
  const byId = new Map<string, number>();
  const uf = new UnionFind();
  const links: StoredLink[] = [];
  /** Indicator key → its first post and how many posts hold it. */
  const indicators = new Map<string, { first: number; df: number }>();
  /** Shingle hash → how many posts hold it. */
  const df = new Map<number, number>();
  let dfPosts = 0;
  /** LSH: per band, bucket key → newest post; `chain[post * bands + band]` → the next older one. */
  const heads = Array.from({ length: o.bands }, () => new Map<number, number>());
  let chain = new Int32Array(1024 * o.bands);
  /** Indicators that became common since the last rebuild: their links no longer count. */
  let dirty = false;

  const dfCap = (): number => o.dfCap ?? Math.max(8, Math.round(0.002 * dfPosts));
  const indicatorCap = (): number => o.indicatorCap ?? Math.max(50, Math.round(0.01 * dfPosts));
  const weight = (h: number): number => {
    const d = df.get(h) ?? 1;
    const cap = dfCap();
    return d <= cap ? 1 : cap / d;
  };
  const isCommon = (key: string): boolean => (indicators.get(key)?.df ?? 0) > indicatorCap();
  const keyOf = (i: KeyedIndicator): string => `${i.kind}:${i.value}`;

  function count(f: PostFeatures): void {
    dfPosts++;
    for (const h of new Set(f.shingles)) df.set(h, (df.get(h) ?? 0) + 1);
    for (const i of f.indicators) {
      const key = keyOf(i);
      const e = indicators.get(key);
      if (e) {
        e.df++;
        if (e.df === indicatorCap() + 1) dirty = true;
      } else indicators.set(key, { first: -1, df: 1 });
    }
  }

  function link(l: StoredLink): void {
    links.push(l);
    if (l.kind === 'template' || !isCommon(l.key)) uf.union(l.a, l.b);
  }

  function insert(p: CheckedPost, f: PostFeatures, counted: boolean): number {
    if (!counted) count(f);
    const me = uf.add();
    posts.push({ id: p.id, text: p.text, author: p.author, time: p.time, language: f.language, risk: p.risk, labels: p.labels, indicators: f.indicators, shingles: f.shingles, starts: f.starts, ends: f.ends });
    byId.set(p.id, me);
    for (const i of f.indicators) {
      const key = keyOf(i);
      const e = indicators.get(key)!;
      if (e.first < 0) e.first = me;
      else if (e.first !== me) {
        const earlier = posts[e.first]!;
        const there = earlier.indicators.find((x) => keyOf(x) === key)!;
        link({ a: e.first, b: me, kind: i.kind, key, value: i.value, spanA: [there.start, there.end], spanB: [i.start, i.end] });
      }
    }
    // Templates: candidates from the LSH buckets, checked by weighted Jaccard.
    if ((me + 1) * o.bands > chain.length) {
      const next = new Int32Array(chain.length * 2);
      next.set(chain);
      chain = next;
    }
    const distinct = new Set(f.shingles);
    if (distinct.size >= o.minShingles) {
      const keys = bandKeys(minhash([...distinct], k), o.bands, o.rows);
      const candidates = new Set<number>();
      for (let b = 0; b < o.bands; b++) {
        let at = heads[b]!.get(keys[b]!);
        for (let n = 0; at !== undefined && at >= 0 && n < o.bucketLimit; n++) {
          candidates.add(at);
          at = chain[at * o.bands + b]!;
        }
        chain[me * o.bands + b] = heads[b]!.get(keys[b]!) ?? -1;
        heads[b]!.set(keys[b]!, me);
      }
      const passed: { c: number; similarity: number }[] = [];
      for (const c of candidates) {
        const s = templateSimilarity(distinct, posts[c]!.shingles, weight);
        if (s.similarity >= o.templateThreshold && s.shared >= o.minSharedWeight) passed.push({ c, similarity: s.similarity });
      }
      passed.sort((x, y) => y.similarity - x.similarity || x.c - y.c);
      const reached = new Set<number>();
      for (const { c, similarity } of passed) {
        const root = uf.find(c);
        if (reached.has(root)) continue;
        reached.add(root);
        const ev = templateEvidence(posts[c]!, posts[me]!);
        link({ a: c, b: me, kind: 'template', key: 'template', value: 'template', similarity: Math.round(similarity * 1000) / 1000, spanA: ev[0], spanB: ev[1] });
      }
    } else {
      for (let b = 0; b < o.bands; b++) chain[me * o.bands + b] = -1;
    }
    return me;
  }

  function rebuild(): void {
    if (!dirty) return;
    uf.reset();
    for (const l of links) if (l.kind === 'template' || !isCommon(l.key)) uf.union(l.a, l.b);
    dirty = false;
  }

  function addChecked(items: (CheckedPost | { error: SmuggleScanError; id: string | null })[], features: (PostFeatures | undefined)[], counted: boolean): Assignment[] {
    const placed = items.map((it, i) => ('error' in it ? -1 : insert(it, features[i]!, counted)));
    rebuild();
    return items.map((it, i) => ('error' in it ? { id: it.id, error: it.error.toJSON() } : { id: it.id, cluster: posts[uf.find(placed[i]!)]!.id }));
  }

  function check(records: readonly unknown[]): (CheckedPost | { error: SmuggleScanError; id: string | null })[] {
    if (!Array.isArray(records)) throw new SmuggleScanError('INVALID_INPUT', 'add expects an array of posts.');
    const seen = new Set<string>();
    return records.map((r, i) => {
      try {
        const p = checkPost(r, `posts[${i}]`, String(posts.length + i));
        if (byId.has(p.id) || seen.has(p.id)) throw new SmuggleScanError('INVALID_INPUT', `posts[${i}]: id "${p.id}" was already added; give every post its own id.`);
        seen.add(p.id);
        return p;
      } catch (e) {
        if (!(e instanceof SmuggleScanError)) throw e;
        const id = (r as { id?: unknown } | null)?.id;
        return { error: e, id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null };
      }
    });
  }

  return {
    get size() {
      return posts.length;
    },
    add(records) {
      const items = check(records);
      const features = items.map((it) => ('error' in it ? undefined : postFeatures(it.text, it.language, o.shingleSize)));
      return addChecked(items, features, false);
    },
    addAll(records) {
      // Counts every post's shingles and indicators first, so the first posts already know which
      // phrases are common.
      const items = check(records);
      const features = items.map((it) => ('error' in it ? undefined : postFeatures(it.text, it.language, o.shingleSize)));
      for (const f of features) if (f) count(f);
      return addChecked(items, features, true);
    },
    clusterOf(id) {
      const i = byId.get(id);
      return i === undefined ? undefined : posts[uf.find(i)]!.id;
    },
    clusters(opts = {}) {
      rebuild();
      return summarize(posts, links, (i) => uf.find(i), (l) => l.kind === 'template' || !isCommon(l.key), opts.minSize ?? 2);
    },
  };
}

/** Used by `clusterPosts`. */
export interface ClustererInternals {
  /** Adds a whole batch, counting its phrase and indicator frequencies before linking. */
  addAll(posts: readonly unknown[]): Assignment[];
}
