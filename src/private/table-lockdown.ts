import * as iam from 'aws-cdk-lib/aws-iam';
import { DEFAULT_TABLE_ACTIONS } from '../endpoint-policy';

/**
 * The table lock-down: a resource-policy statement that keeps a table's data reachable only through
 * the VPC. Internal module: `PrivateDynamoAccess.restrictTable` is its public face.
 */

/**
 * Default endpoint actions that the lock-down leaves alone: describing the table (CloudFormation and
 * consoles need it) and the stream actions (a stream is its own resource, with its own resource policy).
 */
const STAYS_OPEN = new Set([
  'dynamodb:DescribeTable',
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

/**
 * The data-plane actions that the lock-down denies outside the VPC: reading and writing items.
 * Control-plane and describe actions stay open so that CloudFormation and administrators can manage
 * the table from anywhere their IAM permissions allow.
 */
export const LOCKED_DOWN_ACTIONS: readonly string[] = DEFAULT_TABLE_ACTIONS.filter((action) => !STAYS_OPEN.has(action));

/** The role DynamoDB uses to replicate global tables between regions. */
const REPLICATION_ROLE_ARN = 'arn:*:iam::*:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication';

/**
 * Deny the data-plane actions unless the request comes from the VPC `vpcId` (through one of its
 * endpoints), by an AWS service on a principal's behalf, by an AWS service principal, or by DynamoDB's
 * replication role. `"Resource": "*"` in a table's own policy means the table and its indexes, and it
 * avoids a reference from the table to itself.
 *
 * Every condition is an `...IfExists` operator: a request that carries no `aws:SourceVpc` (one from the
 * internet or through a NAT gateway) is denied, and one without `aws:ViaAWSService` /
 * `aws:PrincipalIsAWSService` / `aws:PrincipalArn` is judged as if they were false / not the
 * replication role.
 *
 * Still denied from outside the VPC: roles that an AWS service assumes to call DynamoDB from the
 * service's own network with the role's credentials (AppSync data sources, Step Functions and API
 * Gateway service integrations, EventBridge Pipes, Glue jobs outside the VPC): these are not
 * `aws:ViaAWSService` calls, and need their own exemption in the table's policy.
 * Not covered: control-plane calls that copy data (`ExportTableToPointInTime`, `CreateBackup`,
 * `RestoreTableFromBackup`); restrict those with IAM.
 */
export function tableLockdownStatement(vpcId: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyDataAccessFromOutsideTheVpc',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: [...LOCKED_DOWN_ACTIONS],
    resources: ['*'],
    conditions: {
      StringNotEqualsIfExists: { 'aws:SourceVpc': vpcId },
      BoolIfExists: { 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' },
      ArnNotLikeIfExists: { 'aws:PrincipalArn': REPLICATION_ROLE_ARN },
    },
  });
}
