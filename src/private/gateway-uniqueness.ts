import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AccessView } from './access-view';
import { key, resolveIn, sameEnvironment } from './cfn-values';
import { dynamoGatewayRouteTables } from './dynamodb-service';
import { propMessage } from './errors';
import { SynthIndex } from './synth-index';
import { describeRouteTables } from './vpc-facts';

/**
 * The errors for route tables of `access` that another DynamoDB gateway endpoint of the app also serves:
 * a route table can have only one, and a second one fails at deploy. Another endpoint is recognized
 * whoever made it: another `PrivateDynamoAccess`, `vpc.addGatewayEndpoint`, the `gatewayEndpoints` of a
 * `Vpc`, or a hand-written template included with `CfnInclude` (whatever the form of its service name).
 */
export function duplicateGatewayEndpointErrors(access: AccessView, index: SynthIndex): string[] {
  const own = access.gatewayEndpoint?.node.defaultChild;
  if (own === undefined || access.routeTableIds.length === 0) {
    return [];
  }
  const ownStack = Stack.of(access.construct);
  const errors: string[] = [];
  for (const endpoint of index.appVpcEndpoints()) {
    if (endpoint === own || !(endpoint instanceof ec2.CfnVPCEndpoint) || !sameEnvironment(Stack.of(endpoint), ownStack)) {
      continue;
    }
    const theirs = dynamoGatewayRouteTables(endpoint);
    if (theirs === undefined) {
      continue;
    }
    // Route tables are compared as this access's stack sees them, so a reference from another stack matches.
    const endpointStack = Stack.of(endpoint);
    const shared = access.routeTableIds.filter((routeTableId) => {
      const asTheySeeIt = resolveIn(endpointStack, routeTableId);
      return asTheySeeIt !== undefined && theirs.includes(key(asTheySeeIt));
    });
    if (shared.length > 0) {
      errors.push(propMessage('subnets',
        `route table ${describeRouteTables(access.construct, shared)} already has a DynamoDB gateway endpoint (${endpoint.node.path}), and a route table can have only one`,
        'remove the other endpoint (vpc.addGatewayEndpoint / gatewayEndpoints, or another PrivateDynamoAccess), or select other subnets'));
    }
  }
  return errors;
}
