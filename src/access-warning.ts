/**
 * The ids of the warnings `PrivateDynamoAccess` itself reports at synth (the connectivity check's are in
 * `ConnectivityCheck`): what the construct cannot enforce or cannot know. Each warning reads
 * `<prop or method>: <what is wrong>; <how to fix it>`, like the construct's errors, and ends with its id.
 * Acknowledge one on the construct, or on the table for `restrictTable`'s, the CDK way:
 *
 * @example
 * import { Annotations } from 'aws-cdk-lib';
 * import { AccessWarning } from 'cdk-private-dynamo-access';
 *
 * declare const table: dynamodb.TableV2;
 * Annotations.of(table).acknowledgeWarning(AccessWarning.STREAM_NOT_RESTRICTED, 'only the audit role is granted the stream');
 */
export class AccessWarning {
  /**
   * `restrictTable`: the table's stream is not locked to the VPC (a stream policy that denied outside
   * callers would also stop Lambda event source mappings, which read it from the Lambda service's network).
   */
  public static readonly STREAM_NOT_RESTRICTED = 'cdk-private-dynamo-access:streamNotRestricted';

  /** `restrictTable`: a replica of a global table in another region is not locked to a VPC. */
  public static readonly REPLICA_NOT_RESTRICTED = 'cdk-private-dynamo-access:replicaNotRestricted';

  /** `endpoint`: the endpoint is owned elsewhere (`existingGateway`, `existingInterface`), so its policy is its owner's. */
  public static readonly PERIMETER_NOT_MANAGED = 'cdk-private-dynamo-access:perimeterNotManaged';

  /** `endpoint.subnets`: the interface endpoint's subnets are all in one Availability Zone. */
  public static readonly INTERFACE_SINGLE_AZ = 'cdk-private-dynamo-access:interfaceSingleAz';

  /** `tables`: the endpoint policy may exceed 20,480 characters once the tables' names are known at deploy. */
  public static readonly POLICY_MAY_EXCEED_LIMIT = 'cdk-private-dynamo-access:policyMayExceedLimit';

  private constructor() {}
}
