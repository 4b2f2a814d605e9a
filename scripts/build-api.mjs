// Compiles the api and its libraries with swc into dist/, rewriting the @radio402/* aliases.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

const roots = ['apps/api/src', 'libs'];
const out = 'dist';

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.ts$/.test(entry.name) && !/\.(spec|d)\.ts$/.test(entry.name)) yield path;
  }
}

await rm(join(out, 'apps'), { recursive: true, force: true });
await rm(join(out, 'libs'), { recursive: true, force: true });

let count = 0;
for (const root of roots) {
  for await (const file of sources(root)) {
    const target = join(out, file.replace(/\.ts$/, '.js'));
    const { code, map } = await transformFile(file, {
      sourceMaps: true,
      outputPath: target,
      sourceFileName: relative(dirname(target), file),
    });
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    await writeFile(`${target}.map`, map ?? '');
    count += 1;
  }
}

console.log(`build-api: compiled ${count} files into ${out}/`);
