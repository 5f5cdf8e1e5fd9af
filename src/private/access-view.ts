import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { Tri } from './network-rules';
import { isSameVpc } from './vpc-facts';

/*
 * What the checks (duplicate gateway endpoints, connectivity, table lock-down) need to know of one
 * `PrivateDynamoAccess`, and where they find every access of an app. Internal module.
 *
 * The checks depend on this small view, never on the construct's class: the construct builds its view
 * once and registers it (`registerAccess` in ./checks.ts), so that dependencies point one way, from the
 * construct to the checks.
 */

/** One `PrivateDynamoAccess`, as the checks see it. */
export interface AccessView {
  /** The construct itself: where its findings and errors are reported. */
  readonly construct: IConstruct;
  readonly vpc: ec2.IVpc;
  readonly hasGateway: boolean;
  readonly hasInterface: boolean;
  readonly gatewayEndpoint?: ec2.IGatewayVpcEndpoint;
  readonly interfaceEndpoint?: ec2.IInterfaceVpcEndpoint;
  /** The route tables its gateway endpoint serves. */
  readonly routeTableIds: string[];
  /** The subnets whose route tables an existing gateway endpoint (owned elsewhere) serves, as the user says. */
  readonly existingGatewaySubnets: ec2.ISubnet[];
  /** The interface endpoint's security groups (empty without one). */
  readonly connections: ec2.Connections;
  /** Whether this construct runs the connectivity check. */
  readonly connectivityCheck: boolean;
  /** Clients passed to `allowFrom()`: they count as DynamoDB clients even without a grant. */
  readonly allowFromClients: IConstruct[];
  /** Clients passed to `addEndpointsFor()` (and the services and functions they hold): the runtime rule judges them too. */
  readonly endpointClients: IConstruct[];
  /** Whether the construct created the VPC (rather than being given one). */
  readonly createdVpc: boolean;
  /** The tables of other stacks its endpoint policy names through a reference to their stack. */
  readonly referencedTables: dynamodb.ITable[];
  /** DynamoDB's prefix-list id when known (given, or looked up by `allowFrom`). */
  prefixListId(): string | undefined;
  /** Whether its endpoint policy admits requests to the table. */
  admitsTable(table: dynamodb.ITable): Tri;
}

/** Every registered access, per app (keyed by the app's root, so that an app's accesses go with it). */
const ACCESSES = new WeakMap<IConstruct, AccessView[]>();

/** Records an access of its app. */
export function addAccess(view: AccessView): void {
  const root = view.construct.node.root;
  const list = ACCESSES.get(root);
  if (list === undefined) {
    ACCESSES.set(root, [view]);
  } else {
    list.push(view);
  }
}

/** The accesses of the app that lie under `scope`, in the order they were created. */
export function accessesUnder(scope: IConstruct): AccessView[] {
  return (ACCESSES.get(scope.node.root) ?? []).filter((view) => view.construct.node.scopes.includes(scope));
}

/** The accesses under `scope` on `vpc`: on the same VPC object, or on a VPC with the same id (a literal or a token). */
export function accessesOnVpc(scope: IConstruct, vpc: ec2.IVpc): AccessView[] {
  return accessesUnder(scope).filter((view) => isSameVpc(view.vpc, vpc));
}

/** The view of an access construct, if it is one. */
export function accessViewOf(construct: IConstruct): AccessView | undefined {
  return (ACCESSES.get(construct.node.root) ?? []).find((view) => view.construct === construct);
}
