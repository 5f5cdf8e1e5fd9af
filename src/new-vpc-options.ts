import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * How to build the VPC when `PrivateDynamoAccess` creates one.
 *
 * The VPC is private by construction: isolated subnets only, no internet gateway, no NAT gateway,
 * DNS support and hostnames on, flow logs on, and the default security group stripped of its rules.
 */
export interface NewVpcOptions {
  /**
   * The IPv4 address range of the VPC.
   *
   * @example ec2.IpAddresses.cidr('10.42.0.0/16')
   * @default ec2.IpAddresses.cidr('10.0.0.0/16')
   */
  readonly ipAddresses?: ec2.IIpAddresses;

  /**
   * How many Availability Zones to spread the isolated subnets over (one subnet per zone).
   *
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * The size of each isolated subnet, as a CIDR prefix length. AWS allows /16 to /28.
   *
   * @default 24
   */
  readonly subnetCidrMask?: number;

  /**
   * Whether to record the VPC's traffic in VPC flow logs (to a new CloudWatch Logs log group).
   *
   * @default true
   */
  readonly flowLogs?: boolean;
}
