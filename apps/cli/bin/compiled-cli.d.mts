/** Bundles the CLI into a new build directory and makes it current; the URL of its main.mjs. */
export function buildCli(): Promise<string>;
/** The compiled CLI's main.mjs URL, building it first when missing or stale. */
export function compiledCli(): Promise<string>;
