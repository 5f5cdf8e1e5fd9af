import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PrivateDynamoAccess, PrivateDynamoAccessProps } from '../src';
import { ANY_FINDING, fn as inlineFunction } from './support/connectivity';
import { endpointServices, endpointsOf, fargateService } from './support/ecs-workloads';
import { envAgnosticStack } from './support/fixtures';
import { ACCOUNT, APP, expectRefusedByEndpointPolicy, ORG_ID, ORG_MEMBER, OUTSIDER, simulate } from './support/iam-simulation';
import { LintedTemplates } from './support/linted-templates';
import { ResolvedEndpoint, TemplateResolver } from './support/resolve-template';

/*
 * `addEndpointsFor` for what clients call once they run (Lambda functions, ECS task roles), and
 * `addEndpointsForServices`: which endpoints, once per VPC, and what their policies admit, evaluated with an
 * IAM policy engine (the granted resource allowed, another one denied, another account denied).
 */

const templates = new LintedTemplates();

interface Fixture {
  readonly stack: Stack;
  readonly access: PrivateDynamoAccess;
  readonly table: dynamodb.TableV2;
}

/** An environment-agnostic stack (its pseudo parameters resolve to the simulation's account and region), with an access and its table. */
function isolated(props: PrivateDynamoAccessProps = {}, stack: Stack = envAgnosticStack()): Fixture {
  const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  return { stack, access: new PrivateDynamoAccess(stack, 'Access', { tables: [table], ...props }), table };
}

function handler({ stack, access, table }: Fixture, id = 'Fn', scope: Stack = stack): lambda.Function {
  const fn = inlineFunction(scope, {
    vpc: access.vpc,
    vpcSubnets: { subnets: access.subnets },
  }, id);
  table.grantReadWriteData(fn);
  return fn;
}

/** The resolved endpoint of a service (`sqs`, `s3`, ...) in a template. */
function endpoint(template: Template, service: string): ResolvedEndpoint {
  const [found] = new TemplateResolver(template.toJSON()).vpcEndpoints(service);
  expect(found).toBeDefined();
  return found;
}

/** The logical id of a construct's resource in its stack. */
function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(resource).getLogicalId(resource);
}

const ALL_SERVICES = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:*', 's3:*', 'secretsmanager:*', 'kms:*'], Resource: '*' }] };
/** A resource policy that shares a resource with every principal: what admits or refuses another account is then the endpoint policy. */
const SHARED_WITH_ANYONE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: ['sqs:*', 'kms:*'], Resource: '*' }] };
const resolver = (template: Template) => new TemplateResolver(template.toJSON());

describe('a Lambda function granted a queue, a bucket and a secret', () => {
  const fixture = isolated();
  const fn = handler(fixture);
  const queue = new sqs.Queue(fixture.stack, 'Queue');
  queue.grantSendMessages(fn);
  const bucket = new s3.Bucket(fixture.stack, 'Bucket');
  bucket.grantRead(fn);
  const secret = new secretsmanager.Secret(fixture.stack, 'Secret');
  secret.grantRead(fn);
  fixture.access.addEndpointsFor(fn);
  const template = templates.synth(fixture.stack);
  const resolved = resolver(template);
  const queueArn = resolved.getAtt(logicalId(queue), 'Arn');

  test('gets one interface endpoint per service, with private DNS, and the S3 gateway endpoint on its route tables', () => {
    expect(endpointServices(template)).toEqual(['Gateway dynamodb', 'Gateway s3', 'Interface secretsmanager', 'Interface sqs']);
    expect(endpointsOf(template, 'sqs')[0]).toMatchObject({ PrivateDnsEnabled: true, VpcEndpointType: 'Interface' });
    expect(fixture.access.node.tryFindChild('SqsEndpoint')).toBeDefined();
    expect(fixture.access.node.tryFindChild('SecretsManagerEndpoint')).toBeDefined();
    expect(fixture.access.node.tryFindChild('S3GatewayEndpoint')).toBeDefined();
    Annotations.fromStack(fixture.stack).hasNoError('*', ANY_FINDING);
    Annotations.fromStack(fixture.stack).hasNoWarning('*', ANY_FINDING);
  });

  test('the SQS endpoint admits the account\'s principals sending to the granted queue, and nothing else', async () => {
    const sqsEndpoint = endpoint(template, 'sqs');
    const request = { caller: APP, action: 'sqs:SendMessage', resource: queueArn, through: sqsEndpoint, identityPolicy: ALL_SERVICES };
    await expect(simulate(request)).resolves.toMatchObject({ overall: 'Allowed' });
    await expectRefusedByEndpointPolicy({ ...request, resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:another-queue` });
    // another account's credentials, even on a queue shared with every principal, are refused by the endpoint
    await expectRefusedByEndpointPolicy({ ...request, caller: OUTSIDER, resourcePolicy: SHARED_WITH_ANYONE });
  });

  test('the S3 gateway endpoint admits the granted bucket\'s objects, not another bucket\'s, and no ECR layer bucket', async () => {
    const s3Endpoint = endpoint(template, 's3');
    const request = { caller: APP, action: 's3:GetObject', resource: `arn:aws:s3:::${resolved.ref(logicalId(bucket))}/reports/1.csv`, through: s3Endpoint, identityPolicy: ALL_SERVICES };
    await expect(simulate(request)).resolves.toMatchObject({ overall: 'Allowed' });
    await expectRefusedByEndpointPolicy({ ...request, resource: 'arn:aws:s3:::another-bucket/reports/1.csv' });
    expect(JSON.stringify(s3Endpoint.policy)).not.toContain('starport-layer-bucket');
  });

  test('the Secrets Manager endpoint admits the granted secret only (no start-up statement for a function)', async () => {
    const secretsEndpoint = endpoint(template, 'secretsmanager');
    const request = { caller: APP, action: 'secretsmanager:GetSecretValue', resource: resolved.ref(logicalId(secret)), through: secretsEndpoint, identityPolicy: ALL_SERVICES };
    await expect(simulate(request)).resolves.toMatchObject({ overall: 'Allowed' });
    await expectRefusedByEndpointPolicy({ ...request, resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:other-AbCdEf` });
    expect(secretsEndpoint.policy!.Statement.map((statement) => statement.Sid)).toEqual(['ResourcesTheClientsAreGranted']);
  });
});

describe('once per VPC, and grants made after the call', () => {
  test('two functions and two calls: one endpoint per service, whose policy admits what both are granted', async () => {
    // GIVEN
    const fixture = isolated();
    const first = handler(fixture, 'First');
    const second = handler(fixture, 'Second');
    const queues = [new sqs.Queue(fixture.stack, 'One'), new sqs.Queue(fixture.stack, 'Two')];
    queues[0].grantSendMessages(first);
    queues[1].grantSendMessages(second);

    // WHEN
    fixture.access.addEndpointsFor(first);
    fixture.access.addEndpointsFor(second);

    // THEN
    const template = templates.synth(fixture.stack);
    expect(endpointServices(template)).toEqual(['Gateway dynamodb', 'Interface sqs']);
    const sqsEndpoint = endpoint(template, 'sqs');
    for (const queue of queues) {
      const arn = resolver(template).getAtt(logicalId(queue), 'Arn');
      await expect(simulate({ caller: APP, action: 'sqs:SendMessage', resource: arn, through: sqsEndpoint, identityPolicy: ALL_SERVICES }))
        .resolves.toMatchObject({ overall: 'Allowed' });
    }
  });

  test('a queue granted after the call is admitted by the endpoint the call created; a service granted after it is reported', async () => {
    // GIVEN
    const fixture = isolated();
    const fn = handler(fixture);
    new sqs.Queue(fixture.stack, 'Early').grantSendMessages(fn);
    fixture.access.addEndpointsFor(fn);

    // WHEN the function is granted another queue, and a secret, after the call
    const late = new sqs.Queue(fixture.stack, 'Late');
    late.grantSendMessages(fn);
    new secretsmanager.Secret(fixture.stack, 'Secret').grantRead(fn);

    // THEN the late queue is covered, the secret is reported with the fix
    const template = templates.synth(fixture.stack);
    const lateArn = resolver(template).getAtt(logicalId(late), 'Arn');
    await expect(simulate({ caller: APP, action: 'sqs:SendMessage', resource: lateArn, through: endpoint(template, 'sqs'), identityPolicy: ALL_SERVICES }))
      .resolves.toMatchObject({ overall: 'Allowed' });
    Annotations.fromStack(fixture.stack).hasError('/Stack/Fn/Resource',
      Match.stringLikeRegexp('cannot call AWS Secrets Manager \\(secretsmanager\\).*call access.addEndpointsFor\\(client\\) on Stack/Access after its last grant'));
  });

  test('an endpoint the app already has is used, not duplicated, and its policy is left as it is', () => {
    // GIVEN
    const fixture = isolated();
    const fn = handler(fixture);
    fixture.access.vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS });
    new sqs.Queue(fixture.stack, 'Queue').grantSendMessages(fn);

    // WHEN
    fixture.access.addEndpointsFor(fn);

    // THEN
    const template = templates.synth(fixture.stack);
    expect(endpointServices(template)).toEqual(['Gateway dynamodb', 'Interface sqs']);
    expect(endpointsOf(template, 'sqs')[0].PolicyDocument).toBeUndefined();
  });

  test('an ECS task role and its tasks\' start: the start-up endpoints and the runtime ones, once each', () => {
    // GIVEN
    const fixture = isolated();
    const service = fargateService(fixture.stack, fixture.access.vpc, { subnets: { subnets: fixture.access.subnets } });
    new sqs.Queue(fixture.stack, 'Queue').grantSendMessages(service.taskDefinition.taskRole);
    new secretsmanager.Secret(fixture.stack, 'Secret').grantRead(service.taskDefinition.taskRole);

    // WHEN
    fixture.access.addEndpointsFor(service);

    // THEN
    expect(endpointServices(templates.synth(fixture.stack))).toEqual([
      'Gateway dynamodb', 'Gateway s3', 'Interface ecr.api', 'Interface ecr.dkr', 'Interface logs', 'Interface secretsmanager', 'Interface sqs',
    ]);
    Annotations.fromStack(fixture.stack).hasNoError('*', ANY_FINDING);
  });
});

describe('principals and composition', () => {
  test('with principalOrgId the runtime endpoints admit the organization\'s principals', async () => {
    // GIVEN
    const fixture = isolated({ principalOrgId: ORG_ID });
    const fn = handler(fixture);
    const queue = new sqs.Queue(fixture.stack, 'Queue');
    queue.grantSendMessages(fn);

    // WHEN
    fixture.access.addEndpointsFor(fn);

    // THEN
    const template = templates.synth(fixture.stack);
    const arn = resolver(template).getAtt(logicalId(queue), 'Arn');
    const request = {
      caller: ORG_MEMBER, action: 'sqs:SendMessage', resource: arn, through: endpoint(template, 'sqs'), identityPolicy: ALL_SERVICES, resourcePolicy: SHARED_WITH_ANYONE,
    };
    await expect(simulate(request)).resolves.toMatchObject({ overall: 'Allowed' });
    await expectRefusedByEndpointPolicy({ ...request, caller: OUTSIDER, resourcePolicy: SHARED_WITH_ANYONE });
  });

  test('a function and its queue in an app stack, the access in a network stack: no cycle; the endpoint admits the account\'s queues of the region', async () => {
    // GIVEN
    const app = new App();
    const network = new Stack(app, 'Network');
    const fixture = isolated({}, network);
    const application = new Stack(app, 'Application');
    const fn = handler(fixture, 'Fn', application);
    new sqs.Queue(application, 'Queue').grantSendMessages(fn);

    // WHEN
    fixture.access.addEndpointsFor(fn);

    // THEN both stacks synthesize (LintedTemplates checks each for a cycle) and the endpoint names no export of the app stack
    const synthesized = templates.synthStage(app);
    const sqsEndpoint = new TemplateResolver(synthesized.Network).vpcEndpoints('sqs')[0];
    expect(JSON.stringify(sqsEndpoint.policy)).not.toContain('ImportValue');
    const request = { caller: APP, action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:any-queue`, through: sqsEndpoint, identityPolicy: ALL_SERVICES };
    await expect(simulate(request)).resolves.toMatchObject({ overall: 'Allowed' });
    await expectRefusedByEndpointPolicy({ ...request, resource: `arn:aws:sqs:us-west-2:${ACCOUNT}:any-queue` });
  });
});

describe('addEndpointsForServices', () => {
  test('adds the named endpoints, each admitting the account\'s principals on any resource of the service', async () => {
    // GIVEN
    const fixture = isolated();

    // WHEN
    fixture.access.addEndpointsForServices('kms', 'sqs');
    fixture.access.addEndpointsForServices('sqs');

    // THEN
    const template = templates.synth(fixture.stack);
    expect(endpointServices(template)).toEqual(['Gateway dynamodb', 'Interface kms', 'Interface sqs']);
    const request = {
      caller: APP,
      action: 'kms:Decrypt',
      resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/any`,
      through: endpoint(template, 'kms'),
      identityPolicy: ALL_SERVICES,
      resourcePolicy: SHARED_WITH_ANYONE, // a key's policy must allow too
    };
    await expect(simulate(request)).resolves.toMatchObject({ overall: 'Allowed' });
    await expectRefusedByEndpointPolicy({ ...request, caller: OUTSIDER, resourcePolicy: SHARED_WITH_ANYONE });
  });

  test.each([
    [['sqss'], /^addEndpointsForServices: "sqss" is not an endpoint service the library knows; did you mean "sqs"\? give the part of the service name after com\.amazonaws\.<region>\./],
    [['dynamodb'], /^addEndpointsForServices: "dynamodb" is DynamoDB's own endpoint; choose it with the endpoint prop/],
    [[], /^addEndpointsForServices: no service given; name the endpoint services/],
  ])('fails for %j, naming the value and the fix', (services, message) => {
    const { access } = isolated();
    expect(() => access.addEndpointsForServices(...services)).toThrow(message);
  });
});

describe('acknowledgeServicePath', () => {
  test.each([
    ['SQS', 'a reason', /^acknowledgeServicePath: service "SQS" is not a service name; give the name the finding shows, in lowercase/],
    ['sqs', ' ', /^acknowledgeServicePath: the reason for Stack\/Fn and sqs is empty; say how the client reaches the service$/],
  ])('fails for service %j and reason %j, naming the value and the fix', (service, reason, message) => {
    const fixture = isolated();
    const fn = handler(fixture);
    expect(() => fixture.access.acknowledgeServicePath(fn, service, reason)).toThrow(message);
  });

  test('an IAM role of the app granted to no client: no finding and no endpoint', () => {
    const fixture = isolated();
    new sqs.Queue(fixture.stack, 'Queue').grantSendMessages(new iam.Role(fixture.stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(endpointServices(templates.synth(fixture.stack))).toEqual(['Gateway dynamodb']);
  });
});
