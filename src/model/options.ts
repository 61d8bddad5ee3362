/**
 * The model stage's options: one zod schema, the source of the {@link ModelOptions} type, of the
 * scanner's `model` option and of the worker pool's message about what can cross threads.
 * @module
 */
import { z } from 'zod';

/** The most onnxruntime threads one model may ask for. */
export const MAX_MODEL_THREADS = 64;

export const ModelOptionsSchema = z
  .object({
    /** The model folder (holds `config.json`, `tokenizer.json`, `onnx/`). Default: the shipped model. */
    path: z.string().min(1).optional(),
    /**
     * Use `onnx/model_quantized.onnx` (int8) instead of `onnx/model.onnx` (fp32). Default: the int8
     * file when the folder has one (the shipped model's: about 20 % faster here, the same dev
     * scores to three decimals), else fp32.
     */
    quantized: z.boolean().optional(),
    /**
     * Posts per forward pass. Default: 1 for the int8 model, whose activations are quantised per
     * batch (a post's scores would depend on its batch-mates), 32 for fp32 (see defaultBatchSize).
     */
    batchSize: z.number().int().min(1).max(1024).optional(),
    /** Tokens per post; longer posts are truncated (default 128). */
    maxTokens: z.number().int().min(8).max(512).optional(),
    /**
     * onnxruntime intra-op threads for this model (default: onnxruntime's, one per core: the fastest
     * for one scanner alone). createPool gives each worker's model its share of the cores (at least
     * one thread), so that workers do not spin against each other's threads.
     */
    threads: z.number().int().min(1).max(MAX_MODEL_THREADS).optional(),
  })
  .strict();

/** Options of the model stage. */
export type ModelOptions = z.input<typeof ModelOptionsSchema>;

/** The option names, for messages: `path, quantized, batchSize, maxTokens, threads`. */
export const MODEL_OPTION_NAMES = ModelOptionsSchema.keyof().options;
