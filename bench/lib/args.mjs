/** Command-line options of run.mjs (see README.md). */
import { parseArgs } from 'node:util';

/**
 * @typedef {object} Options
 * @property {number} rounds
 * @property {number} warmSeconds
 * @property {number} measureSeconds
 * @property {number} connections
 * @property {number} poolSize
 * @property {number} coldSize
 * @property {number} microMs
 * @property {string | undefined} only
 * @property {'wrk' | 'autocannon' | undefined} tool
 * @property {boolean} quick
 * @property {boolean} micro
 * @property {boolean} write   write RESULTS.md (default: only for full runs of every candidate)
 * @property {boolean} profile
 * @property {boolean} rerender
 */

const FULL = { rounds: 3, warm: 1, measure: 3, connections: 16, pool: 10_000, cold: 24_000, microMs: 500 };
const QUICK = { rounds: 1, warm: 1, measure: 1, connections: 16, pool: 2_000, cold: 16_000, microMs: 200 };

/**
 * @param {string[]} argv
 * @returns {Options}
 */
export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      warm: { type: 'string' },
      measure: { type: 'string' },
      connections: { type: 'string' },
      pool: { type: 'string' },
      cold: { type: 'string' },
      'micro-ms': { type: 'string' },
      only: { type: 'string' },
      tool: { type: 'string' },
      'no-micro': { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      rerender: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'node bench/run.mjs [--quick] [--rounds N] [--warm S] [--measure S] [--connections N] [--pool N] [--cold N]\n' +
        '                   [--micro-ms MS] [--only id,id] [--tool wrk|autocannon] [--no-micro] [--write|--no-write] [--profile]\n' +
        '       node bench/run.mjs --rerender    (rebuild RESULTS.md from results.json, measuring nothing)\n',
    );
    process.exit(0);
  }
  const d = values.quick ? QUICK : FULL;
  const int = (/** @type {string | undefined} */ v, /** @type {number} */ fallback, /** @type {string} */ name) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new TypeError(`--${name} must be a positive integer`);
    return n;
  };
  if (values.tool !== undefined && values.tool !== 'wrk' && values.tool !== 'autocannon') throw new TypeError('--tool must be wrk or autocannon');
  const rounds = int(values.rounds, d.rounds, 'rounds');
  const full = !values.quick && values.only === undefined && rounds >= 3 && !values.profile;
  return {
    rounds,
    warmSeconds: int(values.warm, d.warm, 'warm'),
    measureSeconds: int(values.measure, d.measure, 'measure'),
    connections: int(values.connections, d.connections, 'connections'),
    poolSize: int(values.pool, d.pool, 'pool'),
    coldSize: int(values.cold, d.cold, 'cold'),
    microMs: int(values['micro-ms'], d.microMs, 'micro-ms'),
    only: values.only,
    tool: /** @type {any} */ (values.tool),
    quick: values.quick,
    micro: !values['no-micro'],
    write: values.write ? true : values['no-write'] ? false : full,
    profile: values.profile,
    rerender: values.rerender,
  };
}
