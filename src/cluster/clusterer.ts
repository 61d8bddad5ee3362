/**
 * The incremental clusterer: posts go in over time, each is linked to earlier posts that share an
 * indicator or a near-duplicate template, and union-find keeps the campaigns. Memory is linear in
 * the posts: per post its text, its indicators, three small arrays over its shingles (hash and
 * input span) and `bands` LSH entries; per link (at most one per indicator and post, and one per
 * earlier campaign a template reaches) one small object.
 * @module
 */
import { SmuggleScanError, parseOptions } from '../errors.js';
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
  const o = parseOptions(ClusterOptionsSchema, options, 'cluster');
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

/** A record that failed its checks, with the id it gave if any. */
type Rejected = { error: SmuggleScanError; id: string | null };

/** The whole state of a clusterer; the functions below read and change it. */
interface ClusterState {
  readonly o: ResolvedClusterOptions;
  /** MinHash signature length: `bands * rows`. */
  readonly k: number;
  readonly posts: StoredPost[];
  readonly byId: Map<string, number>;
  readonly uf: UnionFind;
  readonly links: StoredLink[];
  /** Indicator key → its first post and how many posts hold it. */
  readonly indicators: Map<string, { first: number; df: number }>;
  /** Shingle hash → how many posts hold it. */
  readonly df: Map<number, number>;
  dfPosts: number;
  /** LSH: per band, bucket key → newest post; `chain[post * bands + band]` → the next older one. */
  readonly heads: Map<number, number>[];
  chain: Int32Array;
  /** Indicators that became common since the last rebuild: their links no longer count. */
  dirty: boolean;
}

const dfCap = (s: ClusterState): number => s.o.dfCap ?? Math.max(8, Math.round(0.002 * s.dfPosts));
const indicatorCap = (s: ClusterState): number => s.o.indicatorCap ?? Math.max(50, Math.round(0.01 * s.dfPosts));
const isCommon = (s: ClusterState, key: string): boolean => (s.indicators.get(key)?.df ?? 0) > indicatorCap(s);
const keyOf = (i: KeyedIndicator): string => `${i.kind}:${i.value}`;
/** Whether a link joins its posts' campaigns: templates always, indicators while not common. */
const counts = (s: ClusterState, l: StoredLink): boolean => l.kind === 'template' || !isCommon(s, l.key);

/** Counts a post's shingles and indicators into the document frequencies. */
function countFeatures(s: ClusterState, f: PostFeatures): void {
  s.dfPosts++;
  for (const h of new Set(f.shingles)) s.df.set(h, (s.df.get(h) ?? 0) + 1);
  for (const i of f.indicators) {
    const key = keyOf(i);
    const e = s.indicators.get(key);
    if (e) {
      e.df++;
      if (e.df === indicatorCap(s) + 1) s.dirty = true;
    } else s.indicators.set(key, { first: -1, df: 1 });
  }
}

function link(s: ClusterState, l: StoredLink): void {
  s.links.push(l);
  if (counts(s, l)) s.uf.union(l.a, l.b);
}

/** Stores a post and links it to earlier posts by indicator and by template; returns its index. */
function insert(s: ClusterState, p: CheckedPost, f: PostFeatures, counted: boolean): number {
  if (!counted) countFeatures(s, f);
  const me = s.uf.add();
  s.posts.push({ id: p.id, text: p.text, author: p.author, time: p.time, language: f.language, risk: p.risk, labels: p.labels, indicators: f.indicators, shingles: f.shingles, starts: f.starts, ends: f.ends });
  s.byId.set(p.id, me);
  for (const i of f.indicators) {
    const key = keyOf(i);
    const e = s.indicators.get(key)!;
    if (e.first < 0) e.first = me;
    else if (e.first !== me) {
      const earlier = s.posts[e.first]!;
      const there = earlier.indicators.find((x) => keyOf(x) === key)!;
      link(s, { a: e.first, b: me, kind: i.kind, key, value: i.value, spanA: [there.start, there.end], spanB: [i.start, i.end] });
    }
  }
  linkTemplates(s, me, f);
  return me;
}

/** Templates: candidates from the LSH buckets, checked by weighted Jaccard, one link per earlier campaign. */
function linkTemplates(s: ClusterState, me: number, f: PostFeatures): void {
  const { o } = s;
  if ((me + 1) * o.bands > s.chain.length) {
    const next = new Int32Array(s.chain.length * 2);
    next.set(s.chain);
    s.chain = next;
  }
  const distinct = new Set(f.shingles);
  if (distinct.size < o.minShingles) {
    for (let b = 0; b < o.bands; b++) s.chain[me * o.bands + b] = -1;
    return;
  }
  const keys = bandKeys(minhash([...distinct], s.k), o.bands, o.rows);
  const candidates = new Set<number>();
  for (let b = 0; b < o.bands; b++) {
    let at = s.heads[b]!.get(keys[b]!);
    for (let n = 0; at !== undefined && at >= 0 && n < o.bucketLimit; n++) {
      candidates.add(at);
      at = s.chain[at * o.bands + b]!;
    }
    s.chain[me * o.bands + b] = s.heads[b]!.get(keys[b]!) ?? -1;
    s.heads[b]!.set(keys[b]!, me);
  }
  const weight = (h: number): number => {
    const d = s.df.get(h) ?? 1;
    const cap = dfCap(s);
    return d <= cap ? 1 : cap / d;
  };
  const passed: { c: number; similarity: number }[] = [];
  for (const c of candidates) {
    const sim = templateSimilarity(distinct, s.posts[c]!.shingles, weight);
    if (sim.similarity >= o.templateThreshold && sim.shared >= o.minSharedWeight) passed.push({ c, similarity: sim.similarity });
  }
  passed.sort((x, y) => y.similarity - x.similarity || x.c - y.c);
  const reached = new Set<number>();
  for (const { c, similarity } of passed) {
    const root = s.uf.find(c);
    if (reached.has(root)) continue;
    reached.add(root);
    const ev = templateEvidence(s.posts[c]!, s.posts[me]!);
    link(s, { a: c, b: me, kind: 'template', key: 'template', value: 'template', similarity: Math.round(similarity * 1000) / 1000, spanA: ev[0], spanB: ev[1] });
  }
}

/** Rejoins the campaigns when indicators became common since the last rebuild. */
function rebuild(s: ClusterState): void {
  if (!s.dirty) return;
  s.uf.reset();
  for (const l of s.links) if (counts(s, l)) s.uf.union(l.a, l.b);
  s.dirty = false;
}

function addChecked(s: ClusterState, items: (CheckedPost | Rejected)[], features: (PostFeatures | undefined)[], counted: boolean): Assignment[] {
  const placed = items.map((it, i) => ('error' in it ? -1 : insert(s, it, features[i]!, counted)));
  rebuild(s);
  return items.map((it, i) => ('error' in it ? { id: it.id, error: it.error.toJSON() } : { id: it.id, cluster: s.posts[s.uf.find(placed[i]!)]!.id }));
}

/** Checks a batch: each record valid, with an id not added before nor twice in the batch. */
function checkBatch(s: ClusterState, records: readonly unknown[]): (CheckedPost | Rejected)[] {
  if (!Array.isArray(records)) throw new SmuggleScanError('INVALID_INPUT', 'add expects an array of posts.');
  const seen = new Set<string>();
  return records.map((r, i) => {
    try {
      const p = checkPost(r, `posts[${i}]`, String(s.posts.length + i));
      if (s.byId.has(p.id) || seen.has(p.id)) throw new SmuggleScanError('INVALID_INPUT', `posts[${i}]: id "${p.id}" was already added; give every post its own id.`);
      seen.add(p.id);
      return p;
    } catch (e) {
      if (!(e instanceof SmuggleScanError)) throw e;
      const id = (r as { id?: unknown } | null)?.id;
      return { error: e, id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null };
    }
  });
}

const featuresOf = (s: ClusterState, items: (CheckedPost | Rejected)[]): (PostFeatures | undefined)[] =>
  items.map((it) => ('error' in it ? undefined : postFeatures(it.text, it.language, s.o.shingleSize)));

/**
 * Creates an empty incremental clusterer.
 * @example
 * const c = createClusterer();
 * c.add([{ id: 'a', text: 'Boat to UK, WhatsApp +44 7700 900123' }, { id: 'b', text: 'Trip this week, call +447700900123' }]);
 * c.clusterOf('b') // 'a'
 */
export function createClusterer(options: ClusterOptions = {}): Clusterer & ClustererInternals {
  const o = resolveOptions(options);
  const s: ClusterState = {
    o,
    k: o.bands * o.rows,
    posts: [],
    byId: new Map(),
    uf: new UnionFind(),
    links: [],
    indicators: new Map(),
    df: new Map(),
    dfPosts: 0,
    heads: Array.from({ length: o.bands }, () => new Map<number, number>()),
    chain: new Int32Array(1024 * o.bands),
    dirty: false,
  };
  return {
    get size() {
      return s.posts.length;
    },
    add(records) {
      const items = checkBatch(s, records);
      return addChecked(s, items, featuresOf(s, items), false);
    },
    addAll(records) {
      // Counts every post's shingles and indicators first, so the first posts already know which
      // phrases are common.
      const items = checkBatch(s, records);
      const features = featuresOf(s, items);
      for (const f of features) if (f) countFeatures(s, f);
      return addChecked(s, items, features, true);
    },
    clusterOf(id) {
      const i = s.byId.get(id);
      return i === undefined ? undefined : s.posts[s.uf.find(i)]!.id;
    },
    clusters(opts = {}) {
      rebuild(s);
      return summarize(s.posts, s.links, (i) => s.uf.find(i), (l) => counts(s, l), opts.minSize ?? 2);
    },
  };
}

/** Used by `clusterPosts`. */
export interface ClustererInternals {
  /** Adds a whole batch, counting its phrase and indicator frequencies before linking. */
  addAll(posts: readonly unknown[]): Assignment[];
}
