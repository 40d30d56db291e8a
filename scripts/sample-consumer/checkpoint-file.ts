import { readFile, rename, writeFile } from 'node:fs/promises';

/** The consumer's resume point: one position in a file, replaced atomically (write + rename). */
export class CheckpointFile {
  constructor(private readonly path: string) {}

  async load(): Promise<string | null> {
    try {
      const text = (await readFile(this.path, 'utf8')).trim();
      return text === '' ? null : text;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async save(position: string): Promise<void> {
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, `${position}\n`);
    await rename(temporary, this.path);
  }
}
