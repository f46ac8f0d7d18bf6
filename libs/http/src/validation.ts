import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** Sends 400 `{error: 'invalid request', fields: [{field, message}]}`. */
export function sendInvalid(res: Response, fields: FieldError[]): void {
  res.status(400).json({ error: 'invalid request', fields });
}

/**
 * Parses `req.body` (or another part) with a zod schema. On success returns the typed value; on
 * failure answers 400 naming each field and returns undefined.
 */
export function parseRequest<S extends z.ZodType>(schema: S, req: Request, res: Response, part: 'body' | 'query' | 'params' = 'body'): z.output<S> | undefined {
  const result = schema.safeParse(req[part] ?? {});
  if (result.success) return result.data;
  sendInvalid(
    res,
    result.error.issues.map((i) => ({ field: i.path.join('.') || part, message: i.message })),
  );
  return undefined;
}

/** Turns a JSON body that does not parse into a 400 instead of express's default HTML 400. */
export const jsonSyntaxErrors: (err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => void = (err, _req, res, next) => {
  if ((err as { type?: string }).type === 'entity.parse.failed') {
    sendInvalid(res, [{ field: 'body', message: 'not valid JSON' }]);
    return;
  }
  next(err);
};

export type { RequestHandler };
