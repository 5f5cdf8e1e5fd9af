import { PhysicalName } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/*
 * The new VPC's flow-log destination when the user gives none. Internal module.
 */

/**
 * What VPC Flow Logs needs to write to a log group: exactly the actions that aws-cdk-lib's
 * `FlowLogDestination.toCloudWatchLogs()` grants its role, on the one log group
 * (test/private/flow-log-destination.test.ts compares the two policies).
 */
export const FLOW_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];

/**
 * aws-cdk-lib's default CloudWatch Logs destination (`FlowLogDestination.toCloudWatchLogs()`), with the same
 * construct ids, so the log group and the role keep their logical ids, but with the role's permissions in a
 * customer-managed policy (`IAMPolicy`) instead of an inline one, which cdk-nag's HIPAA, NIST 800-53 and PCI DSS
 * packs flag (`IAMNoInlinePolicy`). The policy grants what the inline one granted, no more; it is attached to
 * the role by the role itself (`ManagedPolicyArns`), so it is in place before the flow log that uses the role.
 */
export class ManagedPolicyLogGroupDestination extends ec2.FlowLogDestination {
  public bind(scope: Construct, _flowLog: ec2.FlowLog): ec2.FlowLogDestinationConfig {
    const iamRole = new iam.Role(scope, 'IAMRole', {
      roleName: PhysicalName.GENERATE_IF_NEEDED,
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
    });
    const logGroup = new logs.LogGroup(scope, 'LogGroup');
    iamRole.addManagedPolicy(new iam.ManagedPolicy(scope, 'IAMPolicy', {
      description: 'VPC flow log: writes to its log group',
      statements: [new iam.PolicyStatement({ actions: FLOW_LOG_ACTIONS, resources: [logGroup.logGroupArn] })],
    }));
    return { logDestinationType: ec2.FlowLogDestinationType.CLOUD_WATCH_LOGS, logGroup, iamRole };
  }
}
