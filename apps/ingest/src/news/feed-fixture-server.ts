import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: serves the RSS/Atom fixtures (test-fixtures/rss) on loopback, plus a 404 and a
 * feed that never answers in time. Paths: /yahoo/AAPL, /atom, /broken, /missing, /slow.
 */
export interface FeedFixtureServer {
  url(path: '/yahoo/AAPL' | '/atom' | '/broken' | '/missing' | '/slow'): string;
  close(): Promise<void>;
}

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../test-fixtures/rss/${name}`, import.meta.url)), 'utf8');

export async function startFeedFixtureServer(): Promise<FeedFixtureServer> {
  const routes: Record<string, { type: string; body: string }> = {
    '/yahoo/AAPL': { type: 'application/rss+xml;charset=utf-8', body: fixture('yahoo-headline-AAPL.rss.xml') },
    '/atom': { type: 'application/atom+xml', body: fixture('markets.atom.xml') },
    '/broken': { type: 'application/rss+xml', body: fixture('broken.rss.xml') },
  };
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/slow') {
      timers.add(setTimeout(() => res.end('<rss version="2.0"><channel></channel></rss>'), 10_000));
      return;
    }
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': route.type });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
