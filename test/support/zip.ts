import { open, type Entry, type ZipFile } from 'yauzl';

/** Reads every entry of a zip file into memory: name → content. */
export function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    open(file, { lazyEntries: true }, (err, zip?: ZipFile) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Extracts a zip file into `dir` entry by entry (file modes kept), as App Service mounts a package. Returns the entry names. */
export function extractZip(file: string, dir: string): Promise<string[]> {
  const { createWriteStream, mkdirSync } = require('node:fs') as typeof import('node:fs');
  const { dirname, join } = require('node:path') as typeof import('node:path');
  return new Promise((resolve, reject) => {
    open(file, { lazyEntries: true }, (err, zip?: ZipFile) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const names: string[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(names));
      zip.on('entry', (entry: Entry) => {
        names.push(entry.fileName);
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        const target = join(dir, entry.fileName);
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr ?? new Error('no stream'));
          const mode = (entry.externalFileAttributes >>> 16) & 0o777;
          stream.pipe(createWriteStream(target, { mode: mode || 0o644 })).on('close', () => zip.readEntry()).on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}
