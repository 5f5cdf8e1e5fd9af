import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/*
 * The shape of src/ and test/, checked on the source text: eslint's import/no-cycle ignores `import type`,
 * so the cycles that only types make are caught here.
 */

const SRC = join(__dirname, '..', 'src');
const TEST = __dirname;

/** The longest a test file may be; past it, a file is split by concern (test/<subject>.<concern>.test.ts). */
const TEST_FILE_MAX_LINES = 600;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The src files a file imports (values and types, re-exports included), as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/gm)].map((match) => match[1]);
  return specifiers.map((specifier) => {
    const base = resolve(dirname(file), specifier);
    return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => FILES.includes(candidate)) ?? `${base}.ts`;
  });
}

const FILES = sourceFiles(SRC);
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

/** A cycle of imports, as relative paths, or undefined. */
function findImportCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (state.get(node) === 'visiting') {
      return [...path.slice(path.indexOf(node)), node];
    }
    if (state.get(node) === 'done') {
      return undefined;
    }
    state.set(node, 'visiting');
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) {
        return cycle;
      }
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) {
      return cycle.map((file) => relative(SRC, file));
    }
  }
  return undefined;
}

describe('src/ architecture', () => {
  test('no import cycle between src files, counting type-only imports', () => {
    // GIVEN every import of every src file WHEN cycles are looked for THEN there is none
    expect(findImportCycle(GRAPH)).toBeUndefined();
  });

  test('the cycle finder finds a type-only cycle', () => {
    // GIVEN two files that import each other's types
    const a = join(SRC, 'a.ts');
    const b = join(SRC, 'b.ts');
    // WHEN cycles are looked for THEN the cycle is found
    expect(findImportCycle(new Map([[a, [b]], [b, [a]]]))).toEqual(['a.ts', 'b.ts', 'a.ts']);
  });

  test('nothing internal imports the construct\'s class: the checks depend on the view it registers', () => {
    // GIVEN the internal modules WHEN their imports are read THEN none names the construct's module
    const construct = join(SRC, 'private-dynamo-access.ts');
    const offenders = FILES.filter((file) => file.includes(`${join(SRC, 'private')}`) && GRAPH.get(file)!.includes(construct));
    expect(offenders.map((file) => relative(SRC, file))).toEqual([]);
  });

  test('no src file is longer than 400 lines (generated data excepted)', () => {
    // GIVEN every hand-written src file WHEN its lines are counted THEN each fits in a reading
    const long = FILES.filter((file) => !file.endsWith('.generated.ts'))
      .map((file) => ({ file: relative(SRC, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });

  test('src never imports a development dependency', () => {
    // GIVEN the packages src may use at run time: the peer dependencies
    const allowed = /^(aws-cdk-lib|constructs)(\/|$)/;
    // WHEN every package import of src is read THEN each is a peer dependency
    const packages = FILES.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^.][^']*)'/gm)]
      .map((match) => ({ file: relative(SRC, file), name: match[1] })))
      .filter(({ name }) => !allowed.test(name));
    expect(packages).toEqual([]);
  });
});

/**
 * The TypeScript files of test/: tests, fixtures, integ scenarios, the emulator and the consumer check;
 * not the consumer apps of test/consumers/<language>/ (apps users would write), the integ-runner
 * snapshots or anything installed.
 */
function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const skipped = name === 'node_modules' || name === '__snapshots__' || name.endsWith('.snapshot') || dirname(path) === join(TEST, 'consumers');
      return skipped ? [] : testFiles(path);
    }
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('test/ architecture', () => {
  test('no test file is longer than 600 lines', () => {
    // GIVEN every TypeScript file of test/ WHEN its lines are counted THEN each fits in a reading
    const long = testFiles(TEST)
      .map((file) => ({ file: relative(TEST, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > TEST_FILE_MAX_LINES);
    expect(long).toEqual([]);
  });

  test('the files counted are the tests and their support, not the consumer apps', () => {
    // GIVEN the files the cap counts
    const files = testFiles(TEST).map((file) => relative(TEST, file));

    // THEN this file, the fixtures and the consumer check are among them, the consumer apps are not
    expect(files).toEqual(expect.arrayContaining(['architecture.test.ts', join('support', 'fixtures.ts'), join('consumers', 'run.ts')]));
    expect(files.filter((file) => file.startsWith(join('consumers', 'typescript')))).toEqual([]);
  });
});
