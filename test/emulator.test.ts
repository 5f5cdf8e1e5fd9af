/**
 * Deploys every endpoint mode, and the ECS example's Fargate service with the endpoints addEndpointsFor
 * adds, to a local AWS emulator (Python moto, on 127.0.0.1 only) with CloudFormation CreateStack and
 * checks the result through the EC2, DynamoDB, Lambda, ECS and CloudWatch Logs APIs. Templates are synthesized
 * with real aws-cdk-lib; the few emulator gaps are bridged by the commented steps in test/emulator/, and
 * every check that a gap hides is printed, never passed silently. See CONTRIBUTING.md, "Deployment tests".
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DescribeTableCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EcsExampleStack } from '../examples/ecs-stack';
import { ExampleMode, ExampleStack } from '../examples/example-stack';
import { LambdaServicesExampleStack } from '../examples/lambda-services-stack';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { deployStack, DeployedStack } from './emulator/deploy';
import { CfnTemplate, emulatorTemplate, EmulatorStep } from './emulator/emulator-template';
import { EMULATOR_ACCOUNT, MotoServer, startMoto } from './emulator/moto';
import { PLATFORM_VPC_OUTPUTS, platformVpcResources } from './emulator/platform-vpc';
import { AccessExpectation, verifyPrivateAccess } from './emulator/verify';
import { verifyRuntimeEndpoints } from './emulator/verify-runtime';
import { verifyWorkload, WorkloadExpectation } from './emulator/verify-workload';
import { StreamsExampleStack } from './support/streams-example-stack';

const REGION = 'eu-west-1';

let moto: MotoServer;
const outdirs: string[] = [];
const summary: string[] = [];
const notShownAnywhere = new Set<string>();

beforeAll(async () => {
  moto = await startMoto({ region: REGION });
}, 60_000);

afterAll(async () => {
  // Runs when a check failed too: the server never outlives the test file.
  await moto?.stop();
  outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  if (summary.length > 0) {
    console.info(`emulator scenarios (moto on 127.0.0.1, pid ${moto?.pid}):\n${summary.join('\n')}\n` +
      `not shown by the emulator, covered elsewhere:\n  - ${[...notShownAnywhere].join('\n  - ')}`);
  }
});

describe('every mode deployed to the moto emulator', () => {
  test.each<[string, ExampleMode]>([
    ['gateway on a new VPC', 'gateway'],
    ['interface', 'interface'],
    ['gateway+interface', 'gateway+interface'],
  ])('%s: the example stack deploys, its endpoints serve its subnets, its table answers', async (title, mode) => {
    // GIVEN the example app's stack in this mode (a table, a Lambda function in isolated subnets, the construct)
    const app = newApp();
    const stack = new ExampleStack(app, `Emulator-${mode.replace('+', '-and-')}`, { mode });

    // WHEN its synthesized template is created with CreateStack in the emulator
    const deployed = await deploy(title, stack);

    // THEN the endpoints, routes, table and client function are what the mode promises
    const verification = await verify(title, [deployed], {
      mode,
      vpc: stack.resolve(stack.access.vpc.vpcId),
      interfaceSecurityGroups: securityGroupsOf(stack, stack.access),
      table: stack.resolve(stack.table.tableName),
      clientFunction: stack.resolve(stack.handler.functionName),
    });
    const routeChecks = verification.verified.filter((line) => /: route to pl-\S+ .* through vpce-/.test(line));
    expect(routeChecks).toHaveLength(mode.includes('gateway') ? 2 : 0);
    expect(verification.verified).toContainEqual(expect.stringMatching(/PutItem, then GetItem returns the item/));
    expect(verification.verified.filter((line) => /deployed policy equals the template's/.test(line))).toHaveLength(mode === 'gateway+interface' ? 2 : 1);
    expect(verification.verified.filter((line) => /one per zone/.test(line))).toHaveLength(mode.includes('interface') ? 1 : 0);
    // interface-only clients are pointed at the endpoint; with a gateway they keep DynamoDB's public name
    expect(verification.verified).toContainEqual(expect.stringMatching(mode === 'interface'
      ? /AWS_ENDPOINT_URL_DYNAMODB = https:\/\/vpce-\S+\.emulated\.com\.amazonaws\.eu-west-1\.dynamodb$/
      : /AWS_ENDPOINT_URL_DYNAMODB unset/));
  });

  test('gateway on an imported VPC: the endpoint serves exactly the imported route tables', async () => {
    // GIVEN a VPC made by a plain CloudFormation template: two isolated subnets with their own route
    // tables, and a third subnet (own route table) that is not imported
    const base = await deployStack(moto, 'Emulator-existing-vpc', EXISTING_VPC_TEMPLATE);
    const [subnetA, subnetB] = base.outputs.SubnetIds.split(',');
    const [routeTableA, routeTableB] = base.outputs.RouteTableIds.split(',');
    // ... and a stack that imports it with Vpc.fromVpcAttributes, route table ids included
    const app = newApp();
    const stack = new Stack(app, 'Emulator-imported-vpc');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'ExistingVpc', {
      vpcId: base.outputs.VpcId,
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: [`${REGION}a`, `${REGION}b`],
      isolatedSubnetIds: [subnetA, subnetB],
      isolatedSubnetRouteTableIds: [routeTableA, routeTableB],
    });
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { vpc, tables: [table] });

    // WHEN it is deployed
    const deployed = await deploy('gateway on an imported VPC', stack);

    // THEN the gateway endpoint serves route tables A and B (not C), each with the route to DynamoDB
    const verification = await verify('gateway on an imported VPC', [deployed, base], {
      mode: 'gateway',
      vpc: base.outputs.VpcId,
      accessSubnets: [subnetA, subnetB],
      table: stack.resolve(table.tableName),
    });
    expect(access.routeTableIds).toEqual([routeTableA, routeTableB]);
    expect(verification.verified).toContainEqual(expect.stringMatching(new RegExp(`serves route tables ${[routeTableA, routeTableB].sort().join(', ')}$`)));
    expect(verification.verified.filter((line) => /: route to pl-/.test(line))).toHaveLength(2);
    // ... and the subnet that was not imported keeps its route table without a route to DynamoDB
    const { RouteTables = [] } = await moto.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [base.outputs.OtherRouteTableId] }));
    expect(RouteTables[0].Routes?.map((route) => route.DestinationCidrBlock ?? route.DestinationPrefixListId)).toEqual(['10.20.0.0/16']);
  });

  test('interface with streams, in a concrete-env stack: both interface endpoints deploy and the table has its stream', async () => {
    // GIVEN a stack with a concrete env: the Availability Zone context that `cdk synth` would have cached
    // from a real lookup comes from the emulator's DescribeAvailabilityZones (without it, aws-cdk-lib
    // writes dummy zone names offline, which the emulator rejects)
    const context = await moto.availabilityZoneContext();
    const app = newApp(context);
    const stack = new StreamsExampleStack(app, 'Emulator-interface-streams', { env: { account: EMULATOR_ACCOUNT, region: REGION } });

    // WHEN it is deployed
    const deployed = await deploy('interface with streams (concrete env)', stack);

    // THEN its subnets are in the emulator's zones, and both endpoints serve them
    const zones = Object.values(deployed.template.Resources).filter((resource) => resource.Type === 'AWS::EC2::Subnet')
      .map((resource) => resource.Properties?.AvailabilityZone);
    expect(zones).toEqual(Object.values(context)[0].slice(0, 2));
    const verification = await verify('interface with streams (concrete env)', [deployed], {
      mode: 'interface',
      streams: true,
      vpc: stack.resolve(stack.access.vpc.vpcId),
      interfaceSecurityGroups: securityGroupsOf(stack, stack.access),
      table: stack.resolve(stack.table.tableName),
      clientFunction: stack.resolve(stack.handler.functionName),
    });
    expect(verification.verified).toContainEqual(expect.stringMatching(/stream enabled/));
    expect(verification.verified).toContainEqual(expect.stringMatching(/AWS_ENDPOINT_URL_DYNAMODB_STREAMS = https:\/\/vpce-\S+\.emulated\.com\.amazonaws\.eu-west-1\.dynamodb-streams$/));
    expect(verification.verified.filter((line) => /one per zone/.test(line))).toHaveLength(2);
  });
});

describe('the perimeter at scale, and endpoints owned elsewhere', () => {
  test('tableTag: the gateway deploys with the tag-conditioned policy, and the table carries the tag', async () => {
    // GIVEN an access that admits tables by tag, a table it tags, and a client
    const app = newApp();
    const stack = new Stack(app, 'Emulator-table-tag');
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', { tableTag: { key: 'data-perimeter', value: 'emulator' } });
    access.tagTable(table);

    // WHEN it is deployed
    const deployed = await deploy('tableTag (gateway)', stack);

    // THEN the gateway serves the subnets, its deployed policy is the template's (with aws:ResourceTag), the table answers
    const verification = await verify('tableTag (gateway)', [deployed], { mode: 'gateway', vpc: stack.resolve(access.vpc.vpcId), table: stack.resolve(table.tableName) });
    expect(verification.verified.filter((line) => /deployed policy equals the template's/.test(line))).toHaveLength(1);
    expect(JSON.stringify(deployed.template)).toContain('aws:ResourceTag/data-perimeter');
    // AND the deployed table carries the tag the policy asks for
    const tableName = deployed.physicalIds[stack.getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable)];
    const arn = (await moto.dynamoDb.send(new DescribeTableCommand({ TableName: tableName }))).Table!.TableArn!;
    const { Tags = [] } = await moto.dynamoDb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
    expect(Tags).toContainEqual({ Key: 'data-perimeter', Value: 'emulator' });
    summary.push(`  tableTag (gateway): ${tableName} has the tag data-perimeter=emulator`);
  });

  test('existingGateway: the app creates no endpoint; the owner\'s endpoint serves the subnets; the locked table and the client deploy', async () => {
    // GIVEN a network team's VPC with its own DynamoDB gateway endpoint on route tables A and B
    const owner = await deployStack(moto, 'Emulator-owned-network', emulatorTemplate(OWNED_NETWORK_TEMPLATE, { region: moto.region }).template);
    const [subnetA, subnetB] = owner.outputs.SubnetIds.split(',');
    const [routeTableA, routeTableB] = owner.outputs.RouteTableIds.split(',');
    // ... and an app stack that uses it through existingGateway, locks its table and allows a restricted client
    const app = newApp();
    const stack = new Stack(app, 'Emulator-existing-gateway');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'SharedVpc', {
      vpcId: owner.outputs.VpcId,
      vpcCidrBlock: '10.40.0.0/16',
      availabilityZones: [`${REGION}a`, `${REGION}b`],
      isolatedSubnetIds: [subnetA, subnetB],
      isolatedSubnetRouteTableIds: [routeTableA, routeTableB],
    });
    const prefixListId = await moto.dynamoPrefixListId();
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', {
      vpc, endpoint: DynamoEndpoint.existingGateway({ vpcEndpointId: owner.outputs.EndpointId, prefixListId }),
    });
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    access.restrictTable(table);
    const client = new ec2.SecurityGroup(stack, 'ClientSg', { vpc, allowAllOutbound: false });
    access.allowFrom(client);

    // WHEN it is deployed
    const deployed = await deploy('existingGateway', stack);

    // THEN the app created no endpoint; the VPC has exactly the owner's, serving A and B with the route to DynamoDB
    expect(Object.values(deployed.template.Resources).filter((resource) => resource.Type === 'AWS::EC2::VPCEndpoint')).toHaveLength(0);
    const verification = await verify('existingGateway', [deployed, owner], {
      mode: 'gateway', vpc: owner.outputs.VpcId, accessSubnets: [subnetA, subnetB], table: stack.resolve(table.tableName),
    });
    expect(verification.verified.filter((line) => /: route to pl-/.test(line))).toHaveLength(2);
    // (the client's egress rule to the prefix list: moto ignores a group's egress rules and keeps its
    // allow-all default, so the template tests cover the rule, not this deployment)
    notShownAnywhere.add('security-group egress rules: moto ignores SecurityGroupEgress and keeps the allow-all default (the template tests and the connectivity check cover them)');
    const tableName = deployed.physicalIds[stack.getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable)];
    summary.push(`  existingGateway: the app stack created no endpoint; ${tableName} deployed with its lock-down; the owner's endpoint serves both route tables`);
  });
});

describe('an ECS workload deployed to the moto emulator', () => {
  test('the ECS example: every endpoint its task definition needs serves the Fargate service\'s subnets, with its policy and security group', async () => {
    // GIVEN the ECS example: a Fargate service in isolated subnets, with addEndpointsFor
    const stack = new EcsExampleStack(newApp(), 'Emulator-ecs');

    // WHEN its synthesized template is created with CreateStack in the emulator
    const deployed = await deploy('ECS example (Fargate service, addEndpointsFor)', stack);

    // THEN what the deployed task definition needs (its image's registry, its log driver) meets the VPC's endpoints
    const verification = await verifyWorkload(moto, [deployed], workloadExpectation(stack));
    summary.push(`  ECS example: CREATE_COMPLETE, ${verification.verified.length} checks passed:\n    ok ${verification.verified.join('\n    ok ')}`);
    verification.notShown.forEach((line) => notShownAnywhere.add(line));
    expect(verification.verified).toContainEqual('the deployed task definition needs ecr.api, ecr.dkr, s3, dynamodb, logs to start');
    expect(verification.verified.filter((line) => /: interface, in the access subnets, one per zone/.test(line))).toHaveLength(3);
    expect(verification.verified.filter((line) => /: route to pl-\S+ \(s3\) through vpce-/.test(line))).toHaveLength(2);
    expect(verification.verified.filter((line) => /: route to pl-\S+ \(dynamodb\) through vpce-/.test(line))).toHaveLength(2);
    expect(verification.verified.filter((line) => /deployed policy equals the template's/.test(line))).toHaveLength(5);
    expect(verification.verified).toContainEqual(expect.stringMatching(/^sg-\S+: tcp 443-443 from 10\.0\.0\.0\/16$/));
  });

  test('the harness rejects a deployed network that lacks an endpoint the task definition needs (the logs endpoint removed)', async () => {
    // GIVEN the ECS example's template without its CloudWatch Logs endpoint
    const stack = new EcsExampleStack(newApp(), 'Harness-ecs-without-logs');
    const { template } = emulatorTemplate(synth(stack), { region: moto.region });
    const logsEndpoint = stack.getLogicalId(stack.access.node.findChild('LogsEndpoint').node.defaultChild as CfnElement);
    delete template.Resources[logsEndpoint];
    const deployed = await deployStack(moto, stack.stackName, template);

    // WHEN it is verified, THEN it rejects, naming the endpoint and the container that needs it
    await expect(verifyWorkload(moto, [deployed], workloadExpectation(stack))).rejects.toThrow(
      /no VPC endpoint for com\.amazonaws\.eu-west-1\.logs in vpc-\S+, which container App logs to /);
  });
});

describe('a Lambda function\'s runtime calls deployed to the moto emulator', () => {
  test('the Lambda services example: the Secrets Manager and SQS endpoints addEndpointsFor derived serve the function\'s subnets, with their policies', async () => {
    // GIVEN the example: a function in isolated subnets granted a table, a secret and a queue, with addEndpointsFor
    const stack = new LambdaServicesExampleStack(newApp(), 'Emulator-lambda-services');

    // WHEN its synthesized template is created with CreateStack in the emulator
    const deployed = await deploy('Lambda services example (addEndpointsFor from grants)', stack);

    // THEN each service it is granted has its interface endpoint in the function's subnets
    const verification = await verifyRuntimeEndpoints(moto, [deployed], {
      vpc: stack.resolve(stack.access.vpc.vpcId),
      function: stack.resolve(stack.handler.functionName),
      accessSubnets: stack.access.subnets.map((subnet) => stack.resolve(subnet.subnetId)),
      endpointSecurityGroup: stack.resolve((stack.access.node.findChild('WorkloadEndpointSecurityGroup') as ec2.ISecurityGroup).securityGroupId),
      services: [
        { name: 'secretsmanager', why: 'the function reads its secret' },
        { name: 'sqs', why: 'the function sends to its queue' },
      ],
    });
    summary.push(`  Lambda services example: CREATE_COMPLETE, ${verification.verified.length} checks passed:\n    ok ${verification.verified.join('\n    ok ')}`);
    verification.notShown.forEach((line) => notShownAnywhere.add(line));
    expect(verification.verified.filter((line) => /: interface, in the access subnets, one per zone/.test(line))).toHaveLength(2);
    expect(verification.verified.filter((line) => /deployed policy equals the template's/.test(line))).toHaveLength(3);
  });
});

describe('the emulator harness itself', () => {
  test('fails the deployment when a gateway endpoint names a route table that does not exist', async () => {
    // GIVEN a gateway endpoint whose RouteTableIds names a route table id that does not exist
    const template = endpointTemplate({ RouteTableIds: ['rtb-0123456789abcdef0'] });

    // WHEN it is deployed, THEN the harness rejects, with the emulator's reason
    await expect(deployStack(moto, 'Harness-missing-route-table', template)).rejects.toThrow(/CreateStack Harness-missing-route-table failed: .*InvalidRouteTableID\.NotFound/);
  });

  test('fails the verification when the gateway endpoint serves a route table the subnet does not use', async () => {
    // GIVEN a subnet associated with route table A, and a gateway endpoint attached to route table B
    const template = endpointTemplate({ RouteTableIds: [{ Ref: 'OtherRouteTable' }] });
    const deployed = await deployStack(moto, 'Harness-wrong-route-table', template);

    // WHEN the deployment is verified, THEN it rejects, naming both failures
    const verification = verifyPrivateAccess(moto, [deployed], { mode: 'gateway', vpc: { Ref: 'Vpc' }, accessSubnets: [{ Ref: 'Subnet' }], table: { Ref: 'Table' } });
    await expect(verification).rejects.toThrow(/serves route tables \[rtb-\S+\], expected the access subnets' \[rtb-\S+\]/);
    await expect(verification).rejects.toThrow(/rtb-\S+ has no active route to pl-\S+ through vpce-/);
  });

  test('fails the deployment when the emulator silently skips a resource type (an unconverted GlobalTable)', async () => {
    // GIVEN a template with a GlobalTable, not passed through emulatorTemplate
    const template: CfnTemplate = {
      Resources: {
        Table: {
          Type: 'AWS::DynamoDB::GlobalTable',
          Properties: {
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
            Replicas: [{ Region: { Ref: 'AWS::Region' } }],
          },
        },
      },
    };

    // WHEN it is deployed, THEN the harness rejects although moto reports CREATE_COMPLETE
    await expect(deployStack(moto, 'Harness-skipped-type', template)).rejects.toThrow(/did not create Table \(AWS::DynamoDB::GlobalTable\)/);
  });

  test('fails the deployment when the emulator cannot resolve an attribute (GetAtt on a VPC endpoint, not rewritten)', async () => {
    // GIVEN the example's interface stack, whose client URL reads the endpoint's DnsEntries, with every
    // emulator step but the one for endpoint attributes
    const stack = new ExampleStack(newApp(), 'Harness-unrewritten-interface', { mode: 'interface' });
    const { template } = emulatorTemplate(synth(stack), { region: moto.region, without: ['endpointAttributes'] });

    // WHEN it is deployed, THEN the harness rejects (moto answers HTTP 500 and leaves the stack in progress)
    await expect(deployStack(moto, stack.stackName, template)).rejects.toThrow(/CreateStack Harness-unrewritten-interface failed: .*HTTP 500/);
  });
});

/** An App that writes its cloud assembly to a temporary directory, removed after the tests. */
function newApp(context?: Record<string, unknown>): App {
  const outdir = mkdtempSync(join(tmpdir(), 'emulator-cdk-out-'));
  outdirs.push(outdir);
  return new App({ outdir, context });
}

function synth(stack: Stack): CfnTemplate {
  const app = stack.node.root as App;
  return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
}

/** Synthesizes, applies the emulator steps (printed), and deploys with CreateStack. */
async function deploy(title: string, stack: Stack): Promise<DeployedStack> {
  const { template, steps } = emulatorTemplate(synth(stack), { region: moto.region });
  summary.push(`- ${title} (${stack.stackName}): emulator steps:${steps.map((step: EmulatorStep) => `\n    * ${step.gap} -> ${step.change}`).join('')}`);
  steps.filter((step) => step.notVerified !== undefined).forEach((step) => notShownAnywhere.add(step.notVerified!));
  return deployStack(moto, stack.stackName, template);
}

async function verify(title: string, stacks: DeployedStack[], expected: AccessExpectation) {
  const verification = await verifyPrivateAccess(moto, stacks, expected);
  summary.push(`  ${title}: CREATE_COMPLETE, ${verification.verified.length} checks passed:\n    ok ${verification.verified.join('\n    ok ')}`);
  verification.notShown.forEach((line) => notShownAnywhere.add(line));
  return verification;
}

/** What the ECS example's deployment must show. */
function workloadExpectation(stack: EcsExampleStack): WorkloadExpectation {
  return {
    vpc: stack.resolve(stack.access.vpc.vpcId),
    cluster: stack.resolve(stack.service.cluster.clusterName),
    service: stack.resolve(stack.service.serviceArn),
    accessSubnets: stack.access.subnets.map((subnet) => stack.resolve(subnet.subnetId)),
    endpointSecurityGroup: stack.resolve((stack.access.node.findChild('WorkloadEndpointSecurityGroup') as ec2.ISecurityGroup).securityGroupId),
    table: stack.resolve(stack.table.tableName),
  };
}

function securityGroupsOf(stack: Stack, access: PrivateDynamoAccess): unknown[] {
  return access.connections.securityGroups.map((group) => stack.resolve(group.securityGroupId));
}

/** A VPC with one subnet on route table A, a second route table B, a table, and a gateway endpoint. */
function endpointTemplate(endpointProperties: Record<string, unknown>): CfnTemplate {
  return {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.30.0.0/16' } },
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.30.0.0/24', AvailabilityZone: `${REGION}a` } },
      RouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      Association: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Subnet' }, RouteTableId: { Ref: 'RouteTable' } } },
      OtherRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        },
      },
      Endpoint: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: `com.amazonaws.${REGION}.dynamodb`, VpcEndpointType: 'Gateway', ...endpointProperties },
      },
    },
  };
}

/** The "existing" VPC of the import scenario, as a plain template: what a platform team would own. */
const EXISTING_VPC_TEMPLATE: CfnTemplate = {
  Resources: {
    ...platformVpcResources('10.20', REGION, ['A', 'B', 'C']),
  },
  Outputs: {
    ...PLATFORM_VPC_OUTPUTS,
    OtherRouteTableId: { Value: { Ref: 'RouteTableC' } },
  },
};

/** A network team's VPC with its own DynamoDB gateway endpoint (and its own policy) on two route tables. */
const OWNED_NETWORK_TEMPLATE: CfnTemplate = {
  Resources: {
    ...platformVpcResources('10.40', REGION),
    Endpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.dynamodb' },
        VpcEndpointType: 'Gateway',
        RouteTableIds: [{ Ref: 'RouteTableA' }, { Ref: 'RouteTableB' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } } }],
        },
      },
    },
  },
  Outputs: {
    ...PLATFORM_VPC_OUTPUTS,
    EndpointId: { Value: { Ref: 'Endpoint' } },
  },
};
