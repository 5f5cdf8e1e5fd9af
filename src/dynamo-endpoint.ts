import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  validateExistingGateway, validateExistingInterface, validatePrefixListId, validateSecurityGroups,
} from './private/endpoint-choice-rules';
import { propError } from './private/errors';

/**
 * Options for the DynamoDB gateway endpoint.
 */
export interface GatewayEndpointOptions {
  /**
   * The id of the AWS-managed prefix list `com.amazonaws.<region>.dynamodb` (`pl-…`).
   *
   * Used only by `allowFrom()`, to open egress on TCP 443 to DynamoDB for a client whose security
   * group restricts outbound traffic. Prefix-list ids differ per region; find yours with
   * `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb`.
   *
   * @example 'pl-02cd2c6b'
   * @default - looked up at synth time with `ec2.PrefixList.fromLookup` when the stack's region is
   * concrete; in an environment-agnostic stack `allowFrom()` on such a client fails with an error
   * that says how to fix it
   */
  readonly prefixListId?: string;
}

/**
 * Options for the DynamoDB interface endpoint (AWS PrivateLink).
 */
export interface InterfaceEndpointOptions {
  /**
   * Where the endpoint's network interfaces go: one per Availability Zone of the selection.
   * AWS recommends at least three Availability Zones for PrivateLink endpoints.
   *
   * @default - the subnets given access (`PrivateDynamoAccessProps.subnets`), one per Availability Zone
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Security groups for the endpoint's network interfaces.
   *
   * @default - a new security group that admits TCP 443 from `allowedPeers` and allows no outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Who may connect to the endpoint on TCP 443, in addition to the clients passed to `allowFrom()`.
   * Pass an empty list to add no CIDR rule at all and admit only `allowFrom()` clients.
   *
   * @example [ec2.Peer.ipv4('10.0.0.0/16'), ec2.Peer.ipv4('192.168.0.0/16')] // the VPC and an on-premises network
   * @default - the VPC's primary IPv4 CIDR block when the security group is created; none when
   * `securityGroups` are given (their rules are left as they are)
   */
  readonly allowedPeers?: ec2.IPeer[];

  /**
   * Also create an interface endpoint for DynamoDB Streams (`com.amazonaws.<region>.dynamodb-streams`),
   * for clients that read streams themselves (for example with the Kinesis Client Library).
   * Lambda event source mappings read streams from the Lambda service and do not need it.
   *
   * @default false
   */
  readonly streams?: boolean;
}

/**
 * Options for a gateway endpoint together with an interface endpoint.
 *
 * @example
 * // traffic from inside the VPC through the gateway endpoint; an on-premises network through the interface endpoint
 * new PrivateDynamoAccess(this, 'DynamoAccess', {
 *   endpoint: DynamoEndpoint.gatewayAndInterface({
 *     allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')],
 *   }),
 * });
 */
export interface GatewayAndInterfaceEndpointOptions extends InterfaceEndpointOptions, GatewayEndpointOptions {}

/**
 * A DynamoDB gateway endpoint that already serves the subnets' route tables, owned elsewhere (a network
 * team's VPC, a VPC shared through AWS RAM).
 */
export interface ExistingGatewayEndpointOptions extends GatewayEndpointOptions {
  /**
   * The endpoint's id.
   *
   * @example 'vpce-0a1b2c3d4e5f67890'
   */
  readonly vpcEndpointId: string;
}

/**
 * A DynamoDB interface endpoint owned elsewhere.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 *
 * // nothing is created: clients get the endpoint's URL in access.clientEnvironment
 * new PrivateDynamoAccess(this, 'DynamoAccess', {
 *   vpc,
 *   endpoint: DynamoEndpoint.existingInterface({
 *     vpcEndpointId: 'vpce-0a1b2c3d4e5f67890',
 *     dnsName: 'vpce-0a1b2c3d4e5f67890-abcdefgh.dynamodb.eu-west-1.vpce.amazonaws.com',
 *     securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(this, 'EndpointGroup', 'sg-0123456789abcdef0')],
 *   }),
 * });
 */
export interface ExistingInterfaceEndpointOptions {
  /**
   * The endpoint's id.
   *
   * @example 'vpce-0a1b2c3d4e5f67890'
   */
  readonly vpcEndpointId: string;

  /**
   * The endpoint's regional DNS name, which clients are pointed at (`endpointUrl`, `clientEnvironment`).
   *
   * @example 'vpce-0a1b2c3d4e5f67890-abcdefgh.dynamodb.eu-west-1.vpce.amazonaws.com'
   */
  readonly dnsName: string;

  /**
   * The endpoint's security groups: `allowFrom()` adds its ingress rules to them (import them with
   * `ec2.SecurityGroup.fromSecurityGroupId`, which makes them mutable by default).
   */
  readonly securityGroups: ec2.ISecurityGroup[];

  /**
   * The regional DNS name of a DynamoDB Streams interface endpoint owned elsewhere, for clients that
   * read streams themselves.
   *
   * @default - no streams endpoint: `streamsEndpointUrl` is undefined
   */
  readonly streamsDnsName?: string;
}

/** Option names that only an interface endpoint understands. */
const INTERFACE_OPTION_NAMES = ['subnets', 'securityGroups', 'allowedPeers', 'streams'];

/**
 * Which kind of VPC endpoint gives the subnets their private path to DynamoDB.
 *
 * | choice | serves | cost |
 * |---|---|---|
 * | `gateway()` | traffic that starts inside the VPC | free |
 * | `interface()` | also on-premises, peered VPCs, Transit Gateway | per AZ-hour and per GB |
 * | `gatewayAndInterface()` | in-VPC traffic through the gateway, the rest through the interface | as interface |
 */
export class DynamoEndpoint {
  /**
   * A gateway endpoint: a route to DynamoDB's prefix list in the route table of every subnet given
   * access. Free; serves traffic that starts inside the VPC only; same-region tables only.
   */
  public static gateway(options: GatewayEndpointOptions = {}): DynamoEndpoint {
    const interfaceOptions = INTERFACE_OPTION_NAMES.filter((name) => (options as Record<string, unknown>)[name] !== undefined);
    if (interfaceOptions.length > 0) {
      throw propError('endpoint', `DynamoEndpoint.gateway() does not take interface endpoint options, got ${interfaceOptions.join(', ')}`,
        'use DynamoEndpoint.interface(options) or DynamoEndpoint.gatewayAndInterface(options) instead');
    }
    validatePrefixListId(options.prefixListId);
    return new DynamoEndpoint(true, undefined, options.prefixListId);
  }

  /**
   * An interface endpoint (AWS PrivateLink) with private DNS off, as DynamoDB requires. Clients must be
   * pointed at it: use `PrivateDynamoAccess.clientEnvironment`. Serves traffic from inside the VPC and
   * from networks connected to it.
   */
  public static interface(options: InterfaceEndpointOptions = {}): DynamoEndpoint {
    validateSecurityGroups(options.securityGroups);
    return new DynamoEndpoint(false, options, undefined);
  }

  /**
   * Both: in-VPC clients keep calling DynamoDB's public name and use the free gateway route; networks
   * outside the VPC use the interface endpoint through `PrivateDynamoAccess.endpointUrl`.
   */
  public static gatewayAndInterface(options: GatewayAndInterfaceEndpointOptions = {}): DynamoEndpoint {
    validateSecurityGroups(options.securityGroups);
    validatePrefixListId(options.prefixListId);
    return new DynamoEndpoint(true, options, options.prefixListId);
  }

  /**
   * A gateway endpoint that already serves the route tables of the subnets given access, owned elsewhere:
   * nothing network-level is created. `allowFrom()` (egress to DynamoDB's prefix list), `restrictTable()`
   * and the connectivity check work as with a gateway the construct creates.
   *
   * The endpoint's policy is its owner's, not this construct's: `tables`, `actions`, `principalOrgId` and
   * `tableTag` cannot apply (giving them is an error), and a warning at synth says that the data
   * perimeter is the endpoint owner's.
   */
  public static existingGateway(options: ExistingGatewayEndpointOptions): DynamoEndpoint {
    validateExistingGateway(options.vpcEndpointId);
    validatePrefixListId(options.prefixListId);
    return new DynamoEndpoint(true, undefined, options.prefixListId, options, undefined);
  }

  /**
   * An interface endpoint owned elsewhere: nothing network-level is created. `endpointUrl` and
   * `clientEnvironment` point clients at its DNS name; `allowFrom()` adds rules to its security groups;
   * `restrictTable()` and the connectivity check work as with an interface endpoint the construct creates.
   *
   * The endpoint's policy is its owner's, not this construct's: `tables`, `actions`, `principalOrgId` and
   * `tableTag` cannot apply (giving them is an error), and a warning at synth says that the data
   * perimeter is the endpoint owner's.
   */
  public static existingInterface(options: ExistingInterfaceEndpointOptions): DynamoEndpoint {
    validateExistingInterface(options.vpcEndpointId, options.dnsName, options.securityGroups, options.streamsDnsName);
    return new DynamoEndpoint(false, undefined, undefined, undefined, options);
  }

  /** Whether a gateway endpoint is created. */
  public readonly hasGateway: boolean;

  /** Whether an interface endpoint is created. */
  public readonly hasInterface: boolean;

  /**
   * The interface endpoint options, when an interface endpoint is created.
   *
   * @default - no interface endpoint
   */
  public readonly interfaceOptions?: InterfaceEndpointOptions;

  /**
   * The DynamoDB prefix-list id given for the gateway endpoint.
   *
   * @default - looked up when needed
   */
  public readonly prefixListId?: string;

  /**
   * The gateway endpoint owned elsewhere, for `existingGateway()`.
   *
   * @default - none: the construct creates its endpoints
   */
  public readonly existingGatewayOptions?: ExistingGatewayEndpointOptions;

  /**
   * The interface endpoint owned elsewhere, for `existingInterface()`.
   *
   * @default - none: the construct creates its endpoints
   */
  public readonly existingInterfaceOptions?: ExistingInterfaceEndpointOptions;

  private constructor(
    hasGateway: boolean,
    interfaceOptions: InterfaceEndpointOptions | undefined,
    prefixListId: string | undefined,
    existingGatewayOptions?: ExistingGatewayEndpointOptions,
    existingInterfaceOptions?: ExistingInterfaceEndpointOptions,
  ) {
    this.hasGateway = hasGateway;
    this.hasInterface = interfaceOptions !== undefined || existingInterfaceOptions !== undefined;
    this.interfaceOptions = interfaceOptions;
    this.prefixListId = prefixListId;
    this.existingGatewayOptions = existingGatewayOptions;
    this.existingInterfaceOptions = existingInterfaceOptions;
  }

  /** Whether the construct creates the endpoint (and sets its policy), rather than using one owned elsewhere. */
  public get createsEndpoints(): boolean {
    return this.existingGatewayOptions === undefined && this.existingInterfaceOptions === undefined;
  }

  /**
   * A short name of the choice: `gateway`, `interface`, `gateway+interface`, `existing gateway` or
   * `existing interface`.
   */
  public get mode(): string {
    if (!this.createsEndpoints) {
      return this.hasGateway ? 'existing gateway' : 'existing interface';
    }
    if (this.hasGateway && this.hasInterface) {
      return 'gateway+interface';
    }
    return this.hasGateway ? 'gateway' : 'interface';
  }
}
