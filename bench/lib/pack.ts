import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './paths';

/**
 * The npm package's weight: `npm pack --dry-run --json` of the checkout as it is, then of a copy without
 * the files a clean build does not produce, then of that copy without inline source maps.
 */

export interface PackFigures {
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

export interface PackInfo {
  /** `npm pack` of this checkout as it is. */
  readonly asIs: PackFigures;
  /** `npm pack` of the same files without those a clean build does not produce (see `flagged`). */
  readonly clean: PackFigures;
  /** The clean build without inline source maps in lib/*.js (a what-if: tsconfig.json writes them). */
  readonly withoutInlineSourceMaps: PackFigures;
  readonly flagged: Array<{ readonly path: string; readonly size: number; readonly reason: string }>;
  readonly largest: Array<{ readonly path: string; readonly size: number }>;
  /** Bytes of the packed JavaScript that are inline source maps (with the TypeScript sources inlined). */
  readonly inlineSourceMapBytes: number;
  readonly javascriptBytes: number;
}

function npmPackDryRun(directory: string): PackFigures & { files: Array<{ path: string; size: number }> } {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: directory, encoding: 'utf-8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) {
    throw new Error(`bench: npm pack --dry-run failed in ${directory}: ${result.stderr}`);
  }
  const [packed] = JSON.parse(result.stdout) as Array<PackFigures & { files: Array<{ path: string; size: number }> }>;
  return packed;
}

/** Files a build produces that are not in git: the compiler's, jsii's and the docs generator's output. */
const BUILD_OUTPUTS = [/^lib\//, /^\.jsii$/, /^\.jsii\.tabl\.json$/, /^API\.md$/];

export function packInfo(): PackInfo {
  const packed = npmPackDryRun(REPO_ROOT);
  const tracked = new Set(spawnSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf-8' }).stdout.split('\n'));
  const flagged: PackInfo['flagged'] = [];
  for (const file of packed.files) {
    const compiled = /^lib\/(.*?)(\.d\.ts|\.js)$/.exec(file.path);
    if (compiled !== null && !fs.existsSync(path.join(REPO_ROOT, 'src', `${compiled[1]}.ts`))) {
      flagged.push({ ...file, reason: `stale compiler output: src/${compiled[1]}.ts no longer exists` });
    } else if (tracked.size > 1 && !tracked.has(file.path) && !BUILD_OUTPUTS.some((pattern) => pattern.test(file.path))) {
      flagged.push({ ...file, reason: 'neither in git nor a build output (left by a local run), not in .npmignore' });
    }
  }
  const flaggedPaths = new Set(flagged.map((file) => file.path));
  const kept = packed.files.filter((file) => !flaggedPaths.has(file.path));
  // the clean build: the packed files but the flagged ones, packed again from a copy (outside the
  // repository, so that no type-check of tsconfig.dev.json's **/*.ts ever sees its .d.ts files)
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pack-'));
  for (const file of kept) {
    fs.mkdirSync(path.dirname(path.join(stage, file.path)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file.path), path.join(stage, file.path));
  }
  const clean: PackFigures = flagged.length > 0 ? npmPackDryRun(stage) : packed;
  // what-if: the same without the inline source maps that tsconfig.json's inlineSourceMap + inlineSources write
  let inlineSourceMapBytes = 0;
  let javascriptBytes = 0;
  for (const file of kept.filter((entry) => entry.path.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(stage, file.path), 'utf-8');
    javascriptBytes += Buffer.byteLength(text);
    const lines = text.split('\n');
    const code = lines.filter((line) => !line.startsWith('//# sourceMappingURL=data:'));
    inlineSourceMapBytes += Buffer.byteLength(text) - Buffer.byteLength(code.join('\n'));
    fs.writeFileSync(path.join(stage, file.path), code.join('\n'));
  }
  const withoutInlineSourceMaps = npmPackDryRun(stage);
  fs.rmSync(stage, { recursive: true, force: true });
  return {
    asIs: { size: packed.size, unpackedSize: packed.unpackedSize, entryCount: packed.entryCount },
    clean: { size: clean.size, unpackedSize: clean.unpackedSize, entryCount: clean.entryCount },
    withoutInlineSourceMaps: {
      size: withoutInlineSourceMaps.size, unpackedSize: withoutInlineSourceMaps.unpackedSize, entryCount: withoutInlineSourceMaps.entryCount,
    },
    flagged,
    largest: [...kept].sort((a, b) => b.size - a.size).slice(0, 5).map(({ path: file, size }) => ({ path: file, size })),
    inlineSourceMapBytes,
    javascriptBytes,
  };
}
