/**
 * The sidecar's error answers: every error becomes JSON `{error: {code, message, issues?}}` with a
 * fitting status code, and server-side errors never show the paths in their messages.
 * @module
 */
import type { FastifyError } from 'fastify';
import { SmuggleScanError, formatIssues, fromZodIssues, type Issue } from '../../errors.js';

/** An error with an HTTP status, sent as `{error: {code, message, issues?}}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_INPUT'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_INPUT'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_INPUT'],
};

type ErrorBody = { error: { code: string; message: string; issues?: Issue[] } };

const errorBody = (code: string, message: string, issues: Issue[] = []): ErrorBody => ({ error: issues.length ? { code, message, issues } : { code, message } });

/** A fastify body-parsing error's message: what to send instead. */
function fastifyMessage(code: string | undefined, ours: string, maxBody: number): string {
  if (ours === 'PAYLOAD_TOO_LARGE') return `The request body is larger than the limit of ${maxBody} bytes. Send fewer posts per request, or raise the limit (--max-body).`;
  if (ours === 'UNSUPPORTED_MEDIA_TYPE') return 'Send the body as application/json.';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The request body is empty. Send JSON: {text}, {id, text} or {posts: [...]}.';
  return 'The request body is not valid JSON. Send {text}, {id, text} or {posts: [...]}.';
}

/**
 * The status and JSON body for any error a request ran into.
 * @example toHttp(new HttpError(400, 'INVALID_INPUT', 'bad'), 1024) // { status: 400, body: { error: { code: 'INVALID_INPUT', message: 'bad' } } }
 */
export function toHttp(err: unknown, maxBody: number): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) return { status: err.status, body: errorBody(err.code, err.message, err.issues) };
  if (err instanceof SmuggleScanError) {
    const status = err.code === 'INVALID_INPUT' ? 400 : err.code.startsWith('MODEL_') || err.code === 'UNAVAILABLE' || err.code === 'CLOSED' ? 503 : 500;
    // Model and service errors name files and folders on the server: those stay in the log.
    if (status !== 400) return { status, body: errorBody(err.code, publicMessage(err)) };
    return { status, body: errorBody(err.code, err.message, err.issues) };
  }
  const fe = err as Partial<FastifyError> & { type?: string };
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) return { status: known[0], body: errorBody(known[1], fastifyMessage(fe.code, known[1], maxBody)) };
  // A body that JSON.parse rejected.
  if (err instanceof SyntaxError || fe.statusCode === 400) {
    return { status: 400, body: errorBody('INVALID_INPUT', `The request body is not valid JSON: ${(err as Error).message}`) };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: errorBody('INVALID_INPUT', fe.message ?? 'Bad request.') };
  }
  return { status: 500, body: errorBody('INTERNAL', 'Internal error; see the service log.') };
}

/**
 * What a caller may read of a server-side error: its code, never the paths in its message.
 * @example publicMessage(new SmuggleScanError('CLOSED', 'pool closed')) // 'The service is shutting down; ...'
 */
export function publicMessage(e: SmuggleScanError): string {
  if (e.code.startsWith('MODEL_')) return `The model could not be loaded or run (${e.code}); the service log has the details.`;
  if (e.code === 'CLOSED') return 'The service is shutting down; retry on another instance.';
  return `The service could not classify the posts (${e.code}); the service log has the details.`;
}

/**
 * A 400 for a request body that its schema refused, listing every problem.
 * @example throw invalidBody(PostBodySchema.safeParse(body).error!.issues);
 */
export function invalidBody(issues: readonly { path: readonly PropertyKey[]; message: string }[]): HttpError {
  const ours = fromZodIssues('INVALID_INPUT', issues);
  return new HttpError(400, 'INVALID_INPUT', `Invalid request body: expected {text}, {id, text} or {posts: [...]}.\n${formatIssues(ours)}`, ours);
}
