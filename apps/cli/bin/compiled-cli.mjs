// The CLI compiled to JavaScript: one esbuild bundle of apps/cli/src/main.ts and the workspace code it
// imports (plus @stdlib and prom-client, hundreds of tiny CommonJS files that cost more to resolve than
// to run), with other packages left to Node. It saves the TypeScript loader's per-module cost at every
// start. Built on first use into apps/cli/dist/<id>/ and rebuilt whenever a bundled source, a workspace
// package.json or package-lock.json is newer than the build, so it never runs stale code.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = path.resolve(CLI_DIR, '../..');
const DIST = path.join(CLI_DIR, 'dist');
const CURRENT = path.join(DIST, 'current.json');
/** Builds kept beside the current one for processes still running them (they load chunks lazily). */
const KEEP_OLD = 3;
const OLD_AFTER_MS = 3_600_000;

/** Packages bundled in: pure JavaScript, many files each. Everything else stays external. */
const BUNDLED_PACKAGES = /^(@alphapulse\/|@stdlib\/|prom-client$|bintrees$|tdigest$)/;
/** Worker entries, referenced as `new URL('./x.ts', import.meta.url)` from the module beside them. */
const WORKER_ENTRIES = ['apps/trainer/src/tuning/parallel/trial-worker.ts'];

function isFresh(current) {
  for (const rel of current.inputs) {
    let mtime;
    try {
      mtime = statSync(path.join(ROOT, rel)).mtimeMs;
    } catch {
      return false;
    }
    if (mtime > current.startedAt) return false;
  }
  return true;
}

function readCurrent() {
  try {
    return JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return null;
  }
}

/** Files whose change invalidates a build besides its bundled sources. */
function manifests() {
  const out = ['package-lock.json', 'package.json'];
  for (const group of ['apps', 'libs']) {
    for (const name of readdirSync(path.join(ROOT, group))) out.push(`${group}/${name}/package.json`);
  }
  return out;
}

const workerName = (entry) => path.basename(entry, '.ts');

/**
 * esbuild plugin: packages outside BUNDLED_PACKAGES stay imports; in each bundled file `import.meta.url`
 * becomes that source file's own URL (so paths to data beside the sources still resolve), except
 * `new URL('./worker.ts', import.meta.url)` for a worker entry, which points at the compiled worker.
 */
function sourcesInPlace() {
  const workers = new Set(WORKER_ENTRIES.map((e) => path.join(ROOT, e)));
  return {
    name: 'alphapulse-sources-in-place',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED_PACKAGES.test(args.path) ? undefined : { external: true }));
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const compiledWorkers = [];
        const text = source
          .replace(/new URL\((['"])(\.\.?\/[^'"]+\.ts)\1, import\.meta\.url\)/g, (whole, _q, rel) => {
            const target = path.resolve(path.dirname(args.path), rel);
            if (!workers.has(target)) return whole;
            compiledWorkers.push(`new URL('./${workerName(target)}.mjs', import.meta.url)`);
            return `__ALPHAPULSE_WORKER_${compiledWorkers.length - 1}__`;
          })
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replace(/__ALPHAPULSE_WORKER_(\d+)__/g, (_m, i) => compiledWorkers[Number(i)]);
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

function pruneOldBuilds(keep) {
  const builds = readdirSync(DIST, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== keep)
    .map((d) => ({ dir: path.join(DIST, d.name), mtime: statSync(path.join(DIST, d.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const b of builds.slice(KEEP_OLD)) if (Date.now() - b.mtime > OLD_AFTER_MS) rmSync(b.dir, { recursive: true, force: true });
}

/** Bundles the CLI into a new build directory and makes it current. Returns its main.mjs URL. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const id = `${startedAt.toString(36)}-${process.pid}`;
  const outdir = path.join(DIST, id);
  const entryPoints = {
    main: path.join(CLI_DIR, 'src/main.ts'),
    ...Object.fromEntries(WORKER_ENTRIES.map((e) => [workerName(e), path.join(ROOT, e)])),
  };
  const result = await build({
    entryPoints,
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __alphapulseRequire } from 'node:module'; const require = __alphapulseRequire(import.meta.url);" },
    plugins: [sourcesInPlace()],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => path.relative(ROOT, path.resolve(ROOT, p)))
    .filter((p) => !p.split(path.sep).includes('node_modules'));
  const current = { id, startedAt, inputs: [...inputs, ...manifests()] };
  const tmp = `${CURRENT}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(current));
  renameSync(tmp, CURRENT);
  pruneOldBuilds(id);
  return pathToFileURL(path.join(outdir, 'main.mjs')).href;
}

/** The compiled CLI's main.mjs URL, building it first when missing or stale. */
export async function compiledCli() {
  const current = readCurrent();
  const main = current && path.join(DIST, String(current.id), 'main.mjs');
  if (main && existsSync(main) && isFresh(current)) return pathToFileURL(main).href;
  mkdirSync(DIST, { recursive: true });
  return buildCli();
}
