import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { propError } from './errors';
import { ManagedPolicyLogGroupDestination } from './flow-log-destination';
import { NewVpcOptions } from '../new-vpc-options';

/** The smallest and largest subnet prefix lengths AWS accepts. */
const SUBNET_MASK_RANGE = { widest: 16, narrowest: 28 };

/**
 * Creates the isolated VPC described by `options` under `scope`, after validating them.
 */
export function createIsolatedVpc(scope: Construct, id: string, options: NewVpcOptions): ec2.Vpc {
  const maxAzs = options.maxAzs ?? 2;
  const subnetCidrMask = options.subnetCidrMask ?? 24;
  const flowLogs = options.flowLogs ?? true;
  const restrictDefaultSecurityGroup = options.restrictDefaultSecurityGroup ?? true;
  const ipProtocol = options.ipProtocol ?? ec2.IpProtocol.IPV4_ONLY;

  if (!Token.isUnresolved(maxAzs) && (!Number.isInteger(maxAzs) || maxAzs < 1)) {
    throw propError('vpcOptions.maxAzs', `${maxAzs} is not a whole number of at least 1`, 'pass 1 or more (2 or more is recommended), or omit it for 2');
  }
  if (!Token.isUnresolved(subnetCidrMask) &&
    (!Number.isInteger(subnetCidrMask) || subnetCidrMask < SUBNET_MASK_RANGE.widest || subnetCidrMask > SUBNET_MASK_RANGE.narrowest)) {
    throw propError('vpcOptions.subnetCidrMask', `/${subnetCidrMask} is outside what AWS allows for a subnet`,
      `pass a whole number from ${SUBNET_MASK_RANGE.widest} to ${SUBNET_MASK_RANGE.narrowest}, or omit it for 24`);
  }
  if (!flowLogs && options.flowLogDestination !== undefined) {
    throw propError('vpcOptions.flowLogDestination', 'a destination is given but vpcOptions.flowLogs is false, so no flow log would write to it',
      'remove flowLogDestination, or set flowLogs to true (or omit it)');
  }

  const vpcProps: ec2.VpcProps = {
    ipAddresses: options.ipAddresses ?? ec2.IpAddresses.cidr('10.0.0.0/16'),
    ipProtocol,
    maxAzs,
    natGateways: 0,
    createInternetGateway: false,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    restrictDefaultSecurityGroup,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: subnetCidrMask }],
    // without a destination: a log group and a role under aws-cdk-lib's ids (FlowLog/LogGroup, FlowLog/IAMRole), the
    // role's permissions in a customer-managed policy (FlowLog/IAMPolicy)
    flowLogs: flowLogs
      ? { FlowLog: { trafficType: ec2.FlowLogTrafficType.ALL, destination: options.flowLogDestination ?? new ManagedPolicyLogGroupDestination() } }
      : undefined,
  };
  let vpc: ec2.Vpc;
  try {
    vpc = new ec2.Vpc(scope, id, vpcProps);
  } catch (error) {
    // e.g. subnets that do not fit the address range: aws-cdk-lib's message says why, ours names the props.
    throw propError('vpcOptions', `a VPC with ${maxAzs} isolated subnet(s) of /${subnetCidrMask} cannot be built (${(error as Error).message})`,
      'pass a larger subnetCidrMask (smaller subnets), fewer maxAzs, or a larger ipAddresses range');
  }
  if (ipProtocol === ec2.IpProtocol.DUAL_STACK) {
    // aws-cdk-lib adds an egress-only internet gateway to a dual-stack VPC (unless the feature flag
    // @aws-cdk/aws-ec2:requirePrivateSubnetsForEgressOnlyInternetGateway is on) and routes only private
    // subnets to it: with isolated subnets only, nothing routes to it, and the VPC keeps no way out.
    vpc.node.tryRemoveChild(EGRESS_ONLY_GATEWAY_ID);
  }
  return vpc;
}

/** The construct id of the egress-only internet gateway of aws-cdk-lib's `ec2.Vpc`. */
const EGRESS_ONLY_GATEWAY_ID = 'EIGW6';
