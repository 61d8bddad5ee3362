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

/**
 * `smugglescan/browser` and the playground page: transformers.js with onnxruntime-web, everything
 * bundled, no Node built-ins. transformers.js's package.json "browser" field maps fs, path, url,
 * sharp and onnxruntime-node to nothing; the Node model loader (fs, crypto, onnxruntime-node) is
 * replaced by a stub whose loadModel says to use loadBrowserModel. A Node built-in anywhere else in
 * the graph fails this build.
 */
const browserOnly: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'browser-only',
  setup(build) {
    const nodeModel = fileURLToPath(new URL('./src/model/index.ts', import.meta.url));
    const stub = fileURLToPath(new URL('./src/model/stubs/node-model.ts', import.meta.url));
    build.onResolve({ filter: /\/model\/index\.js$/ }, (args) => {
      const target = fileURLToPath(new URL(args.path.replace(/\.js$/, '.ts'), `file://${args.resolveDir}/`));
      return target === nodeModel ? { path: stub } : undefined;
    });
  },
};

export default defineConfig([
  {
    // One ES module build: every entry shares one copy of the core through split chunks.
    // The pool's worker thread (src/adapters/pool.ts) finds pool-worker.js beside its chunk.
    ...common,
    entry: { index: 'src/index.ts', adapters: 'src/adapters/index.ts', bench: 'src/bench-entry.ts', cli: 'src/cli/index.ts', 'pool-worker': 'src/adapters/pool-worker.ts' },
    format: ['esm'],
    splitting: true,
    // The CLI's shebang (a hashbang line is valid at the top of any ES module chunk).
    banner: { js: '#!/usr/bin/env node' },
    dts: { entry: { index: 'src/index.ts', adapters: 'src/adapters/index.ts', bench: 'src/bench-entry.ts' } },
  },
  {
    // CommonJS for require(): the three library entries, each a whole bundle (tsup's experimental
    // CommonJS splitting fails on the bundled transformers.js). The ES module build is the one in
    // which the core exists once.
    ...common,
    entry: { index: 'src/index.ts', adapters: 'src/adapters/index.ts', bench: 'src/bench-entry.ts' },
    format: ['cjs'],
    splitting: false,
    dts: { entry: { index: 'src/index.ts', adapters: 'src/adapters/index.ts', bench: 'src/bench-entry.ts' } },
  },
  {
    // The browser build: smugglescan/browser (index) and the playground page's script, sharing chunks.
    entry: { index: 'src/browser.ts', playground: 'src/playground/app.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    minify: true,
    sourcemap: false,
    noExternal: [/.*/],
    esbuildPlugins: [browserOnly],
    dts: { entry: { index: 'src/browser.ts' } },
  },
]);
