import { App, ContextProvider, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';

/*
 * Shared fixtures of the tests: accounts, regions, the context a real `cdk synth` would have cached
 * after its lookups (keys built by aws-cdk-lib's own ContextProvider.getKey, never typed by hand), and
 * the stacks and VPCs most tests start from.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const ENV = { account: ACCOUNT, region: REGION };
/** A second account and region, for apps that span environments. */
export const OTHER_ACCOUNT = '210987654321';
export const OTHER_REGION = 'us-west-2';

/** DynamoDB's prefix-list id that the lookup context answers, per region. */
export const PREFIX_LIST_IDS: Record<string, string> = { 'eu-west-1': 'pl-6da54004', 'us-west-2': 'pl-00a54069', 'us-east-1': 'pl-02cd2c6b' };

type Env = { account: string; region: string };

/** The key a lookup of `provider` with `props` has in `env` (as aws-cdk-lib computes it). */
function contextKey(env: Env, provider: string, props: Record<string, unknown>): string {
  return ContextProvider.getKey(new Stack(new App(), 'Probe', { env }), { provider, props }).key;
}

/** What `cdk synth` caches after looking up the zones of `env`'s region (without it aws-cdk-lib writes dummy names). */
export function azContext(env: Env = ENV): Record<string, unknown> {
  return { [contextKey(env, cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER, {})]: ['a', 'b', 'c'].map((zone) => `${env.region}${zone}`) };
}

/** The key of the lookup of DynamoDB's prefix list in `env` (`ec2.PrefixList.fromLookup`). */
export function prefixListLookupKey(env: Env = ENV): string {
  return contextKey(env, cxschema.ContextProvider.CC_API_PROVIDER, {
    typeName: 'AWS::EC2::PrefixList',
    propertyMatch: { PrefixListName: `com.amazonaws.${env.region}.dynamodb` },
    propertiesToReturn: ['PrefixListId'],
    expectedMatchCount: 'exactly-one',
  });
}

/** What `cdk synth` caches after looking up DynamoDB's prefix list in `env`. */
export function prefixListContext(env: Env = ENV): Record<string, unknown> {
  return { [prefixListLookupKey(env)]: [{ PrefixListId: PREFIX_LIST_IDS[env.region] ?? 'pl-0123abcd' }] };
}

/** The key of `ec2.Vpc.fromLookup({ vpcId })` in `env`. */
export function vpcLookupKey(vpcId: string, env: Env = ENV): string {
  return contextKey(env, cxschema.ContextProvider.VPC_PROVIDER, { filter: { 'vpc-id': vpcId }, returnAsymmetricSubnets: true });
}

/** The zones and DynamoDB's prefix list of `env`, as `cdk.context.json` would hold them. */
export function lookupContext(env: Env = ENV): Record<string, unknown> {
  return { ...azContext(env), ...prefixListContext(env) };
}

/** A stack without env: account, region and partition are deploy-time values. */
export function envAgnosticStack(id = 'Stack', app = new App()): Stack {
  return new Stack(app, id);
}

/** A stack of `ENV` in an app with the zones' context, plus `context`. */
export function concreteStack(context: Record<string, unknown> = {}, id = 'Stack'): Stack {
  return new Stack(new App({ context: { ...azContext(), ...context } }), id, { env: ENV });
}

/** A VPC of the same app with public, private (with egress through one NAT) and isolated subnets in 2 zones. */
export function threeTierVpc(stack: Stack, props: Partial<ec2.VpcProps> = {}, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
    ...props,
  });
}

/** A VPC with two groups of isolated subnets: "App" and "Other" (or the names given), no NAT. */
export function twoGroupVpc(stack: Stack, id = 'Vpc', groups: [string, string] = ['App', 'Other'], props: Partial<ec2.VpcProps> = {}): ec2.Vpc {
  return new ec2.Vpc(stack, id, {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: groups.map((name) => ({ name, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 })),
    ...props,
  });
}

/** An imported VPC with two isolated subnets, each with its own route table (`Vpc.fromVpcAttributes`). */
export function importedVpc(stack: Stack, id = 'Vpc'): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    isolatedSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaaa', 'rtb-0bbbbbbbbbbbbbbbb'],
  });
}

/**
 * An imported VPC whose primary block is 10.0.0.0/16 and whose two isolated subnets lie in a secondary
 * block, 100.64.0.0/16 (as a VPC that ran out of addresses gets them).
 */
export function secondaryCidrVpc(stack: Stack, id = 'Vpc'): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    isolatedSubnetIds: ['subnet-1', 'subnet-2'],
    isolatedSubnetIpv4CidrBlocks: ['100.64.0.0/24', '100.64.1.0/24'],
    isolatedSubnetRouteTableIds: ['rtb-1', 'rtb-2'],
  });
}

/** The CloudFormation value a token resolves to in `stack`: `{ Ref: ... }`, `{ 'Fn::GetAtt': ... }`, or a literal. */
export function cfn(stack: Stack, value: unknown): any {
  return stack.resolve(value);
}
