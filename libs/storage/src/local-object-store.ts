import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertSafeKey, assertSafePrefix } from './object-key.ts';
import { ObjectNotFoundError, type ObjectStore } from './object-store.ts';

/** Objects as files under one directory; the default when no MinIO endpoint is configured. */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly location: string;

  constructor(directory: string) {
    this.location = path.resolve(directory);
  }

  private pathOf(key: string): string {
    const full = path.resolve(this.location, assertSafeKey(key));
    // Belt and braces: the key check already forbids escaping, this makes it impossible.
    if (!full.startsWith(this.location + path.sep)) throw new Error(`key escapes the store: ${key}`);
    return full;
  }

  async ensureReady(): Promise<void> {
    await mkdir(this.location, { recursive: true });
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file); // readers never see half an object
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertSafePrefix(prefix);
    const out: string[] = [];
    const walk = async (dir: string, rel: string) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), r);
        else if (!e.name.endsWith('.tmp') && r.startsWith(prefix)) out.push(r);
      }
    };
    await walk(this.location, '');
    return out.sort();
  }
}
