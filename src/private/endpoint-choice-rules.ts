import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { propError } from './errors';

/* The checks of a `DynamoEndpoint` choice, made when it is chosen. Internal module. */

/** What AWS writes as a managed prefix list's id. */
const PREFIX_LIST_ID_PATTERN = /^pl-[0-9a-f]{8,17}$/;
/** What AWS writes as a VPC endpoint's id. */
const VPC_ENDPOINT_ID_PATTERN = /^vpce-[0-9a-f]{8,17}$/;
/** The regional DNS name of a DynamoDB (or DynamoDB Streams) interface endpoint. */
const DNS_NAME_PATTERN = /^vpce-[0-9a-z-]+\.(dynamodb|dynamodb-streams)\.[a-z0-9-]+\.vpce\.amazonaws\.com(\.cn)?$/;

export function validatePrefixListId(prefixListId: string | undefined): void {
  if (prefixListId !== undefined && !Token.isUnresolved(prefixListId) && !PREFIX_LIST_ID_PATTERN.test(prefixListId)) {
    throw propError('endpoint.prefixListId', `${JSON.stringify(prefixListId)} is not a prefix-list id, and a security-group rule naming it fails at deploy`,
      'pass the id of com.amazonaws.<region>.dynamodb ("pl-" and 8 to 17 hex digits, e.g. "pl-02cd2c6b"), found with ' +
      '`aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb`, or omit it to have it looked up');
  }
}

export function validateSecurityGroups(securityGroups: ec2.ISecurityGroup[] | undefined, prop = 'endpoint.interfaceOptions.securityGroups'): void {
  if (securityGroups !== undefined && securityGroups.length === 0) {
    throw propError(prop, 'the list is empty, so the endpoint\'s network interfaces would get the VPC\'s default security group',
      'omit securityGroups to have a security group created, or pass at least one');
  }
}

export function validateExistingGateway(vpcEndpointId: string): void {
  validateEndpointId(vpcEndpointId, 'endpoint.existingGateway.vpcEndpointId');
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

function validateDnsName(name: string, service: string, prop: string): void {
  const match = Token.isUnresolved(name) ? undefined : DNS_NAME_PATTERN.exec(name);
  if (!Token.isUnresolved(name) && (match === null || match?.[1] !== service)) {
    throw propError(prop, `${JSON.stringify(name)} is not the regional DNS name of a ${service} interface endpoint`,
      `pass the first DNS name of the endpoint (vpce-….${service}.<region>.vpce.amazonaws.com), found with \`aws ec2 describe-vpc-endpoints\``);
  }
}
