// Summarises a .cpuprofile: the functions with the most self time, and which package they are in.
import { readFileSync } from 'node:fs';

const packageOf = (url) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.includes('/dist/')) return 'radio402';
  if (url.startsWith('node:') || !url) return url ? 'node' : '(native)';

  return url.split('/').slice(-1)[0];
};

/** Top frames by self time, and self time per package, as fractions of all samples. */
export function summariseProfile(path, top = 15) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length || 1;
  const frames = new Map();
  const packages = new Map();
  for (const [id, count] of hits) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const name = functionName || '(anonymous)';
    const where = url
      ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}`
      : '';
    const key = `${name} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + count);
    const pkg = ['(idle)', '(program)', '(garbage collector)'].includes(name)
      ? name
      : packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + count);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ name, share: count / total }));

  return { samples: total, frames: rank(frames), packages: rank(packages) };
}

export function profileMarkdown(title, summary) {
  const pct = (share) => `${(share * 100).toFixed(1)} %`;
  const rows = (list) =>
    list.map(({ name, share }) => `| ${pct(share)} | \`${name}\` |`).join('\n');

  return [
    `#### ${title} (${summary.samples} samples)`,
    '',
    '| self | package |',
    '| ---: | --- |',
    rows(summary.packages.slice(0, 10)),
    '',
    '| self | function |',
    '| ---: | --- |',
    rows(summary.frames),
    '',
  ].join('\n');
}
