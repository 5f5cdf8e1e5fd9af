import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { BASELINE_ASSEMBLY, BASELINE_DIR, compareApis, errorClassFor, referenceFor, writeBaseline } from '../projenrc/api-compat';

// The API compatibility gate (projenrc/api-compat.ts, run by the build after compiling) must fail a build
// that removes a public member, and pass one that keeps the API. The assemblies compared here are the
// committed baseline and edited copies of it, so no build is needed.

const ROOT = resolve(__dirname, '..');
const PRIVATE_DYNAMO_ACCESS = 'cdk-private-dynamo-access.PrivateDynamoAccess';

describe('API compatibility gate', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'api-compat-'));
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A package directory holding `assembly`, whose dependencies resolve to the project's node_modules. */
  function packageWith(name: string, assembly: any): string {
    const dir = join(scratch, name);
    mkdirSync(dir);
    writeFileSync(join(dir, '.jsii'), JSON.stringify(assembly));
    writeFileSync(join(dir, 'package.json'), readFileSync(join(BASELINE_DIR, 'package.json')));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }

  function baseline(): any {
    return JSON.parse(readFileSync(join(BASELINE_DIR, BASELINE_ASSEMBLY), 'utf8'));
  }

  /** The assembly with every element's stability (each `docs.stability`) set to `stability`. */
  function withStability(value: any, stability: string): any {
    if (Array.isArray(value)) {
      value.forEach((item) => withStability(item, stability));
    } else if (value !== null && typeof value === 'object') {
      if (value.docs?.stability !== undefined) {
        value.docs.stability = stability;
      }
      Object.values(value).forEach((item) => withStability(item, stability));
    }
    return value;
  }

  test('a build that removes a public method or property fails, naming each', () => {
    // GIVEN the committed baseline, and a build of it without the method PrivateDynamoAccess.allowFrom and
    // the property PrivateDynamoAccess.endpointUrl
    const assembly = baseline();
    const type = assembly.types[PRIVATE_DYNAMO_ACCESS];
    expect(type.methods.map((method: any) => method.name)).toContain('allowFrom');
    expect(type.properties.map((property: any) => property.name)).toContain('endpointUrl');
    type.methods = type.methods.filter((method: any) => method.name !== 'allowFrom');
    type.properties = type.properties.filter((property: any) => property.name !== 'endpointUrl');
    const updated = packageWith('without-members', assembly);
    // WHEN the gate compares the build with the baseline, with the error class of this stable (1.x) package
    expect(assembly.docs.stability).toBe('stable');
    const result = compareApis(BASELINE_DIR, updated, { errorOn: errorClassFor(assembly.docs.stability) });
    // THEN it fails, and the report names each member and the key that would accept its break
    expect(result.passed).toBe(false);
    expect(result.report).toMatch(/err\s+-\s+METHOD cdk-private-dynamo-access\.PrivateDynamoAccess\.allowFrom: has been removed/);
    expect(result.report).toContain(`[removed:${PRIVATE_DYNAMO_ACCESS}.allowFrom]`);
    expect(result.report).toMatch(/err\s+-\s+PROP cdk-private-dynamo-access\.PrivateDynamoAccess\.endpointUrl: has been removed/);
  });

  test('the unchanged API passes, and so does an added member', () => {
    // GIVEN the baseline as it is, and a build that adds a method
    const unchanged = packageWith('unchanged', baseline());
    const assembly = baseline();
    const type = assembly.types[PRIVATE_DYNAMO_ACCESS];
    type.methods = [...type.methods, { ...type.methods.find((method: any) => method.name === 'allowFrom'), name: 'allowFromEverywhere' }];
    const extended = packageWith('extended', assembly);
    // WHEN both are compared with the baseline
    // THEN both pass: adding to the API breaks nobody
    expect(compareApis(BASELINE_DIR, unchanged, { errorOn: 'all' })).toEqual({ passed: true, report: '' });
    expect(compareApis(BASELINE_DIR, extended, { errorOn: 'all' }).passed).toBe(true);
  });

  test('were the package experimental, jsii-diff would only warn: the gate would error on every API element', () => {
    // GIVEN the baseline and the build without allowFrom, every element of both experimental, as in a 0.x package
    const before = packageWith('experimental-baseline', withStability(baseline(), 'experimental'));
    const assembly = withStability(baseline(), 'experimental');
    const type = assembly.types[PRIVATE_DYNAMO_ACCESS];
    type.methods = type.methods.filter((method: any) => method.name !== 'allowFrom');
    const updated = packageWith('experimental-warning', assembly);
    // WHEN jsii-diff runs with its default error class (stable and deprecated elements only)
    const lenient = compareApis(before, updated, { errorOn: 'prod' });
    // THEN it passes with a warning: that is why the gate uses `all` for an experimental package, `prod` once stable
    expect(lenient.passed).toBe(true);
    expect(lenient.report).toMatch(/warn\s+-\s+METHOD cdk-private-dynamo-access\.PrivateDynamoAccess\.allowFrom: has been removed/);
    expect(errorClassFor('experimental')).toBe('all');
    expect(errorClassFor('stable')).toBe('prod');
  });

  test('an assembly that cannot be loaded fails the gate instead of passing', () => {
    // GIVEN a package directory without a .jsii
    const empty = join(scratch, 'no-assembly');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), readFileSync(join(BASELINE_DIR, 'package.json')));
    // WHEN it is compared
    const result = compareApis(empty, BASELINE_DIR, { errorOn: 'all' });
    // THEN the gate fails
    expect(result.passed).toBe(false);
    expect(result.report).toMatch(/\.jsii/);
  });
});

describe('API compatibility gate: what a build is compared with', () => {
  const NAME = 'cdk-private-dynamo-access';

  test('before the first release (npm answers E404): the committed baseline', () => {
    // GIVEN npm's answer for a package it does not have
    const view = { status: 1, stdout: '', stderr: 'npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/cdk-private-dynamo-access - Not found\n' };
    // WHEN the reference is chosen
    const reference = referenceFor(NAME, view);
    // THEN it is the baseline directory
    expect(reference.spec).toBe(BASELINE_DIR);
    expect(reference.description).toContain('not on npm yet');
  });

  test('after a release: the latest version on npm', () => {
    // GIVEN npm's answer for a released package
    const reference = referenceFor(NAME, { status: 0, stdout: '1.2.3\n', stderr: '' });
    // THEN jsii-diff downloads that exact version
    expect(reference.spec).toBe('npm:cdk-private-dynamo-access@1.2.3');
  });

  test('when npm cannot answer, the gate fails rather than skip the check', () => {
    // GIVEN npm failing for another reason (no network)
    const view = { status: 1, stdout: '', stderr: 'npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/cdk-private-dynamo-access failed\n' };
    // THEN choosing a reference throws, naming the cause
    expect(() => referenceFor(NAME, view)).toThrow(/npm view cdk-private-dynamo-access version: cannot tell the last release \(exit 1\): npm error code ENOTFOUND/);
  });

  test('before the first release, a missing baseline is an error with the fix', () => {
    const view = { status: 1, stdout: '', stderr: 'npm error code E404' };
    expect(() => referenceFor(NAME, view, join(tmpdir(), 'no-such-baseline'))).toThrow(/is missing: run npx projen api:baseline after a build/);
  });

  test('api:baseline writes the assembly without its README, under a name jsii-docgen does not read, and jsii-diff loads it', () => {
    // GIVEN a build: a package directory holding the baseline's assembly as its .jsii
    const source = mkdtempSync(join(tmpdir(), 'api-build-'));
    const out = mkdtempSync(join(tmpdir(), 'api-baseline-'));
    try {
      writeFileSync(join(source, '.jsii'), readFileSync(join(BASELINE_DIR, BASELINE_ASSEMBLY)));
      writeFileSync(join(source, 'package.json'), readFileSync(join(BASELINE_DIR, 'package.json')));
      symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'));
      // WHEN a baseline is written from it
      const written = writeBaseline(source, out);
      // THEN no file of it is named .jsii (jsii-docgen would document it instead of the build), the gate
      // compares the build with it, and the assembly keeps every type, has no readme, and the manifest is
      // named apart from the project
      expect(existsSync(join(out, '.jsii'))).toBe(false);
      expect(compareApis(out, source, { errorOn: 'all' })).toEqual({ passed: true, report: '' });
      const assembly = JSON.parse(readFileSync(join(out, BASELINE_ASSEMBLY), 'utf8'));
      const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
      expect(Object.keys(assembly.types)).toEqual(Object.keys(baselineTypes()));
      expect(assembly.readme).toBeUndefined();
      expect(manifest.name).toBe('cdk-private-dynamo-access-api-baseline');
      expect(manifest.jsii).toEqual({});
      expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
      expect(written).toMatch(/^\d+ types of cdk-private-dynamo-access@/);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(source, { recursive: true, force: true });
    }
  });

  function baselineTypes(): Record<string, unknown> {
    return JSON.parse(readFileSync(join(BASELINE_DIR, BASELINE_ASSEMBLY), 'utf8')).types;
  }
});
