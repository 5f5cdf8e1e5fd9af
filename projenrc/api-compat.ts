/**
 * The API compatibility gate, run by the build after compiling (`npx projen api:compat`, spawned by
 * post-compile): the public API of the assembly just built (.jsii) must keep everything of a reference API,
 * compared by jsii-diff (pinned in .projenrc.ts). The reference is
 *
 * - the last version released on npm (its `latest` dist-tag), once the package is on npm;
 * - before the first release (npm answers E404), the committed baseline `api-baseline/`: the assembly as
 *   `api.jsii` and a package.json, staged for jsii-diff in a temporary package directory whose node_modules is
 *   the project's. The file is not named `.jsii`: jsii-docgen documents the `.jsii` file of the project's
 *   name and version it finds last, and would write API.md from the baseline instead of the build.
 *
 * While the package is `stability: experimental` (0.x), every API element is experimental, which jsii-diff
 * only warns about by default: the gate errors on all of them (`--error-on all`). From `stable` (1.0) on,
 * it errors on stable and deprecated elements (`--error-on prod`), as jsii-diff does for aws-cdk-lib.
 * A deliberate break is accepted with a line in `.compatignore` (the key the gate prints in brackets).
 *
 * Usage: ts-node --project tsconfig.dev.json projenrc/api-compat.ts check     (the gate)
 *        ts-node --project tsconfig.dev.json projenrc/api-compat.ts baseline  (rewrite api-baseline/ from .jsii)
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
/** The committed baseline: the API the first release must keep. */
export const BASELINE_DIR = join(ROOT, 'api-baseline');
/** The baseline's assembly, in BASELINE_DIR. */
export const BASELINE_ASSEMBLY = 'api.jsii';
/** Deliberate breaks, one jsii-diff key a line (`#` comments). */
export const IGNORE_FILE = join(ROOT, '.compatignore');
const JSII_DIFF = join(ROOT, 'node_modules', 'jsii-diff', 'bin', 'jsii-diff');

/** What `npm view <package> version` did. */
export interface NpmView {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the current build is compared with. */
export interface Reference {
  /** What jsii-diff loads: `npm:<name>@<version>` or the baseline directory. */
  readonly spec: string;
  /** Where it comes from, in words. */
  readonly description: string;
}

/**
 * The reference for a package, from npm's answer about it: its latest version when npm has one; the
 * committed baseline when npm says it has no such package (E404). Any other answer (no network, a registry
 * error) fails: a gate that cannot tell what was released must not pass silently.
 */
export function referenceFor(name: string, view: NpmView, baselineDir: string = BASELINE_DIR): Reference {
  const version = view.stdout.trim().replace(/^"|"$/g, '');
  if (view.status === 0 && /^\d+\.\d+\.\d+/.test(version)) {
    return { spec: `npm:${name}@${version}`, description: `${name}@${version}, the latest release on npm` };
  }
  if (view.status !== 0 && /\bE404\b/.test(view.stderr)) {
    if (!existsSync(join(baselineDir, BASELINE_ASSEMBLY))) {
      throw new Error(`${name} is not on npm yet and ${baselineDir}/${BASELINE_ASSEMBLY} is missing: run npx projen api:baseline after a build`);
    }
    return { spec: baselineDir, description: `the committed baseline ${baselineDir.replace(`${ROOT}/`, '')}/ (${name} is not on npm yet)` };
  }
  throw new Error(`npm view ${name} version: cannot tell the last release (exit ${view.status}): ${(view.stderr || view.stdout).trim().split('\n').slice(0, 3).join(' ')}`);
}

/** jsii-diff's error class for a package's stability: everything while experimental, else stable and deprecated APIs. */
export function errorClassFor(stability: string | undefined): 'all' | 'prod' {
  return stability === 'experimental' ? 'all' : 'prod';
}

/** The outcome of one comparison. */
export interface GateResult {
  readonly passed: boolean;
  /** jsii-diff's report (stderr and stdout). */
  readonly report: string;
}

/**
 * Compares `updated` (a package directory with a .jsii) with `original` (the same, the baseline directory, or
 * `npm:<name>@<version>`). Fails when jsii-diff finds an incompatible change of the error class, and also when
 * it could not load either side (jsii-diff itself exits 0 then, "Skipping analysis").
 */
export function compareApis(original: string, updated: string, options: { errorOn: 'all' | 'prod'; ignoreFile?: string }): GateResult {
  return withLoadablePackage(original, (loadable) => {
    const result = spawnSync(process.execPath, [JSII_DIFF, loadable, updated, '--keys', '--error-on', options.errorOn,
      ...(options.ignoreFile ? ['--ignore-file', options.ignoreFile] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n').filter((line) => !line.startsWith('!!')).join('\n').trim();
    const skipped = /Skipping analysis/.test(report);
    return { passed: result.status === 0 && !skipped, report: skipped ? `jsii-diff could not load an assembly: ${report}` : report };
  });
}

/**
 * Runs `use` with what jsii-diff can load for `spec`: the baseline directory staged as a package (its
 * assembly as .jsii, its package.json, the project's node_modules) in a temporary directory removed after;
 * anything else as it is.
 */
function withLoadablePackage<T>(spec: string, use: (loadable: string) => T): T {
  if (!existsSync(join(spec, BASELINE_ASSEMBLY))) {
    return use(spec);
  }
  const staged = mkdtempSync(join(tmpdir(), 'api-baseline-staged-'));
  try {
    copyFileSync(join(spec, BASELINE_ASSEMBLY), join(staged, '.jsii'));
    copyFileSync(join(spec, 'package.json'), join(staged, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(staged, 'node_modules'));
    return use(staged);
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

/** Writes the baseline directory from a package directory's .jsii and package.json. */
export function writeBaseline(packageDir: string, baselineDir: string = BASELINE_DIR): string {
  const assembly = JSON.parse(readFileSync(join(packageDir, '.jsii'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  // The README is not API (and changes with every docs edit): left out, so that the baseline's diff in a
  // review shows API changes only.
  delete assembly.readme;
  mkdirSync(baselineDir, { recursive: true });
  writeFileSync(join(baselineDir, BASELINE_ASSEMBLY), `${JSON.stringify(assembly, undefined, 2)}\n`);
  rmSync(join(baselineDir, '.jsii'), { force: true });
  writeFileSync(join(baselineDir, 'package.json'), `${JSON.stringify({
    // not the package's own name: a second package.json named like the project confuses Jest's module map
    name: `${assembly.name}-api-baseline`,
    version: assembly.version,
    private: true,
    description: `The API baseline of ${assembly.name} that projenrc/api-compat.ts compares builds with until the first release; rewritten by npx projen api:baseline (see CONTRIBUTING.md, Releasing)`,
    jsii: {},
    peerDependencies: manifest.peerDependencies ?? {},
    dependencies: manifest.dependencies ?? {},
  }, undefined, 2)}\n`);
  return `${Object.keys(assembly.types ?? {}).length} types of ${assembly.name}@${assembly.version}`;
}

function check(): number {
  if (!existsSync(join(ROOT, '.jsii'))) {
    console.error('api:compat: no .jsii; compile first (npx projen compile)');
    return 1;
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const view = spawnSync('npm', ['view', manifest.name, 'version'], { cwd: ROOT, encoding: 'utf8' });
  const reference = referenceFor(manifest.name, { status: view.status, stdout: view.stdout ?? '', stderr: view.stderr ?? '' });
  const errorOn = errorClassFor(manifest.stability);
  const result = compareApis(reference.spec, ROOT, { errorOn, ignoreFile: IGNORE_FILE });
  if (!result.passed) {
    console.error(`api:compat: FAILED: the public API of this build breaks ${reference.description} (jsii-diff --error-on ${errorOn}):\n${result.report}\n` +
      'Restore what was removed or changed. If the break is deliberate: before the first release, run npx projen api:baseline and commit ' +
      'api-baseline/ with the change; after it, add the key in brackets to .compatignore with a comment why, and mark the commit as breaking.');
    return 1;
  }
  console.log(`api:compat: the public API keeps everything of ${reference.description} (jsii-diff --error-on ${errorOn})${result.report ? `\n${result.report}` : ''}`);
  return 0;
}

if (require.main === module) {
  const command = process.argv[2];
  try {
    if (command === 'check') {
      process.exit(check());
    } else if (command === 'baseline') {
      console.log(`api:baseline: wrote ${BASELINE_DIR}: ${writeBaseline(ROOT)}`);
    } else {
      throw new Error(`${command ?? 'nothing'}: unknown command; use check or baseline`);
    }
  } catch (error) {
    console.error(`api-compat: ${(error as Error).message}`);
    process.exit(1);
  }
}
