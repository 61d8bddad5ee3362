/**
 * Stands in for `onnxruntime-web` inside the bundled transformers.js for Node (tsup.config.ts):
 * in Node transformers.js runs onnxruntime-node, a dependency of smugglescan, and never the web
 * runtime (67 MB that a service would install for nothing).
 * @module
 */
export {};
