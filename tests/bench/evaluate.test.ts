import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelled } from '../../src/bench/data.js';
import { evaluate, SYSTEMS } from '../../src/bench/evaluate.js';
import { LABELS, normalize, type ModelScorer } from '../../src/index.js';
import { modelText } from '../../src/model/index.js';

const FIXTURE = join(__dirname, '..', 'fixtures', 'bench', 'labelled.jsonl');

/** A deterministic stand-in for the model: advert score from the folded text's length. */
function fakeModel(): ModelScorer & { seen: string[] } {
  const seen: string[] = [];
  const advertOf = (t: string): number => (t.length % 97) / 97;
  return {
    seen,
    info: { id: 'fake-model', version: '0.0.1', sha256: '0'.repeat(64) },
    async score(texts) {
      seen.push(...texts);
      return texts.map((t) => ({ labels: Object.fromEntries(LABELS.map((l) => [l, 0.25])) as never, advert: advertOf(t) }));
    },
  };
}

describe('evaluate', () => {
  it('rules only: fused is the rules pipeline, model only is skipped with a note', async () => {
    const { records } = await readLabelled(FIXTURE);
    const progress: number[] = [];
    const ev = await evaluate(records, { model: false, latencySample: 5, onProgress: (p) => progress.push(p.done) });
    expect(ev.systems.map((s) => s.id)).toEqual([...SYSTEMS]);
    const [fused, rules, model, baseline] = ev.systems;
    expect(fused!.scores).toEqual(rules!.scores);
    expect(fused!.scores).toHaveLength(70);
    expect(model).toMatchObject({ scores: null, skipped: 'no model' });
    expect(baseline!.scores!.every((s) => s === 0 || s === 1)).toBe(true);
    expect(ev.model).toBeNull();
    expect(ev.notes.join(' ')).toMatch(/--no-model/);
    expect(ev.fused[0]!.language.code).toBe('eng');
    expect(ev.cost.latencyMs).toHaveLength(5);
    expect(ev.cost.peakRssBytes).toBeGreaterThan(1e6);
    expect(ev.thresholds.review).toBe(0.5);
    // Progress is monotone and ends at the total.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(70 * 2 + 5);
  });

  it('with a model: the model runs once, and model only reads its advert head on the model text', async () => {
    const { records } = await readLabelled(FIXTURE);
    const m = fakeModel();
    const ev = await evaluate(records, { model: m, latencySample: 3 });
    const model = ev.systems.find((s) => s.id === 'model')!;
    expect(model.skipped).toBeNull();
    expect(model.scores).toEqual(records.map((r) => (modelText(normalize(r.text).text).length % 97) / 97));
    expect(ev.systems.find((s) => s.id === 'fused')!.scores).not.toEqual(ev.systems.find((s) => s.id === 'rules')!.scores);
    expect(ev.model).toMatchObject({ info: { id: 'fake-model' }, path: null });
    expect(ev.fused[0]!.model?.id).toBe('fake-model');
    // Warm-up, one fused pass and the latency sample; no second pass over the data for "model only".
    expect(m.seen.length).toBeLessThan(records.length * 2);
  });

  it('applies the configured thresholds', async () => {
    const { records } = await readLabelled(FIXTURE, { limit: 5 });
    const ev = await evaluate(records, { model: false, latencySample: 0, thresholds: { review: 0.3, remove: 0.9 } });
    expect(ev.thresholds).toMatchObject({ review: 0.3, remove: 0.9 });
    expect(ev.cost.latencyMs).toEqual([]);
  });

  it('an explicit model folder that is not there is a typed error', async () => {
    const { records } = await readLabelled(FIXTURE, { limit: 2 });
    await expect(evaluate(records, { model: '/no/such/model' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(evaluate([], { model: false })).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });
});
