// The programmatic entry of the entra-guard CLI.
export { main } from './main.js';
export type { CliIo, RunningEmulator, StdinSource, Writer } from './io.js';
