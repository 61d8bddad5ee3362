import { describe, expect, it } from 'vitest';
import { BASELINE_KEYWORDS, baselineMatches, baselineScore } from '../../src/bench/baseline.js';

describe('the keyword baseline (deliberately naive)', () => {
  it('scores 1 on any keyword, in any case, else 0', () => {
    expect(baselineMatches('SPEEDBOAT to the UK, 3 places left')).toEqual(['places left', 'speedboat']);
    expect(baselineScore('Fake passport, inbox')).toBe(1);
    expect(baselineScore('Passeur fiable pour l’Angleterre')).toBe(1);
    expect(baselineScore('حراقة لإيطاليا')).toBe(1);
    expect(baselineScore('Nice weather in Dover today')).toBe(0);
  });

  it('is naive by design: news matches, obfuscation does not', () => {
    expect(baselineScore('Police arrested three smugglers in Calais')).toBe(1); // a false positive
    expect(baselineScore('sp33db0at to UK')).toBe(0); // leetspeak defeats it
  });

  it('keeps its list small and lowercase', () => {
    const all = Object.values(BASELINE_KEYWORDS).flat();
    expect(all.length).toBeLessThan(60);
    for (const k of all) expect(k).toBe(k.toLowerCase());
  });
});
