/**
 * The consumer check: the library as users of each jsii language get it, used by a real app per language.
 *
 * Each app under test/consumers/<language>/ builds the same two stacks as the README's main examples
 * (test/consumers/typescript/app.ts is the reference) against the package that was built from this
 * checkout, with that language's own aws-cdk-lib from its own registry:
 *
 * - typescript: the npm tarball in dist/js (`npx projen build` writes it), installed with aws-cdk-lib
 *   from npm into a fresh app; app.ts is compiled there with the project's TypeScript;
 * - python: the wheel that `jsii-pacmak --target python` builds, installed into a fresh venv with
 *   aws-cdk-lib and constructs from PyPI;
 * - java: the jar that `jsii-pacmak --target java` builds (its output directory is a Maven repository),
 *   compiled and run with Maven, aws-cdk-lib from Maven Central;
 * - go: the module that `jsii-pacmak --target go` generates, used through a `replace` directive, with
 *   aws-cdk-go from the Go module proxy;
 * - dotnet: no .NET SDK on the project's machines: generated code only (.ci/run's jsii-pacmak step).
 *
 * With `--registries <file>` (the release rehearsal, test/consumers/rehearse-release.sh) each package is
 * instead installed FROM the registry it was published to: the npm package from a verdaccio registry,
 * the wheel from a pypiserver index, the jar from a file-system Maven repository and the Go module from
 * a git repository, each on this machine. Every install prints its command line and where the package
 * came from (the npm lockfile's `resolved`, pip's install report, the jar Maven fetched, the commit Go
 * fetched), and fails if it came from anywhere else. Only the floor versions run in that mode.
 *
 * Each language's templates are compared with the TypeScript app's, synthesized with the same
 * aws-cdk-lib version: identical after removing CDKMetadata and resource Metadata and masking asset
 * hashes, or the check fails. It prints one line per language and version, and exits non-zero on any
 * failure or difference.
 *
 * Usage: ts-node --project tsconfig.dev.json test/consumers/run.ts [--languages typescript,python,java,go]
 *        [--no-latest] [--keep] [--registries registries.json]
 */
import { spawnSync } from 'child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { join, resolve } from 'path';
import { fileURLToPath } from 'url';
import { checkPythonDocs } from './python-docs';
import { Assembly, checkReference, compare, normalizeTemplate, readAssembly, StepError } from './templates';

// The comparison, for test/consumer-check.test.ts.
export { differences, normalizeTemplate } from './templates';

const ROOT = resolve(__dirname, '..', '..');
const CONSUMERS = __dirname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The aws-cdk-lib floor: the exact dev dependency (the tests run on it) and the peer's lower bound. */
const CDK_FLOOR: string = pkg.devDependencies['aws-cdk-lib'];
/** The constructs floor: the peer's lower bound. */
const CONSTRUCTS_FLOOR: string = (pkg.peerDependencies.constructs as string).replace(/^\^/, '');
/**
 * aws-cdk-go for the Go app. The project's Go module proxy serves no aws-cdk-go below 2.230.0 (2.222.0
 * answers 403 "not available"), so the Go app runs on 2.230.0, the lowest version it serves, and is
 * compared with the TypeScript app on the same 2.230.0. (aws-cdk-go 2.230.0 requires constructs 10.4.2,
 * the library's constructs floor.)
 */
const GO_AWS_CDK = '2.230.0';
/** jsii-runtime-go for the Go app: the library's go.mod asks for jsii-pacmak's 1.140.0, which the project's proxy does not serve; 1.141.0 is the next one it does. */
const GO_JSII_RUNTIME = '1.141.0';
const GO_MODULE = 'github.com/cdk-private-dynamo-access/cdk-private-dynamo-access-go/cdkprivatedynamoaccess';
/** The git repository the Go module is published to (publib-golang pushes there). */
const GO_REPOSITORY = 'https://github.com/cdk-private-dynamo-access/';
const MAVEN_GROUP: string = pkg.jsii.targets.java.maven.groupId;
const MAVEN_ARTIFACT: string = pkg.jsii.targets.java.maven.artifactId;
const PYTHON_DIST: string = pkg.jsii.targets.python.distName;

type Language = 'typescript' | 'python' | 'java' | 'go';
const ALL_LANGUAGES: Language[] = ['typescript', 'python', 'java', 'go'];

/**
 * The registries of a release rehearsal, written by test/consumers/rehearse-release.sh: where each package
 * was published on this machine.
 */
export interface Registries {
  /** The npm registry (verdaccio), e.g. http://127.0.0.1:4873/ */
  readonly npm: string;
  /** The Python package index (pypiserver), e.g. http://127.0.0.1:8080/simple/ */
  readonly pypi: string;
  /** The Maven repository, a file: URL of a directory. */
  readonly maven: string;
  /** A file: URL of the directory holding the Go module's bare git repository (stands in for GO_REPOSITORY). */
  readonly goGit: string;
}

interface Options {
  readonly languages: Language[];
  readonly latest: boolean;
  readonly keep: boolean;
  readonly registries?: Registries;
}

function parseArgs(argv: string[]): Options {
  let languages = ALL_LANGUAGES;
  let latest = true;
  let keep = false;
  let registries: Registries | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--languages') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((name) => !ALL_LANGUAGES.includes(name as Language));
      if (names.length === 0 || unknown.length > 0) {
        throw new Error(`--languages: ${unknown.join(', ') || 'nothing'} is not one of ${ALL_LANGUAGES.join(', ')}; pass a comma-separated list of them`);
      }
      languages = names as Language[];
    } else if (arg === '--no-latest') {
      latest = false;
    } else if (arg === '--keep') {
      keep = true;
    } else if (arg === '--registries') {
      registries = readRegistries(argv[++i]);
      latest = false;
    } else {
      throw new Error(`${arg}: unknown option; use --languages a,b --no-latest --keep --registries file.json`);
    }
  }
  return { languages, latest, keep, registries };
}

function readRegistries(file: string | undefined): Registries {
  if (!file || !existsSync(file)) {
    throw new Error(`--registries: ${file ?? 'nothing'} is not a file; pass the registries.json that test/consumers/rehearse-release.sh writes`);
  }
  const registries = JSON.parse(readFileSync(file, 'utf8'));
  const missing = ['npm', 'pypi', 'maven', 'goGit'].filter((key) => typeof registries[key] !== 'string');
  if (missing.length > 0) {
    throw new Error(`--registries ${file}: ${missing.join(', ')} missing; expected {"npm", "pypi", "maven", "goGit"} URLs`);
  }
  return registries;
}

/** Deletes a directory tree, also where the Go module cache made it read-only. */
function removeTree(path: string): void {
  if (!existsSync(path)) {
    return;
  }
  const writable = (at: string) => {
    const stat = lstatSync(at);
    if (stat.isDirectory()) {
      chmodSync(at, 0o755);
      readdirSync(at).forEach((entry) => writable(join(at, entry)));
    }
  };
  writable(path);
  rmSync(path, { recursive: true, force: true });
}

/** Runs a command, its output to a log file; throws with the log's tail when it fails. */
function run(log: string, command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}\n`;
  writeFileSync(log, output, { flag: 'a' });
  if (result.error || result.status !== 0) {
    const tail = output.split('\n').filter((line) => !line.startsWith('!!')).slice(-40).join('\n');
    throw new StepError(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}) in ${options.cwd}; log ${log}:\n${tail}`);
  }
  return result.stdout;
}

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const started = Date.now();
  const value = fn();
  return { value, seconds: Math.round((Date.now() - started) / 1000) };
}

class ConsumerCheck {
  private readonly scratch = mkdtempSync(join(tmpdir(), 'consumers-'));
  private readonly logs = join(this.scratch, 'logs');
  private readonly pacmak = join(this.scratch, 'pacmak');
  private readonly tarball: string;
  private readonly references = new Map<string, Assembly>();
  private readonly lines: string[] = [];

  constructor(private readonly options: Options) {
    mkdirSync(this.logs);
    // Every tool's temporary files inside the scratch directory, removed with it: TMPDIR for Node.js, Python,
    // npm and Go; java.io.tmpdir for Maven's JVM, where the jsii Java runtime unpacks itself (jsii-java-runtime*).
    const temporary = join(this.scratch, 'tmp');
    mkdirSync(temporary);
    process.env.TMPDIR = temporary;
    process.env.MAVEN_OPTS = [process.env.MAVEN_OPTS, `-Djava.io.tmpdir=${temporary}`].filter(Boolean).join(' ');
    const dist = join(ROOT, 'dist', 'js');
    const tarballs = existsSync(dist) ? readdirSync(dist).filter((file) => file.endsWith('.tgz')) : [];
    if (tarballs.length !== 1) {
      throw new StepError(`dist/js: expected one npm tarball, found ${tarballs.length}; run CI=true npx projen build (or npx projen compile && npx projen package:js) first`);
    }
    this.tarball = join(dist, tarballs[0]);
    if (!existsSync(join(ROOT, '.jsii.tabl.json'))) {
      throw new StepError('.jsii.tabl.json: no rosetta tablet; npx projen compile writes it (post-compile: rosetta:extract)');
    }
  }

  public runAll(): number {
    let failures = 0;
    const attempt = (label: string, fn: () => string) => {
      try {
        const { value, seconds } = timed(fn);
        this.say(`${label}: ${value} (${seconds} s)`);
      } catch (error) {
        failures++;
        this.say(`${label}: FAILED: ${(error as Error).message}`);
      }
    };
    const languages = this.options.languages;
    const latest = this.options.latest ? this.latestVersion() : undefined;

    attempt(`typescript@${CDK_FLOOR}`, () => this.typescript(CDK_FLOOR, CONSTRUCTS_FLOOR));
    if (languages.includes('python')) {
      attempt(`python@${CDK_FLOOR}`, () => this.python(CDK_FLOOR, CONSTRUCTS_FLOOR));
    }
    if (languages.includes('java')) {
      attempt(`java@${CDK_FLOOR}`, () => this.java(CDK_FLOOR, CONSTRUCTS_FLOOR));
    }
    if (languages.includes('go')) {
      attempt(`typescript@${GO_AWS_CDK}`, () => this.typescript(GO_AWS_CDK, CONSTRUCTS_FLOOR));
      attempt(`go@${GO_AWS_CDK}`, () => this.go(GO_AWS_CDK, CONSTRUCTS_FLOOR));
    }
    if (latest) {
      // The newest aws-cdk-lib takes the newest constructs, as a user's fresh app would.
      attempt(`typescript@${latest} (newest on npm)`, () => this.typescript(latest, 'latest'));
      if (languages.includes('python')) {
        // PyPI may not have npm's newest release yet: Python runs on the newest PyPI has, compared with
        // TypeScript on that same version.
        const newestOnPypi = this.newestOnPypi();
        if (newestOnPypi !== latest) {
          attempt(`typescript@${newestOnPypi} (newest on PyPI)`, () => this.typescript(newestOnPypi, 'latest'));
        }
        attempt(`python@${newestOnPypi} (newest on PyPI)`, () => this.python(newestOnPypi, undefined));
      }
    }
    this.say(this.options.registries
      ? 'dotnet: not rehearsed: no .NET SDK on this machine to pack a .nupkg (generated code only, jsii-pacmak --code-only --targets dotnet in .ci/run)'
      : 'dotnet: no .NET SDK on this machine: generated code only (jsii-pacmak --code-only --targets dotnet in .ci/run)');

    if (this.options.keep || failures > 0) {
      this.say(`scratch directory kept: ${this.scratch}`);
    } else {
      rmSync(this.scratch, { recursive: true, force: true });
    }
    console.log('\nconsumer check summary:');
    for (const line of this.lines) {
      console.log(`  ${line.split('\n')[0]}`);
    }
    return failures;
  }

  private say(line: string): void {
    this.lines.push(line);
    console.log(line);
  }

  private latestVersion(): string {
    return run(join(this.logs, 'npm-view.log'), 'npm', ['view', 'aws-cdk-lib', 'version'], { cwd: this.scratch }).trim();
  }

  private newestOnPypi(): string {
    const output = run(join(this.logs, 'pip-index.log'), 'python3', ['-m', 'pip', 'index', 'versions', 'aws-cdk-lib'], { cwd: this.scratch });
    const version = /^aws-cdk-lib \(([^)]+)\)/m.exec(output)?.[1];
    if (!version) {
      throw new StepError(`pip index versions aws-cdk-lib: no version in its answer: ${output.slice(0, 300)}`);
    }
    return version;
  }

  /** Prints a registry install's command line (the rehearsal's proof of what was installed from where). */
  private sayInstall(command: string, args: string[]): void {
    this.say(`  install: ${command} ${args.join(' ')}`);
  }

  /** The TypeScript reference on one aws-cdk-lib version (also a consumer of the npm tarball itself). */
  private typescript(version: string, constructs: string): string {
    const app = join(this.scratch, `typescript-${version}`);
    const log = join(this.logs, `typescript-${version}.log`);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }));
    const registry = this.options.registries?.npm;
    let source = this.tarball.split('/').pop();
    if (registry) {
      // A cache of its own: npm would otherwise take the tarball from its cache (same integrity as
      // dist/js) without asking the registry.
      const args = ['install', '--no-audit', '--no-fund', '--no-save', '--registry', registry, '--cache', join(this.scratch, 'npm-cache'),
        '--omit-lockfile-registry-resolved=false', `${pkg.name}@${pkg.version}`, `aws-cdk-lib@${version}`, `constructs@${constructs}`];
      this.sayInstall('npm', args);
      run(log, 'npm', args, { cwd: app });
      const resolved: string | undefined = JSON.parse(readFileSync(join(app, 'node_modules', '.package-lock.json'), 'utf8'))
        .packages?.[`node_modules/${pkg.name}`]?.resolved;
      if (!resolved?.startsWith(registry)) {
        throw new StepError(`npm installed ${pkg.name} from ${resolved ?? 'an unknown place'}, not from ${registry}`);
      }
      source = resolved;
    } else {
      run(log, 'npm', ['install', '--no-audit', '--no-fund', '--no-save', this.tarball, `aws-cdk-lib@${version}`, `constructs@${constructs}`], { cwd: app });
    }
    cpSync(join(CONSUMERS, 'typescript', 'app.ts'), join(app, 'app.ts'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, skipLibCheck: true, types: [], outDir: 'build' },
      files: ['app.ts'],
    }));
    run(log, process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app });
    const outdir = join(app, 'cdk.out');
    run(log, process.execPath, [join('build', 'app.js')], { cwd: app, env: { CDK_OUTDIR: outdir } });
    const assembly = readAssembly(outdir);
    checkReference(assembly);
    this.references.set(version, assembly);
    const resources = [...assembly.values()].reduce((sum, template) => sum + Object.keys(normalizeTemplate(template).Resources ?? {}).length, 0);
    return `${assembly.size} stacks, ${resources} resources synthesized from ${source} (the reference)`;
  }

  private reference(version: string): Assembly {
    const assembly = this.references.get(version);
    if (!assembly) {
      throw new StepError(`no TypeScript reference for aws-cdk-lib ${version} (its step failed)`);
    }
    return assembly;
  }

  private packages(target: 'python' | 'java' | 'go'): string {
    const outdir = join(this.pacmak, target);
    if (!existsSync(outdir)) {
      // jsii-pacmak writes each target into <outdir>/<target>.
      // Go: code only. jsii-pacmak's own `go build` of the module would need the floor's aws-cdk-go, which
      // the project's Go proxy does not serve; the Go app below builds the module instead.
      const codeOnly = target === 'go' ? ['--code-only'] : [];
      run(join(this.logs, `jsii-pacmak-${target}.log`), process.execPath,
        [join(ROOT, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'), '--target', target, ...codeOnly, '--outdir', this.pacmak], { cwd: ROOT });
    }
    return outdir;
  }

  private python(version: string, constructs: string | undefined): string {
    const venv = join(this.scratch, `python-${version}`);
    const log = join(this.logs, `python-${version}.log`);
    run(log, 'python3', ['-m', 'venv', venv], { cwd: this.scratch });
    const python = join(venv, 'bin', 'python');
    const cdk = [`aws-cdk-lib==${version}`, ...(constructs ? [`constructs==${constructs}`] : [])];
    const index = this.options.registries?.pypi;
    let docs: string;
    if (index) {
      // pip's install report names the URL each distribution was downloaded from.
      const report = join(venv, 'install-report.json');
      const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--index-url', index, '--report', report, `${PYTHON_DIST}==${pkg.version}`, ...cdk];
      this.sayInstall('pip', args.slice(2));
      run(log, python, args, { cwd: this.scratch });
      const url: string | undefined = JSON.parse(readFileSync(report, 'utf8')).install
        ?.find((item: any) => item.metadata?.name === PYTHON_DIST)?.download_info?.url;
      if (!url?.startsWith(index.replace(/simple\/?$/, ''))) {
        throw new StepError(`pip installed ${PYTHON_DIST} from ${url ?? 'an unknown place'}, not from ${index}`);
      }
      docs = `installed from ${url}`;
    } else {
      const wheels = readdirSync(this.packages('python')).filter((file) => file.endsWith('.whl'));
      if (wheels.length !== 1) {
        throw new StepError(`jsii-pacmak python: expected one wheel, found ${wheels.join(', ') || 'none'}`);
      }
      const wheel = join(this.pacmak, 'python', wheels[0]);
      docs = `package docs: ${checkPythonDocs(wheel)}`;
      run(log, python, ['-m', 'pip', 'install', '--disable-pip-version-check', wheel, ...cdk], { cwd: this.scratch });
    }
    const outdir = join(venv, 'cdk.out');
    run(log, python, [join(CONSUMERS, 'python', 'app.py')], { cwd: this.scratch, env: { CDK_OUTDIR: outdir } });
    const resources = compare('python', version, this.reference(version), readAssembly(outdir));
    return `2 stacks, ${resources} resources compared with typescript@${version}, identical; ${docs}`;
  }

  private java(version: string, constructs: string): string {
    const registry = this.options.registries?.maven;
    const repository = registry ?? `file://${this.packages('java')}`;
    const app = join(this.scratch, `java-${version}`);
    const log = join(this.logs, `java-${version}.log`);
    cpSync(join(CONSUMERS, 'java'), app, { recursive: true });
    // Maven never asks a repository again for a release version it holds: without this, a jar of an earlier
    // build (same version 0.0.0) would stand in for the one under test.
    const local = join(homedir(), '.m2', 'repository', ...MAVEN_GROUP.split('.'), MAVEN_ARTIFACT, pkg.version);
    removeTree(local);
    const outdir = join(app, 'cdk.out');
    const args = ['--batch-mode', '--no-transfer-progress', '--quiet',
      `-Dlibrary.repository=${repository}`, `-Dlibrary.version=${pkg.version}`,
      `-Daws-cdk-lib.version=${version}`, `-Dconstructs.version=${constructs}`,
      'compile', 'exec:java'];
    if (registry) {
      this.sayInstall('mvn', args);
    }
    run(log, 'mvn', args, { cwd: app, env: { CDK_OUTDIR: outdir } });
    const resources = compare('java', version, this.reference(version), readAssembly(outdir));
    let source = '';
    if (registry) {
      const jar = `${MAVEN_ARTIFACT}-${pkg.version}.jar`;
      const published = join(fileURLToPath(registry), ...MAVEN_GROUP.split('.'), MAVEN_ARTIFACT, pkg.version, jar);
      const fetched = join(local, jar);
      if (!existsSync(fetched) || !existsSync(published) || !readFileSync(fetched).equals(readFileSync(published))) {
        throw new StepError(`maven: ${fetched} is not the jar published to ${published}`);
      }
      source = `; ${MAVEN_GROUP}:${MAVEN_ARTIFACT}:${pkg.version} fetched from ${registry} (the jar in the local Maven repository is the published one)`;
    }
    return `2 stacks, ${resources} resources compared with typescript@${version}, identical${source}`;
  }

  private go(version: string, constructs: string): string {
    const git = this.options.registries?.goGit;
    const app = join(this.scratch, `go-${version}`);
    const log = join(this.logs, `go-${version}.log`);
    cpSync(join(CONSUMERS, 'go'), app, { recursive: true });
    const requires = [
      `-require=github.com/aws/aws-cdk-go/awscdk/v2@v${version}`,
      `-require=github.com/aws/constructs-go/constructs/v10@v${constructs}`,
      `-require=github.com/aws/jsii-runtime-go@v${GO_JSII_RUNTIME}`,
    ];
    let env: NodeJS.ProcessEnv = {};
    let source = '';
    if (git) {
      // The module from its git repository, as `go get` takes it from GitHub: GOPRIVATE sends the go command
      // to the repository itself (no proxy, no checksum database), and git's url.<base>.insteadOf turns
      // GitHub's address into the rehearsal's repository. The module cache never fetches a version twice:
      // an earlier rehearsal's copy of this version is removed first, and its index is not used (GODEBUG).
      env = {
        GOPRIVATE: 'github.com/cdk-private-dynamo-access',
        GOFLAGS: '-mod=mod',
        // The go command indexes each module of the module cache once, by its directory, trusting it never to
        // change; the same version published again with other files (a later rehearsal) would be built with
        // the earlier file list ("undefined: AccessWarning", seen here). goindex=0 turns that index off.
        GODEBUG: [process.env.GODEBUG, 'goindex=0'].filter(Boolean).join(','),
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `url.${git}.insteadOf`,
        GIT_CONFIG_VALUE_0: GO_REPOSITORY,
      };
      const cache = run(log, 'go', ['env', 'GOMODCACHE'], { cwd: app }).trim();
      removeTree(join(cache, 'github.com', 'cdk-private-dynamo-access'));
      removeTree(join(cache, 'cache', 'download', 'github.com', 'cdk-private-dynamo-access'));
      const vcs = join(cache, 'cache', 'vcs');
      for (const entry of existsSync(vcs) ? readdirSync(vcs) : []) {
        const config = join(vcs, entry, 'config');
        if (existsSync(config) && readFileSync(config, 'utf8').includes('cdk-private-dynamo-access')) {
          removeTree(join(vcs, entry));
          rmSync(join(vcs, `${entry}.info`), { force: true });
          rmSync(join(vcs, `${entry}.lock`), { force: true });
        }
      }
      const args = ['mod', 'edit', ...requires, `-require=${GO_MODULE}@v${pkg.version}`];
      run(log, 'go', args, { cwd: app, env });
      this.sayInstall('go', ['get', `${GO_MODULE}@v${pkg.version}`, `(GOPRIVATE=${env.GOPRIVATE}, git url.${git}.insteadOf=${GO_REPOSITORY})`]);
      run(log, 'go', ['get', `${GO_MODULE}@v${pkg.version}`], { cwd: app, env });
      const download = JSON.parse(run(log, 'go', ['mod', 'download', '-json', `${GO_MODULE}@v${pkg.version}`], { cwd: app, env }));
      const tag = `cdkprivatedynamoaccess/v${pkg.version}`;
      const published = run(log, 'git', ['--git-dir', join(fileURLToPath(git), 'cdk-private-dynamo-access-go.git'), 'rev-parse', `${tag}^{commit}`], { cwd: app }).trim();
      if (download.Origin?.Hash !== published) {
        throw new StepError(`go: ${GO_MODULE}@v${pkg.version} is commit ${download.Origin?.Hash ?? 'unknown'}, not the tag ${tag} (${published}) published to ${git}`);
      }
      source = `; ${GO_MODULE}@v${pkg.version} fetched from ${git} (tag ${tag}, commit ${published.slice(0, 12)})`;
    } else {
      const module = join(this.packages('go'), 'cdkprivatedynamoaccess');
      run(log, 'go', ['mod', 'edit', ...requires, `-replace=${GO_MODULE}=${module}`], { cwd: app });
    }
    run(log, 'go', ['mod', 'tidy'], { cwd: app, env });
    run(log, 'go', ['build', '-o', 'consumer', '.'], { cwd: app, env });
    const outdir = join(app, 'cdk.out');
    run(log, join(app, 'consumer'), [], { cwd: app, env: { CDK_OUTDIR: outdir } });
    const resources = compare('go', version, this.reference(version), readAssembly(outdir));
    return `2 stacks, ${resources} resources compared with typescript@${version}, identical${source}`;
  }
}

if (require.main === module) {
  try {
    const failures = new ConsumerCheck(parseArgs(process.argv.slice(2))).runAll();
    if (failures > 0) {
      console.error(`consumer check: ${failures} step(s) failed`);
      process.exit(1);
    }
  } catch (error) {
    console.error(`consumer check: ${(error as Error).message}`);
    process.exit(1);
  }
}
