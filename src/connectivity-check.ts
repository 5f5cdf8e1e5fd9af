/**
 * The ids of the findings of `PrivateDynamoAccess`'s synth-time connectivity check.
 *
 * At synth, the check finds the clients of the construct's VPC that use DynamoDB (Lambda functions, ECS
 * services with `awsvpc` networking, EC2 instances, auto-scaling groups, and other constructs with
 * `connections` placed in the VPC's subnets, when granted DynamoDB actions or passed to `allowFrom()`),
 * and reports on each client's resource, in `cdk synth` output, every way it cannot reach DynamoDB:
 * an error when the break is certain, a warning when a fact is not known at synth (an imported security
 * group, a token).
 *
 * Every finding ends with `[ack: <id>]`. Acknowledge it on the client (or on any scope above it, such as
 * its stack) with a reason, the CDK way; this works for errors too, because the check asks CDK whether
 * the id is acknowledged before it reports:
 *
 * @example
 * import { Annotations } from 'aws-cdk-lib';
 * import { ConnectivityCheck } from 'cdk-private-dynamo-access';
 *
 * declare const handler: lambda.Function;
 * Annotations.of(handler).acknowledgeWarning(ConnectivityCheck.NO_ENDPOINT_ROUTE, 'reaches DynamoDB through the transit gateway');
 */
export class ConnectivityCheck {
  /**
   * The client's subnet has no route to DynamoDB: its route table is not served by a DynamoDB gateway
   * endpoint and has no route out of the VPC.
   */
  public static readonly NO_ENDPOINT_ROUTE = 'cdk-private-dynamo-access:noEndpointRoute';

  /**
   * The client's security groups restrict outbound traffic and allow none on TCP 443 to DynamoDB
   * (gateway: DynamoDB's prefix list or `0.0.0.0/0`; interface: the endpoint's security groups or subnets).
   */
  public static readonly NO_HTTPS_EGRESS = 'cdk-private-dynamo-access:noHttpsEgress';

  /**
   * The interface endpoint's security groups admit no TCP 443 from the client.
   */
  public static readonly ENDPOINT_REJECTS_CLIENT = 'cdk-private-dynamo-access:endpointRejectsClient';

  /**
   * Interface mode: the client is not pointed at the interface endpoint (`AWS_ENDPOINT_URL_DYNAMODB` is
   * not in its environment, and no `acknowledgeClientConfiguration()` says that it configures the
   * endpoint itself), so its SDK calls DynamoDB's public name.
   */
  public static readonly NO_ENDPOINT_CONFIGURATION = 'cdk-private-dynamo-access:noEndpointConfiguration';

  /**
   * The client reaches DynamoDB, but through a NAT gateway or an internet gateway instead of the endpoint:
   * the endpoint policy does not apply to its requests, and NAT data-processing charges do.
   */
  public static readonly BYPASSES_ENDPOINT = 'cdk-private-dynamo-access:bypassesEndpoint';

  /**
   * Interface mode: the client's environment sets `AWS_USE_FIPS_ENDPOINT` or `AWS_USE_DUALSTACK_ENDPOINT`
   * to true together with `AWS_ENDPOINT_URL_DYNAMODB` (AWS SDKs refuse the combination: every call
   * throws), or sets `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` to true (the SDK ignores the endpoint URL and
   * calls DynamoDB's public name).
   */
  public static readonly CONFLICTING_SDK_SETTINGS = 'cdk-private-dynamo-access:conflictingSdkSettings';

  /**
   * Gateway mode (warning): the client may send IPv6 (a Lambda function with `ipv6AllowedForDualStack`)
   * and its environment sets `AWS_USE_DUALSTACK_ENDPOINT` to true, so its SDK resolves DynamoDB's
   * dual-stack name to IPv6 addresses, which the gateway endpoint's route (IPv4) does not carry.
   */
  public static readonly DUALSTACK_BYPASSES_GATEWAY = 'cdk-private-dynamo-access:dualStackBypassesGateway';

  private constructor() {}
}
