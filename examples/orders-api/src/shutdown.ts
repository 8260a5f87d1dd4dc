import type { Logger } from 'pino';
import { stopWhenNpmGoes } from './parent-watch.js';

/**
 * SIGTERM / SIGINT (or the npm that started this process going away): stop gracefully (`stop()` drains in-flight requests), then exit 0; exit 1 if
 * stopping fails. A second signal exits at once.
 */
export function exitOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // A SIGTERM sent to `npm start` / `npm run api` stops at npm's shell: treat npm's exit as one.
  stopWhenNpmGoes(() => onSignal('SIGTERM'));
}
