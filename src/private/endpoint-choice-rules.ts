import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { propError } from './errors';

/* The checks of a `DynamoEndpoint` choice, made when it is chosen. Internal module. */

/** What AWS writes as a managed prefix list's id. */
const PREFIX_LIST_ID_PATTERN = /^pl-[0-9a-f]{8,17}$/;
/** What AWS writes as a VPC endpoint's id. */
const VPC_ENDPOINT_ID_PATTERN = /^vpce-[0-9a-f]{8,17}$/;
/** The regional DNS name of a DynamoDB (or DynamoDB Streams) interface endpoint: its service, then its region. */
const DNS_NAME_PATTERN = /^vpce-[0-9a-z-]+\.(dynamodb|dynamodb-streams)\.([a-z0-9-]+)\.vpce\.amazonaws\.com(\.cn)?$/;

/**
 * The DNS record IP types each endpoint IP address type allows (PrivateLink guide, "DNS record IP type";
 * docs/design/dual-stack.md).
 */
const DNS_RECORD_TYPES_BY_IP_ADDRESS_TYPE: Record<string, string[]> = {
  [ec2.VpcEndpointIpAddressType.IPV4]: [ec2.VpcEndpointDnsRecordIpType.IPV4],
  [ec2.VpcEndpointIpAddressType.IPV6]: [ec2.VpcEndpointDnsRecordIpType.IPV6],
  [ec2.VpcEndpointIpAddressType.DUALSTACK]: [
    ec2.VpcEndpointDnsRecordIpType.DUALSTACK, ec2.VpcEndpointDnsRecordIpType.IPV4,
    ec2.VpcEndpointDnsRecordIpType.IPV6, ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED,
  ],
};

export function validatePrefixListId(prefixListId: string | undefined): void {
  if (prefixListId !== undefined && !Token.isUnresolved(prefixListId) && !PREFIX_LIST_ID_PATTERN.test(prefixListId)) {
    throw propError('endpoint.prefixListId', `${JSON.stringify(prefixListId)} is not a prefix-list id, and a security-group rule naming it fails at deploy`,
      'pass the id of com.amazonaws.<region>.dynamodb ("pl-" and 8 to 17 hex digits, e.g. "pl-02cd2c6b"), found with ' +
      '`aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb`, or omit it to have it looked up');
  }
}

export function validateSecurityGroups(securityGroups: ec2.ISecurityGroup[] | undefined, prop = 'endpoint.securityGroups'): void {
  if (securityGroups !== undefined && securityGroups.length === 0) {
    throw propError(prop, 'the list is empty, so the endpoint\'s network interfaces would get the VPC\'s default security group',
      'omit securityGroups to have a security group created, or pass at least one');
  }
}

export function validateExistingGateway(vpcEndpointId: string, ipAddressType: ec2.VpcEndpointIpAddressType | undefined): void {
  validateEndpointId(vpcEndpointId, 'endpoint.existingGateway.vpcEndpointId');
  if (ipAddressType !== undefined) {
    throw propError('endpoint.existingGateway.ipAddressType',
      `${JSON.stringify(ipAddressType)} is given, but the endpoint is owned elsewhere and this construct creates nothing that it could set it on`,
      'remove ipAddressType, and ask the endpoint\'s owner to set its IpAddressType (dualstack for IPv6 clients)');
  }
}

/** An IP address type is one of `ec2.VpcEndpointIpAddressType` (a value of another language's enum, or a typo through `any`, is not). */
export function validateIpAddressType(ipAddressType: ec2.VpcEndpointIpAddressType | undefined): void {
  if (ipAddressType !== undefined && !Token.isUnresolved(ipAddressType) && DNS_RECORD_TYPES_BY_IP_ADDRESS_TYPE[ipAddressType] === undefined) {
    throw propError('endpoint.ipAddressType', `${JSON.stringify(ipAddressType)} is not an IP address type of a VPC endpoint`,
      'pass ec2.VpcEndpointIpAddressType.IPV4, DUALSTACK or IPV6, or omit it');
  }
}

/** A DNS record IP type needs an IP address type that allows it. */
export function validateDnsRecordIpType(
  ipAddressType: ec2.VpcEndpointIpAddressType | undefined, dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType | undefined,
): void {
  if (dnsRecordIpType === undefined || Token.isUnresolved(dnsRecordIpType) || (ipAddressType !== undefined && Token.isUnresolved(ipAddressType))) {
    return;
  }
  const prop = 'endpoint.dnsRecordIpType';
  if (ipAddressType === undefined) {
    throw propError(prop, `${JSON.stringify(dnsRecordIpType)} is given without ipAddressType, which decides which DNS record IP types the endpoint allows`,
      'give ipAddressType too (ec2.VpcEndpointIpAddressType.DUALSTACK allows every DNS record IP type), or omit dnsRecordIpType');
  }
  const allowed = DNS_RECORD_TYPES_BY_IP_ADDRESS_TYPE[ipAddressType];
  if (!allowed.includes(dnsRecordIpType)) {
    throw propError(prop, `${JSON.stringify(dnsRecordIpType)} contradicts ipAddressType ${JSON.stringify(ipAddressType)}, which allows only ${allowed.map((type) => JSON.stringify(type)).join(', ')}, and the deployment fails`,
      `pass one of ${allowed.map((type) => JSON.stringify(type)).join(', ')}, use ipAddressType DUALSTACK, or omit dnsRecordIpType to get the records of the IP address type`);
  }
}

export function validateExistingInterface(
  vpcEndpointId: string, dnsName: string, securityGroups: ec2.ISecurityGroup[], streamsDnsName: string | undefined,
): void {
  validateEndpointId(vpcEndpointId, 'endpoint.existingInterface.vpcEndpointId');
  validateDnsName(dnsName, 'dynamodb', 'endpoint.existingInterface.dnsName');
  if (streamsDnsName !== undefined) {
    validateDnsName(streamsDnsName, 'dynamodb-streams', 'endpoint.existingInterface.streamsDnsName');
  }
  if (securityGroups.length === 0) {
    throw propError('endpoint.existingInterface.securityGroups', 'the list is empty, so allowFrom() would have no security group to admit clients on',
      'pass the endpoint\'s security groups (ec2.SecurityGroup.fromSecurityGroupId(this, id, \'sg-…\'))');
  }
}

function validateEndpointId(id: string, prop: string): void {
  if (!Token.isUnresolved(id) && !VPC_ENDPOINT_ID_PATTERN.test(id)) {
    throw propError(prop, `${JSON.stringify(id)} is not a VPC endpoint id`, 'pass the id of the endpoint, "vpce-" and 8 to 17 hex digits, found with `aws ec2 describe-vpc-endpoints`');
  }
}

/**
 * The DNS names of an interface endpoint owned elsewhere name the stack's region: an endpoint of the VPC
 * is in the VPC's region, and a name of another region points clients at another region's endpoint.
 * Judged when both the name and the region are literals.
 */
export function validateExistingInterfaceRegion(options: { dnsName: string; streamsDnsName?: string }, region: string): void {
  validateDnsNameRegion(options.dnsName, 'endpoint.existingInterface.dnsName', region);
  if (options.streamsDnsName !== undefined) {
    validateDnsNameRegion(options.streamsDnsName, 'endpoint.existingInterface.streamsDnsName', region);
  }
}

function validateDnsNameRegion(name: string, prop: string, region: string): void {
  if (Token.isUnresolved(name) || Token.isUnresolved(region)) {
    return;
  }
  const match = DNS_NAME_PATTERN.exec(name);
  if (match !== null && match[2] !== region) {
    throw propError(prop,
      `${JSON.stringify(name)} is the DNS name of an endpoint in ${match[2]}, but this stack deploys to ${region}, where the VPC and its endpoints are, ` +
      'so clients would send their requests to another region\'s endpoint',
      `pass the DNS name of the ${match[1]} interface endpoint of this VPC (vpce-….${match[1]}.${region}.vpce.amazonaws.com), found with \`aws ec2 describe-vpc-endpoints --region ${region}\``);
  }
}

function validateDnsName(name: string, service: string, prop: string): void {
  const match = Token.isUnresolved(name) ? undefined : DNS_NAME_PATTERN.exec(name);
  if (!Token.isUnresolved(name) && (match === null || match?.[1] !== service)) {
    throw propError(prop, `${JSON.stringify(name)} is not the regional DNS name of a ${service} interface endpoint`,
      `pass the first DNS name of the endpoint (vpce-….${service}.<region>.vpce.amazonaws.com), found with \`aws ec2 describe-vpc-endpoints\``);
  }
}
