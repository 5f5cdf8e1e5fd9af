import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AccessView } from './access-view';
import { sameEnvironment } from './cfn-values';
import { dynamoGatewayRouteTables } from './dynamodb-service';
import { propMessage } from './errors';
import { SynthIndex } from './synth-index';
import { describeRouteTables } from './vpc-facts';

/** The DynamoDB gateway endpoints of the app and their route tables, read once per validation pass. */
function dynamoGatewaysOf(index: SynthIndex): Array<{ endpoint: ec2.CfnVPCEndpoint; routeTableIds: Set<string> }> {
  return index.derived('dynamo-gateways', () => index.appVpcEndpoints()
    .filter((endpoint): endpoint is ec2.CfnVPCEndpoint => endpoint instanceof ec2.CfnVPCEndpoint)
    .map((endpoint) => ({ endpoint, routeTableIds: new Set(dynamoGatewayRouteTables(endpoint) ?? []) }))
    .filter((gateway) => gateway.routeTableIds.size > 0));
}

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
  for (const { endpoint, routeTableIds } of dynamoGatewaysOf(index)) {
    if (endpoint === own || !sameEnvironment(Stack.of(endpoint), ownStack)) {
      continue;
    }
    // The same route table is the same literal id, or the same reference token, in every stack.
    const shared = access.routeTableIds.filter((routeTableId) => routeTableIds.has(routeTableId));
    if (shared.length > 0) {
      errors.push(propMessage('subnets',
        `route table ${describeRouteTables(access.construct, shared)} already has a DynamoDB gateway endpoint (${endpoint.node.path}), and a route table can have only one`,
        'remove the other endpoint (vpc.addGatewayEndpoint / gatewayEndpoints, or another PrivateDynamoAccess), or select other subnets'));
    }
  }
  return errors;
}
