import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../paths';
import { loadLabelledFile, type LabelledUtterance } from './labelledFile';

/** The training corpus: every `bot/nlu/corpus/*.txt`, in name order. */
export const CORPUS_DIR = join(ROOT, 'bot', 'nlu', 'corpus');

export function corpusFiles(dir = CORPUS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(dir, f));
}

export function loadCorpus(dir = CORPUS_DIR): { utterances: LabelledUtterance[]; text: string } {
  const files = corpusFiles(dir);
  return { utterances: files.flatMap((f) => loadLabelledFile(f)), text: files.map((f) => readFileSync(f, 'utf8')).join('\n') };
}
