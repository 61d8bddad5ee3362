/**
 * The sidecar's OpenAPI 3.1 description. Request bodies come from the zod schemas that validate
 * them, and the result's from the zod schema that gives the `ClassificationResult` type
 * (src/types.ts), so neither can drift.
 * @module
 */
import { z } from 'zod';
import { ClassificationResultSchema } from '../types.js';
import { VERSION } from '../version.js';

/** One post: `{text}` or `{id, text}`. */
export const PostBodySchema = z.object({
  id: z.union([z.string(), z.number()]).nullish().describe('Echoed back as a string in the result.'),
  text: z.string().describe('The post.'),
});

/**
 * A batch body: `{posts: [...]}`, each a string or `{id, text}`; bad items become error entries.
 * @example batchBodySchema(1000).safeParse({ posts: ['boat to uk'] }).success // true
 */
export function batchBodySchema(maxBatch: number) {
  return z.object({
    posts: z
      .array(z.unknown())
      .min(1)
      .max(maxBatch)
      .describe('Posts, each a string or {id, text}. A bad item gets an error entry in its place; the others are classified.'),
  });
}

const jsonSchema = (s: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'INVALID_INPUT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_READY, MODEL_NOT_FOUND, MODEL_INVALID, MODEL_RUNTIME, INTERNAL' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, path: { type: 'array', items: { type: ['string', 'integer'] } }, message: { type: 'string' } } } },
      },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/**
 * Builds the OpenAPI document served at `GET /openapi.json`.
 * @example
 * const doc = openApiDocument({ maxBatch: 1000, maxBody: 1_048_576 });
 * doc.paths['/v1/classify'].post
 */
export function openApiDocument(limits: { maxBatch: number; maxBody: number }): Record<string, unknown> & { paths: Record<string, Record<string, unknown>> } {
  return {
    openapi: '3.1.0',
    info: {
      title: 'smugglescan sidecar',
      version: VERSION.replace(/^smugglescan@/, ''),
      description: 'Classifies social-media posts for people-smuggling adverts. Errors are JSON {error: {code, message}}.',
    },
    paths: {
      '/v1/classify': {
        post: {
          summary: 'Classify one post, or a batch of posts in order.',
          requestBody: {
            required: true,
            description: `JSON, at most ${limits.maxBody} bytes; a batch holds at most ${limits.maxBatch} posts.`,
            content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Post' }, { $ref: '#/components/schemas/Batch' }] } } },
          },
          responses: {
            '200': {
              description: 'One result for a post; {results: [...]} in input order for a batch, with {id, error} entries for bad items.',
              content: {
                'application/json': {
                  schema: {
                    oneOf: [
                      { $ref: '#/components/schemas/ClassificationResult' },
                      {
                        type: 'object',
                        required: ['results'],
                        properties: { results: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/ClassificationResult' }, { $ref: '#/components/schemas/ErrorEntry' }] } } },
                      },
                    ],
                  },
                },
              },
            },
            '400': errorResponse('The body is not valid JSON or does not match the schema.'),
            '413': errorResponse('The body is larger than the limit.'),
            '415': errorResponse('The body is not application/json.'),
            '503': errorResponse('The model cannot be loaded.'),
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness: 200 while the process answers.', responses: { '200': { description: 'Alive.' } } } },
      '/readyz': {
        get: {
          summary: 'Readiness: 200 once the model is loaded, 503 before (or when loading failed).',
          responses: { '200': { description: 'Ready.' }, '503': errorResponse('Not ready yet, or the model failed to load.') },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics (text exposition format 0.0.4).', responses: { '200': { description: 'Metrics.', content: { 'text/plain': {} } } } } },
      '/openapi.json': { get: { summary: 'This document.', responses: { '200': { description: 'OpenAPI 3.1.' } } } },
    },
    components: {
      schemas: {
        Post: jsonSchema(PostBodySchema),
        Batch: jsonSchema(batchBodySchema(limits.maxBatch)),
        ClassificationResult: jsonSchema(ClassificationResultSchema, 'output'),
        ErrorEntry: { type: 'object', required: ['id', 'error'], properties: { id: { type: ['string', 'null'] }, error: ErrorSchema.properties.error } },
        Error: ErrorSchema,
      },
    },
  };
}
