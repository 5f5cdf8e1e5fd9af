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

/** The context keys and values of a lookup, as `cdk.context.json` would hold them for `env`. */
export function lookupContext(
  env: { account: string; region: string } = ENV,
  extra: { vpcId?: string; vpc?: unknown } = {},
): Record<string, unknown> {
  const probe = new Stack(new App(), 'Probe', { env });
  const key = (provider: string, props: Record<string, unknown>) => ContextProvider.getKey(probe, { provider, props }).key;
  const context: Record<string, unknown> = {
    [key(cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER, {})]: ['a', 'b', 'c'].map((zone) => `${env.region}${zone}`),
    [key(cxschema.ContextProvider.CC_API_PROVIDER, {
      typeName: 'AWS::EC2::PrefixList',
      propertyMatch: { PrefixListName: `com.amazonaws.${env.region}.dynamodb` },
      propertiesToReturn: ['PrefixListId'],
      expectedMatchCount: 'exactly-one',
    })]: [{ PrefixListId: PREFIX_LIST_IDS[env.region] ?? 'pl-0123abcd' }],
  };
  if (extra.vpcId !== undefined) {
    context[key(cxschema.ContextProvider.VPC_PROVIDER, { filter: { 'vpc-id': extra.vpcId }, returnAsymmetricSubnets: true })] = extra.vpc;
  }
  return context;
}

/** The key of the prefix-list lookup for `env`, e.g. to check that a lookup was asked for. */
export function prefixListLookupKey(env: { account: string; region: string } = ENV): string {
  return Object.keys(lookupContext(env)).find((name) => name.startsWith('cc-api-provider'))!;
}

/** A stack without env: account, region and partition are deploy-time values. */
export function envAgnosticStack(id = 'Stack', app = new App()): Stack {
  return new Stack(app, id);
}

/** A stack of `ENV` in an app that has the lookups' context. */
export function concreteStack(id = 'Stack', app = new App({ context: lookupContext() })): Stack {
  return new Stack(app, id, { env: ENV });
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

/** The CloudFormation value a token resolves to in `stack`: `{ Ref: ... }`, `{ 'Fn::GetAtt': ... }`, or a literal. */
export function cfn(stack: Stack, value: unknown): any {
  return stack.resolve(value);
}
