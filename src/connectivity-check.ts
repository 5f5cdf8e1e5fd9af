/**
 * The ids of the findings of `PrivateDynamoAccess`'s synth-time connectivity check.
 *
 * At synth, the check finds the clients of the construct's VPC that it serves (Lambda functions, ECS
 * services with `awsvpc` networking, EC2 instances, auto-scaling groups, and other constructs with
 * `connections` placed in the VPC's subnets, when granted DynamoDB actions or passed to `allowFrom()` or
 * `addEndpointsFor()`), and reports on each client's resource, in `cdk synth` output, every way it cannot
 * reach DynamoDB, or another AWS service its role is granted: an error when the break is certain, a warning
 * when a fact is not known at synth (an imported security group, a token, an AWS managed policy). It also
 * reports, on the ECS services of the VPC whose subnets have no route out, every endpoint their tasks need
 * to start and lack (image, logs, secrets, the ECS agent's services). The construct's own warnings are in
 * `AccessWarning`.
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
   * calls DynamoDB's public name). A dual-stack interface endpoint needs no `AWS_USE_DUALSTACK_ENDPOINT`:
   * its own DNS name answers with IPv6 addresses (AAAA records), unless its `dnsRecordIpType` is `IPV4`.
   */
  public static readonly CONFLICTING_SDK_SETTINGS = 'cdk-private-dynamo-access:conflictingSdkSettings';

  /**
   * Gateway mode (warning): the client may send IPv6 (a Lambda function with `ipv6AllowedForDualStack`)
   * and its environment sets `AWS_USE_DUALSTACK_ENDPOINT` to true, so its SDK resolves DynamoDB's
   * dual-stack name to IPv6 addresses, but the DynamoDB gateway endpoint of its subnets routes IPv4 only
   * (its `IpAddressType` is `ipv4` or not set), or whether it routes IPv6 is not known at synth (a
   * deploy-time value, an endpoint owned elsewhere). Silent when the gateway endpoint is `dualstack` or
   * `ipv6`, whoever wrote it. Fix: `GatewayEndpointOptions.ipAddressType` `DUALSTACK`, or remove
   * `AWS_USE_DUALSTACK_ENDPOINT`.
   */
  public static readonly DUALSTACK_BYPASSES_GATEWAY = 'cdk-private-dynamo-access:dualStackBypassesGateway';

  /**
   * An ECS task cannot pull a container's image without a route out: the image is in a public registry
   * (Docker Hub, `public.ecr.aws`, ...) or in the ECR of another region. A warning when the registry is
   * another one, or the image is a deploy-time value. Fix: an ECR pull-through cache rule (or a copy of
   * the image in the region's ECR), or a NAT gateway.
   */
  public static readonly UNREACHABLE_REGISTRY = 'cdk-private-dynamo-access:unreachableRegistry';

  /**
   * An ECS task pulls its image from ECR, but the VPC has no `ecr.api` or `ecr.dkr` interface endpoint
   * with private DNS and its subnets have no route out. Fix: `access.addEndpointsFor(service)`.
   */
  public static readonly NO_ECR_ENDPOINT = 'cdk-private-dynamo-access:noEcrEndpoint';

  /**
   * An ECS task needs S3 (the layers of an ECR image, an environment file, a FireLens configuration), but
   * the route tables of its subnets have no S3 gateway endpoint and no route out.
   * Fix: `access.addEndpointsFor(service)`.
   */
  public static readonly NO_S3_GATEWAY = 'cdk-private-dynamo-access:noS3Gateway';

  /**
   * An ECS task's log driver sends to CloudWatch Logs (`awslogs`) or, through FireLens, to a destination
   * that has no interface endpoint with private DNS in the VPC, and its subnets have no route out. A
   * warning when the destination is not known (another driver, a FireLens configuration file).
   * Fix: `access.addEndpointsFor(service)`.
   */
  public static readonly NO_LOGS_ENDPOINT = 'cdk-private-dynamo-access:noLogsEndpoint';

  /**
   * An ECS task reads `secrets` (or registry credentials) from Secrets Manager or Parameter Store, but the
   * VPC has no `secretsmanager` or `ssm` interface endpoint with private DNS and its subnets have no route
   * out. Fix: `access.addEndpointsFor(service)`.
   */
  public static readonly NO_SECRETS_ENDPOINT = 'cdk-private-dynamo-access:noSecretsEndpoint';

  /**
   * An ECS service runs on EC2 container instances whose agent needs the `ecs`, `ecs-agent` and
   * `ecs-telemetry` interface endpoints, which the VPC lacks, and the instances' subnets have no route out.
   * A warning when the check cannot see the instances. Fix: `access.addEndpointsFor(service)`.
   */
  public static readonly NO_ECS_AGENT_ENDPOINT = 'cdk-private-dynamo-access:noEcsAgentEndpoint';

  /**
   * An endpoint that an ECS task needs to start exists, but security-group rules keep TCP 443 from
   * reaching it: the task's groups restrict outbound traffic, or the endpoint's groups do not admit it.
   * Fix: `access.addEndpointsFor(service)`, which adds the egress rules.
   */
  public static readonly STARTUP_ENDPOINT_UNREACHABLE = 'cdk-private-dynamo-access:startupEndpointUnreachable';

  /**
   * A client is granted calls to an AWS service (SQS, Secrets Manager, KMS, ...) that has a VPC endpoint,
   * but the VPC has none it can use (an interface endpoint with private DNS, or a gateway endpoint on its
   * route tables) and its subnets have no route out: the calls would hang until the client times out. A
   * warning when a wildcard action may never call the service, or the subnets' routes are not known.
   * Fix: `access.addEndpointsFor(client)` after the client's last grant, or a NAT route, or
   * `access.acknowledgeServicePath(client, service, reason)` when it reaches the service another way.
   */
  public static readonly NO_SERVICE_ENDPOINT = 'cdk-private-dynamo-access:noServiceEndpoint';

  /**
   * A client is granted calls to an AWS service that no VPC endpoint serves (a global API such as Route 53
   * or IAM, or a service without PrivateLink), and its subnets have no route out. Fix: a NAT route, or a
   * proxy (then `access.acknowledgeServicePath(client, service, reason)`).
   */
  public static readonly NO_PRIVATE_PATH = 'cdk-private-dynamo-access:noPrivatePath';

  /**
   * Warning: a client is granted calls to an AWS service that the check's catalogue does not know, so it
   * cannot tell whether a VPC endpoint serves it, and its subnets may have no route out.
   */
  public static readonly UNKNOWN_SERVICE = 'cdk-private-dynamo-access:unknownService';

  /**
   * The endpoint of a service that a client is granted exists, but the client does not reach it: security
   * groups keep TCP 443 from it, or the endpoint has no private DNS and the client's environment does not
   * name it (DynamoDB Streams' `AWS_ENDPOINT_URL_DYNAMODB_STREAMS`).
   */
  public static readonly SERVICE_ENDPOINT_UNREACHABLE = 'cdk-private-dynamo-access:serviceEndpointUnreachable';

  /**
   * A client is granted a resource of another region (a table, a queue, a secret, ...) and its subnets have
   * no route out: VPC endpoints serve only their own region.
   */
  public static readonly OTHER_REGION_RESOURCE = 'cdk-private-dynamo-access:otherRegionResource';

  /**
   * Warning: a client's role has permissions that the check cannot read exactly (an AWS managed policy other
   * than the Lambda service's own, a `*` action, `NotAction`, a managed policy not defined in the app), and
   * its subnets may have no route out, so services it calls may lack a path.
   */
  public static readonly UNREADABLE_GRANTS = 'cdk-private-dynamo-access:unreadableGrants';

  private constructor() {}
}
