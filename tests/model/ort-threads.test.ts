import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withSessionFile, type OrtModule } from '../../src/model/ort-threads.js';

describe('the onnxruntime thread workaround (src/model/ort-threads.ts)', () => {
  // onnxruntime-node 1.14 ignores thread options for sessions made from a buffer (what transformers.js
  // passes); a pool of N workers then runs N x cores spinning threads. Threads are counted in a fresh
  // process, from /proc (Linux, where CI runs).
  it.runIf(process.platform === 'linux')('runs onnxruntime on the number of threads asked for', () => {
    const entry = new URL('../../src/index.ts', import.meta.url).pathname;
    const script = `
      import { readdirSync } from 'node:fs';
      const { loadModel } = await import(${JSON.stringify(entry)});
      const count = () => readdirSync('/proc/self/task').length;
      const before = count();
      const m = await loadModel({ threads: Number(process.argv[1]) });
      await m.score(['boat to uk this week']);
      console.log(count() - before);`;
    const extra = (threads: number): number =>
      Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(threads)], { encoding: 'utf8' }).trim().split('\n').pop());
    const one = extra(1);
    // Each further intra-op thread is one more OS thread of the process.
    expect(extra(3) - one).toBe(2);
  });

  it('makes only the loading file session from its path, and only while it loads', async () => {
    const calls: unknown[][] = [];
    const ort: OrtModule = { InferenceSession: { create: async (model, options) => (calls.push([model, options]), 'session') } };
    const file = { onnx: '/models/m.onnx', bytes: 4, threads: 2 };
    await withSessionFile(ort, file, async () => {
      await ort.InferenceSession.create(new Uint8Array(4), { graphOptimizationLevel: 'all' });
      await ort.InferenceSession.create(new Uint8Array(5));
    });
    await ort.InferenceSession.create(new Uint8Array(4));
    expect(calls[0]).toEqual(['/models/m.onnx', { graphOptimizationLevel: 'all', executionProviders: ['cpu'], intraOpNumThreads: 2, interOpNumThreads: 1 }]);
    expect(calls[1]![0]).toBeInstanceOf(Uint8Array);
    expect(calls[2]![0]).toBeInstanceOf(Uint8Array);
  });
});
