import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { RuntimeClient, VpcWorkloadEndpoints } from './registry';
import { offeredIn } from './services';
import { taskNeeds } from './task-needs';
import { launchOfTaskDefinition } from './workloads';
import { allServicePrefixes, endpointService } from '../catalogue/service-catalogue';
import { key, listOf, resolveIn } from '../cfn-values';
import { Grants } from '../connectivity/grants';
import { runtimeNeeds, ServiceNeed } from '../connectivity/runtime-needs';
import { ServiceSideFacts } from '../connectivity/service-side';

/*
 * The runtime half of `addEndpointsFor`: which services Lambda functions and ECS task roles call once they
 * run (their grants, minus what AWS services call for them), and the statements of the endpoints that
 * serve those calls. Internal module, used by ./add-endpoints.ts and by the access's validation, which
 * reads the grants again once the app is complete, so that resources granted after the call are admitted.
 *
 * An endpoint policy statement admits principals of the account (or of `principalOrgId`'s organization)
 * calling the service's actions on the resources the clients are granted. A resource of another stack is
 * not named (the reference would make the endpoint's stack depend on the client's, which depends on the
 * VPC's: a cycle): its service's resources of the account and region are admitted instead.
 */

/** What the runtime clients of a record call, per endpoint service. */
export type RuntimeGrants = Map<string, { readonly actions: string[]; readonly resources: string[] }>;

/** The runtime clients among the clients given to `addEndpointsFor`, with the services their start-up endpoints serve. */
export function runtimeClientsOf(clients: IConstruct[]): RuntimeClient[] {
  const found: RuntimeClient[] = [];
  for (const client of clients) {
    if (client instanceof lambda.Function) {
      if (client.role !== undefined) {
        found.push({ construct: client, role: client.role, lambda: true, startupServices: new Set() });
      }
      continue;
    }
    const services = client instanceof ecs.BaseService ? [client]
      : client.node.findAll().filter((c): c is ecs.BaseService => c instanceof ecs.BaseService);
    const definitions = new Set<ecs.TaskDefinition>(services.map((service) => service.taskDefinition));
    if (client instanceof ecs.TaskDefinition) {
      definitions.add(client);
    } else if (!(client instanceof ecs.BaseService)) {
      client.node.findAll().filter((c): c is ecs.TaskDefinition => c instanceof ecs.TaskDefinition).forEach((c) => definitions.add(c));
    }
    for (const definition of definitions) {
      const startup = new Set(taskNeeds(definition, launchOfTaskDefinition(definition) === 'instances').needs.map((need) => need.service));
      const service = services.find((candidate) => candidate.taskDefinition === definition);
      found.push({ construct: service ?? definition, role: definition.taskRole, lambda: false, startupServices: startup });
    }
  }
  return found;
}

/** The endpoint services a runtime client needs `addEndpointsFor` to serve (interface endpoints with private DNS, and S3's gateway). */
export function runtimeEndpointNeeds(client: RuntimeClient, grants: Grants, facts: ServiceSideFacts): ServiceNeed[] {
  const granted = grants.of(client.role);
  const needs = runtimeNeeds(granted, facts.callsFor(client.construct, granted.statements), Stack.of(client.construct), client.lambda).needs;
  return needs.filter((need) => {
    const service = need.kind === 'endpoint' ? endpointService(need.service) : undefined;
    return service !== undefined && !client.startupServices.has(need.service) && (service.privateDns || need.service === 's3') &&
      (service.interface || service.gateway) && offeredIn(need.service, Stack.of(client.construct).region);
  });
}

/** What the record's runtime clients are granted, per endpoint service, as the endpoints' stack writes it. */
export function runtimeGrantsOf(
  record: VpcWorkloadEndpoints, grants: Grants, facts: ServiceSideFacts, clients: RuntimeClient[] = record.runtimeClients,
): RuntimeGrants {
  const stack = Stack.of(record.owner);
  const collected = new Map<string, { actions: Set<string>; resources: Map<string, string> }>();
  for (const client of clients) {
    for (const need of runtimeEndpointNeeds(client, grants, facts)) {
      const entry = collected.get(need.service) ?? { actions: new Set<string>(), resources: new Map<string, string>() };
      collected.set(need.service, entry);
      need.actions.forEach((action) => entry.actions.add(`${action.split(':')[0].toLowerCase()}:*`));
      for (const resource of need.resources) {
        const value = resourceIn(stack, resource, need);
        entry.resources.set(key(resolveIn(stack, value) ?? value), value);
      }
    }
  }
  // What was admitted stays admitted (a statement never loses its last resource): the lists only grow.
  const result: RuntimeGrants = new Map(record.runtimeGrants);
  for (const [service, entry] of collected) {
    const before = result.get(service);
    const byKey = new Map<string, string>();
    [...(before?.resources ?? []), ...entry.resources.values()].forEach((value) => byKey.set(key(resolveIn(stack, value) ?? value), value));
    const all = [...byKey.values()];
    result.set(service, {
      actions: [...new Set([...(before?.actions ?? []), ...entry.actions])].sort(),
      resources: all.includes('*') ? ['*'] : all,
    });
  }
  return result;
}

/**
 * A granted resource as the endpoint's stack can name it: a literal, or a reference within that stack; a
 * reference to another stack's resource becomes every resource of the service in the account and region.
 */
function resourceIn(stack: Stack, resource: ServiceNeed['resources'][number], need: ServiceNeed): string {
  const { value } = resource;
  if (typeof value === 'string' && !Token.isUnresolved(value)) {
    return value;
  }
  if (resource.stack === stack) {
    return Token.asString(value);
  }
  const prefix = need.actions[0].split(':')[0].toLowerCase();
  return prefix === 's3' ? `arn:${stack.partition}:s3:::*` : `arn:${stack.partition}:${prefix}:${stack.region}:${stack.account}:*`;
}

/**
 * Reads what the record's runtime clients (or the `clients` just given) are granted now, adds it to what the
 * endpoints admit, and makes sure that each endpoint `addEndpointsFor` created for one of those services
 * carries the statement that admits it. Called by `addEndpointsFor` for the clients it is given, and again by
 * the owner's validation for all of them, once the app is complete (grants made after the call count).
 */
export function refreshRuntimeStatements(
  record: VpcWorkloadEndpoints, grants: Grants, facts: ServiceSideFacts, clients: RuntimeClient[] = record.runtimeClients,
): void {
  runtimeGrantsOf(record, grants, facts, clients).forEach((value, service) => record.runtimeGrants.set(service, value));
  [...record.runtimeGrants.keys()].forEach((service) => ensureStatement(record, service));
}

/** Makes sure that the endpoint `addEndpointsFor` created for a service carries the statement that admits what its clients call. */
function ensureStatement(record: VpcWorkloadEndpoints, service: string): void {
  const endpoint = record.created.get(service);
  if (endpoint !== undefined && !record.runtimeStatements.has(service) && endpointService(service)?.endpointPolicy === true) {
    endpoint.addToPolicy(runtimeStatement(record, service));
    record.runtimeStatements.add(service);
  }
}

/** Admits every resource of a service on its endpoint (`addEndpointsForServices`: no grant of the app shows what is called). */
export function declareService(record: VpcWorkloadEndpoints, service: string): void {
  const prefixes = allServicePrefixes().filter((entry) => [entry.target, ...(entry.actions ?? []).map((rule) => rule.target)]
    .some((target) => 'endpoint' in target && target.endpoint === service)).map((entry) => `${entry.prefix}:*`);
  record.declaredServices.set(service, { actions: prefixes.length > 0 ? prefixes : [`${service}:*`], resources: ['*'] });
  ensureStatement(record, service);
}

/** The statement that admits, on an endpoint `addEndpointsFor` created, what its runtime clients are granted (read when rendered). */
function runtimeStatement(record: VpcWorkloadEndpoints, service: string): iam.PolicyStatement {
  const principalOrgId = record.principalOrgId;
  const stack = Stack.of(record.owner);
  const current = () => {
    const granted = record.runtimeGrants.get(service);
    const declared = record.declaredServices.get(service);
    if (declared !== undefined) {
      return { actions: [...new Set([...declared.actions, ...(granted?.actions ?? [])])].sort(), resources: declared.resources };
    }
    return granted ?? { actions: [], resources: [] };
  };
  return new iam.PolicyStatement({
    sid: 'ResourcesTheClientsAreGranted',
    principals: [new iam.AnyPrincipal()],
    actions: Lazy.uncachedList({ produce: () => current().actions }),
    resources: Lazy.uncachedList({ produce: () => current().resources }),
    conditions: principalOrgId !== undefined
      ? { StringEquals: { 'aws:PrincipalOrgID': principalOrgId } }
      : { StringEquals: { 'aws:PrincipalAccount': stack.account } },
  });
}

/** The subnets of a Lambda function, as the VPC lists them. */
export function functionSubnets(fn: lambda.Function, vpcSubnets: (stack: Stack, ids: unknown[]) => ec2.ISubnet[]): ec2.ISubnet[] {
  const resource = fn.node.defaultChild as lambda.CfnFunction;
  const stack = Stack.of(resource);
  return vpcSubnets(stack, listOf(stack.resolve(resource.vpcConfig)?.subnetIds));
}
