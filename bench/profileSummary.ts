import { readFileSync } from 'node:fs';

/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`, or `npm run bench -- --profile --only=bot`):
 * top functions by self time and packages/folders by self time.
 * Usage: node dist/bench/profileSummary.js bench/profiles/CPU....cpuprofile [top=25]
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function summarize(profile: Profile, top = 25): string {
  const self = new Map<number, number>();
  // Idle samples (waiting for I/O, or for the other targets' rounds) are left out of every share.
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const n of profile.nodes) {
    const t = self.get(n.id) ?? 0;
    if (!t) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const short = url.replace(/.*node_modules\//, '').replace(/.*\/(dist|bot|bench)\//, '$1/');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${short ? `${short}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
    const area = !url ? `(${n.callFrame.functionName || 'native'})` : url.includes('node_modules/') ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : url.startsWith('node:') ? 'node core' : url.replace(/.*\/(dist\/)?((bot|bench)\/[^/]+).*/, '$2');
    byArea.set(area, (byArea.get(area) ?? 0) + t);
  }
  // Inclusive time: a sample counts for every package/folder on its stack (once per sample).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areaOf = (n: Node) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    if (!url) return undefined;
    if (url.includes('node_modules/')) return url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1');
    if (url.startsWith('node:')) return undefined;
    return url.replace(/.*\/(dist\/)?((bot|bench)\/[^/]+).*/, '$2');
  };
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (idle.has(id)) return;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const a = areaOf(byId.get(cur)!);
      if (a) seen.add(a);
    }
    for (const a of seen) inclusive.set(a, (inclusive.get(a) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const lines = [`busy (non-idle) CPU sampled: ${(total / 1e6).toFixed(1)} s`, '', 'self time by package / folder:'];
  for (const [k, t] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`${pct(t)}  ${k}`);
  lines.push('', 'inclusive time by package / folder (on the stack):');
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`${pct(t)}  ${k}`);
  lines.push('', 'self time by function:');
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(t)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profileSummary <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25)));
}
