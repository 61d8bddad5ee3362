/**
 * The onnxruntime thread workaround. transformers.js v2 creates onnxruntime sessions from a buffer
 * with default options, and onnxruntime-node 1.14 ignores the thread options of a session made from
 * a buffer (it then runs a pool as wide as the machine, whatever is asked). So, while a model is
 * loading, the session for its file is made from the file's path instead, with the thread count
 * asked for (default: onnxruntime's own, one per core). tests/model/ort-threads.test.ts counts the
 * process's OS threads to show it.
 * @module
 */

/** The part of onnxruntime's module this patches. */
export interface OrtModule {
  InferenceSession: { create: (model: unknown, options?: Record<string, unknown>) => Promise<unknown> };
}

/** The model file being loaded, and the threads its session should get. */
export interface SessionFile {
  /** Path of the .onnx file. */
  onnx: string;
  /** Its size: the buffer transformers.js passes is recognised by its length. */
  bytes: number;
  /** intra-op threads; undefined for onnxruntime's default. */
  threads: number | undefined;
}

const patched = new WeakSet<object>();
/** What the next session creation should use; set only inside {@link withSessionFile}. */
let pending: SessionFile | undefined;

function patchSessions(ort: OrtModule): void {
  const session = ort?.InferenceSession;
  if (!session || patched.has(session)) return;
  const create = session.create.bind(session);
  session.create = (model, opts) => {
    const p = pending;
    const isOurs = p && model instanceof Uint8Array && model.byteLength === p.bytes;
    if (!isOurs) return create(model, opts);
    const threads = p.threads === undefined ? {} : { intraOpNumThreads: p.threads, interOpNumThreads: 1 };
    return create(p.onnx, { ...opts, executionProviders: ['cpu'], ...threads });
  };
  patched.add(session);
}

/**
 * Runs `load` (which creates the model's session through transformers.js) so that the session
 * for `file` is made from its path with its thread count. Loads must not overlap: the caller
 * serialises them (transformers.js keeps its model path in a global anyway).
 * @example await withSessionFile(ort, { onnx, bytes, threads: 1 }, () => tf.AutoModelForSequenceClassification.from_pretrained(id))
 */
export async function withSessionFile<T>(ort: OrtModule, file: SessionFile, load: () => Promise<T>): Promise<T> {
  patchSessions(ort);
  pending = file;
  try {
    return await load();
  } finally {
    pending = undefined;
  }
}
