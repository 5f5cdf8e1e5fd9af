import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Options of `PrivateDynamoAccess.restrictTable()`.
 */
export interface RestrictTableOptions {
  /**
   * Roles that may call the table's data plane from outside the VPC: roles that a service assumes to call
   * DynamoDB from the service's own network with the role's credentials, such as an AppSync data source's
   * role, a Step Functions state machine's or an API Gateway integration's role, an EventBridge Pipe's
   * role, or a DAX cluster's role. Their requests are not made through the VPC, and not made by an AWS
   * service on a principal's behalf (`aws:ViaAWSService`), so the lock-down would deny them.
   *
   * Each exemption widens the perimeter to whoever can act as that role: keep the list short.
   *
   * @example
   * import * as iam from 'aws-cdk-lib/aws-iam';
   *
   * declare const appSyncRole: iam.IRole;
   * const options: RestrictTableOptions = { exemptRoles: [appSyncRole] };
   *
   * @default - no role is exempt: only requests through the VPC, by AWS services on a principal's behalf,
   * and DynamoDB's replication role pass
   */
  readonly exemptRoles?: iam.IRole[];
}
