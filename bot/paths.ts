import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from this file whether it runs from bot/ (tsx, jest) or dist/bot/ (node). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${start}`);
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const CARDS_DIR = join(ROOT, 'cards');
export const LOCALES_DIR = join(ROOT, 'bot', 'i18n', 'locales');
