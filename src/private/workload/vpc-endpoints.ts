import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { key, listOf, resolveIn, sameEnvironment, sameValue } from '../cfn-values';
import { serviceShortName } from '../dynamodb-service';
import { Tri } from '../network-rules';

/*
 * The VPC endpoints of a VPC as the app defines them, whoever made them: `addEndpointsFor`, another
 * `PrivateDynamoAccess`, `vpc.addInterfaceEndpoint` / `addGatewayEndpoint`, `new ec2.InterfaceVpcEndpoint`,
 * a plain `ec2.CfnVPCEndpoint`, or a template included with `CfnInclude`. Recognized by their
 * CloudFormation resource (type, service name however it is written, private DNS, route tables), like the
 * duplicate DynamoDB gateway check does. Internal module.
 */

/** One VPC endpoint resource of the app, resolved in its stack. */
export interface EndpointFact {
  readonly resource: ec2.CfnVPCEndpoint;
  readonly stack: Stack;
  /** Its service's short name (`ecr.api`, `s3`, ...); `undefined` when the name is a deploy-time value. */
  readonly service?: string;
  /** `Interface` or `Gateway` (CloudFormation's default); anything else as written. */
  readonly type: unknown;
  /** Private DNS (interface endpoints): CloudFormation's default is off. */
  readonly privateDns: Tri;
  /** The route tables it serves (gateway endpoints), as its stack writes them. */
  readonly routeTables: string[];
  /** Its security groups, when it was built with aws-cdk-lib's `InterfaceVpcEndpoint` (so their rules can be read). */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** The endpoint resources among `constructs` that belong to `vpc` (in stacks of the environment of `stack`). */
export function endpointsOfVpc(constructs: Iterable<IConstruct>, vpc: ec2.IVpc, stack: Stack): EndpointFact[] {
  const facts: EndpointFact[] = [];
  for (const construct of constructs) {
    if (!(construct instanceof ec2.CfnVPCEndpoint)) {
      continue;
    }
    const own = Stack.of(construct);
    if (!sameEnvironment(own, stack) || !sameValue(own, resolveIn(own, construct.vpcId), vpc.vpcId)) {
      continue;
    }
    const type = resolveIn(own, construct.vpcEndpointType) ?? 'Gateway';
    const privateDns = resolveIn(own, construct.privateDnsEnabled);
    const parent = construct.node.scope;
    facts.push({
      resource: construct,
      stack: own,
      service: serviceShortName(resolveIn(own, construct.serviceName)),
      type,
      privateDns: privateDns === true || privateDns === 'true' ? 'yes' : privateDns === undefined || privateDns === false || privateDns === 'false' ? 'no' : 'unknown',
      routeTables: listOf(resolveIn(own, construct.routeTableIds)).map(key),
      securityGroups: parent instanceof ec2.InterfaceVpcEndpoint ? parent.connections.securityGroups : undefined,
    });
  }
  return facts;
}

/** Whether a gateway endpoint serves the route table (a token or literal of any stack of the environment). */
export function servesRouteTable(endpoint: EndpointFact, routeTableId: string): boolean {
  const asItSeesIt = resolveIn(endpoint.stack, routeTableId);
  return asItSeesIt !== undefined && endpoint.routeTables.includes(key(asItSeesIt));
}

/** The interface endpoints of a service. */
export function interfaceEndpointsFor(endpoints: EndpointFact[], service: string): EndpointFact[] {
  return endpoints.filter((endpoint) => endpoint.type === 'Interface' && endpoint.service === service);
}

/** The gateway endpoints of a service. */
export function gatewayEndpointsFor(endpoints: EndpointFact[], service: string): EndpointFact[] {
  return endpoints.filter((endpoint) => endpoint.type === 'Gateway' && endpoint.service === service);
}
