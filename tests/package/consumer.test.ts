/**
 * The package as a service installs it: `npm pack`, then `npm install <tarball>` into an empty
 * project with no overrides and no environment variables, then import and classify with the
 * shipped model, from ES modules and CommonJS. Runs the built dist (npm test builds it first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, requireDist } from '../fixtures/helpers.js';

const MB = 1024 * 1024;
let dir = '';
let tarball = '';
let files: string[] = [];

/** Bytes under a folder (apparent sizes, as `du --apparent-size` counts them). */
function bytes(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, f) => n + bytes(join(path, f)), 0);
}

function node(file: string, source: string): { status: number | null; out: string; err: string } {
  writeFileSync(join(dir, file), source);
  // A clean environment: no NODE_OPTIONS, no npm_config_* from the test runner.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir };
  const r = spawnSync(process.execPath, [file], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  requireDist();
  dir = mkdtempSync(join(tmpdir(), 'smugglescan-consumer-'));
  // --ignore-scripts: npm test has just built dist/ (prepack would build it again).
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir };
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env, stdio: 'pipe', timeout: 240_000 });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm install smugglescan into an empty project', () => {
  it('packs a small tarball: no sourcemaps, no fp32 model, the int8 model and the rule packs', () => {
    expect(statSync(tarball).size).toBeLessThan(5 * MB);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).not.toContain('models/smugglescan-mini/onnx/model.onnx');
    expect(files).toContain('models/smugglescan-mini/onnx/model_quantized.onnx');
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/adapters.js', 'dist/bench.js', 'dist/cli.js', 'dist/pool-worker.js']));
  });

  it('installs without sharp, onnxruntime-web or the optional peers, in at most 150 MB', () => {
    const installed = readdirSync(join(dir, 'node_modules'));
    for (const absent of ['sharp', 'onnxruntime-web', '@xenova', 'fastify', 'ioredis', 'piscina', 'vega', 'vega-lite']) {
      expect(installed).not.toContain(absent);
    }
    expect(installed).toContain('onnxruntime-node');
    expect(bytes(join(dir, 'node_modules'))).toBeLessThan(150 * MB);
  });

  it('classifies with the shipped model from ES modules and CommonJS, without loading csv-parse', () => {
    // The core must not need the CLI's and the bench's CSV reader: take it away.
    renameSync(join(dir, 'node_modules', 'csv-parse'), join(dir, 'csv-parse.away'));
    try {
      const advert = 'Boat to UK 🇬🇧 this week, 3 places left, WhatsApp +44 7700 900123, pay on arrival';
      const esm = node(
        'esm.mjs',
        `import { classify } from 'smugglescan';
const a = await classify(${JSON.stringify(advert)});
const b = await classify('Lovely weather for the match on Saturday, see you at the club.');
console.log(JSON.stringify({ a: a.risk, b: b.risk, model: a.model?.id, evidence: a.evidence.length }));`,
      );
      expect(esm.err).toBe('');
      const e = JSON.parse(esm.out) as { a: number; b: number; model: string; evidence: number };
      expect(e.model).toBe('smugglescan-mini');
      expect(e.a).toBeGreaterThanOrEqual(0.5);
      expect(e.b).toBeLessThan(0.5);
      expect(e.evidence).toBeGreaterThan(0);

      const cjs = node('cjs.cjs', `require('smugglescan').classify(${JSON.stringify(advert)}).then((r) => console.log(r.risk, r.model && r.model.id));`);
      expect(cjs.err).toBe('');
      const [risk, id] = cjs.out.trim().split(' ');
      expect(Number(risk)).toBeCloseTo(e.a, 3);
      expect(id).toBe('smugglescan-mini');
    } finally {
      renameSync(join(dir, 'csv-parse.away'), join(dir, 'node_modules', 'csv-parse'));
    }
  });

  it('names the install command when an adapter or the bench charts need a missing optional peer', () => {
    const r = node(
      'peers.mjs',
      `import { createPool } from 'smugglescan/adapters';
import { renderSvg } from 'smugglescan/bench';
for (const f of [() => createPool({ workers: 1 }), () => renderSvg({ mark: 'point' })]) {
  try { await f(); console.log('no error'); } catch (e) { console.log(e.code + ' ' + e.message); }
}`,
    );
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^DEPENDENCY_MISSING .*Fix: npm install piscina@5$/);
    expect(lines[1]).toMatch(/^DEPENDENCY_MISSING .*Fix: npm install vega@6 vega-lite@6$/);
  });
});
