import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
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
 */
export interface GatewayAndInterfaceEndpointOptions extends InterfaceEndpointOptions, GatewayEndpointOptions {}

/** What AWS writes as a managed prefix list's id. */
const PREFIX_LIST_ID_PATTERN = /^pl-[0-9a-f]{8,17}$/;

function validatePrefixListId(prefixListId: string | undefined): void {
  if (prefixListId !== undefined && !Token.isUnresolved(prefixListId) && !PREFIX_LIST_ID_PATTERN.test(prefixListId)) {
    throw propError('endpoint.prefixListId', `${JSON.stringify(prefixListId)} is not a prefix-list id, and a security-group rule naming it fails at deploy`,
      'pass the id of com.amazonaws.<region>.dynamodb ("pl-" and 8 to 17 hex digits, e.g. "pl-02cd2c6b"), found with ' +
      '`aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb`, or omit it to have it looked up');
  }
}

function validateSecurityGroups(securityGroups: ec2.ISecurityGroup[] | undefined): void {
  if (securityGroups !== undefined && securityGroups.length === 0) {
    throw propError('endpoint.interfaceOptions.securityGroups', 'the list is empty, so the endpoint\'s network interfaces would get the VPC\'s default security group',
      'omit securityGroups to have a security group created, or pass at least one');
  }
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

  private constructor(hasGateway: boolean, interfaceOptions: InterfaceEndpointOptions | undefined, prefixListId: string | undefined) {
    this.hasGateway = hasGateway;
    this.hasInterface = interfaceOptions !== undefined;
    this.interfaceOptions = interfaceOptions;
    this.prefixListId = prefixListId;
  }

  /**
   * A short name of the choice: `gateway`, `interface` or `gateway+interface`.
   */
  public get mode(): string {
    if (this.hasGateway && this.hasInterface) {
      return 'gateway+interface';
    }
    return this.hasGateway ? 'gateway' : 'interface';
  }
}
