/**
 * Dual-stack endpoints (`ipAddressType`) deployed to the moto emulator (moto 5.2.1, on 127.0.0.1 only),
 * as far as moto takes them; see "Emulator gaps" in CONTRIBUTING.md. What was tried and what moto did:
 *
 * - A dual-stack new VPC (`vpcOptions.ipProtocol: DUAL_STACK`) does not deploy: moto's CloudFormation has
 *   no `AWS::EC2::VPCCidrBlock` and refuses the template at once ("resource … does not support attribute
 *   type Ipv6CidrBlocks in Fn::GetAtt", HTTP 400). The test below pins that refusal, so that a moto that
 *   takes it makes this file ask for the scenario.
 * - Dual-stack endpoints in a VPC whose IPv6 range is associated through the EC2 API (which moto has)
 *   deploy, serve the subnets and answer; moto accepts `IpAddressType` and `DnsOptions` and ignores them:
 *   `DescribeVpcEndpoints` returns neither, and the gateway's route table gets no IPv6 prefix-list route.
 *   The test fails if moto reports another IP address type than the template's; when it reports none, the
 *   output says so. The template tests and cfn-lint cover the property.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AssociateSubnetCidrBlockCommand, AssociateVpcCidrBlockCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { deployStack } from './emulator/deploy';
import { CfnTemplate, emulatorTemplate } from './emulator/emulator-template';
import { MotoServer, startMoto } from './emulator/moto';
import { PLATFORM_VPC_OUTPUTS, platformVpcResources } from './emulator/platform-vpc';
import { verifyPrivateAccess } from './emulator/verify';

const REGION = 'eu-west-1';
const { DUALSTACK } = ec2.VpcEndpointIpAddressType;

let moto: MotoServer;
const outdirs: string[] = [];
const summary: string[] = [];

beforeAll(async () => {
  moto = await startMoto({ region: REGION });
}, 60_000);

afterAll(async () => {
  // Runs when a check failed too: the server never outlives the test file.
  await moto?.stop();
  outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  if (summary.length > 0) {
    console.info(`dual-stack emulator scenarios (moto on 127.0.0.1, pid ${moto?.pid}):\n${summary.join('\n')}`);
  }
});

describe('dual-stack endpoints deployed to the moto emulator', () => {
  test('gateway+interface, DUALSTACK, in a dual-stack VPC: both endpoints deploy, serve the subnets, and the table answers', async () => {
    // GIVEN a VPC made by a plain template (two subnets, each with its route table), given an IPv6 range
    // and a /64 per subnet through the EC2 API (moto's CloudFormation has no AWS::EC2::VPCCidrBlock)
    const base = await deployStack(moto, 'Emulator-dual-stack-vpc', BASE_VPC_TEMPLATE);
    const vpcId = base.outputs.VpcId;
    const subnetIds = base.outputs.SubnetIds.split(',');
    const routeTableIds = base.outputs.RouteTableIds.split(',');
    await moto.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true }));
    const range = (await moto.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0].Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock;
    expect(range).toMatch(/::\/56$/);
    for (const [index, subnetId] of subnetIds.entries()) {
      await moto.ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: ipv6Subnet(range!, index) }));
    }
    // ... and an app stack that imports it and makes its DynamoDB endpoints dual-stack
    const stack = new Stack(newApp(), 'Emulator-dual-stack-endpoints');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'DualStackVpc', {
      vpcId,
      vpcCidrBlock: '10.60.0.0/16',
      availabilityZones: [`${REGION}a`, `${REGION}b`],
      isolatedSubnetIds: subnetIds,
      isolatedSubnetRouteTableIds: routeTableIds,
    });
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const access = new PrivateDynamoAccess(stack, 'DynamoAccess', {
      vpc, tables: [table], endpoint: DynamoEndpoint.gatewayAndInterface({ ipAddressType: DUALSTACK }),
    });

    // WHEN it is deployed
    const { template, steps } = emulatorTemplate(synth(stack), { region: moto.region });
    const deployed = await deployStack(moto, stack.stackName, template);

    // THEN the template asked for dual-stack endpoints, and they deploy, serve the subnets and the table answers
    const written = Object.values(deployed.template.Resources).filter((resource) => resource.Type === 'AWS::EC2::VPCEndpoint')
      .map((resource) => resource.Properties?.IpAddressType);
    expect(written).toEqual(['dualstack', 'dualstack']);
    const verification = await verifyPrivateAccess(moto, [deployed, base], {
      mode: 'gateway+interface',
      vpc: vpcId,
      accessSubnets: subnetIds,
      interfaceSecurityGroups: access.connections.securityGroups.map((group) => stack.resolve(group.securityGroupId)),
      table: stack.resolve(table.tableName),
    });
    expect(verification.verified.filter((line) => /: route to pl-\S+ .* through vpce-/.test(line))).toHaveLength(2);
    expect(verification.verified).toContainEqual(expect.stringMatching(/PutItem, then GetItem returns the item/));
    // ... and the IP address type the emulator reports, if any, is the template's
    const endpoints = (await moto.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).VpcEndpoints ?? [];
    expect(endpoints).toHaveLength(2);
    const reported = endpoints.map((endpoint) => endpoint.IpAddressType);
    expect(reported.filter((type) => type !== undefined && type !== 'dualstack')).toEqual([]);
    summary.push(`- dual-stack gateway+interface (${stack.stackName}) in ${vpcId} (IPv6 ${range}): emulator steps: ${steps.map((step) => step.gap).join('; ')}`,
      `  CREATE_COMPLETE, ${verification.verified.length} checks passed:\n    ok ${verification.verified.join('\n    ok ')}`,
      reported.every((type) => type === 'dualstack')
        ? '  ok the emulator reports IpAddressType dualstack on both endpoints'
        : '  not shown: the endpoints\' IpAddressType (moto 5.2.1 accepts it and reports none), nor an IPv6 prefix-list route; ' +
          'covered by test/private-dynamo-access.dual-stack.test.ts and cfn-lint',
      ...verification.notShown.map((line) => `  not shown: ${line}`));
  });

  test('a dual-stack new VPC is refused by moto 5.2.1 (no AWS::EC2::VPCCidrBlock, no GetAtt Ipv6CidrBlocks): not deployable here', async () => {
    // GIVEN the construct's new VPC, dual-stack, with a dual-stack gateway endpoint
    const stack = new Stack(newApp(), 'Emulator-dual-stack-new-vpc');
    new PrivateDynamoAccess(stack, 'DynamoAccess', {
      vpcOptions: { ipProtocol: ec2.IpProtocol.DUAL_STACK }, endpoint: DynamoEndpoint.gateway({ ipAddressType: DUALSTACK }),
    });
    const { template } = emulatorTemplate(synth(stack), { region: moto.region });

    // WHEN it is deployed, THEN moto refuses the template: this scenario is covered by the template tests only
    await expect(deployStack(moto, stack.stackName, template)).rejects.toThrow(/does not support attribute type Ipv6CidrBlocks in Fn::GetAtt/);
    summary.push('- dual-stack new VPC: refused by moto 5.2.1 (GetAtt Ipv6CidrBlocks); covered by the template tests and cfn-lint');
  });
});

/** An App that writes its cloud assembly to a temporary directory, removed after the tests. */
function newApp(): App {
  const outdir = mkdtempSync(join(tmpdir(), 'emulator-dual-stack-cdk-out-'));
  outdirs.push(outdir);
  return new App({ outdir });
}

function synth(stack: Stack): CfnTemplate {
  return (stack.node.root as App).synth().getStackByName(stack.stackName).template as CfnTemplate;
}

/** The `index`-th /64 of a /56 range (`2400:6500:9960:a000::/56` -> `2400:6500:9960:a001::/64`). */
function ipv6Subnet(range: string, index: number): string {
  const [groups] = range.split('::');
  const parts = groups.split(':');
  parts[3] = (parseInt(parts[3], 16) + index).toString(16);
  return `${parts.join(':')}::/64`;
}

/** Two subnets in two zones, each with its own route table: what a platform team would own. */
const BASE_VPC_TEMPLATE: CfnTemplate = {
  Resources: {
    ...platformVpcResources('10.60', REGION),
  },
  Outputs: {
    ...PLATFORM_VPC_OUTPUTS,
  },
};
