import { z } from 'zod';

/** `{error}`: what every refusal that names no field carries (401, 404, 413, 500, ...). */
export const errorBodySchema = z
  .object({ error: z.string().meta({ description: 'What went wrong, in words' }) })
  .loose()
  .meta({ id: 'Error', description: 'A refusal; some carry more fields, such as the id that was not found' });

/** `{error: 'invalid request', fields: [{field, message}]}`: a 400 from the zod schemas. */
export const invalidRequestSchema = z
  .object({
    error: z.literal('invalid request'),
    fields: z.array(
      z.object({
        field: z.string().meta({ description: 'The path of the bad field (`symbols.0`), `body` for unparseable JSON' }),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'InvalidRequest', description: 'The request did not validate: one entry per bad field' });

/** A JSON response of an OpenAPI operation. */
export function jsonResponse(description: string, schema: z.ZodType) {
  return { description, content: { 'application/json': { schema } } };
}

/** The refusals the shared middleware answers with, ready for an operation's `responses`. */
export const errorResponses = {
  invalid: jsonResponse(
    'Invalid input: each bad field named, or a body that is not valid JSON',
    z.union([invalidRequestSchema, errorBodySchema]),
  ),
  unauthorized: jsonResponse('Missing or wrong credentials', errorBodySchema),
  notFound: (what: string) => jsonResponse(`No such ${what}`, errorBodySchema),
  tooLarge: jsonResponse("Request body over the route's limit", errorBodySchema),
  unsupported: jsonResponse('A body that is not JSON, or an unsupported content-encoding or charset', errorBodySchema),
  tooManyFailures: jsonResponse('Too many failed authentications from this address (see Retry-After)', errorBodySchema),
  unavailable: jsonResponse(
    'A dependency (Redis, Postgres, the object store) is down: retry later (see Retry-After)',
    errorBodySchema,
  ),
  conflict: jsonResponse('The request conflicts with the current state', errorBodySchema),
} as const;

/** Security requirements: POST routes take the bearer token; browser pages also take basic auth. */
export const security: Record<'bearer' | 'bearerOrBasic', Record<string, string[]>[]> = {
  bearer: [{ bearer: [] }],
  bearerOrBasic: [{ bearer: [] }, { basic: [] }],
};
