// `npm run api`: the API alone, configured by the environment (see .env.example).
import { loadConfig } from './config.js';
import { createLogger } from './http/logging.js';
import { startApi, StartupError } from './runtime.js';
import { exitOnSignals } from './shutdown.js';
import { loadWebClient } from './web-client.js';

async function main(): Promise<void> {
  const result = loadConfig(process.env);
  if (!result.ok) {
    for (const problem of result.problems) console.error(`configuration error: ${problem}`);
    process.exit(1);
  }
  const { config } = result;
  const mountWebClient = config.webClient === undefined ? undefined : await loadWebClient();
  if (config.webClient !== undefined && mountWebClient === undefined) {
    console.error('configuration error: WEB_CLIENT_ID is set but this build has no web client (src/web/index.ts)');
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startApi(config, { logger, ...(mountWebClient === undefined ? {} : { mountWebClient }) });
  } catch (error) {
    console.error(`startup error: ${error instanceof StartupError ? error.message : error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  exitOnSignals(() => running.close(), logger);
  console.log(`listening on ${running.url}`);
}

await main();
