/**
 * Issue 14, items 2, 3 and 5 through the binary: one record never fails the others, memory stays
 * flat however many records come, an over-long line is that line's error, and a folder as
 * --input is a typed error. Runs dist/cli.js (`npx tsup` first when running this file alone).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'smugglescan-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], input?: string, node: string[] = []) =>
  spawnSync(process.execPath, [...node, CLI, ...args], { input, encoding: 'utf8', timeout: 170_000, maxBuffer: 1 << 30 });
const lines = (s: string) => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('classify: one record never fails the others', () => {
  it('a 100,000-deep nested array as id is that record\'s error line; the records around it are classified', async () => {
    const input = ['{"id":"a","text":"Boat to UK, 3 places left"}', `{"id":${deep(100_000)},"text":"boat"}`, `{"id":{"x":1},"text":"boat"}`, '{"id":"d","text":"hello"}'].join('\n');
    const r = run(['classify', '--no-model'], input);
    expect(r.stderr).not.toMatch(/unexpected error|RangeError|Maximum call stack/);
    expect(r.status).toBe(2);
    const out = lines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['a', null, null, 'd']);
    const lib = (await import(join(ROOT, 'dist', 'index.js'))) as typeof import('../../src/index.js');
    const [a, d] = await lib.createScanner({ model: false }).classifyBatchSettled([{ id: 'a', text: 'Boat to UK, 3 places left' }, { id: 'd', text: 'hello' }]);
    expect([out[0], out[3]]).toEqual([a, d]);
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'INVALID_INPUT' } });
    expect((out[1]!.error as { message: string }).message).toMatch(/field "id" must be a string or a number \(got an array\)/);
    expect((out[2]!.error as { message: string }).message).toMatch(/got object/);
  });
});

describe('classify: line length', () => {
  it('a line over --max-line-bytes is an error line, without buffering it; later lines go on', async () => {
    // 3 MB of NUL bytes with no newline (what `--input /dev/zero` reads), then a good record.
    const file = join(dir, 'zeros.jsonl');
    const ws = createWriteStream(file);
    ws.write('{"id":"a","text":"hello"}\n');
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 3; i++) ws.write(zeros);
    ws.end('\n{"id":"b","text":"Boat to UK"}\n');
    await once(ws, 'close');
    const r = run(['classify', '--no-model', '--input', file]);
    expect(r.status).toBe(2);
    const out = lines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['a', null, 'b']);
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'INVALID_INPUT' } });
    expect((out[1]!.error as { message: string }).message).toMatch(/3145728 bytes, over the limit of 1048576 bytes per line; .*--max-line-bytes/);
    const small = run(['classify', '--no-model', '--max-line-bytes', '24'], '{"id":"a","text":"hello"}\n{"id":"b","text":"hi"}\n');
    expect(lines(small.stdout).map((o) => ('error' in o ? 'error' : o.id))).toEqual(['error', 'b']);
    expect(run(['classify', '--max-line-bytes', 'lots'], '').stderr).toMatch(/--max-line-bytes must be an integer/);
  });

  it('a folder as --input is a typed error naming the fix', () => {
    const r = run(['classify', '--no-model', '--input', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/INVALID_OPTIONS: --input: .* is a folder; give a JSONL, CSV or text file/);
  });
});

describe('classify: memory', () => {
  function writeRecords(n: number): string {
    const file = join(dir, `m${n}.jsonl`);
    const id = 'i'.repeat(800);
    const chunk: string[] = [];
    for (let i = 0; i < n; i++) chunk.push(JSON.stringify({ id: `${id}${i}`, text: `hi ${i % 7}` }));
    writeFileSync(file, chunk.join('\n') + '\n');
    return file;
  }
  // Memory must not grow with the input: 200,000 records carry 160 MB of ids, and the CLI must
  // stream them through a 96 MB heap (a run that kept records, results or lines would die of
  // it). A heap cap is exact where a ratio of peak RSS figures moved with the machine's load
  // (and with GC timing, between 1.2 and 1.45 for the same build).
  it('streams 200,000 records with 800-character ids (160 MB of ids) through a 96 MB heap', () => {
    const out = join(dir, 'm200k.out.jsonl');
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', CLI, 'classify', '--no-model', '--quiet', '--input', writeRecords(200_000)], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 170_000 });
    closeSync(fd);
    expect(r.stderr).not.toMatch(/heap out of memory/);
    expect(r.status, r.stderr).toBe(0);
    // Count the lines in pieces (the output is hundreds of MB) and keep the end of the last one.
    const buf = Buffer.alloc(1 << 20);
    const rfd = openSync(out, 'r');
    let n = 0;
    let tail = '';
    for (let got; (got = readSync(rfd, buf, 0, buf.length, null)) > 0; ) {
      for (let i = 0; i < got; i++) if (buf[i] === 10) n++;
      tail = (tail + buf.toString('utf8', 0, got)).slice(-4096);
    }
    closeSync(rfd);
    expect(n).toBe(200_000);
    expect(tail).toContain(`"id":"${'i'.repeat(800)}199999"`);
  }, 180_000);
});

describe('classify: SIGINT', () => {
  it('ends the input at once and writes what was read', async () => {
    const child = spawn(process.execPath, [CLI, 'classify', '--no-model', '--batch-size', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.write('{"id":"x","text":"boat"}\n{"id":"y","text":"hi"}\n'); // stdin stays open
    // Both lines written (the SIGINT handler is in place), and the read waits on an open stdin.
    for (let i = 0; i < 400 && lines(stdout).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(code).toBe(130);
    expect(lines(stdout).map((o) => o.id)).toEqual(['x', 'y']);
    expect(stderr).toMatch(/interrupted after 2 record/);
  }, 20_000);
});

describe('thresholds files (item 5)', () => {
  it('refuses a device, a folder, null and a huge file with typed errors, without reading them', () => {
    const nul = join(dir, 'null.json');
    writeFileSync(nul, 'null');
    const big = join(dir, 'big.json');
    writeFileSync(big, ' '.repeat(100_000) + '{}');
    for (const [file, pattern] of [
      ['/dev/zero', /--thresholds: \/dev\/zero is not a regular file/],
      [dir, /is not a regular file/],
      [nul, /holds null, not an object\. Expected \{"review"/],
      [big, /is 100002 bytes; a thresholds file is a small JSON object/],
    ] as const) {
      const r = run(['classify', '--no-model', '--thresholds', file], '');
      expect(r.status, file).toBe(1);
      expect(r.stderr).toMatch(/INVALID_OPTIONS/);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
