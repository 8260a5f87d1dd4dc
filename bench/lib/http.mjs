/** Small HTTP/1.1 client helpers for the gate, the cache warm-up and the side endpoint. */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * @param {number} port
 * @param {string} path
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, body: string }>}
 */
export function get(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} on :${port} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * @param {number} port
 * @param {string} path
 * @returns {Promise<any>}
 */
export async function getJson(port, path) {
  const { status, body } = await get(port, path);
  if (status !== 200) throw new Error(`GET ${path} on :${port}: ${status}`);
  return JSON.parse(body);
}

/**
 * Sends every token once (`concurrency` requests in flight) and counts the statuses.
 *
 * @param {number} port
 * @param {string[]} tokens
 * @param {number} concurrency
 * @returns {Promise<Map<number, number>>} status → count
 */
export async function sendEach(port, tokens, concurrency) {
  const statuses = new Map();
  let next = 0;
  const lane = async () => {
    while (next < tokens.length) {
      const token = tokens[next++];
      const { status } = await get(port, '/', { authorization: `Bearer ${token}` });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return statuses;
}

