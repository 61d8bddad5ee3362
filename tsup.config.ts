import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Clean once, before the builds start. `clean: true` on one of several parallel builds can race
// the others and delete what they already wrote (the CLI's lazily loaded chunks, the pool worker).
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    shims: true,
    external: ['@xenova/transformers', 'onnxruntime-node'],
    // emoji-regex is ESM-only with a default export: required from index.cjs, esbuild's interop
    // hands back its namespace, not the function, and index.cjs failed on load. Bundle it instead.
    noExternal: ['emoji-regex'],
  },
  {
    entry: { cli: 'src/cli/index.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
    external: ['@xenova/transformers', 'onnxruntime-node'],
  },
  {
    // The pool's worker thread (src/pipeline/pool.ts finds it beside dist/index.js, index.cjs and cli.js).
    entry: { 'pool-worker': 'src/pipeline/pool-worker.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    external: ['@xenova/transformers', 'onnxruntime-node'],
  },
]);
