import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { Client, describeClient } from './clients';
import { Grants } from './grants';
import { key, resolveIn } from '../cfn-values';
import { dynamoGatewayRouteTables } from '../dynamodb-service';
import { RuleData, Tri } from '../network-rules';
import { SynthIndex } from '../synth-index';

/*
 * The facts of the whole app that the connectivity check reads, collected in one walk per validation
 * pass: DynamoDB gateway endpoints and the route tables they serve, default routes, security-group rule
 * resources, IAM grants, and the potential clients. Each fact keeps the stack it is written in, whose
 * view its values are resolved in. Part of the connectivity check (./check.ts).
 */

/** A security-group rule resource, resolved in its stack. */
export interface RuleEntry {
  readonly stack: Stack;
  /** The group the rule belongs to, as its stack sees it. */
  readonly groupKey: string;
  readonly rule: RuleData;
}

/** A DynamoDB gateway endpoint of the app, as the check reads it. */
export interface GatewayFact {
  readonly stack: Stack;
  /** The route tables it serves, as its stack sees them. */
  readonly ids: string[];
  /** The endpoint as messages name it. */
  readonly label: string;
  /**
   * Whether it routes DynamoDB's IPv6 addresses: `IpAddressType` dualstack or ipv6 (`yes`), ipv4 or not
   * set (`no`), a deploy-time value (`unknown`).
   */
  readonly routesIpv6: Tri;
}

/** The resources of the app that each VPC's check reads. */
export class AppFacts {
  /** DynamoDB gateway endpoints: the route tables each serves, as its stack sees them, and its IP address type. */
  public readonly gatewayRouteTables: GatewayFact[] = [];
  /** Route tables with a route to `0.0.0.0/0` (NAT, internet gateway, transit gateway, ...). */
  public readonly defaultRoutes: Array<{ stack: Stack; routeTableId: string }> = [];
  public readonly ingressRules: RuleEntry[] = [];
  public readonly egressRules: RuleEntry[] = [];
  /** What IAM grants each role of the app. */
  public readonly grants: Grants;
  private describedClients?: Client[];
  private readonly granted = new Map<Client, boolean>();

  constructor(private readonly all: IConstruct[]) {
    for (const construct of all) {
      if (construct instanceof ec2.CfnVPCEndpoint) {
        const ids = dynamoGatewayRouteTables(construct);
        if (ids !== undefined) {
          const stack = Stack.of(construct);
          const ipv6 = routesIpv6(resolveIn(stack, construct.ipAddressType));
          this.gatewayRouteTables.push({ stack, ids, label: endpointLabel(construct), routesIpv6: ipv6 });
        }
      } else if (construct instanceof ec2.CfnRoute) {
        if (construct.destinationCidrBlock === '0.0.0.0/0') {
          const stack = Stack.of(construct);
          this.defaultRoutes.push({ stack, routeTableId: key(resolveIn(stack, construct.routeTableId)) });
        }
      } else if (construct instanceof ec2.CfnSecurityGroupIngress || construct instanceof ec2.CfnSecurityGroupEgress) {
        const stack = Stack.of(construct);
        const direction = construct instanceof ec2.CfnSecurityGroupIngress ? 'ingress' : 'egress';
        const entry = { stack, groupKey: key(resolveIn(stack, construct.groupId)), rule: ruleOf(stack, construct, direction) };
        (direction === 'ingress' ? this.ingressRules : this.egressRules).push(entry);
      }
    }
    this.grants = new Grants(all);
  }

  /** The potential clients of the app, in tree order, each described once. */
  public clients(): Client[] {
    this.describedClients ??= this.all.map(describeClient).filter((client): client is Client => client !== undefined);
    return this.describedClients;
  }

  /** Whether IAM grants the client DynamoDB data access. */
  public isGranted(client: Client): boolean {
    let granted = this.granted.get(client);
    if (granted === undefined) {
      granted = client.role !== undefined && this.grants.hasDynamoAccess(client.role);
      this.granted.set(client, granted);
    }
    return granted;
  }
}

/** The app's facts for this validation pass, collected once. */
export function appFactsOf(index: SynthIndex): AppFacts {
  return index.derived('connectivity-facts', () => new AppFacts(index.constructs));
}

/** A security-group rule (a rule resource, or an inline rule of a group), resolved in `stack`. */
export function ruleOf(stack: Stack, raw: any, direction: 'ingress' | 'egress'): RuleData {
  const value = (name: string) => (raw[name] === undefined ? undefined : resolveIn(stack, raw[name]));
  return {
    ipProtocol: value('ipProtocol'),
    fromPort: value('fromPort'),
    toPort: value('toPort'),
    cidrIp: value('cidrIp'),
    cidrIpv6: value('cidrIpv6'),
    prefixListId: value(direction === 'ingress' ? 'sourcePrefixListId' : 'destinationPrefixListId'),
    groupId: value(direction === 'ingress' ? 'sourceSecurityGroupId' : 'destinationSecurityGroupId'),
  };
}

/**
 * Whether a gateway endpoint with this resolved `IpAddressType` routes IPv6: `dualstack` and `ipv6` add
 * DynamoDB's IPv6 prefix list to its route tables, `ipv4` (or none, or CloudFormation's `not-specified`)
 * only the IPv4 one (PrivateLink guide, gateway endpoints, "IP address type"; docs/design/dual-stack.md).
 */
export function routesIpv6(ipAddressType: unknown): Tri {
  if (ipAddressType === undefined || ipAddressType === 'ipv4' || ipAddressType === 'not-specified') {
    return 'no';
  }
  return ipAddressType === 'dualstack' || ipAddressType === 'ipv6' ? 'yes' : 'unknown';
}

/** An endpoint's resource as messages name it: the path of the L2 that holds it, or its own. */
function endpointLabel(resource: ec2.CfnVPCEndpoint): string {
  return resource.node.id === 'Resource' && resource.node.scope !== undefined ? resource.node.scope.node.path : resource.node.path;
}
