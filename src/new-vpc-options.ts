import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * How to build the VPC when `PrivateDynamoAccess` creates one.
 *
 * The VPC is private by construction: isolated subnets only, no internet gateway, no NAT gateway,
 * DNS support and hostnames on, flow logs on, and (unless `restrictDefaultSecurityGroup` is false)
 * the default security group stripped of its rules.
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
   * Whether the VPC has IPv6 too. With `DUAL_STACK` it gets an Amazon-provided IPv6 range and each
   * isolated subnet a /64 of it (aws-cdk-lib's `ec2.Vpc`), so that the endpoints can be made dual-stack
   * (`DynamoEndpoint.gateway({ ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK })`) for clients that
   * send IPv6. It stays private: the egress-only internet gateway that aws-cdk-lib adds to a dual-stack
   * VPC is not created (no subnet would route to it).
   *
   * @default ec2.IpProtocol.IPV4_ONLY
   */
  readonly ipProtocol?: ec2.IpProtocol;

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
   * Whether to record the VPC's traffic in VPC flow logs (all traffic, accepted and rejected).
   *
   * @default true
   */
  readonly flowLogs?: boolean;

  /**
   * Where the VPC flow log writes, when `flowLogs` is on: a CloudWatch Logs log group or an S3 bucket
   * that you own, for example a log group encrypted with your KMS key and kept as long as you need.
   *
   * The default log group is encrypted by CloudWatch Logs with an AWS-owned key, which fails controls
   * that require a customer-managed KMS key (AWS Control Tower `CT.CLOUDWATCH.PR.3`, cdk-nag
   * `NIST.800.53.R5-CloudWatchLogGroupEncrypted`). Give a destination to pass them. For a log group, give
   * the role too, with its permissions in a managed policy, as `role.withoutPolicyUpdates()`: otherwise
   * aws-cdk-lib writes them as an inline policy, which cdk-nag's `IAMNoInlinePolicy` rules flag.
   * Only valid while `flowLogs` is on.
   *
   * @example
   * import * as iam from 'aws-cdk-lib/aws-iam';
   * import * as kms from 'aws-cdk-lib/aws-kms';
   * import * as logs from 'aws-cdk-lib/aws-logs';
   *
   * const key = new kms.Key(this, 'FlowLogKey', { enableKeyRotation: true });
   * // CloudWatch Logs must be allowed to use the key (the log group does not add this for you)
   * key.grant(new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`),
   *   'kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*');
   * const logGroup = new logs.LogGroup(this, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
   * // the role VPC Flow Logs writes with, its permissions in a managed policy
   * const role = new iam.Role(this, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
   * role.addManagedPolicy(new iam.ManagedPolicy(this, 'FlowLogPolicy', {
   *   statements: [new iam.PolicyStatement({
   *     actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
   *     resources: [logGroup.logGroupArn],
   *   })],
   * }));
   * new PrivateDynamoAccess(this, 'DynamoAccess', {
   *   vpcOptions: { flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()) },
   * });
   *
   * @default - a new CloudWatch Logs log group (2 years' retention, kept when the stack is deleted) and an IAM role that writes to it, with a customer-managed policy
   */
  readonly flowLogDestination?: ec2.FlowLogDestination;

  /**
   * Whether to remove every inbound and outbound rule from the VPC's default security group.
   *
   * aws-cdk-lib does this with a custom resource (`Custom::VpcRestrictDefaultSG`) backed by a Lambda
   * function outside the VPC, which fails controls that require every Lambda function to run in a VPC
   * (AWS Control Tower `CT.LAMBDA.PR.3`) and is refused where service control policies or permission
   * boundaries forbid such functions. With `false` no custom resource and no function are created, and the
   * default security group keeps the rules EC2 gives it (all traffic from itself, all traffic out): close it
   * yourself, and expect cdk-nag's `VPCDefaultSecurityGroupClosed` (NIST 800-53 R5, HIPAA and PCI DSS
   * packs) until you acknowledge it.
   * `PrivateDynamoAccess` never places anything in the default security group.
   *
   * @default true
   */
  readonly restrictDefaultSecurityGroup?: boolean;
}
