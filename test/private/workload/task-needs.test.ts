import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { serviceShortName } from '../../../src/private/dynamodb-service';
import { taskNeeds } from '../../../src/private/workload/task-needs';
import { ENV } from '../../support/fixtures';

/* What a task definition's tasks need to start: read from each container, whatever the API that added it. */

function taskDefinition(env = true): { stack: Stack; definition: ecs.FargateTaskDefinition } {
  const stack = env ? new Stack(new App(), 'Stack', { env: ENV }) : new Stack(new App(), 'Stack');
  return { stack, definition: new ecs.FargateTaskDefinition(stack, 'Task') };
}

/** The services a task definition's tasks need, each once, in the order of the catalogue. */
function services(definition: ecs.TaskDefinition, onInstances = false): string[] {
  return [...new Set(taskNeeds(definition, onInstances).needs.map((need) => need.service))];
}

describe('images', () => {
  test.each<[string, (stack: Stack) => ecs.ContainerImage]>([
    ['a repository of the app', (stack) => ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'))],
    ['a repository imported by name', (stack) => ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'app'))],
    ['a Docker image asset', () => ecs.ContainerImage.fromAsset(`${__dirname}/../../../examples/ecs-app`)],
    ['an ECR URI of the account written by hand', () => ecs.ContainerImage.fromRegistry(`${ENV.account}.dkr.ecr.${ENV.region}.amazonaws.com/app:1`)],
  ])('from ECR (%s): ecr.api, ecr.dkr and s3, no obstacle', (_name, image) => {
    // GIVEN
    const { stack, definition } = taskDefinition();

    // WHEN
    definition.addContainer('App', { image: image(stack) });

    // THEN
    expect(services(definition)).toEqual(['ecr.api', 'ecr.dkr', 's3']);
    expect(taskNeeds(definition, false).obstacles).toEqual([]);
    expect(taskNeeds(definition, false).foreignRepositories).toEqual([]);
  });

  test.each([
    ['nginx', true, 'Docker Hub'],
    ['library/nginx:1.27', true, 'Docker Hub'],
    ['docker.io/library/nginx', true, 'docker.io'],
    ['public.ecr.aws/nginx/nginx:latest', true, 'public.ecr.aws'],
    ['ghcr.io/org/app:1', true, 'ghcr.io'],
    ['europe-docker.pkg.dev/p/r/app', true, 'europe-docker.pkg.dev'],
    ['registry.internal:5000/app', false, 'registry.internal:5000'],
    [`${ENV.account}.dkr.ecr.us-east-1.amazonaws.com/app:1`, true, 'the ECR of us-east-1'],
  ])('%s: an obstacle (certain: %s), naming %s, and no ECR need', (image, certain, registry) => {
    // GIVEN
    const { definition } = taskDefinition();

    // WHEN
    definition.addContainer('App', { image: ecs.ContainerImage.fromRegistry(image) });

    // THEN
    const needs = taskNeeds(definition, false);
    expect(needs.needs).toEqual([]);
    expect(needs.obstacles).toEqual([{ kind: 'registry', certain, container: 'container App', what: expect.stringContaining(registry) }]);
  });

  test('another account\'s ECR repository in the region: an ECR need, and the repository named for the endpoint policy', () => {
    // GIVEN
    const { stack, definition } = taskDefinition();

    // WHEN
    definition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('999999999999.dkr.ecr.eu-west-1.amazonaws.com/base/runtime:2') });

    // THEN
    expect(services(definition)).toEqual(['ecr.api', 'ecr.dkr', 's3']);
    expect(taskNeeds(definition, false).foreignRepositories.map((arn) => stack.resolve(arn))).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:999999999999:repository/base/runtime']] },
    ]);
  });

  test('an image that is a deploy-time value: an obstacle that is not certain', () => {
    // GIVEN
    const { stack, definition } = taskDefinition();

    // WHEN
    definition.addContainer('App', { image: ecs.ContainerImage.fromRegistry(new CfnParameter(stack, 'Image').valueAsString) });

    // THEN
    expect(taskNeeds(definition, false).obstacles).toEqual([{ kind: 'registry', certain: false, container: 'container App', what: expect.stringMatching(/^its image is a deploy-time value/) }]);
  });
});

describe('log drivers', () => {
  test.each<[string, ecs.LogDriver, string[]]>([
    ['awslogs', ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }), ['logs']],
    // FireLens: the destination, and the log router's own needs (its image from ECR, its awslogs)
    ['FireLens to CloudWatch', ecs.LogDrivers.firelens({ options: { Name: 'cloudwatch', region: 'eu-west-1' } }), ['ecr.api', 'ecr.dkr', 's3', 'logs']],
    ['FireLens to Firehose', ecs.LogDrivers.firelens({ options: { Name: 'firehose' } }), ['ecr.api', 'ecr.dkr', 's3', 'logs', 'kinesis-firehose']],
    ['FireLens to Kinesis', ecs.LogDrivers.firelens({ options: { Name: 'kinesis_streams' } }), ['ecr.api', 'ecr.dkr', 's3', 'logs', 'kinesis-streams']],
    ['FireLens to S3', ecs.LogDrivers.firelens({ options: { Name: 's3' } }), ['ecr.api', 'ecr.dkr', 's3', 'logs']],
  ])('%s: the services the logs go through', (_name, logging, expected) => {
    // GIVEN
    const { definition } = taskDefinition();

    // WHEN the image is public, so that only the logging needs remain
    definition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('nginx'), logging });

    // THEN
    expect(services(definition)).toEqual(expected);
  });

  test('the log router aws-cdk-lib adds later is counted before it exists, and once after', () => {
    // GIVEN
    const { stack, definition } = taskDefinition();
    definition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('nginx'), logging: ecs.LogDrivers.firelens({ options: { Name: 'cloudwatch' } }) });
    const before = taskNeeds(definition, false);

    // WHEN the task definition is rendered (aws-cdk-lib adds "log-router" then)
    stack.resolve((definition.node.defaultChild as ecs.CfnTaskDefinition).containerDefinitions);
    const after = taskNeeds(definition, false);

    // THEN
    expect(definition.node.tryFindChild('log-router')).toBeDefined();
    expect(after.needs).toEqual(before.needs);
    expect(after.foreignRepositories).toEqual(before.foreignRepositories);
    expect(before.foreignRepositories.map((arn) => stack.resolve(arn))).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:*:repository/aws-for-fluent-bit']] },
    ]);
  });

  test('FireLens to an output without a known endpoint, or another driver: an obstacle that is not certain; json-file: nothing', () => {
    // GIVEN
    const { definition } = taskDefinition();

    // WHEN
    definition.addContainer('Datadog', { image: ecs.ContainerImage.fromRegistry('nginx'), logging: ecs.LogDrivers.firelens({ options: { Name: 'datadog' } }) });
    definition.addContainer('Splunk', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      logging: ecs.LogDrivers.splunk({ url: 'https://splunk.example', secretToken: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(definition, 'T', 'token')) }),
    });
    definition.addContainer('Local', { image: ecs.ContainerImage.fromRegistry('nginx'), logging: new ecs.GenericLogDriver({ logDriver: 'json-file' }) });

    // THEN
    const obstacles = taskNeeds(definition, false).obstacles.filter((obstacle) => obstacle.kind === 'logDestination');
    expect(obstacles.map((obstacle) => [obstacle.container, obstacle.certain])).toEqual([['container Datadog', false], ['container Splunk', false]]);
  });
});

describe('secrets, files and instances', () => {
  test('secrets: Secrets Manager (a secret of the app, one imported by name, a JSON field), Parameter Store (a parameter, a name)', () => {
    // GIVEN
    const { stack, definition } = taskDefinition();

    // WHEN
    definition.addContainer('Manager', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      secrets: {
        A: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Secret'), 'password'),
        B: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Named', 'db')),
      },
    });
    definition.addContainer('Store', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      secrets: { C: ecs.Secret.fromSsmParameter(new ssm.StringParameter(stack, 'Parameter', { stringValue: 'x' })) },
    });

    // THEN
    expect(taskNeeds(definition, false).needs.filter((need) => ['secretsmanager', 'ssm'].includes(need.service))).toEqual([
      { service: 'secretsmanager', why: 'container Manager reads a secret from Secrets Manager' },
      { service: 'secretsmanager', why: 'container Manager reads a secret from Secrets Manager' },
      { service: 'ssm', why: 'container Store reads a secret from Parameter Store' },
    ]);
  });

  test('environment files in S3: s3, and objects read', () => {
    // GIVEN
    const { definition } = taskDefinition(false);

    // WHEN
    definition.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('nginx'), environmentFiles: [ecs.EnvironmentFile.fromAsset(`${__dirname}/../../../examples/ecs-app/Dockerfile`)],
    });

    // THEN
    expect(services(definition)).toEqual(['s3']);
    expect([...taskNeeds(definition, false).objects]).toEqual(['read']);
  });

  test('on EC2 container instances: the agent\'s ecs, ecs-agent and ecs-telemetry too', () => {
    // GIVEN
    const { definition } = taskDefinition();

    // WHEN
    definition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('nginx') });

    // THEN
    expect(services(definition, true)).toEqual(['ecs', 'ecs-agent', 'ecs-telemetry']);
    expect(services(definition, false)).toEqual([]);
  });
});

describe('serviceShortName', () => {
  test.each<[string, unknown, string | undefined]>([
    ['a literal', 'com.amazonaws.eu-west-1.ecr.api', 'ecr.api'],
    ['aws-cdk-lib\'s Fn::Join', { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ecr.dkr']] }, 'ecr.dkr'],
    ['a hand-written Fn::Sub', { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.logs' }, 'logs'], // eslint-disable-line no-template-curly-in-string
    ['China\'s partition', 'cn.com.amazonaws.cn-north-1.ecr.api', 'ecr.api'],
    ['a deploy-time value', { Ref: 'ServiceName' }, undefined],
    ['another endpoint service', 'com.example.vpce.svc-0123', undefined],
  ])('%s', (_name, value, expected) => {
    expect(serviceShortName(value)).toEqual(expected);
  });

  test('resolves what aws-cdk-lib writes for every service of the list', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(serviceShortName(stack.resolve(Fn.join('', ['com.amazonaws.', stack.region, '.secretsmanager'])))).toEqual('secretsmanager');
  });
});
