import { Annotations as CoreAnnotations, App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { EcsExampleStack } from '../examples/ecs-stack';
import { ConnectivityCheck, PrivateDynamoAccess } from '../src';
import { accountRepository, ec2Capacity, ec2Service, fargateService, LAUNCH_TEMPLATES, s3PrefixListContext } from './support/ecs-workloads';
import { ACCOUNT, azContext, concreteStack, ENV, prefixListContext, REGION, threeTierVpc } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';

/*
 * The connectivity check's ECS rule: an ECS task in subnets without a route out starts only when the VPC
 * has the endpoints it needs (image, logs, secrets, the agent's). A broken and a fixed case for every
 * finding; no finding for Lambda functions, for tasks with a NAT route, or for endpoints added by hand.
 */

const templates = new LintedTemplates();

/** Any finding of the check, whatever its id. */
const ANY_FINDING = Match.stringLikeRegexp('\\[ack: cdk-private-dynamo-access:');

function finding(id: string, text = ''): Match {
  return Match.stringLikeRegexp(`${text}.*\\[ack: ${id}\\]`);
}

const linted = new WeakSet<Stack>();

/** The check's findings of a stack; its template is kept for cfn-lint (once). */
function findings(stack: Stack): Annotations {
  const annotations = Annotations.fromStack(stack);
  if (!linted.has(stack)) {
    linted.add(stack);
    templates.add((stack.node.root as App).synth().getStackByName(stack.stackName).template, stack);
  }
  return annotations;
}

function expectNoFinding(stack: Stack): void {
  const annotations = findings(stack);
  annotations.hasNoError('*', ANY_FINDING);
  annotations.hasNoWarning('*', ANY_FINDING);
}

/** The texts of the check's errors and warnings on a construct path. */
function messages(stack: Stack, path: string): string[] {
  const annotations = findings(stack);
  return [...annotations.findError(path, ANY_FINDING), ...annotations.findWarning(path, ANY_FINDING)].map((entry) => `${entry.entry.type} ${entry.entry.data}`);
}

/** A stack of ENV with a new isolated VPC (PrivateDynamoAccess's default) and its access. */
function isolated(context: Record<string, unknown> = {}): { stack: Stack; access: PrivateDynamoAccess } {
  const stack = concreteStack(context);
  return { stack, access: new PrivateDynamoAccess(stack, 'Access') };
}

const SERVICE = '/Stack/Service/Service';

/** The endpoints of a Fargate service with an ECR image and awslogs, added by hand with plain aws-cdk-lib. */
function addByHand(vpc: ec2.IVpc, services: ec2.InterfaceVpcEndpointAwsService[] = [
  ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
], s3 = true): void {
  services.forEach((service) => vpc.addInterfaceEndpoint(`Hand${service.shortName}`, { service }));
  if (s3) {
    vpc.addGatewayEndpoint('HandS3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  }
}

describe('no finding', () => {
  test('on the ECS example (a Fargate service in isolated subnets, with addEndpointsFor)', () => {
    // GIVEN / WHEN
    const stack = new EcsExampleStack(new App(), 'EcsExample');

    // THEN the check reports nothing, and nothing at all is an error
    findings(stack).hasNoError('*', Match.anyValue());
    findings(stack).hasNoWarning('*', ANY_FINDING);
  });

  test('for a Lambda function in isolated subnets, whatever it does', () => {
    // GIVEN / WHEN
    const { stack, access } = isolated();
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => 1;'),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
    });

    // THEN
    expectNoFinding(stack);
  });

  test('for a Fargate service in subnets with a NAT route (PRIVATE_WITH_EGRESS), even with an image from Docker Hub', () => {
    // GIVEN
    const stack = concreteStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'Access', { vpc });

    // WHEN
    fargateService(stack, vpc, { subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, image: ecs.ContainerImage.fromRegistry('nginx') });

    // THEN
    expectNoFinding(stack);
  });

  test('for a Fargate service in public subnets with a public IP address', () => {
    // GIVEN
    const stack = concreteStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'Access', { vpc });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('nginx') });

    // WHEN
    new ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition, assignPublicIp: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, minHealthyPercent: 100,
    });

    // THEN
    expectNoFinding(stack);
  });

  test('for a Fargate service in isolated subnets whose endpoints the user added by hand with plain aws-cdk-lib', () => {
    // GIVEN
    const { stack, access } = isolated();
    addByHand(access.vpc);

    // WHEN
    fargateService(stack, access.vpc, { subnets: { subnets: access.subnets } });

    // THEN
    expectNoFinding(stack);
  });

  test('with connectivityCheck false', () => {
    // GIVEN
    const stack = concreteStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { connectivityCheck: false });

    // WHEN
    fargateService(stack, access.vpc, { image: ecs.ContainerImage.fromRegistry('nginx') });

    // THEN
    expectNoFinding(stack);
  });
});

describe('an image from the account\'s ECR', () => {
  test('without endpoints: an error for each of ecr.api, ecr.dkr, the S3 route and the log driver, on the service', () => {
    // GIVEN
    const { stack, access } = isolated();

    // WHEN
    fargateService(stack, access.vpc);

    // THEN
    const annotations = findings(stack);
    annotations.hasError(SERVICE, finding(ConnectivityCheck.NO_ECR_ENDPOINT,
      '^ecs service Stack/Service cannot start: container App pulls its image from ECR, but the VPC has no Amazon ECR API \\(ecr.api\\) interface endpoint with private DNS, ' +
      'and subnets Stack/Access/Vpc/IsolatedSubnet1, Stack/Access/Vpc/IsolatedSubnet2 have no route out; call addEndpointsFor\\(service\\) on Stack/Access'));
    annotations.hasError(SERVICE, finding(ConnectivityCheck.NO_ECR_ENDPOINT, 'Amazon ECR Docker registry \\(ecr.dkr\\)'));
    annotations.hasError(SERVICE, finding(ConnectivityCheck.NO_S3_GATEWAY,
      'container App pulls its image\'s layers, which ECR keeps in S3, but the route tables of .* have no S3 gateway endpoint and no route out'));
    annotations.hasError(SERVICE, finding(ConnectivityCheck.NO_LOGS_ENDPOINT, 'container App logs with the awslogs driver, but the VPC has no Amazon CloudWatch Logs \\(logs\\)'));
    expect(messages(stack, SERVICE)).toHaveLength(4);
  });

  test('fixed: addEndpointsFor(service), no finding', () => {
    // GIVEN
    const { stack, access } = isolated();

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc));

    // THEN
    expectNoFinding(stack);
  });

  test('the ECR endpoints added by hand but no S3 gateway endpoint: only NO_S3_GATEWAY; fixed by vpc.addGatewayEndpoint', () => {
    // GIVEN
    const broken = isolated();
    addByHand(broken.access.vpc, undefined, false);
    fargateService(broken.stack, broken.access.vpc);
    const fixed = isolated();
    addByHand(fixed.access.vpc, undefined, true);
    fargateService(fixed.stack, fixed.access.vpc);

    // THEN
    expect(messages(broken.stack, SERVICE)).toEqual([expect.stringMatching(/^aws:cdk:error .*\[ack: cdk-private-dynamo-access:noS3Gateway\]$/)]);
    expectNoFinding(fixed.stack);
  });

  test('an ECR endpoint with private DNS off does not count: an error that says so', () => {
    // GIVEN
    const { stack, access } = isolated();
    addByHand(access.vpc, [ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS]);
    access.vpc.addInterfaceEndpoint('EcrNoDns', { service: ec2.InterfaceVpcEndpointAwsService.ECR, privateDnsEnabled: false });

    // WHEN
    fargateService(stack, access.vpc);

    // THEN
    findings(stack).hasError(SERVICE, finding(ConnectivityCheck.NO_ECR_ENDPOINT,
      'but its Amazon ECR API \\(ecr.api\\) endpoint has private DNS off, so the service\'s public name does not lead to it'));
  });

  test('containers added after addEndpointsFor are reported (a secret needs secretsmanager); a second call fixes it', () => {
    // GIVEN the endpoints for the service as it was
    const broken = isolated();
    const late = fargateService(broken.stack, broken.access.vpc);
    broken.access.addEndpointsFor(late);
    const fixed = isolated();
    const again = fargateService(fixed.stack, fixed.access.vpc);
    fixed.access.addEndpointsFor(again);

    // WHEN a container with a secret is added afterwards
    for (const [stack, service] of [[broken.stack, late], [fixed.stack, again]] as const) {
      service.taskDefinition.addContainer('Sidecar', {
        image: ecs.ContainerImage.fromEcrRepository(accountRepository(stack)),
        secrets: { TOKEN: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Token')) },
      });
    }
    fixed.access.addEndpointsFor(again);

    // THEN
    expect(messages(broken.stack, SERVICE)).toEqual([expect.stringMatching(
      /^aws:cdk:error ecs service Stack\/Service cannot start: container Sidecar reads a secret from Secrets Manager, but the VPC has no AWS Secrets Manager \(secretsmanager\) interface endpoint with private DNS, .*call addEndpointsFor\(service\) on Stack\/Access \(after the task definition's last container is added\) \[ack: cdk-private-dynamo-access:noSecretsEndpoint\]$/)]);
    expectNoFinding(fixed.stack);
  });
});

describe('images no endpoint serves', () => {
  test.each([
    ['Docker Hub', 'nginx:1.27', 'image nginx:1.27 is in Docker Hub, a public registry that no VPC endpoint serves'],
    ['ECR Public', 'public.ecr.aws/docker/library/busybox:latest', 'image public.ecr.aws/docker/library/busybox:latest is in public.ecr.aws, a public registry'],
    ['ECR of another region', `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:1`,
      `image ${ACCOUNT}\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/app:1 is in the ECR of us-east-1, and VPC endpoints serve only their own region \\(${REGION}\\)`],
  ])('an image from %s: an error naming the pull-through cache and the NAT', (_name, image, text) => {
    // GIVEN
    const { stack, access } = isolated();

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, { image: ecs.ContainerImage.fromRegistry(image) }));

    // THEN
    findings(stack).hasError(SERVICE, finding(ConnectivityCheck.UNREACHABLE_REGISTRY,
      `^ecs service Stack/Service cannot start: container App's ${text}.*; use an image in this region's ECR \\(an ECR pull-through cache rule for its registry, or a copy\\), or give the subnets a NAT gateway`));
  });

  test('fixed: the same image through an ECR pull-through cache rule of the account, with addEndpointsFor, no finding', () => {
    // GIVEN a pull-through cache rule for ECR Public
    const { stack, access } = isolated();
    new ecr.CfnPullThroughCacheRule(stack, 'EcrPublic', { ecrRepositoryPrefix: 'ecr-public', upstreamRegistryUrl: 'public.ecr.aws' });

    // WHEN the image is pulled through it
    const image = ecs.ContainerImage.fromRegistry(`${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/ecr-public/docker/library/busybox:latest`);
    access.addEndpointsFor(fargateService(stack, access.vpc, { image }));

    // THEN
    expectNoFinding(stack);
  });

  test('an image in another registry, or a deploy-time value: a warning', () => {
    // GIVEN
    const { stack, access } = isolated();
    const parameter = new CfnParameter(stack, 'Image', { type: 'String' });

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, { id: 'Internal', image: ecs.ContainerImage.fromRegistry('registry.corp.example:5000/app:1') }));
    access.addEndpointsFor(fargateService(stack, access.vpc, { id: 'Parameter', image: ecs.ContainerImage.fromRegistry(parameter.valueAsString) }));

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Internal/Service', finding(ConnectivityCheck.UNREACHABLE_REGISTRY,
      'may not start: container App\'s image registry.corp.example:5000/app:1 is in registry.corp.example:5000, a registry outside ECR'));
    annotations.hasWarning('/Stack/Parameter/Service', finding(ConnectivityCheck.UNREACHABLE_REGISTRY, 'container App\'s image is a deploy-time value'));
    annotations.hasNoError('*', ANY_FINDING);
  });
});

describe('log drivers', () => {
  test('FireLens to Firehose without its endpoint: an error; fixed by addEndpointsFor', () => {
    // GIVEN
    const broken = isolated();
    const fixed = isolated();
    const logging = () => ecs.LogDrivers.firelens({ options: { Name: 'firehose', region: REGION, delivery_stream: 'logs' } });
    addByHand(broken.access.vpc);

    // WHEN
    fargateService(broken.stack, broken.access.vpc, { logging: logging() });
    fixed.access.addEndpointsFor(fargateService(fixed.stack, fixed.access.vpc, { logging: logging() }));

    // THEN the log router (AWS for Fluent Bit, from ECR) is served by the hand-made endpoints, Firehose is not
    expect(messages(broken.stack, SERVICE)).toEqual([expect.stringMatching(
      /^aws:cdk:error .*container App sends its logs through FireLens to firehose, but the VPC has no Amazon Data Firehose \(kinesis-firehose\) interface endpoint.*\[ack: cdk-private-dynamo-access:noLogsEndpoint\]$/)]);
    expectNoFinding(fixed.stack);
  });

  test('FireLens to a destination without a known endpoint: a warning; acknowledged on the service, nothing', () => {
    // GIVEN
    const broken = isolated();
    const acknowledged = isolated();

    // WHEN
    for (const { stack, access } of [broken, acknowledged]) {
      access.addEndpointsFor(fargateService(stack, access.vpc, { logging: ecs.LogDrivers.firelens({ options: { Name: 'datadog', apikey: 'x' } }) }));
    }
    CoreAnnotations.of(acknowledged.stack.node.findChild('Service')).acknowledgeWarning(ConnectivityCheck.NO_LOGS_ENDPOINT, 'the subnets route to Datadog through the proxy VPC');

    // THEN
    findings(broken.stack).hasWarning(SERVICE, finding(ConnectivityCheck.NO_LOGS_ENDPOINT, 'container App sends its logs through FireLens to "datadog"'));
    expectNoFinding(acknowledged.stack);
  });
});

describe('secrets', () => {
  test.each([
    ['Secrets Manager', 'secretsmanager', (stack: Stack) => ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Secret'))],
    ['Parameter Store', 'ssm', (stack: Stack) => ecs.Secret.fromSsmParameter(new ssm.StringParameter(stack, 'Parameter', { stringValue: 'x' }))],
    ['Parameter Store, imported by name', 'ssm', (stack: Stack) => ecs.Secret.fromSsmParameter(
      ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Imported', { parameterName: '/app/password' }))],
  ])('from %s without its endpoint: an error; fixed by addEndpointsFor', (_name, service, secret) => {
    // GIVEN
    const broken = isolated();
    const fixed = isolated();
    addByHand(broken.access.vpc);

    // WHEN
    fargateService(broken.stack, broken.access.vpc, { secrets: { VALUE: secret(broken.stack) } });
    fixed.access.addEndpointsFor(fargateService(fixed.stack, fixed.access.vpc, { secrets: { VALUE: secret(fixed.stack) } }));

    // THEN
    expect(messages(broken.stack, SERVICE)).toEqual([expect.stringMatching(
      new RegExp(`^aws:cdk:error .*container App reads a secret from .*, but the VPC has no .*\\(${service}\\) interface endpoint.*\\[ack: cdk-private-dynamo-access:noSecretsEndpoint\\]$`))]);
    expectNoFinding(fixed.stack);
  });

  test('a secret whose store is a deploy-time value: a warning while secretsmanager or ssm lacks an endpoint', () => {
    // GIVEN
    const { stack, access } = isolated();
    const arn = new CfnParameter(stack, 'SecretArn', { type: 'String' });
    const secret = ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretAttributes(stack, 'Shared', { secretCompleteArn: arn.valueAsString }));

    // WHEN
    access.addEndpointsFor(fargateService(stack, access.vpc, { secrets: { VALUE: secret } }));

    // THEN
    findings(stack).hasWarning(SERVICE, finding(ConnectivityCheck.NO_SECRETS_ENDPOINT, 'reads a secret whose store \\(Secrets Manager or Parameter Store\\) is a deploy-time value'));
  });
});

describe('EC2 container instances', () => {
  test('instances in isolated subnets: the agent\'s ecs, ecs-agent and ecs-telemetry are errors on the service; fixed by addEndpointsFor', () => {
    // GIVEN
    const broken = isolated(LAUNCH_TEMPLATES);
    const fixed = isolated(LAUNCH_TEMPLATES);
    for (const { stack, access } of [broken, fixed]) {
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: access.vpc });
      ec2Capacity(stack, cluster, { subnets: access.subnets });
      const service = ec2Service(stack, cluster);
      if (stack === fixed.stack) {
        access.addEndpointsFor(service);
      }
    }
    addByHand(broken.access.vpc);

    // THEN
    const annotations = findings(broken.stack);
    for (const name of ['ecs', 'ecs-agent', 'ecs-telemetry']) {
      annotations.hasError(SERVICE, finding(ConnectivityCheck.NO_ECS_AGENT_ENDPOINT,
        `^ecs service Stack/Service \\(on container instances Stack/Instances\\) cannot start: its EC2 container instances run the ECS agent, but the VPC has no Amazon ECS .*\\(${name}\\)`));
    }
    expect(messages(broken.stack, SERVICE)).toHaveLength(3);
    expectNoFinding(fixed.stack);
  });

  test('instances the app does not show, in a VPC without a way out: warnings', () => {
    // GIVEN a cluster imported from another team's app, whose instances the app does not show
    const { stack, access } = isolated();
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'shared', vpc: access.vpc, securityGroups: [] });

    // WHEN
    ec2Service(stack, cluster);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning(SERVICE, finding(ConnectivityCheck.NO_ECS_AGENT_ENDPOINT, 'its EC2 container instances are not in this app'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('instances the app does not show, in a VPC with NAT subnets: no finding (they may have a way out)', () => {
    // GIVEN
    const stack = concreteStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'Access', { vpc });

    // WHEN
    ec2Service(stack, ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'shared', vpc, securityGroups: [] }));

    // THEN
    expectNoFinding(stack);
  });
});

describe('security groups', () => {
  test('a task group that restricts outbound traffic, with endpoints added by hand: an error per endpoint; fixed by addEndpointsFor', () => {
    // GIVEN
    const broken = isolated({ ...s3PrefixListContext(), ...prefixListContext() });
    const fixed = isolated({ ...s3PrefixListContext(), ...prefixListContext() });
    for (const { stack, access } of [broken, fixed]) {
      addByHand(access.vpc);
      const group = new ec2.SecurityGroup(stack, 'TaskGroup', { vpc: access.vpc, allowAllOutbound: false });
      const service = fargateService(stack, access.vpc, { securityGroups: [group] });
      if (stack === fixed.stack) {
        access.allowFrom(service); // its path to DynamoDB
        access.addEndpointsFor(service);
      }
    }

    // THEN each endpoint its tasks need to start is an error (and, since it uses DynamoDB, its path to DynamoDB too)
    const found = messages(broken.stack, SERVICE);
    expect(found).toHaveLength(5);
    expect(found).toContainEqual(expect.stringMatching(/\[ack: cdk-private-dynamo-access:noHttpsEgress\]$/));
    expect(found).toContainEqual(expect.stringMatching(
      /^aws:cdk:error ecs service Stack\/Service cannot start: its security groups \(Stack\/TaskGroup\) allow no outbound TCP 443 to the Amazon ECR API \(ecr.api\) endpoint; call addEndpointsFor\(service\) on Stack\/Access .* to add the rules \[ack: cdk-private-dynamo-access:startupEndpointUnreachable\]$/));
    expect(found).toContainEqual(expect.stringMatching(/allow no outbound TCP 443 to the Amazon S3 \(s3\) endpoint/));
    expectNoFinding(fixed.stack);
  });

  test('an endpoint added by hand whose group admits nobody: an error; addEndpointsFor admits the task\'s group', () => {
    // GIVEN
    const broken = isolated();
    const fixed = isolated();
    for (const { stack, access } of [broken, fixed]) {
      addByHand(access.vpc, [ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS]);
      access.vpc.addInterfaceEndpoint('Closed', { service: ec2.InterfaceVpcEndpointAwsService.ECR, open: false });
      const service = fargateService(stack, access.vpc);
      if (stack === fixed.stack) {
        access.addEndpointsFor(service);
      }
    }

    // THEN
    expect(messages(broken.stack, SERVICE)).toEqual([expect.stringMatching(
      /^aws:cdk:error ecs service Stack\/Service cannot start: the Amazon ECR API \(ecr.api\) endpoint's security groups \(Stack\/Access\/Vpc\/Closed\/SecurityGroup\) admit no TCP 443 from it;/)]);
    expectNoFinding(fixed.stack);
  });
});

describe('composition', () => {
  test('a service in another stack of the environment is reported in its own stack; fixed, none in either', () => {
    // GIVEN
    const build = (fix: boolean) => {
      const app = new App({ context: azContext() });
      const network = new Stack(app, 'Network', { env: ENV });
      const application = new Stack(app, 'Application', { env: ENV });
      const access = new PrivateDynamoAccess(network, 'Access');
      const service = fargateService(application, access.vpc, { subnets: { subnets: access.subnets } });
      if (fix) {
        access.addEndpointsFor(service);
      }
      return { network, application };
    };

    // WHEN / THEN
    const broken = build(false);
    findings(broken.application).hasError('/Application/Service/Service', finding(ConnectivityCheck.NO_ECR_ENDPOINT, 'call addEndpointsFor\\(service\\) on Network/Access'));
    const fixed = build(true);
    expectNoFinding(fixed.network);
    expectNoFinding(fixed.application);
  });

  test('an error acknowledged on the service\'s stack is not reported', () => {
    // GIVEN
    const { stack, access } = isolated();
    fargateService(stack, access.vpc, { image: ecs.ContainerImage.fromRegistry('nginx'), logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    addByHand(access.vpc, [ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS], false);

    // WHEN
    CoreAnnotations.of(stack).acknowledgeWarning(ConnectivityCheck.UNREACHABLE_REGISTRY, 'the subnets reach Docker Hub through the inspection VPC');

    // THEN
    expectNoFinding(stack);
  });
});
