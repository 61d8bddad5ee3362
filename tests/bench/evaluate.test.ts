import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelled } from '../../src/bench/data.js';
import { evaluate, SYSTEMS } from '../../src/bench/evaluate.js';
import type { BenchRecord } from '../../src/bench/data.js';
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
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    const ev = await evaluate(records, { model: false, latencySample: 5, onProgress: (p) => progress.push(p.done) });
    const rssAfter = process.resourceUsage().maxRSS * 1024;
    expect(ev.systems.map((s) => s.id)).toEqual([...SYSTEMS]);
    const [fused, rules, model, baseline] = ev.systems;
    expect(fused!.scores).toEqual(rules!.scores);
    expect(fused!.scores).toHaveLength(70);
    expect(model).toMatchObject({ scores: null, skipped: 'no model' });
    expect(baseline!.scores).toHaveLength(70);
    expect(ev.model).toBeNull();
    expect(ev.notes.join(' ')).toMatch(/--no-model/);
    expect(ev.fused[0]!.language.code).toBe('eng');
    expect(ev.cost.latencyMs).toHaveLength(5);
    // The process's peak RSS in bytes (maxRSS is in KiB), read once the passes are done.
    expect(ev.cost.peakRssBytes).toBeGreaterThanOrEqual(rssBefore);
    expect(ev.cost.peakRssBytes).toBeLessThanOrEqual(rssAfter);
    expect(ev.thresholds.review).toBe(0.5);
    // Progress is monotone and ends at the total.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(70 * 2 + 5);
  });

  it('with a model: the model runs once, and model only reads its advert head on the model text', async () => {
    const { records } = await readLabelled(FIXTURE);
    const m = fakeModel();
    // How many texts the model had scored when each phase last reported.
    const scoredBy = new Map<string, number>();
    const ev = await evaluate(records, { model: m, latencySample: 3, onProgress: (p) => scoredBy.set(p.phase, m.seen.length) });
    const model = ev.systems.find((s) => s.id === 'model')!;
    expect(model.skipped).toBeNull();
    expect(model.scores).toEqual(records.map((r) => (modelText(normalize(r.text).text).length % 97) / 97));
    expect(ev.systems.find((s) => s.id === 'fused')!.scores).not.toEqual(ev.systems.find((s) => s.id === 'rules')!.scores);
    expect(ev.model).toMatchObject({ info: { id: 'fake-model' }, path: null });
    expect(ev.fused[0]!.model?.id).toBe('fake-model');
    // The fused pass scored every post's model text; "model only" read those scores back and
    // scored nothing more.
    const scoredInFused = new Set(m.seen.slice(0, scoredBy.get('fused')));
    expect(records.filter((r) => !scoredInFused.has(modelText(normalize(r.text).text))).map((r) => r.id)).toEqual([]);
    expect(scoredBy.get('model only')).toBe(scoredBy.get('fused'));
  });

  it('applies the configured thresholds', async () => {
    const { records } = await readLabelled(FIXTURE, { limit: 5 });
    // Rules-only risks of these five posts: 0.999, 0.943, 0.922, 0.069, 0.016.
    const ev = await evaluate(records, { model: false, latencySample: 0, thresholds: { review: 0.3, remove: 0.95 } });
    expect(ev.thresholds).toMatchObject({ review: 0.3, remove: 0.95 });
    expect(ev.fused.map((r) => r.decision)).toEqual(['remove', 'review', 'review', 'allow', 'allow']);
    expect(ev.cost.latencyMs).toEqual([]);
    // With the default remove threshold (0.8) the second and third are removed too.
    const byDefault = await evaluate(records, { model: false, latencySample: 0 });
    expect(byDefault.fused.map((r) => r.decision)).toEqual(['remove', 'remove', 'remove', 'allow', 'allow']);
  });

  it('the keyword baseline scores 1 on a keyword and 0 otherwise', async () => {
    const texts = ['SPEEDBOAT to the UK, 3 places left', 'Nice weather in Dover today', 'Fake passport, inbox'];
    const records: BenchRecord[] = texts.map((text, i) => ({ line: i + 1, id: null, text, advert: i !== 1, labels: null, lang: null, kind: null }));
    const ev = await evaluate(records, { model: false, latencySample: 0 });
    expect(ev.systems.find((s) => s.id === 'baseline')!.scores).toEqual([1, 0, 1]);
  });

  it('an explicit model folder that is not there is a typed error', async () => {
    const { records } = await readLabelled(FIXTURE, { limit: 2 });
    await expect(evaluate(records, { model: '/no/such/model' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(evaluate([], { model: false })).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });
});
