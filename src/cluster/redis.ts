/**
 * A clustering index shared through Redis, so that several workers (processes or machines) feed
 * one clustering: every worker reads features locally and links each post against everything any
 * worker added before it. Post numbers come from one Redis counter, union-find runs in a Lua
 * script (atomic), and a post's data is stored before it enters the LSH buckets and the indicator
 * index, so two workers adding near-duplicates at once still find each other (the link may then be
 * recorded twice; `clusters()` keeps one). Redis memory grows linearly with the posts: per post its
 * text and indicators, its shingles (12 bytes each), `bands` bucket entries (buckets are trimmed to
 * `bucketLimit`) and one union-find field. Needs the optional peer `ioredis`.
 * Unlike the in-memory clusterer, phrase frequencies are those seen when a post is added, and an
 * indicator that becomes common later keeps the links it made while it was rare.
 * @module
 */
import type { Redis } from 'ioredis';
import { SmuggleScanError } from '../errors.js';
import { redisClass } from '../adapters/deps.js';
import { checkPost, resolveOptions, type CheckedPost } from './clusterer.js';
import { postFeatures, type PostFeatures } from './features.js';
import { bandKeys, minhash } from './minhash.js';
import { summarize, type StoredLink, type StoredPost } from './summary.js';
import { templateEvidence, templateSimilarity } from './template.js';
import type { Assignment, Cluster, ClusterOptions, ResolvedClusterOptions } from './types.js';

/** Options of {@link createRedisClusterIndex}. */
export interface RedisClusterIndexOptions {
  /** A Redis URL (`redis://127.0.0.1:6379`) or a connected ioredis client (not closed by `close()`). */
  redis: string | Redis;
  /** Key prefix of this clustering (default `smugglescan:cluster`); workers of one clustering share it. */
  prefix?: string;
  /** Clustering options; every worker of one clustering must use the same. */
  cluster?: ClusterOptions;
}

/** A clustering shared through Redis. */
export interface RedisClusterIndex {
  /** Adds posts in order; one entry per record, in place: its cluster id now, or its error. */
  add(posts: readonly unknown[]): Promise<Assignment[]>;
  /** Campaigns of at least `minSize` posts (default 2), largest first. Reads the whole index. */
  clusters(options?: { minSize?: number }): Promise<Cluster[]>;
  /** The cluster id of a post, or undefined for an unknown id. */
  clusterOf(id: string): Promise<string | undefined>;
  /** Deletes every key of this clustering. */
  clear(): Promise<void>;
  /** Closes the connection when this index opened it. */
  close(): Promise<void>;
}

const FIND = `local function find(x)
  local r = x
  while true do local p = redis.call('HGET', KEYS[1], r); if not p then break end; r = p end
  while x ~= r do local p = redis.call('HGET', KEYS[1], x); redis.call('HSET', KEYS[1], x, r); x = p end
  return r
end
`;
const UNION = `${FIND}local a = find(ARGV[1]); local b = find(ARGV[2])
if a == b then return a end
if tonumber(a) < tonumber(b) then redis.call('HSET', KEYS[1], b, a); return a end
redis.call('HSET', KEYS[1], a, b); return b`;
const FIND_ONE = `${FIND}return find(ARGV[1])`;

const pack = (f: PostFeatures): Buffer => {
  const n = f.shingles.length;
  const all = new Uint32Array(3 * n);
  all.set(f.shingles, 0);
  all.set(f.starts, n);
  all.set(f.ends, 2 * n);
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
};
const unpack = (b: Buffer): { shingles: Uint32Array; starts: Uint32Array; ends: Uint32Array } => {
  const all = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const n = all.length / 3;
  return { shingles: all.subarray(0, n), starts: all.subarray(n, 2 * n), ends: all.subarray(2 * n) };
};

/** The Redis keys of one clustering, under its prefix. */
const keysOf = (p: string) => ({
  seq: `${p}:seq`,
  byId: `${p}:byid`,
  parent: `${p}:parent`,
  ind: `${p}:ind`,
  indDf: `${p}:inddf`,
  df: `${p}:df`,
  links: `${p}:links`,
  post: (s: number | string) => `${p}:post:${s}`,
  lsh: (b: number, key: number) => `${p}:lsh:${b}:${key}`,
});

/** What every operation of one index reads: its options, its connection and its keys. */
interface RedisIndexContext {
  readonly o: ResolvedClusterOptions;
  readonly r: Redis;
  /** The key prefix. */
  readonly p: string;
  readonly K: ReturnType<typeof keysOf>;
  /** MinHash signature length: `bands * rows`. */
  readonly k: number;
}

/** Rethrows our errors, and wraps any other as `UNAVAILABLE`. */
function unavailable(ctx: RedisIndexContext, e: unknown): never {
  if (e instanceof SmuggleScanError) throw e;
  throw new SmuggleScanError('UNAVAILABLE', `Redis cluster index (${ctx.p}): ${(e as Error).message}. Check that Redis is reachable at the URL given.`);
}

/** Numbers a post, stores it, links it to earlier posts and joins their campaigns; an error for a duplicate id. */
async function insert(ctx: RedisIndexContext, post: CheckedPost, f: PostFeatures): Promise<number | SmuggleScanError> {
  const { o, r, K } = ctx;
  const me = await r.incr(K.seq);
  const claimed = await r.hsetnx(K.byId, post.id, me);
  if (!claimed) return new SmuggleScanError('INVALID_INPUT', `id "${post.id}" was already added to this clustering; give every post its own id.`);
  const distinct = [...new Set(f.shingles)];
  const keys = distinct.length >= o.minShingles ? bandKeys(minhash(distinct, ctx.k), o.bands, o.rows) : new Uint32Array(0);
  const meta = { id: post.id, text: post.text, author: post.author, time: post.time, language: f.language, risk: post.risk, labels: post.labels, indicators: f.indicators };
  const m = r.multi();
  m.hset(K.post(me), 'meta', JSON.stringify(meta), 'sh', pack(f));
  for (const h of distinct) m.hincrby(K.df, String(h), 1);
  for (const i of f.indicators) {
    m.hsetnx(K.ind, `${i.kind}:${i.value}`, me);
    m.hincrby(K.indDf, `${i.kind}:${i.value}`, 1);
  }
  keys.forEach((key, b) => {
    m.lpush(K.lsh(b, key), me);
    m.ltrim(K.lsh(b, key), 0, o.bucketLimit);
  });
  await m.exec();
  const links = [...(await indicatorLinks(ctx, f, me)), ...(await templateLinks(ctx, f, me, distinct, keys))];
  for (const l of links) {
    await r.eval(UNION, 1, K.parent, l.a, l.b);
    await r.rpush(K.links, JSON.stringify(l));
  }
  return me;
}

/** Links to the first post of each indicator of post `me`, while the indicator is not common. */
async function indicatorLinks(ctx: RedisIndexContext, f: PostFeatures, me: number): Promise<StoredLink[]> {
  const { o, r, K } = ctx;
  const indicatorCap = o.indicatorCap ?? Math.max(50, Math.round(0.01 * me));
  const links: StoredLink[] = [];
  if (!f.indicators.length) return links;
  const firsts = await r.hmget(K.ind, ...f.indicators.map((i) => `${i.kind}:${i.value}`));
  const dfs = await r.hmget(K.indDf, ...f.indicators.map((i) => `${i.kind}:${i.value}`));
  for (let j = 0; j < f.indicators.length; j++) {
    const i = f.indicators[j]!;
    const first = Number(firsts[j]);
    if (!first || first === me || Number(dfs[j]) > indicatorCap) continue;
    const earlier = JSON.parse((await r.hget(K.post(first), 'meta')) ?? '{}') as { indicators?: PostFeatures['indicators'] };
    const there = earlier.indicators?.find((x) => x.kind === i.kind && x.value === i.value);
    if (there) links.push({ a: Math.min(first, me), b: Math.max(first, me), kind: i.kind, key: `${i.kind}:${i.value}`, value: i.value, spanA: first < me ? [there.start, there.end] : [i.start, i.end], spanB: first < me ? [i.start, i.end] : [there.start, there.end] });
  }
  return links;
}

/** Template links of post `me`: candidates from its LSH buckets, checked by weighted Jaccard, the best 8. */
async function templateLinks(ctx: RedisIndexContext, f: PostFeatures, me: number, distinct: number[], keys: Uint32Array): Promise<StoredLink[]> {
  const { o, r, K } = ctx;
  if (!keys.length) return [];
  const dfCap = o.dfCap ?? Math.max(8, Math.round(0.002 * me));
  const lists = await Promise.all([...keys].map((key, b) => r.lrange(K.lsh(b, key), 0, o.bucketLimit)));
  const candidates = [...new Set(lists.flat().map(Number))].filter((c) => c !== me);
  const bufs = candidates.length ? await Promise.all(candidates.map((c) => r.hgetBuffer(K.post(c), 'sh'))) : [];
  const other = bufs.map((b) => (b ? unpack(b) : null));
  const all = [...new Set([...distinct, ...other.flatMap((x) => (x ? [...x.shingles] : []))])];
  const dfs = all.length ? await r.hmget(K.df, ...all.map(String)) : [];
  const dfOf = new Map(all.map((h, j) => [h, Number(dfs[j] ?? 1) || 1]));
  const weight = (h: number): number => {
    const d = dfOf.get(h) ?? 1;
    return d <= dfCap ? 1 : dfCap / d;
  };
  const mine = new Set(distinct);
  const passed: { c: number; similarity: number; sh: NonNullable<(typeof other)[number]> }[] = [];
  candidates.forEach((c, j) => {
    const sh = other[j];
    if (!sh) return;
    const s = templateSimilarity(mine, sh.shingles, weight);
    if (s.similarity >= o.templateThreshold && s.shared >= o.minSharedWeight) passed.push({ c, similarity: s.similarity, sh });
  });
  passed.sort((x, y) => y.similarity - x.similarity || x.c - y.c);
  return passed.slice(0, 8).map(({ c, similarity, sh }) => {
    const [ea, eb] = c < me ? templateEvidence(sh, f) : templateEvidence(f, sh);
    return { a: Math.min(c, me), b: Math.max(c, me), kind: 'template', key: 'template', value: 'template', similarity: Math.round(similarity * 1000) / 1000, spanA: ea, spanB: eb };
  });
}

/** The id of the campaign of post number `seq`: the id of its root post. */
async function idOf(ctx: RedisIndexContext, seq: number): Promise<string> {
  const root = Number(await ctx.r.eval(FIND_ONE, 1, ctx.K.parent, seq));
  const meta = await ctx.r.hget(ctx.K.post(root), 'meta');
  return meta ? (JSON.parse(meta) as { id: string }).id : String(root);
}

/** Adds records in order, one at a time; see {@link RedisClusterIndex.add}. */
async function addRecords(ctx: RedisIndexContext, records: readonly unknown[]): Promise<Assignment[]> {
  if (!Array.isArray(records)) throw new SmuggleScanError('INVALID_INPUT', 'add expects an array of posts.');
  const out: Assignment[] = [];
  try {
    for (let j = 0; j < records.length; j++) {
      const rec = records[j];
      let post: CheckedPost;
      try {
        post = checkPost(rec, `posts[${j}]`, `${ctx.p}#${j}`);
      } catch (e) {
        if (!(e instanceof SmuggleScanError)) throw e;
        const id = (rec as { id?: unknown } | null)?.id;
        out.push({ id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null, error: e.toJSON() });
        continue;
      }
      const seq = await insert(ctx, post, postFeatures(post.text, post.language, ctx.o.shingleSize));
      out.push(typeof seq === 'number' ? { id: post.id, cluster: await idOf(ctx, seq) } : { id: post.id, error: seq.toJSON() });
    }
  } catch (e) {
    unavailable(ctx, e);
  }
  return out;
}

/** Reads the whole index into campaigns; see {@link RedisClusterIndex.clusters}. */
async function readClusters(ctx: RedisIndexContext, minSize: number): Promise<Cluster[]> {
  const { r, K } = ctx;
  const n = Number((await r.get(K.seq)) ?? 0);
  const parent = await r.hgetall(K.parent);
  const metas = n ? await Promise.all(Array.from({ length: n }, (_, i) => r.hget(K.post(i + 1), 'meta'))) : [];
  // Post numbers 1..n become positions 0..n-1; numbers burnt on a duplicate id have no data.
  const pos = new Map<number, number>();
  const posts: StoredPost[] = [];
  metas.forEach((m, i) => {
    if (!m) return;
    pos.set(i + 1, posts.length);
    const x = JSON.parse(m) as Omit<StoredPost, 'shingles' | 'starts' | 'ends'>;
    posts.push({ ...x, shingles: new Uint32Array(0), starts: new Uint32Array(0), ends: new Uint32Array(0) });
  });
  const seqs = [...pos.keys()];
  const root = (s: number): number => {
    let x = String(s);
    while (parent[x] !== undefined) x = parent[x]!;
    return Number(x);
  };
  const seen = new Set<string>();
  const links: StoredLink[] = [];
  for (const raw of await r.lrange(K.links, 0, -1)) {
    const l = JSON.parse(raw) as StoredLink;
    const key = `${l.a} ${l.b} ${l.key}`;
    if (seen.has(key) || !pos.has(l.a) || !pos.has(l.b)) continue;
    seen.add(key);
    links.push({ ...l, a: pos.get(l.a)!, b: pos.get(l.b)! });
  }
  return summarize(posts, links, (i) => pos.get(root(seqs[i]!)) ?? i, () => true, minSize);
}

/**
 * Opens a clustering index in Redis.
 * @example
 * const index = createRedisClusterIndex({ redis: 'redis://127.0.0.1:6379', prefix: 'campaigns' });
 * await index.add([{ id: 'a', text: '...' }]);
 * const clusters = await index.clusters();
 */
export function createRedisClusterIndex(options: RedisClusterIndexOptions): RedisClusterIndex {
  const o = resolveOptions(options.cluster);
  const own = typeof options.redis === 'string';
  const r: Redis = typeof options.redis === 'string' ? new (redisClass())(options.redis, { lazyConnect: false, maxRetriesPerRequest: 2 }) : options.redis;
  const p = options.prefix ?? 'smugglescan:cluster';
  const ctx: RedisIndexContext = { o, r, p, K: keysOf(p), k: o.bands * o.rows };
  return {
    add: (records) => addRecords(ctx, records),
    async clusters(opts = {}) {
      try {
        return await readClusters(ctx, opts.minSize ?? 2);
      } catch (e) {
        return unavailable(ctx, e);
      }
    },
    async clusterOf(id) {
      const seq = await r.hget(ctx.K.byId, id);
      return seq ? idOf(ctx, Number(seq)) : undefined;
    },
    async clear() {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${p}:*`, 'COUNT', 1000);
        if (keys.length) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    },
    async close() {
      if (own) r.disconnect();
    },
  };
}
