/**
 * The package budget, checked by the build after packaging (`npx projen package:budget`): the npm tarball
 * in dist/js, as it will be published,
 *
 * - weighs at most PACKAGE_BUDGET_BYTES (250 kB) gzipped;
 * - holds only what users load: package.json, README.md, LICENSE, the jsii assembly (.jsii), the rosetta
 *   tablet (.jsii.tabl.json, the examples translated for the other languages' packages) and lib/ (compiled
 *   JavaScript and its .d.ts declarations);
 * - so no source maps (*.map files, or inline ones in the JavaScript), no tests, no docs/ or other markdown,
 *   no TypeScript sources other than declarations.
 *
 * It fails naming each file that is wrong and why. Usage: ts-node --project tsconfig.dev.json projenrc/package-budget.ts [tarball]
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { gunzipSync } from 'zlib';
import { PACKAGE_BUDGET_BYTES } from './release';

const ROOT = resolve(__dirname, '..');

/** A file of the tarball (its path without the leading `package/`). */
export interface PackedFile {
  readonly path: string;
  readonly content: Buffer;
}

/** The files of a .tgz (gzipped ustar, as npm pack writes it), read with Node's zlib. */
export function readTarball(data: Buffer): PackedFile[] {
  const tar = gunzipSync(data);
  const files: PackedFile[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) {
      break;
    }
    const field = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const content = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      // a pax header (node-tar, which npm pack uses): a long path arrives as a `path=` record for the next entry
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString('utf8'))?.[1];
    } else if (type === 'L') {
      // GNU tar's long name: the next entry's path
      longName = content.toString('utf8').replace(/\0.*$/s, '');
    } else if (type === '0' || type === '7') {
      const prefix = field(345, 155);
      const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      files.push({ path: name.replace(/^package\//, ''), content: Buffer.from(content) });
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The files a package may hold: what users load, nothing else. */
const ALLOWED: Array<{ readonly pattern: RegExp; readonly what: string }> = [
  { pattern: /^package\.json$/, what: 'the manifest' },
  { pattern: /^README\.md$/, what: 'the README' },
  { pattern: /^LICENSE$/, what: 'the licence' },
  { pattern: /^\.jsii$/, what: 'the jsii assembly' },
  { pattern: /^\.jsii\.tabl\.json$/, what: 'the rosetta tablet' },
  { pattern: /^lib\/.+\.js$/, what: 'compiled JavaScript' },
  { pattern: /^lib\/.+\.d\.ts$/, what: 'declarations' },
];

/** Why a file must not be published, or undefined when it may be. */
export function whyNot(file: PackedFile): string | undefined {
  const { path } = file;
  if (/\.map$/.test(path)) {
    return 'a source map';
  }
  if (/\.js$/.test(path) && /^\/\/# sourceMappingURL=data:/m.test(file.content.toString('utf8'))) {
    return 'an inline source map (turn off inlineSourceMap in the tsconfig)';
  }
  if (/\.js$/.test(path) && /^\/\/# sourceMappingURL=/m.test(file.content.toString('utf8'))) {
    return 'a reference to a source map (turn off sourceMap in the tsconfig)';
  }
  if (/(^|\/)(test|tests|__tests__|__snapshots__)\//.test(path) || /\.test\.[jt]s$/.test(path)) {
    return 'a test';
  }
  if (/^docs\//.test(path) || (/\.md$/i.test(path) && path !== 'README.md')) {
    return 'documentation other than the README (it stays on GitHub)';
  }
  if (/\.ts$/.test(path) && !/\.d\.ts$/.test(path)) {
    return 'a TypeScript source (only .d.ts declarations ship)';
  }
  if (!ALLOWED.some(({ pattern }) => pattern.test(path))) {
    return `not something users load (allowed: ${ALLOWED.map(({ what }) => what).join(', ')}); add it to .npmignore through .projenrc.ts (addPackageIgnore)`;
  }
  return undefined;
}

/** What is wrong with a tarball: its weight over the budget, and each file that must not be in it. */
export function budgetProblems(tarball: Buffer, budget: number = PACKAGE_BUDGET_BYTES): string[] {
  const problems: string[] = [];
  if (tarball.length > budget) {
    problems.push(`${kb(tarball.length)} is over the budget of ${kb(budget)} (gzipped tarball)`);
  }
  for (const file of readTarball(tarball)) {
    const reason = whyNot(file);
    if (reason) {
      problems.push(`${file.path} (${kb(file.content.length)}): ${reason}`);
    }
  }
  return problems;
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

if (require.main === module) {
  const dist = join(ROOT, 'dist', 'js');
  const tarballs = process.argv[2] ? [process.argv[2]] : (existsSync(dist) ? readdirSync(dist).filter((file) => file.endsWith('.tgz')).map((file) => join(dist, file)) : []);
  if (tarballs.length !== 1) {
    console.error(`package:budget: expected one npm tarball in dist/js, found ${tarballs.length}; run npx projen package:js first`);
    process.exit(1);
  }
  const data = readFileSync(tarballs[0]);
  const problems = budgetProblems(data);
  const files = readTarball(data);
  const unpacked = files.reduce((sum, file) => sum + file.content.length, 0);
  if (problems.length > 0) {
    console.error(`package:budget: FAILED: ${tarballs[0]}:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`package:budget: ${tarballs[0].replace(`${ROOT}/`, '')}: ${kb(data.length)} of ${kb(PACKAGE_BUDGET_BYTES)} (${files.length} files, ${kb(unpacked)} unpacked), ` +
    'no source maps, tests, docs or TypeScript sources');
}
