import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DYNAMODB_URL_VARIABLE, regionalUrl, STREAMS_URL_VARIABLE } from './dynamodb-service';
import { validateExistingInterfaceRegion } from './endpoint-choice-rules';
import { propError } from './errors';
import { carriesIpv6, validateEndpointSubnets, vpcIpv6Peer } from './ip-address-types';
import { lookUpPrefixListId } from './prefix-lists';
import { interfaceSubnets, validateAllowedPeer } from './validate-props';
import { defaultAllowedCidrs, oneSubnetPerRouteTable } from './vpc-facts';
import type { DynamoEndpoint, ExistingInterfaceEndpointOptions, InterfaceEndpointOptions } from '../dynamo-endpoint';

/*
 * The endpoints of `PrivateDynamoAccess`: the ones it creates (gateway, interface, streams interface),
 * and the ones it is given (existing endpoints owned elsewhere, of which it creates nothing). Internal
 * module; the construct ids it uses are API (they make the logical ids) and never change.
 */

/** TCP 443, the only port DynamoDB's endpoints listen on. */
export const HTTPS = ec2.Port.tcp(443);

/** What the construct exposes of its endpoints. */
export interface BuiltEndpoints {
  readonly gatewayEndpoint?: ec2.IGatewayVpcEndpoint;
  readonly routeTableIds: string[];
  readonly interfaceEndpoint?: ec2.IInterfaceVpcEndpoint;
  readonly streamsInterfaceEndpoint?: ec2.IInterfaceVpcEndpoint;
  readonly endpointUrl?: string;
  readonly streamsEndpointUrl?: string;
  readonly clientEnvironment: { [key: string]: string };
  readonly connections: ec2.Connections;
}

/** Creates the endpoints `endpoint` asks for under `scope`, each with the policy `statements`, or imports the existing ones. */
export function buildEndpoints(
  scope: Construct, vpc: ec2.IVpc, subnets: ec2.ISubnet[], endpoint: DynamoEndpoint, statements: iam.PolicyStatement[],
): BuiltEndpoints {
  const environment: { [key: string]: string } = {};
  let gatewayEndpoint: ec2.IGatewayVpcEndpoint | undefined;
  let routeTableIds: string[] = [];
  if (endpoint._existingGatewayOptions !== undefined) {
    gatewayEndpoint = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(scope, 'ExistingGatewayEndpoint', endpoint._existingGatewayOptions.vpcEndpointId);
  } else if (endpoint._hasGateway) {
    validateEndpointSubnets(endpoint._ipAddressType, subnets, 'gateway');
    const routeTableSubnets = oneSubnetPerRouteTable(subnets);
    routeTableIds = routeTableSubnets.map((subnet) => subnet.routeTable.routeTableId);
    const gateway = new ec2.GatewayVpcEndpoint(scope, 'GatewayEndpoint', {
      vpc,
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnets: routeTableSubnets }],
    });
    if (endpoint._ipAddressType !== undefined) {
      // aws-cdk-lib's gateway endpoint has no ipAddressType before 2.265.0: set on its L1, as it would
      (gateway.node.defaultChild as ec2.CfnVPCEndpoint).ipAddressType = endpoint._ipAddressType;
    }
    statements.forEach((statement) => gateway.addToPolicy(statement));
    gatewayEndpoint = gateway;
  }

  const interfaceEndpoints = endpoint._existingInterfaceOptions !== undefined
    ? existingInterfaceEndpoints(scope, endpoint._existingInterfaceOptions)
    : endpoint._interfaceOptions !== undefined
      ? createInterfaceEndpoints(scope, vpc, subnets, endpoint._interfaceOptions, statements)
      : { connections: new ec2.Connections({ defaultPort: HTTPS }) };
  if (interfaceEndpoints.endpointUrl !== undefined && !endpoint._hasGateway) {
    environment[DYNAMODB_URL_VARIABLE] = interfaceEndpoints.endpointUrl;
  }
  if (interfaceEndpoints.streamsEndpointUrl !== undefined) {
    environment[STREAMS_URL_VARIABLE] = interfaceEndpoints.streamsEndpointUrl;
  }
  return { gatewayEndpoint, routeTableIds, ...interfaceEndpoints, clientEnvironment: environment };
}

type InterfaceEndpoints = Pick<BuiltEndpoints, 'interfaceEndpoint' | 'streamsInterfaceEndpoint' | 'endpointUrl' | 'streamsEndpointUrl' | 'connections'>;

function createInterfaceEndpoints(
  scope: Construct, vpc: ec2.IVpc, accessSubnets: ec2.ISubnet[], options: InterfaceEndpointOptions, statements: iam.PolicyStatement[],
): InterfaceEndpoints {
  const subnets = interfaceSubnets(scope, vpc, accessSubnets, options);
  validateEndpointSubnets(options.ipAddressType, subnets, 'interface');
  const securityGroups = options.securityGroups ?? [new ec2.SecurityGroup(scope, 'InterfaceEndpointSecurityGroup', {
    vpc,
    description: 'DynamoDB interface endpoint: admits TCP 443 from the allowed peers',
    allowAllOutbound: false,
  })];
  const create = (id: string, service: ec2.InterfaceVpcEndpointAwsService) => {
    const created = new ec2.InterfaceVpcEndpoint(scope, id, {
      vpc,
      service,
      privateDnsEnabled: false, // DynamoDB's interface endpoints have no private DNS: enabling it fails the deploy
      open: false,
      subnets: { subnets },
      securityGroups,
      ipAddressType: options.ipAddressType,
      dnsRecordIpType: options.dnsRecordIpType,
    });
    statements.forEach((statement) => created.addToPolicy(statement));
    return created;
  };
  const interfaceEndpoint = create('InterfaceEndpoint', ec2.InterfaceVpcEndpointAwsService.DYNAMODB);
  const streamsInterfaceEndpoint = options.streams === true ? create('StreamsInterfaceEndpoint', ec2.InterfaceVpcEndpointAwsService.DYNAMODB_STREAMS) : undefined;
  const connections = new ec2.Connections({ securityGroups, defaultPort: HTTPS });
  const peers = options.allowedPeers ?? (options.securityGroups === undefined ? defaultPeers(vpc, options, securityGroups) : []);
  peers.forEach((peer, index) => {
    validateAllowedPeer(vpc, peer, index);
    connections.allowFrom(peer, HTTPS, 'HTTPS to DynamoDB from an allowed peer');
  });
  return {
    interfaceEndpoint,
    streamsInterfaceEndpoint,
    endpointUrl: regionalUrl(interfaceEndpoint),
    streamsEndpointUrl: streamsInterfaceEndpoint === undefined ? undefined : regionalUrl(streamsInterfaceEndpoint),
    connections,
  };
}

/**
 * Who a created security group admits by default: the VPC's IPv4 ranges and, when the endpoint carries
 * IPv6, the VPC's IPv6 range (the group's rule names it once the range is associated with the VPC).
 */
function defaultPeers(vpc: ec2.IVpc, options: InterfaceEndpointOptions, securityGroups: ec2.ISecurityGroup[]): ec2.IPeer[] {
  const peers = defaultAllowedCidrs(vpc).map((cidr) => ec2.Peer.ipv4(cidr));
  const ipv6 = carriesIpv6(options.ipAddressType) ? vpcIpv6Peer(vpc) : undefined;
  if (ipv6 !== undefined) {
    securityGroups.forEach((group) => ipv6.dependsOn.forEach((block) => group.node.addDependency(block)));
    peers.push(ipv6.peer);
  }
  return peers;
}

/** An interface endpoint owned elsewhere: imported by id, its URL from the DNS name given, its security groups for `allowFrom`. */
function existingInterfaceEndpoints(scope: Construct, options: ExistingInterfaceEndpointOptions): InterfaceEndpoints {
  validateExistingInterfaceRegion(options, Stack.of(scope).region);
  const interfaceEndpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(scope, 'ExistingInterfaceEndpoint', {
    vpcEndpointId: options.vpcEndpointId,
    port: 443,
    securityGroups: options.securityGroups,
  });
  return {
    interfaceEndpoint,
    endpointUrl: `https://${options.dnsName}`,
    streamsEndpointUrl: options.streamsDnsName === undefined ? undefined : `https://${options.streamsDnsName}`,
    connections: new ec2.Connections({ securityGroups: options.securityGroups, defaultPort: HTTPS }),
  };
}

/**
 * DynamoDB's managed prefix list in `scope`'s region, looked up at synth (`ec2.PrefixList.fromLookup`);
 * fails, naming `allowFrom`, in an environment-agnostic stack, where no lookup can run.
 */
export function lookUpDynamoPrefixListId(scope: Construct, client: string): string {
  return lookUpPrefixListId(scope, 'DynamoDbPrefixList', 'dynamodb', () => propError('allowFrom',
    `${client} restricts outbound traffic, so it needs an egress rule to DynamoDB's prefix list, whose id is not known in an environment-agnostic stack`,
    'pass it as DynamoEndpoint.gateway({ prefixListId: \'pl-…\' }), or give the stack a concrete env (region) so the id is looked up'));
}
