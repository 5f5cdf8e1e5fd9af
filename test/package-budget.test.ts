import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { budgetProblems, readTarball } from '../projenrc/package-budget';
import { PACKAGE_BUDGET_BYTES } from '../projenrc/release';

// The package budget (projenrc/package-budget.ts, run by the build after packaging) reads the npm tarball
// as published and fails on weight over 250 kB and on anything users do not load. The tarballs here are
// real ones, packed by `npm pack` (as jsii-pacmak packs dist/js) and by GNU tar.

// Paths longer than a tar header's 100-character name: split into the ustar prefix, and (a file name over
// 100 characters) in a pax header.
const LONG_PATH = `lib/private/${'nested-module-directory/'.repeat(5)}a-module-whose-path-is-longer-than-a-tar-header.js`;
const LONG_NAME = `lib/${'a-module-name-longer-than-a-tar-header-'.repeat(3)}.js`;

describe('package budget', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'package-budget-'));
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A package directory with these files (and a package.json). */
  function packageDir(name: string, files: Record<string, string | Buffer>): string {
    const dir = join(scratch, name, 'package');
    for (const [path, content] of Object.entries({ 'package.json': JSON.stringify({ name, version: '1.0.0' }), ...files })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }

  /** `npm pack` of a package directory: the tarball's bytes. */
  function npmPack(dir: string): Buffer {
    const result = spawnSync('npm', ['pack', '--json', '--pack-destination', dirname(dir)], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(0);
    return readFileSync(join(dirname(dir), JSON.parse(result.stdout)[0].filename));
  }

  /** GNU tar's .tgz of a package directory (its long names use a different header than npm's). */
  function gnuTar(dir: string): Buffer {
    const out = join(dirname(dir), 'gnu.tgz');
    const result = spawnSync('tar', ['--format=gnu', '-czf', out, '-C', dirname(dir), 'package'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    return readFileSync(out);
  }

  const clean = {
    'README.md': '# a library\n',
    'LICENSE': 'Apache-2.0\n',
    '.jsii': '{}',
    '.jsii.tabl.json': '{}',
    'lib/index.js': '"use strict";\nexports.x = 1;\n',
    'lib/index.d.ts': 'export declare const x = 1;\n',
    [LONG_PATH]: '"use strict";\n',
    [LONG_NAME]: '"use strict";\n',
  };

  test('a package of what users load, under the budget, passes', () => {
    // GIVEN a package with the manifest, README, licence, assembly, tablet and compiled lib/ (two paths over 100 characters)
    const tarball = npmPack(packageDir('clean', clean));
    // WHEN its tarball is read and checked
    const files = readTarball(tarball).map((file) => file.path).sort();
    // THEN every file is seen, long path included, and nothing is wrong
    expect(files).toEqual(['.jsii', '.jsii.tabl.json', 'LICENSE', 'README.md', LONG_NAME, LONG_PATH, 'lib/index.d.ts', 'lib/index.js', 'package.json'].sort());
    expect(budgetProblems(tarball)).toEqual([]);
  });

  test('source maps, tests, docs and TypeScript sources each fail, named', () => {
    // GIVEN a package that also holds a source map, an inline source map, a test, docs, a TypeScript source and a stray file
    const tarball = npmPack(packageDir('dirty', {
      ...clean,
      'lib/index.js.map': '{"version":3}',
      'lib/inline.js': '"use strict";\n//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==\n',
      'test/index.test.js': 'test("x", () => {});\n',
      'docs/design/decision.md': '# a decision\n',
      'CONTRIBUTING.md': '# contributing\n',
      'src/index.ts': 'export const x = 1;\n',
      'tsconfig.json': '{}',
    }));
    // WHEN it is checked
    const problems = budgetProblems(tarball);
    // THEN each of them is named with its reason, and nothing else
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^lib\/index\.js\.map \(.* kB\): a source map$/),
      expect.stringMatching(/^lib\/inline\.js \(.* kB\): an inline source map/),
      expect.stringMatching(/^test\/index\.test\.js \(.* kB\): a test$/),
      expect.stringMatching(/^docs\/design\/decision\.md \(.* kB\): documentation other than the README/),
      expect.stringMatching(/^CONTRIBUTING\.md \(.* kB\): documentation other than the README/),
      expect.stringMatching(/^src\/index\.ts \(.* kB\): a TypeScript source/),
      expect.stringMatching(/^tsconfig\.json \(.* kB\): not something users load/),
    ]));
    expect(problems).toHaveLength(7);
  });

  test('a tarball over the budget fails with its weight', () => {
    // GIVEN a clean package whose tarball weighs more than the budget (incompressible bytes in lib/)
    const random = randomBytes(PACKAGE_BUDGET_BYTES);
    const tarball = npmPack(packageDir('heavy', { ...clean, 'lib/data.js': `module.exports = "${random.toString('base64')}";\n` }));
    expect(tarball.length).toBeGreaterThan(PACKAGE_BUDGET_BYTES);
    // WHEN it is checked
    // THEN the weight is the problem, in kB against the 250 kB budget
    expect(budgetProblems(tarball)).toEqual([expect.stringMatching(/^\d+\.\d kB is over the budget of 250\.0 kB \(gzipped tarball\)$/)]);
  });

  test('GNU tar long names are read too', () => {
    // GIVEN the clean package packed by GNU tar (long names in a separate header entry)
    const tarball = gnuTar(packageDir('gnu', clean));
    // THEN the long path is read whole, and the package passes
    expect(readTarball(tarball).map((file) => file.path)).toEqual(expect.arrayContaining([LONG_PATH, LONG_NAME]));
    expect(budgetProblems(tarball)).toEqual([]);
  });
});
