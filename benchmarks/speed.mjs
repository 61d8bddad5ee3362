// Speed and memory of the pipeline, on the corpus's posts (figures, never pass/fail):
// - rules + language path on one core, next to franc's default call on the same posts;
// - the whole pipeline with the model: batched posts/s, single-post p50/p99 latency;
// - cold start (import + model load) in a fresh process; peak RSS.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { franc } from 'franc';
import { createScanner, normalize, detectLanguage, analyzeRules, builtinRules, defaultModelPath } from '../dist/index.js';
import { createPool } from '../dist/adapters.js';

const root = new URL('..', import.meta.url).pathname;
const posts = readdirSync(`${root}datasets/posts`).flatMap((f) =>
  readFileSync(`${root}datasets/posts/${f}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text));

function rate(fn, texts, rounds = 2) {
  for (const t of texts.slice(0, 300)) fn(t); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) fn(t);
  return (rounds * texts.length) / ((performance.now() - t0) / 1000);
}

/** Aggregate posts/s of two processes classifying half the posts each, timed from a common start. */
async function twoProcesses(texts) {
  const { spawn } = await import('node:child_process');
  const child = `
    const m = await import('${root}dist/index.js');
    const texts = JSON.parse((await import('node:fs')).readFileSync(process.argv[1], 'utf8'));
    const s = m.createScanner({ model: { threads: 1 } }); await s.ready();
    for (let i = 0; i < texts.length; i += 256) await s.classifyBatch(texts.slice(i, i + 256)); // warm-up pass
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      const t0 = performance.now();
      for (let i = 0; i < texts.length; i += 256) await s.classifyBatch(texts.slice(i, i + 256));
      process.stdout.write(JSON.stringify({ n: texts.length, ms: performance.now() - t0 }) + '\\n');
      process.exit(0);
    });`;
  const halves = [texts.slice(0, texts.length / 2), texts.slice(texts.length / 2)];
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/ss-speed-`);
  const procs = halves.map((h, i) => {
    writeFileSync(`${dir}/${i}.json`, JSON.stringify(h));
    return spawn(process.execPath, ['--input-type=module', '-e', child, `${dir}/${i}.json`], { stdio: ['pipe', 'pipe', 'inherit'] });
  });
  const lines = procs.map((p) => {
    const queue = [];
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) { queue.push(buf.slice(0, i)); buf = buf.slice(i + 1); }
    });
    return async () => { while (!queue.length) await new Promise((r) => setTimeout(r, 5)); return queue.shift(); };
  });
  await Promise.all(lines.map((next) => next()));
  const t0 = performance.now();
  procs.forEach((p) => p.stdin.write('go\n'));
  const done = (await Promise.all(lines.map((next) => next()))).map((l) => JSON.parse(l));
  const wall = performance.now() - t0;
  return done.reduce((a, d) => a + d.n, 0) / (wall / 1000);
}

export async function speed() {
  const rules = builtinRules();
  const out = { posts: posts.length };
  out.francPostsPerSec = rate((t) => franc(t), posts);
  out.rulesPathPostsPerSec = rate((t) => {
    const n = normalize(t);
    analyzeRules(n, detectLanguage(t).code, rules);
  }, posts);
  const hasModel = existsSync(`${defaultModelPath()}/config.json`);
  out.model = hasModel;
  if (hasModel) {
    const scanner = createScanner();
    await scanner.ready();
    const batch = posts.slice(0, 2048);
    // Throughput is steady-state: one warm-up pass over the same posts first (V8 compiles the hot
    // paths of each thread); the cold start is measured on its own below.
    const pass = async (c) => { for (let i = 0; i < batch.length; i += 256) await c.classifyBatch(batch.slice(i, i + 256)); };
    await pass(scanner);
    let t0 = performance.now();
    await pass(scanner);
    out.pipelineBatchedPostsPerSec = batch.length / ((performance.now() - t0) / 1000);
    // Two cores, the library's way: a pool of two worker threads, each with its own model on one
    // onnxruntime thread (createPool's default share of the cores).
    const pool = createPool({ workers: 2 });
    await pool.ready();
    // Each worker sees half the posts of a pass: two passes warm each as much as one warms a process.
    await pass(pool);
    await pass(pool);
    t0 = performance.now();
    await pass(pool);
    out.poolTwoWorkersPostsPerSec = batch.length / ((performance.now() - t0) / 1000);
    await pool.close();
    // Two cores, two processes, each with its own model, started together after both have loaded.
    out.twoProcessesPostsPerSec = await twoProcesses(posts.slice(0, 4096));
    const lat = [];
    for (const t of posts.slice(0, 600)) {
      const s = performance.now();
      await scanner.classify(t);
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    out.singleP50Ms = lat[Math.floor(lat.length * 0.5)];
    out.singleP99Ms = lat[Math.floor(lat.length * 0.99)];
    const cold = execFileSync(process.execPath, ['-e', `
      const t0 = performance.now();
      import('${root}dist/index.js').then(async (m) => {
        const t1 = performance.now();
        const s = m.createScanner(); await s.ready(); const t2 = performance.now();
        await s.classify('boat to uk'); const t3 = performance.now();
        console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, firstMs: t3 - t2 }));
      });`], { encoding: 'utf8' });
    out.coldStart = JSON.parse(cold.trim().split('\n').pop());
    out.coldStart.totalMs = out.coldStart.importMs + out.coldStart.loadMs + out.coldStart.firstMs;
  }
  out.peakRssMb = process.resourceUsage().maxRSS / 1024;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await speed();
  console.log(JSON.stringify(s, null, 2));
}
