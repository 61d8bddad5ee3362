/**
 * Stands in for `sharp` inside the bundled transformers.js (tsup.config.ts). transformers.js v2
 * imports sharp for images at load time; smugglescan reads text only, and the real sharp 0.32 would
 * download libvips when a service installs smugglescan. Calling it is a programming error.
 * @module
 */
export default function sharp(): never {
  throw new Error('smugglescan bundles transformers.js for text only: image processing (sharp) is not available.');
}
