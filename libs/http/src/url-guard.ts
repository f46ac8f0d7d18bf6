import type { RequestHandler } from 'express';

/**
 * Refuses, with 400 naming the fault, a URL whose path does not percent-decode or whose path or
 * query holds a NUL byte (raw or `%00`): no route accepts either, and Postgres text refuses NUL.
 */
export const urlGuard: RequestHandler = (req, res, next) => {
  const url = req.originalUrl ?? req.url;
  if (url.includes('\0') || /%00/i.test(url)) {
    res.status(400).json({ error: 'the URL holds a NUL byte (%00)' });
    return;
  }
  const q = url.indexOf('?');
  try {
    decodeURIComponent(q < 0 ? url : url.slice(0, q));
  } catch {
    res.status(400).json({ error: 'the URL path holds bad percent-encoding' });
    return;
  }
  next();
};
