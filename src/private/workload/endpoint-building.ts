import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { accountObjectsStatement, endpointStatements, foreignRepositoriesStatement } from './endpoint-policies';
import { VpcWorkloadEndpoints } from './registry';
import { interfaceServiceOf, workloadService } from './services';
import { EndpointFact, gatewayEndpointsFor, servesRouteTable } from './vpc-endpoints';
import { HTTPS } from '../endpoints';
import { propError } from '../errors';
import { lookUpPrefixListId } from '../prefix-lists';
import { defaultAllowedCidrs, onePerZone, tryVpcCidrBlockOf } from '../vpc-facts';

/*
 * The endpoints `addEndpointsFor` creates, one record per VPC (./registry.ts): their security group, the
 * interface endpoints and the S3 gateway endpoint, the statements of their policies, and the rules that let
 * a client's security groups reach them. Internal module; ./add-endpoints.ts decides what is needed.
 */

/** Where calls to the endpoints come from: a client's security groups and subnets. */
export interface Caller {
  readonly construct: IConstruct;
  /** What the rules are for, as their descriptions say: ECS tasks' start, or a client's calls at run time. */
  readonly purpose: 'start' | 'runtime';
  readonly securityGroups: ec2.ISecurityGroup[];
  /** The subnets the calls come from; the access's subnets when not known. */
  readonly subnets: ec2.ISubnet[];
}

/** The interface endpoints' security group: TCP 443 from the VPC's CIDR blocks, like the DynamoDB interface endpoint's default. */
export function ensureSecurityGroup(record: VpcWorkloadEndpoints, workload: Caller): ec2.SecurityGroup {
  if (record.securityGroup === undefined) {
    record.securityGroup = new ec2.SecurityGroup(record.owner, 'WorkloadEndpointSecurityGroup', {
      vpc: record.vpc,
      description: 'Interface endpoints that ECS tasks need to start (ECR, CloudWatch Logs, ...): admit TCP 443 from the VPC',
      allowAllOutbound: false,
    });
    if (tryVpcCidrBlockOf(record.vpc) !== undefined) {
      defaultAllowedCidrs(record.vpc).forEach((cidr) => record.securityGroup!.addIngressRule(ec2.Peer.ipv4(cidr), HTTPS, 'HTTPS from the VPC'));
    }
  }
  if (tryVpcCidrBlockOf(record.vpc) === undefined) {
    if (workload.securityGroups.length === 0) {
      throw propError('addEndpointsFor', `${workload.construct.node.path} has no security groups, and VPC ${record.vpc.node.path} was imported without its CIDR block, ` +
        'so the endpoints\' security group cannot admit its tasks', 'import the VPC with vpcCidrBlock, or pass the services that run the task definition');
    }
    workload.securityGroups.forEach((group) => record.securityGroup!.addIngressRule(group, HTTPS,
      workload.purpose === 'start' ? 'HTTPS from an ECS client' : 'HTTPS from a client of the endpoint', true));
  }
  return record.securityGroup;
}

/** Creates the interface endpoint of a service; for ECS tasks' start, with its start-up statements (./endpoint-policies.ts). */
export function createInterfaceEndpoint(record: VpcWorkloadEndpoints, name: string, purpose: Caller['purpose']): void {
  const service = workloadService(name);
  const endpoint = new ec2.InterfaceVpcEndpoint(record.owner, service.constructId, {
    vpc: record.vpc,
    service: interfaceServiceOf(service),
    privateDnsEnabled: true,
    open: false,
    subnets: { subnets: onePerZone(record.subnets, 'subnets') },
    securityGroups: [record.securityGroup!],
  });
  record.created.set(name, endpoint);
  if (purpose === 'start') {
    ensureStartupStatements(record, name);
  }
}

/**
 * Adds, once, the statements that ECS tasks need to start to an endpoint `addEndpointsFor` created (an
 * endpoint created for runtime calls first carries only what its clients are granted).
 */
export function ensureStartupStatements(record: VpcWorkloadEndpoints, name: string): void {
  const endpoint = record.created.get(name);
  if (endpoint === undefined || record.startupStatements.has(name)) {
    return;
  }
  record.startupStatements.add(name);
  const service = workloadService(name);
  endpointStatements(record.owner, service).forEach((statement) => endpoint.addToPolicy(statement));
  if (name === 's3') {
    record.accountObjects.forEach((access) => endpoint.addToPolicy(accountObjectsStatement(record.owner, access)));
  }
  if (service.policy === 'ecr' && record.foreignRepositories.size > 0 && endpoint instanceof ec2.InterfaceVpcEndpoint) {
    addForeignStatement(record, endpoint);
  }
}

/** Route tables of the workload's subnets that no other S3 gateway endpoint serves, to the S3 gateway endpoint (created on first need). */
export function addS3RouteTables(record: VpcWorkloadEndpoints, existing: EndpointFact[], subnets: ec2.ISubnet[], purpose: Caller['purpose']): void {
  const theirs = gatewayEndpointsFor(existing, 's3');
  const added: ec2.ISubnet[] = [];
  for (const subnet of subnets) {
    const routeTableId = subnet.routeTable?.routeTableId;
    if (routeTableId === undefined || routeTableId === '') {
      throw propError('addEndpointsFor', `subnet ${subnet.subnetId} has no known route table id, so the S3 gateway endpoint that image layers need cannot be attached to it`,
        'import the VPC with its route table ids (Vpc.fromLookup, or Vpc.fromVpcAttributes with the route table ids)');
    }
    if (!theirs.some((endpoint) => servesRouteTable(endpoint, routeTableId)) && !record.s3RouteTables.includes(routeTableId)) {
      record.s3RouteTables.push(routeTableId);
      added.push(subnet);
    }
  }
  if (added.length > 0 && !record.created.has('s3')) {
    const service = workloadService('s3');
    const endpoint = new ec2.GatewayVpcEndpoint(record.owner, service.constructId, {
      vpc: record.vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnets: added }],
    });
    (endpoint.node.defaultChild as ec2.CfnVPCEndpoint).routeTableIds = Lazy.uncachedList({ produce: () => [...record.s3RouteTables] });
    record.created.set('s3', endpoint);
  }
  if (purpose === 'start') {
    ensureStartupStatements(record, 's3');
  }
}

export function allowAccountObjects(record: VpcWorkloadEndpoints, access: 'read' | 'write'): void {
  const endpoint = record.created.get('s3');
  if (!record.accountObjects.has(access) && endpoint instanceof ec2.GatewayVpcEndpoint) {
    endpoint.addToPolicy(accountObjectsStatement(record.owner, access));
  }
  record.accountObjects.add(access);
}

export function addForeignRepositories(record: VpcWorkloadEndpoints, repositories: string[]): void {
  const added = repositories.filter((repository) => !record.foreignRepositories.has(repository));
  added.forEach((repository) => record.foreignRepositories.add(repository));
  if (added.length === 0) {
    return;
  }
  if (record.foreignStatements.length > 0) {
    record.foreignStatements.forEach((statement) => statement.addResources(...added));
    return;
  }
  for (const name of ['ecr.api', 'ecr.dkr']) {
    const endpoint = record.created.get(name);
    if (endpoint instanceof ec2.InterfaceVpcEndpoint) {
      addForeignStatement(record, endpoint);
    }
  }
}

function addForeignStatement(record: VpcWorkloadEndpoints, endpoint: ec2.InterfaceVpcEndpoint): void {
  const statement = foreignRepositoriesStatement(record.owner, [...record.foreignRepositories]);
  record.foreignStatements.push(statement);
  endpoint.addToPolicy(statement);
}

/**
 * The same rules as `allowFrom`, for the endpoints the tasks start through: a security group that
 * restricts outbound traffic gets TCP 443 to the interface endpoints' groups and to S3's prefix list; an
 * endpoint the user made admits the groups on TCP 443. Rules are made from the client's side, so that a
 * client in another stack gets them in its own stack instead of a cyclic reference.
 */
export function openEgress(record: VpcWorkloadEndpoints, workload: Caller, reached: ec2.ISecurityGroup[][], s3: boolean): void {
  const ours = record.securityGroup;
  for (const group of workload.securityGroups) {
    for (const endpointGroups of reached) {
      for (const endpointGroup of endpointGroups) {
        if (!group.allowAllOutbound) {
          new ec2.Connections({ securityGroups: [group] }).allowTo(new ec2.Connections({ securityGroups: [endpointGroup] }), HTTPS,
            workload.purpose === 'start' ? 'HTTPS to the endpoints that ECS tasks need to start' : 'HTTPS to the VPC endpoints the client calls');
        } else if (endpointGroup !== ours) {
          endpointGroup.addIngressRule(group, HTTPS, workload.purpose === 'start' ? 'HTTPS from an ECS client' : 'HTTPS from a client of the endpoint', true);
        }
      }
    }
    if (s3 && !group.allowAllOutbound) {
      group.addEgressRule(ec2.Peer.prefixList(s3PrefixListId(record, workload)), HTTPS,
        workload.purpose === 'start' ? 'HTTPS to S3 (image layers) through the gateway endpoint' : 'HTTPS to S3 through the gateway endpoint');
    }
  }
}

/** S3's prefix list in the region, looked up once per VPC. */
function s3PrefixListId(record: VpcWorkloadEndpoints, workload: Caller): string {
  record.s3PrefixListId ??= lookUpPrefixListId(record.owner, 'S3PrefixList', 's3', () => propError('addEndpointsFor',
    `${workload.construct.node.path} restricts outbound traffic, so it needs an egress rule to S3's prefix list (image layers), whose id is not known in an environment-agnostic stack`,
    'give the stack a concrete env (region) so the id is looked up, or let its security groups allow outbound traffic'));
  return record.s3PrefixListId;
}
