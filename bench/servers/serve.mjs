/**
 * Child-process entry of one candidate server: `node servers/serve.mjs <framework>/<candidate>`.
 * Starts the app on 127.0.0.1 (random port) plus a tiny side server that reports this
 * process's CPU time and verify count, then prints one `BENCH_READY {...}` line on stdout.
 * The harness runs it pinned to one core (taskset) and reads the side server before and after
 * each measurement, so CPU µs per request covers exactly the server process.
 */
import { createServer } from 'node:http';
import { installVerifyCounter, verifyCount } from './verify-counter.mjs';

installVerifyCounter();

const name = process.argv[2] ?? '';
if (!/^(express|fastify)\/[a-z0-9-]+$/.test(name)) {
  console.error(`usage: node servers/serve.mjs <express|fastify>/<candidate>, got "${name}"`);
  process.exit(2);
}
const framework = name.split('/')[0];

/** @returns {Promise<{ port: number, close: () => Promise<void> }>} */
async function startApp() {
  const { createApp } = await import(`./${name}.mjs`);
  const app = await createApp();
  if (framework === 'fastify') {
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: app.server.address().port, close: () => app.close() };
  }
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (/** @type {unknown} */ err) => (err ? reject(err) : resolve(s)));
  });
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => { server.close(() => resolve(undefined)); server.closeAllConnections(); }),
  };
}

/** @returns {Promise<{ port: number, close: () => void }>} */
async function startStats() {
  const server = createServer((req, res) => {
    if (req.url !== '/stats') {
      res.writeHead(404).end();
      return;
    }
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const body = JSON.stringify({ cpuUs: cpu.user + cpu.system, verifies: verifyCount(), heapUsed: mem.heapUsed, rss: mem.rss });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { port: address.port, close: () => { server.close(); server.closeAllConnections(); } };
}

try {
  const app = await startApp();
  const stats = await startStats();
  const stop = async () => {
    stats.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`BENCH_READY ${JSON.stringify({ port: app.port, statsPort: stats.port })}\n`);
} catch (err) {
  console.error(`bench server ${name} failed to start:`, err);
  process.exit(1);
}
