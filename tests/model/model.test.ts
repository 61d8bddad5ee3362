import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { createScanner, defaultModelPath, loadModel, normalize, SmuggleScanError } from '../../src/index.js';
import { modelText } from '../../src/model/index.js';

const MODEL = defaultModelPath();

describe('the shipped model', () => {
  it('is in models/ with the files transformers.js needs, under 10 MB', () => {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      expect(existsSync(join(MODEL, f)), f).toBe(true);
    }
    const size = ['onnx/model.onnx', 'onnx/model_quantized.onnx', 'tokenizer.json', 'vocab.txt', 'config.json']
      .reduce((a, f) => a + (existsSync(join(MODEL, f)) ? readFileSync(join(MODEL, f)).length : 0), 0);
    expect(size).toBeLessThan(10 * 1024 * 1024);
  });

  it('loads offline through transformers.js and reports its checksum in every result', async () => {
    const scanner = createScanner();
    const r = await scanner.classify('Speedboat to UK this week, 4 places left, WhatsApp +44 7700 900123');
    expect(r.model?.id).toBe('smugglescan-mini');
    expect(r.model?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reproduces the PyTorch logits recorded at export (fp32) and stays close when int8', async () => {
    const log = JSON.parse(readFileSync(join(MODEL, 'training.json'), 'utf8')) as { reference: { input_ids: number[]; logits: number[] } };
    const tf = await import('@xenova/transformers');
    await loadModel({ path: MODEL }); // sets the local path, remote loading off
    for (const [quantized, tol] of [[false, 1e-3], [true, 0.5]] as const) {
      const model = await tf.AutoModelForSequenceClassification.from_pretrained('smugglescan-mini', { quantized });
      const ids = log.reference.input_ids;
      const t = (a: number[]) => new tf.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, a.length]);
      const out = (await model({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) })) as { logits: { data: Float32Array } };
      Array.from(out.logits.data).forEach((v, i) => expect(Math.abs(v - log.reference.logits[i]!)).toBeLessThan(tol));
    }
  });

  it('tokenizes exactly as the training tokenizer does (parity on the corpus)', async () => {
    const tf = await import('@xenova/transformers');
    await loadModel({ path: MODEL });
    const runtime = await tf.AutoTokenizer.from_pretrained('smugglescan-mini');
    const training = Tokenizer.fromFile(join(MODEL, 'tokenizer.json'));
    // Hand-written posts of the train split only: the test split stays unread by tests.
    const train = readFileSync(join(__dirname, '..', '..', 'datasets', 'splits', 'train.jsonl'), 'utf8')
      .split('\n').filter(Boolean).map((x) => JSON.parse(x) as { text: string; lang: string; augmented?: boolean })
      .filter((p) => !p.augmented);
    const texts = ['eng', 'arb', 'ckb', 'pes', 'pbu', 'tir', 'amh', 'vie', 'rus', 'ell', 'urd']
      .flatMap((l) => train.filter((p) => p.lang === l).slice(0, 60).map((p) => p.text));
    expect(texts.length).toBeGreaterThan(300);
    let unk = 0;
    for (const text of texts) {
      const folded = modelText(normalize(text).text);
      const a = (await training.encode(folded)).getIds();
      const b = Array.from(runtime(folded).input_ids.data as BigInt64Array, Number);
      expect(b).toEqual(a);
      unk += a.filter((id) => id === 1).length;
    }
    expect(unk).toBe(0); // every character of every script is in the vocabulary
  });

  it("gives a post the same scores alone and in any batch (the int8 model's activations are quantised per batch)", async () => {
    const post = 'Posti liberi per la traversata, partenza sabato, scrivete in privato';
    const others = Array.from({ length: 40 }, (_, i) => (i % 3 ? 'Selling my bike, good condition, call me ' + 'now '.repeat(i) : 'boat to uk tonight ' + 'x'.repeat(i)));
    const m = await loadModel();
    const [alone] = await m.score([post]);
    const inBatch = (await m.score([...others.slice(0, 20), post, ...others.slice(20)]))[20];
    const reordered = (await m.score([post, ...others.reverse()]))[0];
    expect(inBatch).toEqual(alone);
    expect(reordered).toEqual(alone);
    // With 32 posts a pass the same post moves with its batch-mates: why the default is one.
    const batched = await loadModel({ batchSize: 32 });
    const a = (await batched.score([post, ...others.slice(0, 31)]))[0]!.advert;
    const b = (await batched.score([post, ...others.slice(5, 36).map((t) => t + ' ' + t)]))[0]!.advert;
    expect(a).not.toBe(b);
  });

  it('loads once however many calls overlap', async () => {
    const scanner = createScanner();
    const [a, b, c] = await Promise.all([scanner.ready(), scanner.classify('boat'), scanner.classifyBatch(['x', 'y'])]);
    expect(a?.sha256).toBe(b.model?.sha256);
    expect(c[0]!.model?.sha256).toBe(a?.sha256);
  });
});

describe('a broken model folder is a typed error naming the path and the fix', () => {
  const copy = (): string => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ss-model-')), 'smugglescan-mini');
    cpSync(MODEL, dir, { recursive: true });
    return dir;
  };
  const fails = async (path: string, code: string, text: RegExp) => {
    const err = await loadModel({ path }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SmuggleScanError);
    expect((err as SmuggleScanError).code).toBe(code);
    expect((err as SmuggleScanError).message).toMatch(text);
    expect((err as SmuggleScanError).message).toContain(path);
  };

  it('missing folder', () => fails('/no/such/model', 'MODEL_NOT_FOUND', /model: false/));
  it('missing file', async () => {
    const dir = copy();
    rmSync(join(dir, 'tokenizer.json'));
    await fails(dir, 'MODEL_NOT_FOUND', /tokenizer\.json/);
  });
  it.each(['onnx/model.onnx', 'onnx/model_quantized.onnx'])('truncated weights (%s)', async (file) => {
    const dir = copy();
    truncateSync(join(dir, file), 100);
    const err = await loadModel({ path: dir, quantized: file.includes('quantized') }).then(() => null, (e: unknown) => e);
    expect((err as SmuggleScanError).code).toBe('MODEL_INVALID');
    expect((err as SmuggleScanError).message).toMatch(/truncated/);
    expect((err as SmuggleScanError).message).toContain(dir);
  });
  it('corrupt weights (the int8 file, loaded by default)', async () => {
    const dir = copy();
    const buf = readFileSync(join(dir, 'onnx/model_quantized.onnx'));
    writeFileSync(join(dir, 'onnx/model_quantized.onnx'), buf.subarray(0, Math.floor(buf.length / 2)));
    await fails(dir, 'MODEL_INVALID', /could not load/);
  });
  it('a folder without the int8 file loads model.onnx', async () => {
    const dir = copy();
    rmSync(join(dir, 'onnx/model_quantized.onnx'));
    const m = await loadModel({ path: dir });
    const [s] = await m.score(['boat to uk 3 places left']);
    expect(s!.advert).toBeGreaterThanOrEqual(0);
    expect(m.info.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'onnx/model.onnx'))).digest('hex'));
  });
  it('labels that do not match', async () => {
    const dir = copy();
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { id2label: Record<string, string> };
    cfg.id2label = { '0': 'positive', '1': 'negative' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
    await fails(dir, 'MODEL_INVALID', /missing crossing_offer/);
  });
  it('a config.json holding null is MODEL_INVALID, not a TypeError', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'config.json'), 'null');
    await fails(dir, 'MODEL_INVALID', /config\.json holds null, not a JSON object/);
  });
  it('a config.json that is not a regular file (a symlink to /dev/zero) is refused before reading', async () => {
    const dir = copy();
    rmSync(join(dir, 'config.json'));
    symlinkSync('/dev/zero', join(dir, 'config.json'));
    await fails(dir, 'MODEL_INVALID', /config\.json is not a regular file/);
  });
  it('a weights file over 2 GB is refused by its size, before reading', async () => {
    const dir = copy();
    truncateSync(join(dir, 'onnx/model_quantized.onnx'), 2 * 1024 ** 3 + 10); // sparse: no disk used
    await fails(dir, 'MODEL_INVALID', /model_quantized\.onnx is 2147483658 bytes, over the/);
  });
  it('the scanner reports it at the first call, not a wrong answer', async () => {
    const s = createScanner({ model: '/no/such/model' });
    await expect(s.classify('boat')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
