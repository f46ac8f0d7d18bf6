import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The version of the code that produced a run, for its record:
 * 1. `GIT_SHA` from the environment when set (container images bake it in at build time);
 * 2. else `git rev-parse HEAD` in this checkout, with `-dirty` appended when tracked files have
 *    uncommitted changes (so a run from an edited tree never claims a clean commit);
 * 3. else `v<version>` of this package (an install without git metadata).
 * Resolved once per process.
 */
export function codeVersion(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.GIT_SHA?.trim();
  if (fromEnv) return fromEnv;
  cached ??= gitVersion() ?? packageVersion();
  return cached;
}

function gitVersion(): string | undefined {
  const cwd = fileURLToPath(new URL('.', import.meta.url));
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 })
      .toString()
      .trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
    let dirty = false;
    try {
      execFileSync('git', ['diff', '--quiet', 'HEAD', '--'], { cwd, stdio: 'ignore', timeout: 10_000 });
    } catch {
      dirty = true;
    }
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return undefined;
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return `v${pkg.version ?? '0.0.0'}`;
}
