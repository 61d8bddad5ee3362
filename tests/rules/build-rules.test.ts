/** The generated rule files (src/rules/generated/) are what scripts/build-rules.ts writes now. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('generated rule files', () => {
  it(
    'have not drifted from their generators (else run npx tsx scripts/build-rules.ts)',
    () => {
      // About 15 s on two cores: it folds the train split and the packs, and reads the gazetteer.
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-rules.ts', '--check'], { cwd: root, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^generated rule files up to date \(packs, folded-words, latin-words, romanised-words, gazetteer, safe-patterns\)/);
    },
    120_000,
  );

  it('an unknown file name is an error, not a silent no-op', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-rules.ts', '--check', '--only', 'folded-word'], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('unknown generated file(s): folded-word');
  }, 60_000);
});
