// Campaign clustering figures (npm run bench, section 5; or alone: node --expose-gc benchmarks/cluster.mjs):
//   quality  pairwise precision/recall, B-cubed F1 and adjusted Rand index on the held-out
//            families of datasets/campaigns/families.jsonl ("split":"test", never tuned on), and
//            on the train families for reference
//   scale    posts/s and RSS for 20,000 and 100,000 posts (each size in a fresh child process),
//            clustering alone, and 20,000 posts classified (model, batched) then clustered
// Writes bench-out/cluster.json. Options: --quick (5,000 and 20,000 posts), --no-model.
// Set SMUGGLESCAN_SRC=1 and run with `node --import tsx` to measure the sources instead of dist/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const lib = await import(process.env.SMUGGLESCAN_SRC ? `${root}src/index.ts` : `${root}dist/index.js`);
const args = process.argv.slice(2);

/** Base texts for the scale runs: the hand-written posts of every language. */
function corpus() {
  const dir = `${root}datasets/posts`;
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(`${dir}/${f}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text));
}

/** `n` posts: the base texts cycled, each copy with new numbers (prices, dates, phones) and a tag. */
function synthetic(n) {
  const base = corpus();
  return Array.from({ length: n }, (_, i) => ({ id: `s${i}`, text: `${base[i % base.length].replace(/\d/g, (d) => String((Number(d) + Math.floor(i / base.length)) % 10))} #${(i * 2654435761 >>> 0).toString(36)}` }));
}

async function child(n, classify, model) {
  const posts = synthetic(n);
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let classifyMs = 0;
  let input = posts;
  if (classify) {
    const scanner = lib.createScanner(model ? {} : { model: false });
    await scanner.ready();
    const t = performance.now();
    input = [];
    for (let i = 0; i < posts.length; i += 64) {
      const rs = await scanner.classifyBatch(posts.slice(i, i + 64));
      rs.forEach((r, k) => input.push({ ...posts[i + k], language: r.language.code, risk: r.risk }));
    }
    classifyMs = performance.now() - t;
  }
  const t1 = performance.now();
  const c = lib.createClusterer();
  let peak = 0;
  for (let i = 0; i < input.length; i += 1000) {
    c.add(input.slice(i, i + 1000));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const clusters = c.clusters();
  const clusterMs = performance.now() - t1;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { posts: n, classified: classify, model: classify && model, totalMs: Math.round(performance.now() - t0), classifyMs: Math.round(classifyMs), clusterMs: Math.round(clusterMs), clusterPostsPerSec: Math.round(n / (clusterMs / 1000)), campaigns: clusters.length, rssStartMb: Math.round(rss0 / 2 ** 20), peakRssMb: Math.round(peak / 2 ** 20) };
}

function quality() {
  const rows = readFileSync(`${root}datasets/campaigns/families.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const out = {};
  for (const split of ['test', 'train']) {
    const sel = rows.filter((r) => r.split === split);
    const { assignments } = lib.clusterPosts(sel.map(({ id, text, author, time }) => ({ id, text, author, time })));
    const truth = new Map(sel.map((r) => [r.id, r.campaign]));
    const pred = new Map(assignments.map((a) => [a.id, a.cluster]));
    const pw = lib.pairwiseScores(truth, pred);
    out[split] = { families: new Set(sel.map((r) => r.family)).size, posts: sel.length, pairwise: pw, bcubed: lib.bcubedF1(truth, pred), ari: lib.adjustedRandIndex(truth, pred) };
  }
  return out;
}

/** Runs every section; resolves to the figures. */
export async function clusterBench({ quick = false, model = true } = {}) {
  const q = quality();
  const runs = [];
  const me = new URL(import.meta.url).pathname;
  const node = [...(process.env.SMUGGLESCAN_SRC ? ['--import', 'tsx'] : []), '--expose-gc', me];
  const sizes = quick ? [5_000, 20_000] : [20_000, 100_000];
  for (const n of sizes) runs.push(JSON.parse(execFileSync(process.execPath, [...node, '--child', String(n)], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 }).trim().split('\n').pop()));
  let withClassification;
  try {
    withClassification = JSON.parse(execFileSync(process.execPath, [...node, '--child', '20000', '--classify', ...(model ? [] : ['--no-model'])], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 }).trim().split('\n').pop());
  } catch (e) {
    withClassification = { error: String(e.message).slice(0, 300) };
  }
  return { quality: q, scale: runs, withClassification, cpus: (await import('node:os')).cpus().length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (args.includes('--child')) {
    const r = await child(Number(args[args.indexOf('--child') + 1]), args.includes('--classify'), !args.includes('--no-model'));
    process.stdout.write(JSON.stringify(r) + '\n');
  } else {
    const r = await clusterBench({ quick: args.includes('--quick'), model: !args.includes('--no-model') });
    mkdirSync(`${root}bench-out`, { recursive: true });
    writeFileSync(`${root}bench-out/cluster.json`, JSON.stringify(r, null, 2));
    console.log(JSON.stringify(r, null, 2));
  }
}
