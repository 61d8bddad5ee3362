// Development only (never built or shipped): when the library runs from its TypeScript sources
// (vitest, tsx), the pool starts this file, which loads pool-worker.ts through tsx. Built code
// uses dist/pool-worker.js instead.
import { register } from 'tsx/esm/api';

register();
const worker = await import(new URL('./pool-worker.ts', import.meta.url).href);
export default worker.default;
