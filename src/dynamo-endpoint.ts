import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  validateDnsRecordIpType, validateExistingGateway, validateExistingInterface, validateIpAddressType, validatePrefixListId, validateSecurityGroups,
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

  /**
   * Which IP address families the endpoints the construct creates carry (`AWS::EC2::VPCEndpoint`
   * `IpAddressType`). With `gatewayAndInterface()` every endpoint it creates gets it (the Streams one too).
   *
   * - `IPV4`: DynamoDB's IPv4 addresses only.
   * - `DUALSTACK`: IPv4 and IPv6. A gateway endpoint then routes both of DynamoDB's prefix lists, so a
   *   client that calls DynamoDB's dual-stack names (`dynamodb.<region>.api.aws`,
   *   `<account>.ddb.<region>.api.aws`: what SDKs call with `AWS_USE_DUALSTACK_ENDPOINT=true`) over IPv6
   *   still takes the gateway; an interface endpoint gets IPv4 and IPv6 addresses. Every subnet it serves
   *   must have IPv4 and IPv6 ranges (a new VPC: `vpcOptions: { ipProtocol: ec2.IpProtocol.DUAL_STACK }`).
   * - `IPV6`: IPv6 only; every subnet it serves must be IPv6-only.
   *
   * DynamoDB has supported IPv6 through gateway and interface endpoints since October 2025; AWS's pages list no
   * Regions for it, so check yours: `aws ec2 describe-vpc-endpoint-services --service-names
   * com.amazonaws.<region>.dynamodb` shows `SupportedIpAddressTypes`. Not taken by `existingGateway()`:
   * the IP address type of an endpoint owned elsewhere is its owner's.
   *
   * @example ec2.VpcEndpointIpAddressType.DUALSTACK
   * @default - no `IpAddressType` is written: the endpoint is what AWS creates without one, as before this
   * option existed
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;
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

  /**
   * Which IP address families the endpoints the construct creates carry: `IPV4`, `DUALSTACK` or `IPV6`
   * (see `GatewayEndpointOptions.ipAddressType`). A dual-stack interface endpoint's DNS name answers with
   * the addresses its `dnsRecordIpType` says; clients keep calling it through `clientEnvironment`, without
   * `AWS_USE_DUALSTACK_ENDPOINT` (SDKs refuse it next to an endpoint URL). The security group the construct
   * creates also admits the VPC's first IPv6 range when the VPC is built in the app.
   *
   * @example ec2.VpcEndpointIpAddressType.DUALSTACK
   * @default - no `IpAddressType` is written: the endpoint is what AWS creates without one, as before this
   * option existed
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;

  /**
   * Which DNS records the interface endpoint's regional and zonal DNS names get: A (`IPV4`), AAAA (`IPV6`),
   * both (`DUALSTACK`), or `SERVICE_DEFINED`. Needs `ipAddressType`: with `IPV4` only `IPV4` is allowed, with
   * `IPV6` only `IPV6`, with `DUALSTACK` any of them.
   *
   * @example ec2.VpcEndpointDnsRecordIpType.IPV4 // a dual-stack endpoint whose name IPv4-only clients resolve
   * @default - not written: AWS gives the endpoint's names the records of its `ipAddressType`
   */
  readonly dnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType;
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
const INTERFACE_OPTION_NAMES = ['subnets', 'securityGroups', 'allowedPeers', 'streams', 'dnsRecordIpType'];

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
    validateIpAddressType(options.ipAddressType);
    return new DynamoEndpoint(true, undefined, options.prefixListId, undefined, undefined, options.ipAddressType);
  }

  /**
   * An interface endpoint (AWS PrivateLink) with private DNS off, as DynamoDB requires. Clients must be
   * pointed at it: use `PrivateDynamoAccess.clientEnvironment`. Serves traffic from inside the VPC and
   * from networks connected to it.
   */
  public static interface(options: InterfaceEndpointOptions = {}): DynamoEndpoint {
    validateSecurityGroups(options.securityGroups);
    validateIpAddressType(options.ipAddressType);
    validateDnsRecordIpType(options.ipAddressType, options.dnsRecordIpType);
    return new DynamoEndpoint(false, options, undefined, undefined, undefined, options.ipAddressType);
  }

  /**
   * Both: in-VPC clients keep calling DynamoDB's public name and use the free gateway route; networks
   * outside the VPC use the interface endpoint through `PrivateDynamoAccess.endpointUrl`.
   */
  public static gatewayAndInterface(options: GatewayAndInterfaceEndpointOptions = {}): DynamoEndpoint {
    validateSecurityGroups(options.securityGroups);
    validatePrefixListId(options.prefixListId);
    validateIpAddressType(options.ipAddressType);
    validateDnsRecordIpType(options.ipAddressType, options.dnsRecordIpType);
    return new DynamoEndpoint(true, options, options.prefixListId, undefined, undefined, options.ipAddressType);
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
    validateExistingGateway(options.vpcEndpointId, options.ipAddressType);
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

  /** @internal Whether a gateway endpoint serves the subnets (created, or owned elsewhere). */
  public readonly _hasGateway: boolean;

  /** @internal Whether an interface endpoint serves the subnets (created, or owned elsewhere). */
  public readonly _hasInterface: boolean;

  /** @internal The interface endpoint options, when the construct creates an interface endpoint. */
  public readonly _interfaceOptions?: InterfaceEndpointOptions;

  /** @internal The DynamoDB prefix-list id given for the gateway endpoint (else looked up when needed). */
  public readonly _prefixListId?: string;

  /** @internal The IP address type of the endpoints the construct creates (else none is written). */
  public readonly _ipAddressType?: ec2.VpcEndpointIpAddressType;

  /** @internal The gateway endpoint owned elsewhere, for `existingGateway()`. */
  public readonly _existingGatewayOptions?: ExistingGatewayEndpointOptions;

  /** @internal The interface endpoint owned elsewhere, for `existingInterface()`. */
  public readonly _existingInterfaceOptions?: ExistingInterfaceEndpointOptions;

  private constructor(
    hasGateway: boolean,
    interfaceOptions: InterfaceEndpointOptions | undefined,
    prefixListId: string | undefined,
    existingGatewayOptions?: ExistingGatewayEndpointOptions,
    existingInterfaceOptions?: ExistingInterfaceEndpointOptions,
    ipAddressType?: ec2.VpcEndpointIpAddressType,
  ) {
    this._hasGateway = hasGateway;
    this._hasInterface = interfaceOptions !== undefined || existingInterfaceOptions !== undefined;
    this._interfaceOptions = interfaceOptions;
    this._prefixListId = prefixListId;
    this._existingGatewayOptions = existingGatewayOptions;
    this._existingInterfaceOptions = existingInterfaceOptions;
    this._ipAddressType = ipAddressType;
  }

  /** @internal Whether the construct creates the endpoints (and sets their policy), rather than using ones owned elsewhere. */
  public get _createsEndpoints(): boolean {
    return this._existingGatewayOptions === undefined && this._existingInterfaceOptions === undefined;
  }

  /**
   * @internal How messages name the choice: `gateway`, `interface`, `gateway+interface`, `existing gateway`
   * or `existing interface`.
   */
  public _describe(): string {
    if (!this._createsEndpoints) {
      return this._hasGateway ? 'existing gateway' : 'existing interface';
    }
    if (this._hasGateway && this._hasInterface) {
      return 'gateway+interface';
    }
    return this._hasGateway ? 'gateway' : 'interface';
  }
}
