// Evaluates the policies of the endpoints that addEndpointsFor creates with an IAM policy engine
// (@cloud-copilot/iam-simulate, AGPL-3.0, a dev dependency imported from test/ only), the way AWS evaluates
// a request through a VPC endpoint. Each refusal is shown to come from the endpoint policy: without it,
// the same request passes.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PrivateDynamoAccess } from '../../../src';
import { fargateService } from '../../support/ecs-workloads';
import { ACCOUNT, APP, expectRefusedByEndpointPolicy, OTHER_ACCOUNT, OUTSIDER, Request, simulate } from '../../support/iam-simulation';
import { ResolvedEndpoint, TemplateResolver } from '../../support/resolve-template';

const REGION = 'eu-west-1';
const FOREIGN_ACCOUNT = '999999999999';
/** The caller may do anything: what admits or refuses a request is the endpoint policy under test. */
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/**
 * The resource's owner shares it with everyone (a repository, a bucket, a log group of another account;
 * S3 ARNs name no account): so that a cross-account request is refused only by the endpoint policy.
 */
const SHARED = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** The endpoints of a stack with a Fargate service that pulls from ECR (own and a named foreign repository), logs, reads a secret and an env file. */
function endpoints(): Record<string, ResolvedEndpoint> {
  const stack = new Stack(new App(), 'Stack');
  const access = new PrivateDynamoAccess(stack, 'Access');
  const foreign = ecr.Repository.fromRepositoryArn(stack, 'Base', `arn:aws:ecr:${REGION}:${FOREIGN_ACCOUNT}:repository/base`);
  const service = fargateService(stack, access.vpc, {
    secrets: { TOKEN: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Token')) },
    environmentFiles: [ecs.EnvironmentFile.fromBucket(new s3.Bucket(stack, 'Config'), 'app.env')],
  });
  service.taskDefinition.addContainer('Base', { image: ecs.ContainerImage.fromEcrRepository(foreign, '1') });
  access.addEndpointsFor(service);
  const template = Template.fromStack(stack).toJSON();
  const resolver = new TemplateResolver(template);
  return Object.fromEntries(resolver.logicalIdsOfType('AWS::EC2::VPCEndpoint').map((logicalId) => {
    const properties = resolver.resolve(template.Resources[logicalId].Properties);
    const name = String(properties.ServiceName).split('.').slice(3).join('.');
    return [name, {
      logicalId,
      type: properties.VpcEndpointType,
      serviceName: properties.ServiceName,
      id: resolver.ref(logicalId),
      vpcId: properties.VpcId,
      policy: properties.PolicyDocument,
    }];
  }));
}

const ENDPOINTS = endpoints();
const OWN_REPOSITORY = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/app`;

function request(through: string, action: string, resource: string, caller = APP, context: Record<string, string> = {}): Request {
  return { caller, action, resource, through: ENDPOINTS[through], identityPolicy: EVERYTHING, resourcePolicy: SHARED, context };
}

describe('the ECR endpoints (ecr.api, ecr.dkr)', () => {
  test.each(['ecr.api', 'ecr.dkr'])('%s: a principal of the account gets a token and pulls from the account\'s repository', async (name) => {
    await expect(simulate(request(name, 'ecr:GetAuthorizationToken', '*'))).resolves.toMatchObject({ overall: 'Allowed' });
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']) {
      await expect(simulate(request(name, action, OWN_REPOSITORY))).resolves.toMatchObject({ overall: 'Allowed' });
    }
  });

  test.each(['ecr.api', 'ecr.dkr'])('%s: a pull-through cache creates and imports into the account\'s repositories', async (name) => {
    for (const action of ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage']) {
      await expect(simulate(request(name, action, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/ecr-public/library/busybox`))).resolves.toMatchObject({ overall: 'Allowed' });
    }
  });

  test.each(['ecr.api', 'ecr.dkr'])('%s: the repository of another account that a task definition names is admitted for pulls', async (name) => {
    await expect(simulate(request(name, 'ecr:BatchGetImage', `arn:aws:ecr:${REGION}:${FOREIGN_ACCOUNT}:repository/base`))).resolves.toMatchObject({ overall: 'Allowed' });
  });

  test.each(['ecr.api', 'ecr.dkr'])('%s: refused: another repository of that account, another account\'s, a push, a principal of another account', async (name) => {
    await expectRefusedByEndpointPolicy(request(name, 'ecr:BatchGetImage', `arn:aws:ecr:${REGION}:${FOREIGN_ACCOUNT}:repository/other`));
    await expectRefusedByEndpointPolicy(request(name, 'ecr:BatchGetImage', `arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/app`));
    await expectRefusedByEndpointPolicy(request(name, 'ecr:PutImage', OWN_REPOSITORY));
    await expectRefusedByEndpointPolicy(request(name, 'ecr:InitiateLayerUpload', `arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/exfiltration`));
    await expectRefusedByEndpointPolicy(request(name, 'ecr:BatchGetImage', OWN_REPOSITORY, OUTSIDER));
  });
});

describe('the S3 gateway endpoint', () => {
  const layers = `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/a1b2c3`;

  test('anyone reads ECR\'s layer bucket of the region (ECR hands out URLs signed by itself)', async () => {
    await expect(simulate(request('s3', 's3:GetObject', layers, OUTSIDER, { 'aws:ResourceAccount': '123456789012' }))).resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('a principal of the account reads objects of the account\'s buckets (environment files)', async () => {
    await expect(simulate(request('s3', 's3:GetObject', 'arn:aws:s3:::config-bucket/app.env', APP, { 'aws:ResourceAccount': ACCOUNT })))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('refused: writing to the layer bucket, reading another account\'s bucket, writing anywhere, a principal of another account', async () => {
    await expectRefusedByEndpointPolicy(request('s3', 's3:PutObject', layers, APP, { 'aws:ResourceAccount': '123456789012' }));
    await expectRefusedByEndpointPolicy(request('s3', 's3:GetObject', 'arn:aws:s3:::their-bucket/data', APP, { 'aws:ResourceAccount': OTHER_ACCOUNT }));
    await expectRefusedByEndpointPolicy(request('s3', 's3:PutObject', 'arn:aws:s3:::exfiltration/data', APP, { 'aws:ResourceAccount': OTHER_ACCOUNT }));
    await expectRefusedByEndpointPolicy(request('s3', 's3:GetObject', 'arn:aws:s3:::config-bucket/app.env', OUTSIDER, { 'aws:ResourceAccount': ACCOUNT }));
  });
});

describe('the CloudWatch Logs and Secrets Manager endpoints', () => {
  const stream = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:app:log-stream:app/App/1`;

  test('a principal of the account writes to the account\'s log groups and reads its secrets', async () => {
    await expect(simulate(request('logs', 'logs:PutLogEvents', stream))).resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate(request('logs', 'logs:CreateLogStream', stream))).resolves.toMatchObject({ overall: 'Allowed' });
    await expect(simulate(request('secretsmanager', 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:token-AbCdEf`)))
      .resolves.toMatchObject({ overall: 'Allowed' });
  });

  test('refused: another account\'s log group, a principal of another account', async () => {
    await expectRefusedByEndpointPolicy(request('logs', 'logs:PutLogEvents', `arn:aws:logs:${REGION}:${OTHER_ACCOUNT}:log-group:exfiltration:log-stream:x`));
    await expectRefusedByEndpointPolicy(request('logs', 'logs:PutLogEvents', stream, OUTSIDER));
    await expectRefusedByEndpointPolicy(request('secretsmanager', 'secretsmanager:GetSecretValue',
      `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:token-AbCdEf`, OUTSIDER));
  });
});
