import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Grants } from './grants';
import { EndpointBlock, judgeEgressToDynamo, judgeEndpointReach } from './judge';
import { OtherRegionGrant, runtimeNeeds, ServiceNeed } from './runtime-needs';
import { isServicePathAcknowledged } from './service-acknowledgements';
import { ServiceSideFacts } from './service-side';
import { PlacedClient, SubnetInfo, VpcNetwork, groupLabel, unknownSubnetLabels } from './vpc-network';
import { AccessView } from '../access-view';
import { endpointService } from '../catalogue/service-catalogue';
import { key, resolveIn } from '../cfn-values';
import { reachesDynamoPublicly } from '../network-rules';
import { offeredIn } from '../workload/services';
import { EndpointFact, gatewayEndpointsFor, interfaceEndpointsFor, servesRouteTable } from '../workload/vpc-endpoints';

/*
 * The connectivity check's runtime rule: for a client the access serves, every AWS service its role is
 * granted (./runtime-needs.ts) must have a path from the client's subnets: a route out (NAT, internet
 * gateway, any default route), an interface endpoint with private DNS that the client reaches on TCP 443,
 * a gateway endpoint on its route tables, or an endpoint URL set in its environment. Verdicts carry data;
 * ./runtime-findings.ts words them.
 */

/** Why a client may not reach a service it is granted. */
export type RuntimeVerdict =
  /** No endpoint of the service in the VPC (certain: some of the client's subnets have no way out). */
  | { readonly kind: 'noEndpoint'; readonly certain: boolean; readonly need: ServiceNeed; readonly subnets: string[]; readonly reason?: string }
  /** A service that no VPC endpoint serves, and subnets without a route out. */
  | { readonly kind: 'noPrivatePath'; readonly certain: boolean; readonly need: ServiceNeed; readonly subnets: string[] }
  /** A service the catalogue does not know, and subnets that may have no route out. */
  | { readonly kind: 'unknownService'; readonly need: ServiceNeed; readonly subnets: string[] }
  /** The service's endpoint exists, but security-group rules keep TCP 443 from it. */
  | { readonly kind: 'endpointUnreachable'; readonly need: ServiceNeed; readonly block: EndpointBlock }
  /** The service's endpoint has no private DNS and the client's environment does not name it. */
  | { readonly kind: 'urlNotSet'; readonly certain: boolean; readonly need: ServiceNeed; readonly variable: string }
  /** A resource of another region, which no endpoint of the VPC serves. */
  | { readonly kind: 'otherRegion'; readonly certain: boolean; readonly grant: OtherRegionGrant; readonly subnets: string[] }
  /** Permissions the check cannot read exactly (AWS managed policies, `*` actions). */
  | { readonly kind: 'unreadableGrants'; readonly reasons: string[] };

/** The runtime verdicts on one client. */
export interface RuntimeJudgement {
  readonly client: PlacedClient;
  /** The access that speaks for the VPC (named in the fixes). */
  readonly access: AccessView;
  readonly verdicts: RuntimeVerdict[];
}

/** The kinds of clients whose runtime calls are judged: their role is the one their code calls with. */
const JUDGED_KINDS = new Set(['lambda function', 'ecs service', 'ec2 instance', 'auto scaling group']);

/** The runtime rule for the clients of one VPC, in one validation pass. */
export class RuntimeRule {
  constructor(
    private readonly network: VpcNetwork,
    private readonly access: AccessView,
    private readonly endpoints: EndpointFact[],
    private readonly grants: Grants,
    private readonly serviceSide: ServiceSideFacts,
    /** Services that another rule judges for this client (an ECS task's start-up needs), by endpoint short name. */
    private readonly judgedElsewhere: (client: PlacedClient) => Set<string>,
    /** S3's prefix-list id, when the app knows it (for clients whose security groups restrict outbound traffic). */
    private readonly s3PrefixListId: () => string | undefined,
  ) {}

  /** The verdicts on a client; none when every service it is granted has a path. */
  public judge(client: PlacedClient): RuntimeJudgement {
    const verdicts: RuntimeVerdict[] = [];
    const judgement = { client, access: this.access, verdicts };
    if (!JUDGED_KINDS.has(client.kind) || client.role === undefined) {
      return judgement;
    }
    const paths = client.subnets.map((subnet) => ({ subnet, path: this.network.otherPath(subnet, client) }));
    const closed = paths.filter(({ path }) => path !== 'yes').map(({ subnet }) => subnet);
    const unknownSubnets = unknownSubnetLabels(client);
    if (closed.length === 0 && unknownSubnets.length === 0) {
      return judgement; // every subnet has a route out
    }
    const noWayOut = paths.filter(({ path }) => path === 'no').map(({ subnet }) => subnet);
    const labels = [...closed.map((subnet) => subnet.label), ...unknownSubnets];
    const granted = this.grants.of(client.role);
    const needs = runtimeNeeds(granted, this.serviceSide.callsFor(client.construct, granted.statements), Stack.of(client.target),
      client.construct instanceof lambda.Function);
    const elsewhere = this.judgedElsewhere(client);
    const acknowledged = (service: string) => isServicePathAcknowledged(client.configurationScopes, service);

    for (const need of needs.needs) {
      if (elsewhere.has(need.service) || acknowledged(need.service) || this.urlConfigured(client, need)) {
        continue;
      }
      const certain = need.certain && noWayOut.length > 0;
      if (need.kind === 'none') {
        verdicts.push({ kind: 'noPrivatePath', certain, need, subnets: labels });
      } else if (need.kind === 'endpoint' && !offeredIn(need.service, Stack.of(client.target).region)) {
        const why = `its endpoint exists only in ${endpointService(need.service)?.regions?.join(', ')}`;
        verdicts.push({ kind: 'noPrivatePath', certain, need: { ...need, why }, subnets: labels });
      } else if (need.kind === 'unknown') {
        verdicts.push({ kind: 'unknownService', need, subnets: labels });
      } else {
        verdicts.push(...this.judgeEndpoint(client, need, closed, noWayOut, labels));
      }
    }
    for (const grant of needs.otherRegion) {
      if (!acknowledged(grant.actions[0].split(':')[0].toLowerCase())) {
        verdicts.push({ kind: 'otherRegion', certain: noWayOut.length > 0, grant, subnets: labels });
      }
    }
    if (needs.unreadable.length > 0) {
      verdicts.push({ kind: 'unreadableGrants', reasons: needs.unreadable });
    }
    return judgement;
  }

  /** Whether the client's environment points its SDK at an endpoint of the service (or every service). */
  private urlConfigured(client: PlacedClient, need: ServiceNeed): boolean {
    const variable = need.kind === 'endpoint' ? endpointService(need.service)?.urlVariable : undefined;
    const environment = client.environment ?? {};
    return 'AWS_ENDPOINT_URL' in environment || (variable !== undefined && variable in environment);
  }

  private judgeEndpoint(client: PlacedClient, need: ServiceNeed, closed: SubnetInfo[], noWayOut: SubnetInfo[], labels: string[]): RuntimeVerdict[] {
    const service = endpointService(need.service);
    const found = interfaceEndpointsFor(this.endpoints, need.service);
    const certain = need.certain && noWayOut.length > 0;
    if (service?.gateway === true) {
      const gateways = gatewayEndpointsFor(this.endpoints, need.service);
      const served = (subnet: SubnetInfo) => subnet.routeTableId !== undefined &&
        gateways.some((endpoint) => servesRouteTable(endpoint, subnet.routeTableId!));
      const unserved = closed.filter((subnet) => !served(subnet));
      if (unserved.length === 0 && client.unknownSubnets.length === 0) {
        return this.judgeGatewayEgress(client, need, certain);
      }
      if (found.some((endpoint) => endpoint.privateDns === 'yes')) {
        return this.reach(client, need, found.filter((endpoint) => endpoint.privateDns === 'yes'), certain);
      }
      return [{
        kind: 'noEndpoint',
        certain: need.certain && unserved.some((subnet) => noWayOut.includes(subnet)),
        need,
        subnets: unserved.length > 0 ? unserved.map((subnet) => subnet.label) : labels,
      }];
    }
    if (service !== undefined && !service.privateDns) {
      if (found.length === 0) {
        return [{ kind: 'noEndpoint', certain, need, subnets: labels }];
      }
      return [{ kind: 'urlNotSet', certain, need, variable: service.urlVariable ?? `AWS_ENDPOINT_URL_${need.service.toUpperCase()}` }];
    }
    const usable = found.filter((endpoint) => endpoint.privateDns === 'yes');
    if (usable.length === 0) {
      const dns = found.some((endpoint) => endpoint.privateDns === 'unknown') ? 'unknown' : found.length > 0 ? 'off' : undefined;
      return [{
        kind: 'noEndpoint',
        certain: certain && dns !== 'unknown',
        need,
        subnets: labels,
        reason: dns === undefined ? undefined
          : `its endpoint ${dns === 'off' ? 'has private DNS off' : 'has private DNS set by a deploy-time value'}, so the service's public name does not lead to it`,
      }];
    }
    return this.reach(client, need, usable, certain);
  }

  private reach(client: PlacedClient, need: ServiceNeed, usable: EndpointFact[], certain: boolean): RuntimeVerdict[] {
    return judgeEndpointReach(this.network, client, usable, certain).map((block): RuntimeVerdict => ({ kind: 'endpointUnreachable', need, block }));
  }

  /** Through a gateway endpoint (S3): the client's rules must let TCP 443 out to the service's prefix list. */
  private judgeGatewayEgress(client: PlacedClient, need: ServiceNeed, certain: boolean): RuntimeVerdict[] {
    const known = this.s3PrefixListId();
    const egress = judgeEgressToDynamo(this.network, client, (stack, rule) => reachesDynamoPublicly(rule, {
      dynamoKeys: known === undefined ? [] : [resolveIn(stack, known)].filter((id) => id !== undefined).map(key),
      dynamoIdIsLiteral: false,
    }, this.network.vpcCidr(stack)));
    if (egress.verdict === 'yes') {
      return [];
    }
    const block: EndpointBlock = {
      certain: certain && egress.verdict === 'no',
      side: 'egress',
      groups: client.securityGroups.map(groupLabel),
      reason: egress.reason,
    };
    return [{ kind: 'endpointUnreachable', need, block }];
  }
}
