#!/usr/bin/env node
// Pipeline throughput: the worker-thread pool with 1 and 2 workers (posts/s), and the HTTP sidecar
// on loopback (requests/s, p50/p99 latency), over datasets/sample.jsonl posts repeated.
// Uses the built package (npm run build first). Runs in well under a minute.
//
//   node benchmarks/pipeline.mjs [--no-model] [--model DIR] [--posts N] [--seconds S] [--concurrency C]
//   (npm run bench:pipeline builds first)
//
// With models/smugglescan-mini present the model is used, else rules only (as with --no-model).
// Prints a table and writes bench-out/pipeline.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';

const root = new URL('../', import.meta.url);
const path = (p) => new URL(p, root).pathname;
if (!existsSync(path('dist/index.js')) || !existsSync(path('dist/pool-worker.js'))) {
  console.error('benchmarks/pipeline.mjs: dist/ is missing; run "npm run build" (or npx tsup) first.');
  process.exit(1);
}
const { values } = parseArgs({
  options: {
    'no-model': { type: 'boolean', default: false },
    model: { type: 'string' },
    posts: { type: 'string' }, // default: 3000 rules only, 600 with the model (about 6x slower)
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
  },
});
const lib = { ...(await import(path('dist/index.js'))), ...(await import(path('dist/adapters.js'))) };

const shipped = path('models/smugglescan-mini');
// A folder being (re)built may hold config.json before its weights: check for both.
const modelDir = values.model ?? (existsSync(`${shipped}/config.json`) && existsSync(`${shipped}/onnx/model.onnx`) ? shipped : null);
const useModel = !values['no-model'] && modelDir !== null;
const scannerOptions = { model: useModel ? modelDir : false };
const mode = useModel ? `model ${modelDir.replace(path(''), '')}` : `rules only (${values['no-model'] ? '--no-model' : 'no model folder'})`;

const sample = readFileSync(path('datasets/sample.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const N = Number(values.posts ?? (useModel ? 600 : 3000));
const posts = Array.from({ length: N }, (_, i) => ({ id: `b${i}`, text: sample[i % sample.length].text }));
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
const rows = [];
const t0 = performance.now();

// In-process baseline, in batches of 64 (one core).
{
  const scanner = lib.createScanner(scannerOptions);
  await scanner.classifyBatch(posts.slice(0, 64)); // warm: rules compiled, model loaded
  const t = performance.now();
  for (let i = 0; i < N; i += 64) await scanner.classifyBatch(posts.slice(i, i + 64));
  const s = (performance.now() - t) / 1000;
  rows.push({ name: 'in-process scanner', workers: 0, posts: N, seconds: round(s, 2), postsPerSecond: round(N / s) });
}

// The pool with 1 and 2 workers: one classifyBatch over all posts, spread in chunks of 64.
for (const workers of [1, 2]) {
  const pool = lib.createPool({ workers, scannerOptions });
  const tReady = performance.now();
  await pool.ready();
  await pool.classifyBatch(posts.slice(0, 64 * workers)); // warm every worker
  const startup = (performance.now() - tReady) / 1000;
  const t = performance.now();
  const results = await pool.classifyBatchSettled(posts);
  const s = (performance.now() - t) / 1000;
  if (results.length !== N || results.some((r) => 'error' in r)) throw new Error('pool returned errors');
  rows.push({ name: `pool, ${workers} worker${workers > 1 ? 's' : ''}`, workers, posts: N, seconds: round(s, 2), postsPerSecond: round(N / s), startupSeconds: round(startup, 2) });
  await pool.close();
}

// The sidecar in its own process (as deployed), loaded from this one over loopback with keep-alive.
async function sidecar(extraArgs) {
  const args = [path('dist/cli.js'), 'serve', '--port', '0', '--host', '127.0.0.1', ...extraArgs, ...(useModel ? ['--model', modelDir] : ['--no-model'])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (/ready/.test(out)) resolve(/listening on (http:\/\/\S+)/.exec(out)[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  const { hostname, port } = new URL(url);
  const C = Number(values.concurrency);
  const agent = new Agent({ keepAlive: true, maxSockets: C });
  const call = (body) =>
    new Promise((resolve, reject) => {
      const req = request({ host: hostname, port, path: '/v1/classify', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`HTTP ${res.statusCode}: ${data}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  const bodies = posts.slice(0, 500).map((p) => JSON.stringify(p));
  // Warm up, then C clients in closed loops for the measured window.
  await Promise.all(bodies.slice(0, C * 2).map(call));
  const latencies = [];
  const until = performance.now() + Number(values.seconds) * 1000;
  let k = 0;
  const tStart = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await call(bodies[k++ % bodies.length]);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const s = (performance.now() - tStart) / 1000;
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { requests: latencies.length, seconds: round(s, 2), requestsPerSecond: round(latencies.length / s), p50ms: round(q(0.5), 2), p99ms: round(q(0.99), 2), concurrency: C };
}
const http = [
  { name: 'sidecar (serve)', ...(await sidecar([])) },
  { name: 'sidecar (serve --workers 2)', ...(await sidecar(['--workers', '2'])) },
];

const total = round((performance.now() - t0) / 1000, 1);
const machine = `${cpus()[0]?.model?.trim() ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.version}`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`smugglescan pipeline benchmark: ${mode}; ${N} posts (datasets/sample.jsonl repeated); ${machine}\n`);
console.log(`${pad('classifier', 30)}${lpad('posts/s', 10)}${lpad('seconds', 10)}${lpad('startup s', 11)}`);
for (const r of rows) console.log(`${pad(r.name, 30)}${lpad(r.postsPerSecond, 10)}${lpad(r.seconds, 10)}${lpad(r.startupSeconds ?? '', 11)}`);
console.log(`\n${pad('HTTP, single-post requests', 30)}${lpad('req/s', 10)}${lpad('p50 ms', 10)}${lpad('p99 ms', 10)}${lpad('clients', 9)}`);
for (const h of http) console.log(`${pad(h.name, 30)}${lpad(h.requestsPerSecond, 10)}${lpad(h.p50ms, 10)}${lpad(h.p99ms, 10)}${lpad(h.concurrency, 9)}`);
console.log(`\n(total ${total} s)`);

mkdirSync(path('bench-out'), { recursive: true });
writeFileSync(
  path('bench-out/pipeline.json'),
  JSON.stringify({ date: new Date().toISOString(), mode, model: useModel ? modelDir : null, posts: N, machine, throughput: rows, sidecar: http, totalSeconds: total }, null, 2) + '\n',
);
console.log('wrote bench-out/pipeline.json');
