import { readFileSync } from 'fs';
import { join } from 'path';
import * as cdk from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as nag from 'cdk-nag';
import * as ts from 'typescript';
import { PrivateDynamoAccess } from '../src';
import { controlTowerVpcOptions } from './support/control-tower';

/*
 * The README's cdk-nag 2 example (the ```js block that calls NagSuppressions), on the aws-cdk-lib floor with the
 * cdk-nag 2 of the dev dependencies: it compiles in strict TypeScript, and, run on the README's options, it
 * acknowledges exactly the finding they leave. (The README's cdk-nag 3 example is checked the same way on the
 * newest aws-cdk-lib by `npx projen scanners`; rosetta compiles neither, since cdk-nag is not a dependency.)
 */

const README = join(__dirname, '..', 'README.md');

/** The one ```js block of the README that contains `marker`. */
function readmeExample(marker: string): string {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1])
    .filter((block) => block.includes(marker));
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

/** The compiler's errors for the example, with `app` and `access` declared for it. */
function compileErrors(example: string): string[] {
  const fileName = join(__dirname, 'readme-cdk-nag-2-example.ts'); // never written: served from memory, resolved from test/
  const source = 'declare const app: import(\'aws-cdk-lib\').App;\n' +
    'declare const access: import(\'../src\').PrivateDynamoAccess;\n' +
    `${example}\nexport {};\n`;
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, skipLibCheck: true, types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => name === fileName
    ? ts.createSourceFile(name, source, language)
    : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  return ts.getPreEmitDiagnostics(ts.createProgram([fileName], options, host))
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/**
 * Runs the example on a stack with the README's options, its suppressions kept or made a no-op, and returns the
 * NIST 800-53 R5 findings (errors and warnings) as "path rule".
 */
function runExample(example: string, suppress: boolean): string[] {
  const js = ts.transpileModule(example, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const withoutSuppressions = { ...nag, NagSuppressions: { addResourceSuppressions: () => undefined } };
  const load = (name: string): unknown => ({ 'aws-cdk-lib': cdk, 'cdk-nag': suppress ? nag : withoutSuppressions } as Record<string, unknown>)[name];
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Readme');
  const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { vpcOptions: controlTowerVpcOptions(stack) });
  new Function('exports', 'require', 'app', 'access', js)({}, load, app, access);
  const annotations = Annotations.fromStack(stack);
  const pattern = Match.stringLikeRegexp('^(CdkNagValidationFailure\\[)?NIST\\.800\\.53\\.R5-');
  return [...annotations.findError('*', pattern), ...annotations.findWarning('*', pattern)]
    .map((finding) => `${finding.id} ${String(finding.entry.data).split(':')[0]}`);
}

describe('the README\'s cdk-nag 2 example', () => {
  const example = readmeExample('NagSuppressions');

  test('compiles against cdk-nag 2 and the aws-cdk-lib floor', () => {
    // GIVEN the example WHEN it is compiled in strict TypeScript THEN no error
    expect(compileErrors(example)).toEqual([]);
  });

  test('run on the README\'s options, it acknowledges the one finding they leave, and nothing else is reported', () => {
    // GIVEN the README's options (flowLogDestination with the user's role, restrictDefaultSecurityGroup: false)
    // WHEN the example runs without its suppression, and with it
    const without = runExample(example, false);
    const withSuppression = runExample(example, true);
    // THEN its pack reports the default security group's rules, and with the suppression nothing
    expect(without).toEqual(['/Readme/DynamoAccess/Vpc/Resource NIST.800.53.R5-VPCDefaultSecurityGroupClosed']);
    expect(withSuppression).toEqual([]);
  });
});
