import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, sizeProblems, sourceFiles } from '../../scripts/check-sizes.js';

describe('hand-written code under src/ stays small enough to change (scripts/check-sizes.ts)', () => {
  it(`has no file over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES}`, () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => sizeProblems(relative('.', f)))).toEqual([]);
  });

  it('catches a long function and a long file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ss-sizes-'));
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    writeFileSync(join(dir, 'long.ts'), `export function long(): void {\n${body}\n}\n`);
    expect(sizeProblems(join(dir, 'long.ts'))).toEqual([`${join(dir, 'long.ts')}:1: function long is ${MAX_FUNCTION_LINES + 2} lines (limit ${MAX_FUNCTION_LINES})`]);
    writeFileSync(join(dir, 'big.ts'), 'export const x = 1;\n'.repeat(MAX_FILE_LINES + 1));
    expect(sizeProblems(join(dir, 'big.ts'))).toEqual([`${join(dir, 'big.ts')}: ${MAX_FILE_LINES + 1} lines (limit ${MAX_FILE_LINES})`]);
  });
});
