/** `smugglescan serve`, run as the built binary. (`smugglescan worker` is in worker.test.ts.) */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI, DIST, requireDist, waitFor } from '../fixtures/helpers.js';

// Generous limits for a loaded 2-core CI machine; the tests themselves take a few seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function start(args: string[]) {
  requireDist();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exit = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, out: () => out, err: () => err, exit };
}

describe('smugglescan serve', () => {
  it('serves on a free port, with worker threads, and stops on SIGTERM with exit code 0', async () => {
    const s = start(['serve', '--port', '0', '--no-model', '--workers', '1', '--max-body', '2kb']);
    await waitFor(() => /ready/.test(s.out()) || s.child.exitCode !== null, 'the server to be ready', 15_000);
    const url = /listening on (http:\/\/\S+)/.exec(s.out())?.[1];
    expect(url, s.out() + s.err()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.out()).toMatch(/rules only, 1 worker threads/);

    const text = 'Passeport original avec ta photo, livraison en 5 jours. Contact Telegram @papiers_rapides';
    const res = await fetch(`${url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 's03', text }) });
    expect(res.status).toBe(200);
    // The same build in-process (dist/ may be older than src/ while files are being edited).
    const lib = (await import(`${DIST}index.js`)) as typeof import('../../src/index.js');
    expect(await res.json()).toEqual(await lib.createScanner({ model: false }).classify({ id: 's03', text }));
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const big = await fetch(`${url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(3000) }) });
    expect(big.status).toBe(413);

    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(s.out()).toMatch(/SIGTERM: stopping/);
  }, 30_000);

  it('exits 1 with a clear message for bad flags or a missing model', async () => {
    const taken = createNetServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const busy = start(['serve', '--port', String((taken.address() as AddressInfo).port), '--no-model']);
    const port = start(['serve', '--port', 'http']);
    const model = start(['serve', '--port', '0', '--model', '/nonexistent/model-folder']);
    const flag = start(['serve', '--colour']);
    expect(await busy.exit).toBe(1);
    expect(busy.err()).toMatch(/UNAVAILABLE: Cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    taken.close();
    expect(await port.exit).toBe(1);
    expect(port.err()).toMatch(/--port must be an integer from 0 to 65535 \(got "http"\)/);
    expect(await model.exit).toBe(1);
    expect(model.err()).toMatch(/the model could not be loaded: .*\/nonexistent\/model-folder/);
    expect(await flag.exit).toBe(1);
    expect(flag.err()).toMatch(/Unknown option '--colour'/);
  }, 30_000);

  it('lists serve and worker in --help', async () => {
    const s = start(['serve', '--help']);
    const w = start(['worker', '--help']);
    expect(await s.exit).toBe(0);
    expect(s.out()).toMatch(/POST \/v1\/classify/);
    expect(await w.exit).toBe(0);
    expect(w.out()).toMatch(/--claim-idle-ms/);
  });
});
