import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ConnectivityCheck, PrivateDynamoAccess } from '../src';
import { ANY_FINDING, fn as inlineFunction } from './support/connectivity';
import { fargateService } from './support/ecs-workloads';
import { concreteStack, lookupContext, threeTierVpc, twoGroupVpc } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';

/*
 * Where the connectivity check's runtime rule must stay silent: permissions that AWS services use on the
 * client's behalf, subnets with a route out, endpoints added by hand, clients the access does not serve,
 * permissions that are no call of their own. Each case would be a false positive, which costs as much
 * as a miss.
 */

const templates = new LintedTemplates();

function expectNoFinding(stack: Stack): void {
  templates.add((stack.node.root as App).synth().getStackByName(stack.stackName).template, stack);
  const annotations = Annotations.fromStack(stack);
  annotations.hasNoError('*', ANY_FINDING);
  annotations.hasNoWarning('*', ANY_FINDING);
}

/** A stack with the construct's own isolated VPC, a table it admits, and a function it serves. */
interface Served {
  readonly stack: Stack;
  readonly access: PrivateDynamoAccess;
  readonly table: dynamodb.TableV2;
  readonly fn: lambda.Function;
}

/** The function's props, or a callback that makes them in the stack (for props that are constructs: a queue, a key). */
type ServedFunctionProps = Partial<lambda.FunctionProps> | ((stack: Stack) => Partial<lambda.FunctionProps>);

function served(props: ServedFunctionProps = {}): Served {
  const stack = concreteStack(lookupContext());
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
  });
  const access = new PrivateDynamoAccess(stack, 'Access', { tables: [table] });
  const fn = inlineFunction(stack, {
    vpc: access.vpc,
    vpcSubnets: { subnets: access.subnets },
    ...(typeof props === 'function' ? props(stack) : props),
  }, 'Fn');
  table.grantReadWriteData(fn);
  return { stack, access, table, fn };
}

describe('permissions the Lambda service uses for the function', () => {
  test('its logs and network interfaces (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole, or the same actions inline)', () => {
    // GIVEN aws-cdk-lib's default role of a function in a VPC, and the network actions written inline too
    const { stack, fn } = served();
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: ['*'],
    }));

    // THEN
    expectNoFinding(stack);
  });

  test('event source mappings: SQS (an encrypted queue and its key), Kinesis, DynamoDB Streams, MSK, and a mapping\'s on-failure destination', () => {
    // GIVEN
    const { stack, table, fn } = served();
    const key = new kms.Key(stack, 'Key');
    fn.addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, 'Queue', { encryptionMasterKey: key })));
    const stream = new kinesis.Stream(stack, 'Stream');
    fn.addEventSource(new sources.KinesisEventSource(stream, {
      startingPosition: lambda.StartingPosition.LATEST, onFailure: new sources.SqsDlq(new sqs.Queue(stack, 'StreamFailures')),
    }));
    fn.addEventSource(new sources.DynamoEventSource(table, { startingPosition: lambda.StartingPosition.LATEST }));
    fn.addEventSource(new sources.ManagedKafkaEventSource({
      clusterArn: `arn:aws:kafka:${stack.region}:${stack.account}:cluster/orders/abcd1234-ab12-cd34-ef56-abcdef123456-1`,
      topic: 'orders',
      startingPosition: lambda.StartingPosition.LATEST,
    }));

    // THEN
    expectNoFinding(stack);
  });

  test('asynchronous invocation destinations: SNS, EventBridge and another function', () => {
    // GIVEN
    const { stack, access, table, fn } = served();
    const target = inlineFunction(stack, {}, 'Target');
    fn.configureAsyncInvoke({
      onSuccess: new destinations.SnsDestination(new sns.Topic(stack, 'Done')),
      onFailure: new destinations.EventBridgeDestination(new events.EventBus(stack, 'Bus')),
    });
    const other = inlineFunction(stack, {
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      onSuccess: new destinations.LambdaDestination(target),
    }, 'Other');
    table.grantReadData(other);

    // THEN
    expectNoFinding(stack);
  });

  test('its dead-letter queue and an SQS on-failure destination', () => {
    // GIVEN
    const { stack } = served((scope) => ({
      deadLetterQueue: new sqs.Queue(scope, 'Dlq'),
      onFailure: new destinations.SqsDestination(new sqs.Queue(scope, 'Failures')),
    }));

    // THEN
    expectNoFinding(stack);
  });

  test('environment variables encrypted with a customer-managed key, and active tracing', () => {
    // GIVEN
    const { stack } = served((scope) => ({
      environment: { MODE: 'private' },
      environmentEncryption: new kms.Key(scope, 'EnvironmentKey'),
      tracing: lambda.Tracing.ACTIVE,
    }));

    // THEN
    expectNoFinding(stack);
  });
});

describe('control: the same permissions, used by the function itself, are judged', () => {
  test('a queue and a stream it reads without a mapping, a key no resource uses, X-Ray without active tracing, EC2 describe calls: an error each', () => {
    // GIVEN the permissions of the cases above, with nothing that makes a service use them
    const { stack, fn } = served();
    new sqs.Queue(stack, 'Queue').grantConsumeMessages(fn);
    new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.UNENCRYPTED }).grantRead(fn);
    new kms.Key(stack, 'Key').grantDecrypt(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'ec2:DescribeInstances'], resources: ['*'] }));

    // THEN
    templates.add((stack.node.root as App).synth().getStackByName(stack.stackName).template, stack);
    const errors = Annotations.fromStack(stack).findError('/Stack/Fn/Resource', ANY_FINDING).map((entry) => String(entry.entry.data));
    for (const service of ['sqs', 'kinesis-streams', 'kms', 'xray', 'ec2']) {
      expect(errors).toContainEqual(expect.stringMatching(new RegExp(`cannot call [^:]*\\(${service}\\):.*\\[ack: ${ConnectivityCheck.NO_SERVICE_ENDPOINT}\\]$`)));
    }
  });
});

describe('keys that services use, permissions that are no call, and DynamoDB itself', () => {
  test('KMS grants that come with an encrypted queue, topic, bucket and secret: the services call KMS', () => {
    // GIVEN resources encrypted with one key, and endpoints for the services themselves
    const { stack, access, fn } = served();
    const key = new kms.Key(stack, 'Key');
    new sqs.Queue(stack, 'Queue', { encryptionMasterKey: key }).grantSendMessages(fn);
    new sns.Topic(stack, 'Topic', { masterKey: key }).grantPublish(fn);
    new s3.Bucket(stack, 'Bucket', { encryptionKey: key }).grantRead(fn);
    new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key }).grantRead(fn);
    access.addEndpointsFor(fn);

    // THEN no kms endpoint is needed, and none was created
    expectNoFinding(stack);
    expect(stack.node.findAll().some((construct) => construct.node.id === 'KmsEndpoint')).toBe(false);
  });

  test('iam:PassRole and sts:TagSession: permissions, no calls of their own', () => {
    // GIVEN
    const { stack, fn } = served();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:PassRole', 'sts:TagSession'], resources: ['*'] }));

    // THEN
    expectNoFinding(stack);
  });

  test('a table\'s grants (stream actions on the table\'s ARN included) are the DynamoDB rules\' business; a replica of another region is not "another region"', () => {
    // GIVEN a global table (aws-cdk-lib's Table with replicationRegions grants the replica's ARN too)
    const { stack, access, fn } = served();
    const global = new dynamodb.Table(stack, 'Global', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, replicationRegions: ['us-east-1'] });
    global.grantReadWriteData(fn);
    access.allowFrom(fn);

    // THEN
    expectNoFinding(stack);
  });

  test('an action that an unconditional Deny takes away', () => {
    // GIVEN
    const { stack, fn } = served();
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sqs:*'], resources: ['*'] }));

    // THEN
    expectNoFinding(stack);
  });
});

describe('paths the check can see', () => {
  test('subnets with a NAT route (PRIVATE_WITH_EGRESS)', () => {
    // GIVEN
    const stack = concreteStack(lookupContext());
    const vpc = threeTierVpc(stack);
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, tables: [table] });
    const fn = inlineFunction(stack, {
      vpc,
      vpcSubnets: { subnets: access.subnets },
    }, 'Fn');
    table.grantReadWriteData(fn);
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr-public:GetAuthorizationToken', 'mobiletargeting:SendMessages'], resources: ['*'] }));
    fn.role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));

    // THEN
    expectNoFinding(stack);
  });

  test('endpoints the user added with plain aws-cdk-lib: interface endpoints with private DNS and the S3 gateway endpoint', () => {
    // GIVEN
    const { stack, access, fn } = served();
    const { SQS, SNS, SECRETS_MANAGER } = ec2.InterfaceVpcEndpointAwsService;
    for (const service of [SQS, SNS, SECRETS_MANAGER]) {
      access.vpc.addInterfaceEndpoint(`Hand${service.shortName}`, { service });
    }
    access.vpc.addGatewayEndpoint('HandS3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
    new sns.Topic(stack, 'Topic').grantPublish(fn);
    new secretsmanager.Secret(stack, 'Secret').grantRead(fn);
    new s3.Bucket(stack, 'Bucket').grantReadWrite(fn);

    // THEN
    expectNoFinding(stack);
  });

  test('an endpoint URL the client is given (AWS_ENDPOINT_URL_SQS, or AWS_ENDPOINT_URL for every service)', () => {
    // GIVEN
    const one = served({ environment: { AWS_ENDPOINT_URL_SQS: 'https://sqs.proxy.internal' } });
    new sqs.Queue(one.stack, 'Queue').grantSendMessages(one.fn);
    const every = served({ environment: { AWS_ENDPOINT_URL: 'https://proxy.internal' } });
    new sqs.Queue(every.stack, 'Queue').grantSendMessages(every.fn);

    // THEN
    expectNoFinding(one.stack);
    expectNoFinding(every.stack);
  });
});

describe('clients the access does not serve', () => {
  test('a function in the VPC that is neither granted a table, nor passed to allowFrom or addEndpointsFor', () => {
    // GIVEN
    const stack = concreteStack(lookupContext());
    const access = new PrivateDynamoAccess(stack, 'Access');
    const fn = inlineFunction(stack, {
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
    }, 'Fn');
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // THEN
    expectNoFinding(stack);
  });

  test('an ECS service that does not use DynamoDB: nothing in the user\'s own VPC; warnings, never errors, in a VPC the construct created', () => {
    // GIVEN the same unrelated service in the user's VPC and in the construct's
    const own = concreteStack(lookupContext());
    const vpc = twoGroupVpc(own);
    new PrivateDynamoAccess(own, 'Access', { vpc, subnets: { subnetGroupName: 'App' } });
    fargateService(own, vpc, { dynamoClient: false });
    const created = concreteStack(lookupContext());
    const access = new PrivateDynamoAccess(created, 'Access');
    fargateService(created, access.vpc, { dynamoClient: false });

    // THEN
    expectNoFinding(own);
    templates.add((created.node.root as App).synth().getStackByName(created.stackName).template, created);
    const annotations = Annotations.fromStack(created);
    annotations.hasNoError('*', ANY_FINDING);
    annotations.hasWarning('/Stack/Service/Service', Match.stringLikeRegexp(`\\[ack: ${ConnectivityCheck.NO_ECR_ENDPOINT}\\]`));
  });

  test('an ECS service\'s execution role (secrets, image, logs) is the start-up rule\'s, not the runtime rule\'s', () => {
    // GIVEN a service with a secret (granted to its execution role) whose start-up endpoints are added
    const stack = concreteStack(lookupContext());
    const access = new PrivateDynamoAccess(stack, 'Access');
    const service = fargateService(stack, access.vpc, {
      subnets: { subnets: access.subnets }, secrets: { TOKEN: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Token')) },
    });
    access.addEndpointsFor(service);

    // THEN
    expectNoFinding(stack);
  });
});
