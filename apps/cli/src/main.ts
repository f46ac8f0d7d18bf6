/**
 * `alphapulse <command> [...args]`: the operator's command line. Each command lives in
 * commands/<name>.ts and is loaded only when used, so `features` never loads TensorFlow and
 * `evaluate` never loads the Yahoo client.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  serve: { summary: 'serve ingest|trainer|all   run a tier (or both in one process)', load: () => import('./commands/serve.ts') },
  demo: { summary: 'demo [--json]              the whole path offline on the synthetic sample', load: () => import('./commands/demo.ts') },
  ingest: { summary: 'ingest --source yahoo|csv|rss|sample ...   load bars or news now', load: () => import('./commands/ingest.ts') },
  sentiment: { summary: 'sentiment "headline" | --input FILE | --eval FILE.csv [--json]   score headlines, or compare scorers on labelled ones', load: () => import('./commands/sentiment.ts') },
  features: { summary: 'features --input F.csv --out G.csv [--set NAME]   compute features offline', load: () => import('./commands/features.ts') },
  evaluate: { summary: 'evaluate --input F.csv --mode ultra_fast|fast|full [...]   offline tuning + honest evaluation', load: () => import('./commands/evaluate.ts') },
  models: { summary: 'models [--json]            model versions, aliases and history', load: () => import('./commands/models.ts') },
  predict: { summary: 'predict SYMBOL [--json]    the champion\'s latest prediction', load: () => import('./commands/predict.ts') },
};

function usage(): string {
  return ['usage: alphapulse <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`alphapulse: unknown command ${JSON.stringify(name)}\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Expected start-up failures (config, Redis, Postgres) are one line, not a stack trace.
    const e = err as Error;
    const known = ['ConfigError', 'RedisUnavailableError', 'DatabaseUnavailableError', 'ObjectStoreUnavailableError', 'CsvFormatError', 'UsageError', 'AuthConfigError', 'HandlerTableError', 'NoRedisError'];
    process.stderr.write(`alphapulse: ${known.includes(e?.name) ? e.message : (e?.stack ?? String(err))}\n`);
    process.exitCode = e?.name === 'UsageError' ? 2 : 1;
  },
);
