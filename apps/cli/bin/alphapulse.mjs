#!/usr/bin/env node
// The operator's CLI. It runs compiled (bin/compiled-cli.mjs: one bundle, rebuilt when a source changes),
// which starts several times faster than the TypeScript sources through tsx. ALPHAPULSE_CLI_FROM_SOURCE=1
// runs the sources through tsx instead; so does a failed build, after one line on stderr.
let compiled = null;
if (process.env.ALPHAPULSE_CLI_FROM_SOURCE !== '1') {
  try {
    compiled = await (await import('./compiled-cli.mjs')).compiledCli();
  } catch (err) {
    process.stderr.write(`alphapulse: running from sources (compiling failed: ${String(err?.message ?? err).split('\n')[0]})\n`);
  }
}
if (compiled) {
  process.setSourceMapsEnabled(true);
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
