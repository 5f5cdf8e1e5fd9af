import { Annotations as CoreAnnotations, App, Stack } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ConnectivityCheck, DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ANY_FINDING, fn as inlineFunction } from './support/connectivity';
import { fargateService, LAUNCH_TEMPLATES } from './support/ecs-workloads';
import { concreteStack, lookupContext } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';

/*
 * The connectivity check's runtime rule: every AWS service a client the access serves is granted has a
 * private path from its subnets, or the check says so. A broken and a fixed case for every finding; the
 * cases where it must stay silent are in ./connectivity-check.runtime-silence.test.ts.
 */

const templates = new LintedTemplates();

const FN = '/Stack/Fn/Resource';

/** The check's findings of a stack; its template is kept for cfn-lint. */
function findings(stack: Stack): Annotations {
  templates.add((stack.node.root as App).synth().getStackByName(stack.stackName).template, stack);
  return Annotations.fromStack(stack);
}

/** `type id message` of each finding on a path, for exact comparisons. */
function messages(stack: Stack, path: string): string[] {
  const annotations = findings(stack);
  return [...annotations.findError(path, ANY_FINDING), ...annotations.findWarning(path, ANY_FINDING)]
    .map((entry) => `${entry.entry.type === 'aws:cdk:error' ? 'error' : 'warning'} ${String(entry.entry.data)}`);
}

function expectNoFinding(stack: Stack): void {
  const annotations = findings(stack);
  annotations.hasNoError('*', ANY_FINDING);
  annotations.hasNoWarning('*', ANY_FINDING);
}

/** A stack of the test environment, with the lookups `cdk synth` would have cached. */
function newStack(): Stack {
  return concreteStack(lookupContext());
}

/** A stack with the construct's own VPC (isolated subnets, no route out) and a table it admits. */
function isolated(stack = newStack()): { stack: Stack; access: PrivateDynamoAccess; table: dynamodb.TableV2 } {
  const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  return { stack, access: new PrivateDynamoAccess(stack, 'Access', { tables: [table] }), table };
}

/** A function in the access's subnets, granted its table, as the README shows. */
function client(stack: Stack, access: PrivateDynamoAccess, table: dynamodb.ITable, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  const fn = inlineFunction(stack, {
    vpc: access.vpc,
    vpcSubnets: { subnets: access.subnets },
    environment: access.clientEnvironment,
    ...props,
  }, 'Fn');
  table.grantReadWriteData(fn);
  access.allowFrom(fn);
  return fn;
}

/** The finding of `id` about `service`, as an error or a warning. */
function about(level: 'error' | 'warning', id: string, service: string): jest.AsymmetricMatcher {
  return expect.stringMatching(new RegExp(`^${level} .*${service.replace(/[().]/g, '\\$&')}.*\\[ack: ${id}\\]$`));
}

describe('NO_SERVICE_ENDPOINT: a service with a VPC endpoint, none in the VPC, no route out', () => {
  test('a function granted a secret, a queue, a bucket and a topic: one error per service, naming it and the fix; fixed by addEndpointsFor', () => {
    // GIVEN the README's function, also granted four other services
    const broken = isolated();
    const fixed = isolated();
    for (const { stack, access, table } of [broken, fixed]) {
      const fn = client(stack, access, table);
      new secretsmanager.Secret(stack, 'Secret').grantRead(fn);
      new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
      new s3.Bucket(stack, 'Bucket').grantRead(fn);
      new sns.Topic(stack, 'Topic').grantPublish(fn);

      // WHEN the fixed one asks for the endpoints it needs
      if (stack === fixed.stack) {
        access.addEndpointsFor(fn);
      }
    }

    // THEN
    const found = messages(broken.stack, FN);
    expect(found).toHaveLength(4);
    expect(found).toContainEqual(expect.stringMatching(
      /^error lambda function Stack\/Fn cannot call AWS Secrets Manager \(secretsmanager\): it is granted secretsmanager:GetSecretValue, secretsmanager:DescribeSecret, but the VPC has no AWS Secrets Manager \(secretsmanager\) interface endpoint with private DNS, and subnets Stack\/Access\/Vpc\/IsolatedSubnet1, Stack\/Access\/Vpc\/IsolatedSubnet2 have no route out; call access.addEndpointsFor\(client\) on Stack\/Access after its last grant, give the subnets a NAT route, or call access.acknowledgeServicePath\(client, 'secretsmanager', reason\) on Stack\/Access if it reaches it another way \[ack: cdk-private-dynamo-access:noServiceEndpoint\]$/));
    expect(found).toContainEqual(about('error', ConnectivityCheck.NO_SERVICE_ENDPOINT, 'Amazon SQS (sqs)'));
    expect(found).toContainEqual(about('error', ConnectivityCheck.NO_SERVICE_ENDPOINT, 'Amazon SNS (sns)'));
    expect(found).toContainEqual(expect.stringMatching(/^error .*cannot call Amazon S3 \(s3\): .*the route tables of its subnets have no s3 gateway endpoint/));
    expectNoFinding(fixed.stack);
  });

  test('an ECS task role granted a queue: an error on the service; fixed by addEndpointsFor(service)', () => {
    // GIVEN a Fargate service whose tasks start (its endpoints are added) and send to a queue once they run
    const broken = isolated();
    const fixed = isolated();
    for (const { stack, access } of [broken, fixed]) {
      const service = fargateService(stack, access.vpc, { subnets: { subnets: access.subnets } });
      access.addEndpointsFor(service); // what the tasks need to start
      new sqs.Queue(stack, 'Queue').grantSendMessages(service.taskDefinition.taskRole);

      // WHEN the fixed one asks again, after the last grant
      if (stack === fixed.stack) {
        access.addEndpointsFor(service);
      }
    }

    // THEN
    expect(messages(broken.stack, '/Stack/Service/Service')).toEqual([about('error', ConnectivityCheck.NO_SERVICE_ENDPOINT, 'Amazon SQS (sqs)')]);
    expectNoFinding(fixed.stack);
  });

  test('instances granted AmazonSSMManagedInstanceCore: ssm, ssmmessages and ec2messages; fixed by addEndpointsForServices', () => {
    // GIVEN an instance with Session Manager's permissions (an AWS managed policy whose calls are known)
    const broken = isolated();
    const fixed = isolated();
    for (const { stack, access, table } of [broken, fixed]) {
      const instance = new ec2.Instance(stack, 'Host', {
        vpc: access.vpc,
        vpcSubnets: { subnets: access.subnets },
        instanceType: new ec2.InstanceType('t3.micro'),
        machineImage: ec2.MachineImage.latestAmazonLinux2023(),
        ssmSessionPermissions: true,
      });
      table.grantReadData(instance);
      if (stack === fixed.stack) {
        access.addEndpointsForServices('ssm', 'ssmmessages', 'ec2messages');
      }
    }

    // THEN
    const found = messages(broken.stack, '/Stack/Host/Resource');
    expect(found).toHaveLength(3);
    for (const service of ['ssm', 'ssmmessages', 'ec2messages']) {
      expect(found).toContainEqual(about('error', ConnectivityCheck.NO_SERVICE_ENDPOINT, `(${service})`));
    }
    expectNoFinding(fixed.stack);
  });

  test('a wildcard action that may reach several endpoints (bedrock:*): warnings, not errors; acknowledged per service', () => {
    // GIVEN
    const { stack, access, table } = isolated();
    const fn = client(stack, access, table);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['bedrock:*'], resources: ['*'] }));

    // THEN each endpoint bedrock:* may call is a warning
    const found = messages(stack, FN);
    expect(found.length).toBeGreaterThan(1);
    expect(found.every((message) => message.startsWith('warning ') && message.includes(ConnectivityCheck.NO_SERVICE_ENDPOINT))).toBe(true);
    expect(found).toContainEqual(about('warning', ConnectivityCheck.NO_SERVICE_ENDPOINT, '(bedrock-runtime)'));
  });
});

describe('NO_PRIVATE_PATH: a service no VPC endpoint serves', () => {
  test('ECR Public: an error; fixed by a NAT route; acknowledged for that service only, DynamoDB findings stay on', () => {
    // GIVEN the same function three times: isolated, with a NAT route, and isolated but in subnets the access does not serve
    const build = (stack: Stack, vpc: ec2.IVpc, subnets: string) => {
      const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
      const access = new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' }, tables: [table] });
      const fn = inlineFunction(stack, {
        vpc,
        vpcSubnets: { subnetGroupName: subnets },
      }, 'Fn');
      table.grantReadWriteData(fn);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr-public:GetAuthorizationToken'], resources: ['*'] }));
      return { access, fn };
    };
    const isolatedGroups = [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, { name: 'Other', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }];
    const broken = newStack();
    build(broken, new ec2.Vpc(broken, 'Vpc', { natGateways: 0, subnetConfiguration: isolatedGroups }), 'App');
    const nat = newStack();
    build(nat, new ec2.Vpc(nat, 'Vpc', {
      natGateways: 1,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    }), 'App');
    const acknowledged = newStack();
    const { access, fn } = build(acknowledged, new ec2.Vpc(acknowledged, 'Vpc', { natGateways: 0, subnetConfiguration: isolatedGroups }), 'Other');

    // WHEN the third says how it reaches ECR Public
    access.acknowledgeServicePath(fn, 'ecr-public', 'through the egress proxy');

    // THEN
    expect(messages(broken, FN)).toEqual([expect.stringMatching(
      /^error lambda function Stack\/Fn cannot call Amazon ECR Public \(ecr-public\): it is granted ecr-public:GetAuthorizationToken, but no VPC endpoint serves it \(VPC endpoints do not support Amazon ECR Public repositories\), and subnets .* have no route out; give the subnets a NAT route or send the calls through a proxy, or call access.acknowledgeServicePath\(client, 'ecr-public', reason\) .*\[ack: cdk-private-dynamo-access:noPrivatePath\]$/)]);
    expectNoFinding(nat);
    // its path to DynamoDB is still judged: the "Other" subnets have no route to the gateway endpoint
    expect(messages(acknowledged, FN)).toEqual([expect.stringContaining(`[ack: ${ConnectivityCheck.NO_ENDPOINT_ROUTE}]`)]);
  });

  test('IAM, whose endpoint exists only in us-east-1: an error in eu-west-1 that says so', () => {
    // GIVEN
    const { stack, access, table } = isolated();
    const fn = client(stack, access, table);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:GetRole'], resources: ['*'] }));

    // THEN
    expect(messages(stack, FN)).toEqual([expect.stringMatching(
      /^error .*cannot call .*\(iam\): it is granted iam:GetRole, but no VPC endpoint serves it \(its endpoint exists only in us-east-1.*\[ack: cdk-private-dynamo-access:noPrivatePath\]$/)]);
  });
});

describe('UNKNOWN_SERVICE and UNREADABLE_GRANTS: what the check cannot judge, as warnings', () => {
  test('a service the catalogue does not know: a warning; acknowledged for it, nothing', () => {
    // GIVEN
    const warned = isolated();
    const acknowledged = isolated();
    for (const { stack, access, table } of [warned, acknowledged]) {
      const fn = client(stack, access, table);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['mobiletargeting:SendMessages'], resources: ['*'] }));
      if (stack === acknowledged.stack) {
        access.acknowledgeServicePath(fn, 'mobiletargeting', 'its endpoint is in the shared services VPC');
      }
    }

    // THEN
    expect(messages(warned.stack, FN)).toEqual([about('warning', ConnectivityCheck.UNKNOWN_SERVICE, 'mobiletargeting')]);
    expectNoFinding(acknowledged.stack);
  });

  test('an AWS managed policy and a "*" action: one warning that names both; acknowledged on the function, nothing', () => {
    // GIVEN
    const warned = isolated();
    const acknowledged = isolated();
    for (const { stack, access, table } of [warned, acknowledged]) {
      const fn = client(stack, access, table);
      fn.role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
      if (stack === acknowledged.stack) {
        CoreAnnotations.of(fn).acknowledgeWarning(ConnectivityCheck.UNREADABLE_GRANTS, 'every service it calls has an endpoint');
      }
    }

    // THEN
    expect(messages(warned.stack, FN)).toEqual([expect.stringMatching(
      /^warning lambda function Stack\/Fn may call services that the check cannot tell: its role is granted .*allows \*; the AWS managed policy AmazonS3ReadOnlyAccess, .*\[ack: cdk-private-dynamo-access:unreadableGrants\]$/)]);
    expectNoFinding(acknowledged.stack);
  });
});

describe('SERVICE_ENDPOINT_UNREACHABLE: the endpoint exists, the client does not reach it', () => {
  test('a function whose group restricts outbound traffic, SQS endpoint added by hand: an error; fixed by addEndpointsFor (egress rules)', () => {
    // GIVEN
    const broken = isolated();
    const fixed = isolated();
    for (const { stack, access, table } of [broken, fixed]) {
      access.vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS });
      const group = new ec2.SecurityGroup(stack, 'Group', { vpc: access.vpc, allowAllOutbound: false });
      const fn = client(stack, access, table, { securityGroups: [group] });
      new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
      if (stack === fixed.stack) {
        access.addEndpointsFor(fn);
      }
    }

    // THEN
    expect(messages(broken.stack, FN)).toEqual([expect.stringMatching(
      /^error lambda function Stack\/Fn cannot call Amazon SQS \(sqs\): its security groups \(Stack\/Group\) allow no outbound TCP 443 to the Amazon SQS \(sqs\) endpoint; .*\[ack: cdk-private-dynamo-access:serviceEndpointUnreachable\]$/)]);
    expectNoFinding(fixed.stack);
  });

  test('a function that reads a stream itself: no streams endpoint, then one without its URL, then fixed by clientEnvironment', () => {
    // GIVEN a table with a stream, and functions that read it with their own code (no event source mapping)
    const build = (endpoint: DynamoEndpoint, merge: boolean) => {
      const stack = newStack();
      const table = new dynamodb.TableV2(stack, 'Table', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      });
      const access = new PrivateDynamoAccess(stack, 'Access', { tables: [table], endpoint });
      const fn = client(stack, access, table, { environment: merge ? access.clientEnvironment : {} });
      table.grantStreamRead(fn);
      return stack;
    };
    const noEndpoint = build(DynamoEndpoint.gateway(), true);
    const noUrl = build(DynamoEndpoint.gatewayAndInterface({ streams: true }), false);
    const fixed = build(DynamoEndpoint.gatewayAndInterface({ streams: true }), true);

    // THEN
    expect(messages(noEndpoint, FN)).toEqual([about('error', ConnectivityCheck.NO_SERVICE_ENDPOINT, '(dynamodb-streams)')]);
    expect(messages(noUrl, FN)).toEqual([expect.stringMatching(
      /^error .*cannot call .*\(dynamodb-streams\): .*AWS_ENDPOINT_URL_DYNAMODB_STREAMS is not in its environment, so its SDK calls the public name; merge access.clientEnvironment .*\[ack: cdk-private-dynamo-access:serviceEndpointUnreachable\]$/)]);
    expectNoFinding(fixed);
  });
});

describe('OTHER_REGION_RESOURCE: no endpoint of the VPC serves another region', () => {
  test('a table and a queue of another region: an error each; fixed by resources of the stack\'s region', () => {
    // GIVEN
    const broken = isolated();
    const fixed = isolated();
    for (const { stack, access, table } of [broken, fixed]) {
      const fn = client(stack, access, table);
      const region = stack === broken.stack ? 'us-west-2' : stack.region;
      dynamodb.Table.fromTableArn(stack, 'Remote', `arn:aws:dynamodb:${region}:${stack.account}:table/Remote`).grantReadData(fn);
      sqs.Queue.fromQueueArn(stack, 'RemoteQueue', `arn:aws:sqs:${region}:${stack.account}:remote`).grantSendMessages(fn);
      if (stack === fixed.stack) {
        access.addEndpointsFor(fn);
      }
    }

    // THEN
    const found = messages(broken.stack, FN);
    expect(found).toContainEqual(expect.stringMatching(
      /^error lambda function Stack\/Fn cannot reach arn:aws:dynamodb:us-west-2:123456789012:table\/Remote: it is granted .* on it, but the resource is in us-west-2 and the VPC's endpoints serve only eu-west-1, .*\[ack: cdk-private-dynamo-access:otherRegionResource\]$/));
    expect(found).toContainEqual(about('error', ConnectivityCheck.OTHER_REGION_RESOURCE, 'arn:aws:sqs:us-west-2:123456789012:remote'));
    expectNoFinding(fixed.stack);
  });

  test('an auto-scaling group granted a key of another region: an error on the group', () => {
    // GIVEN
    const stack = new Stack(new App({ context: { ...lookupContext(), ...LAUNCH_TEMPLATES } }), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const { access, table } = isolated(stack);
    const group = new autoscaling.AutoScalingGroup(stack, 'Group', {
      vpc: access.vpc, vpcSubnets: { subnets: access.subnets }, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    table.grantReadData(group);
    kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab').grantDecrypt(group);

    // THEN
    expect(messages(stack, '/Stack/Group/ASG')).toEqual([about('error', ConnectivityCheck.OTHER_REGION_RESOURCE, 'arn:aws:kms:us-east-1:')]);
  });
});
