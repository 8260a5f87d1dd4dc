// Defaults shared by `emulator` and `token`, kept free of imports so that registering the
// commands does not load the emulator package (only running them does).

/** The port `entra-guard emulator` listens on unless told otherwise. */
export const DEFAULT_EMULATOR_PORT = 8443;

/** Where `entra-guard token` finds the emulator unless told otherwise. */
export const DEFAULT_EMULATOR_URL = `https://localhost:${DEFAULT_EMULATOR_PORT}`;

/** The emulator's default data folder and CA file, relative to the current directory (as in the emulator package). */
export const DEFAULT_DATA_DIR_TEXT = '.entra-guard/emulator';
export const DEFAULT_CA_TEXT = `${DEFAULT_DATA_DIR_TEXT}/ca.pem`;
