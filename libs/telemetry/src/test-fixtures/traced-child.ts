// A process that starts telemetry first thing, serves one express request and makes two nested
// spans, then prints what it saw as JSON. Spawned by start-telemetry.test.ts.
import { createRequire } from 'node:module';
import { startTelemetry, tracingEnabled, withSpan } from '../index.ts';

const telemetry = await startTelemetry('alphapulse-test-child');
const enabled = { handle: telemetry.enabled, state: tracingEnabled() };
const { default: express } = await import('express');
const app = express();
app.get('/things/:id', (req, res) => {
  res.json({ id: req.params.id });
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as { port: number };
const { request } = await import('node:http');
await new Promise<void>((resolve, reject) => {
  request({ host: '127.0.0.1', port, path: '/things/7' }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
});
server.close();
await withSpan('outer work', { 'test.answer': 42 }, async (span) => {
  span.addEvent('first');
  await withSpan('inner work', {}, async () => undefined);
  span.addEvent('second');
});
const require = createRequire(import.meta.url);
const sdkLoaded = Object.keys(require.cache).some((k) => k.includes('@opentelemetry/sdk-node'));
await telemetry.shutdown();
process.stdout.write(`${JSON.stringify({ enabled, sdkLoaded })}\n`);
