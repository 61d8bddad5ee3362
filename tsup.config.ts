import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// Clean once, before the builds start. `clean: true` on one of several parallel builds can race
// the others and delete what they already wrote (the CLI's lazily loaded chunks, the pool worker).
rmSync('dist', { recursive: true, force: true });

/**
 * transformers.js v2 is bundled, for text only: its `sharp` (whose install downloads libvips, so a
 * service could not `npm install smugglescan`) and `onnxruntime-web` (67 MB, unused in Node) are
 * replaced by stubs; `onnxruntime-node`, which runs the model, stays a real dependency.
 */
const textOnlyTransformers: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'text-only-transformers',
  setup(build) {
    const stub = (file: string): string => fileURLToPath(new URL(`./src/model/stubs/${file}`, import.meta.url));
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: stub('sharp.ts') }));
    build.onResolve({ filter: /^onnxruntime-web$/ }, () => ({ path: stub('empty.ts') }));
  },
};

/** Packages the build keeps as imports: dependencies and optional peers of the package. */
const external = ['onnxruntime-node', 'franc', 'libphonenumber-js', 're2js', 'zod', 'csv-parse', 'piscina', 'fastify', 'ioredis', 'vega', 'vega-lite'];
/** Bundled: transformers.js (text only), its tokenizer templates, and emoji-regex (ESM-only with a default export, which broke index.cjs). */
const noExternal = ['@xenova/transformers', '@huggingface/jinja', 'emoji-regex'];

const common: Options = {
  target: 'node20',
  platform: 'node',
  shims: true,
  sourcemap: false,
  external,
  noExternal,
  esbuildPlugins: [textOnlyTransformers],
};

export default defineConfig([
  {
    // One ES module build: every entry shares one copy of the core through split chunks.
    // The pool's worker thread (src/pipeline/pool.ts) finds pool-worker.js beside its chunk.
    ...common,
    entry: { index: 'src/index.ts', adapters: 'src/adapters.ts', bench: 'src/bench-entry.ts', cli: 'src/cli/index.ts', 'pool-worker': 'src/pipeline/pool-worker.ts' },
    format: ['esm'],
    splitting: true,
    // The CLI's shebang (a hashbang line is valid at the top of any ES module chunk).
    banner: { js: '#!/usr/bin/env node' },
    dts: { entry: { index: 'src/index.ts', adapters: 'src/adapters.ts', bench: 'src/bench-entry.ts' } },
  },
  {
    // CommonJS for require(): the three library entries, each a whole bundle (tsup's experimental
    // CommonJS splitting fails on the bundled transformers.js). The ES module build is the one in
    // which the core exists once.
    ...common,
    entry: { index: 'src/index.ts', adapters: 'src/adapters.ts', bench: 'src/bench-entry.ts' },
    format: ['cjs'],
    splitting: false,
    dts: { entry: { index: 'src/index.ts', adapters: 'src/adapters.ts', bench: 'src/bench-entry.ts' } },
  },
]);
