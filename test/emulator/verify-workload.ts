import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribePrefixListsCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand,
  DescribeVpcsCommand, Subnet, VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { DeployedStack } from './deploy';
import { MotoServer } from './moto';
import { comparePolicy, physicalId, routeTablesOfSubnets, Verification } from './verify';

/**
 * What a deployed ECS workload must show: the service, the subnets given access (where the interface
 * endpoints' network interfaces go), the interface endpoints' security group and the table. References
 * are what `stack.resolve()` gives for a construct's attribute, or physical ids.
 */
export interface WorkloadExpectation {
  readonly vpc: unknown;
  readonly cluster: unknown;
  readonly service: unknown;
  readonly accessSubnets: unknown[];
  readonly endpointSecurityGroup: unknown;
  readonly table: unknown;
}

/**
 * Checks a deployed Fargate service's network through the emulator's ECS, EC2, CloudWatch Logs and
 * DynamoDB APIs: what the deployed task definition needs to start (its image's registry, its log driver)
 * is read back from ECS, and each need must meet an endpoint of the VPC that serves the service's
 * subnets: interface endpoints available with private DNS, one network interface per zone, the expected
 * security group admitting TCP 443 from the VPC; an S3 gateway endpoint routed from the service's route
 * tables; every endpoint's deployed policy equal to its template's. Rejects with every failed check.
 */
export async function verifyWorkload(server: MotoServer, stacks: DeployedStack[], expected: WorkloadExpectation): Promise<Verification> {
  const failures: string[] = [];
  const verified: string[] = [];
  const notShown: string[] = [];
  const check = (ok: boolean, success: string, failure: string) => (ok ? verified.push(success) : failures.push(failure));
  const physical = (reference: unknown) => physicalId(stacks, reference);
  const { ec2, region } = server;
  const vpcId = physical(expected.vpc);

  // The service and its task definition, as ECS has them.
  const cluster = physical(expected.cluster);
  const { services = [] } = await jsonCall(server, 'ecs', 'AmazonEC2ContainerServiceV20141113.DescribeServices', { cluster, services: [physical(expected.service)] });
  const service = services[0] ?? {};
  let network = service.networkConfiguration?.awsvpcConfiguration;
  if (network === undefined) {
    // Emulator gap: moto's CloudFormation creates the service without its LaunchType and NetworkConfiguration
    // (it reports EC2 and none); read them from the deployed template, resolved to physical ids.
    const [owner, resource] = templateResourceOf(stacks, physical(expected.service));
    const awsvpc = resource?.Properties?.NetworkConfiguration?.AwsvpcConfiguration ?? {};
    const subnetIds = (awsvpc.Subnets ?? []).map((subnet: unknown) => physicalId([owner, ...stacks], subnet));
    network = { subnets: subnetIds, assignPublicIp: awsvpc.AssignPublicIp };
    service.launchType = resource?.Properties?.LaunchType;
    notShown.push('an ECS service\'s launch type and network configuration: moto\'s CloudFormation drops them; read from the deployed template instead');
  }
  const taskSubnets: string[] = [...(network.subnets ?? [])].sort();
  const accessSubnets = expected.accessSubnets.map(physical).sort();
  check(service.launchType === 'FARGATE' && network.assignPublicIp === 'DISABLED' && JSON.stringify(taskSubnets) === JSON.stringify(accessSubnets),
    `${service.serviceName}: Fargate, no public IP, in the access subnets ${taskSubnets.join(', ')}`,
    `service ${JSON.stringify(expected.service)}: launch type ${service.launchType}, public IP ${network.assignPublicIp}, subnets [${taskSubnets.join(', ')}], ` +
    `expected FARGATE, DISABLED, [${accessSubnets.join(', ')}]`);
  const { taskDefinition = {} } = await jsonCall(server, 'ecs', 'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition', { taskDefinition: service.taskDefinition });
  const containers: any[] = taskDefinition.containerDefinitions ?? [];
  const needs = new Map<string, string>();
  for (const container of containers) {
    if (new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${region}\\.amazonaws\\.com/`).test(container.image ?? '')) {
      ['ecr.api', 'ecr.dkr', 's3'].forEach((name) => needs.set(name, `container ${container.name} pulls ${container.image}`));
    }
    if ((container.environment ?? []).some((variable: any) => variable.name === 'TABLE_NAME')) {
      needs.set('dynamodb', `container ${container.name} uses the table in TABLE_NAME`);
    }
    if (container.logConfiguration?.logDriver === 'awslogs') {
      needs.set('logs', `container ${container.name} logs to ${container.logConfiguration.options?.['awslogs-group']}`);
      const group = container.logConfiguration.options?.['awslogs-group'];
      const { logGroups = [] } = await jsonCall(server, 'logs', 'Logs_20140328.DescribeLogGroups', { logGroupNamePrefix: group });
      check(logGroups.some((candidate: any) => candidate.logGroupName === group), `log group ${group} exists`, `log group ${group} does not exist`);
    }
  }
  check(needs.size > 0, `the deployed task definition needs ${[...needs.keys()].join(', ')} to start`, 'the deployed task definition needs nothing: no container read back');

  // The VPC's endpoints: each need met, as addEndpointsFor promises.
  const endpoints = ((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).filter((endpoint) => endpoint.VpcId === vpcId);
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: accessSubnets }))).Subnets ?? [];
  const zones = subnets.map((subnet) => subnet.AvailabilityZone).sort();
  const group = physical(expected.endpointSecurityGroup);
  for (const [name, why] of needs) {
    const serviceName = `com.amazonaws.${region}.${name}`;
    const endpoint = endpoints.find((candidate) => candidate.ServiceName === serviceName);
    if (endpoint === undefined) {
      failures.push(`no VPC endpoint for ${serviceName} in ${vpcId}, which ${why} needs`);
      continue;
    }
    check(endpoint.State?.toLowerCase() === 'available', `${endpoint.VpcEndpointId} (${name}) is available`, `${endpoint.VpcEndpointId} (${name}) is ${endpoint.State}`);
    if (name === 's3' || name === 'dynamodb') {
      check(endpoint.VpcEndpointType === 'Gateway', `${endpoint.VpcEndpointId} (${name}) is a gateway endpoint`, `${endpoint.VpcEndpointId} (${name}) is ${endpoint.VpcEndpointType}`);
      const routeTableOf = await routeTablesOfSubnets(server, stacks, taskSubnets, notShown);
      const wanted = [...new Set(taskSubnets.map((id) => routeTableOf.get(id)))].filter((id): id is string => id !== undefined).sort();
      check(wanted.length > 0 && wanted.every((id) => (endpoint.RouteTableIds ?? []).includes(id)),
        `${endpoint.VpcEndpointId} (${name}) serves the service's route tables ${wanted.join(', ')}`,
        `${endpoint.VpcEndpointId} (${name}) serves [${(endpoint.RouteTableIds ?? []).join(', ')}], not all of the service's route tables [${wanted.join(', ')}]`);
      const prefixLists = (await ec2.send(new DescribePrefixListsCommand({}))).PrefixLists ?? [];
      const prefixListId = prefixLists.find((list) => list.PrefixListName === serviceName)?.PrefixListId;
      const tables = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: wanted }))).RouteTables ?? [];
      for (const table of tables) {
        const route = (table.Routes ?? [])
          .find((candidate) => candidate.DestinationPrefixListId === prefixListId && candidate.GatewayId === endpoint.VpcEndpointId);
        check(prefixListId !== undefined && route?.State === 'active', `${table.RouteTableId}: route to ${prefixListId} (${name}) through ${endpoint.VpcEndpointId}`,
          `${table.RouteTableId} has no active route to the prefix list ${prefixListId} (${name}) through ${endpoint.VpcEndpointId}`);
      }
    } else {
      checkInterfaceEndpoint(endpoint, name, { subnets, zones, group }, check, notShown);
    }
  }

  await checkEndpointGroupAndPolicies(server, stacks, vpcId, group, endpoints, check);

  // The table the task writes to answers.
  const tableName = physical(expected.table);
  const key = { pk: { S: 'emulator-probe' } };
  await server.dynamoDb.send(new PutItemCommand({ TableName: tableName, Item: { ...key, at: { S: new Date().toISOString() } } }));
  const { Item } = await server.dynamoDb.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  check(Item?.pk?.S === 'emulator-probe', `${tableName}: PutItem, then GetItem returns the item`, `${tableName}: GetItem returned ${JSON.stringify(Item)}`);

  notShown.push('pulling the image, shipping logs and starting the task: moto runs no containers (the integ scenario test/integ.ecs.ts does, in an account)');
  if (failures.length > 0) {
    throw new Error(`verification of ${stacks[0].name} failed:\n  - ${failures.join('\n  - ')}`);
  }
  return { verified, notShown };
}

/** Where the interface endpoints must be: the access subnets (one per zone) and the endpoints' security group. */
export interface InterfacePlacement {
  readonly subnets: Subnet[];
  readonly zones: Array<string | undefined>;
  readonly group: string;
}

type Check = (ok: boolean, success: string, failure: string) => unknown;

/** An interface endpoint that addEndpointsFor created: in the access subnets, one per zone, with its security group and private DNS. */
export function checkInterfaceEndpoint(endpoint: VpcEndpoint, name: string, placement: InterfacePlacement, check: Check, notShown: string[]): void {
  const endpointZones = (endpoint.SubnetIds ?? []).map((id) => placement.subnets.find((subnet) => subnet.SubnetId === id)?.AvailabilityZone).sort();
  check(endpoint.VpcEndpointType === 'Interface' && JSON.stringify(endpointZones) === JSON.stringify(placement.zones),
    `${endpoint.VpcEndpointId} (${name}): interface, in the access subnets, one per zone (${endpointZones.join(', ')})`,
    `${endpoint.VpcEndpointId} (${name}): ${endpoint.VpcEndpointType} in subnets [${(endpoint.SubnetIds ?? []).join(', ')}], expected one access subnet per zone of [${placement.zones.join(', ')}]`);
  const groups = (endpoint.Groups ?? []).map((candidate) => candidate.GroupId);
  check(JSON.stringify(groups) === JSON.stringify([placement.group]), `${endpoint.VpcEndpointId} (${name}): security group ${placement.group}`,
    `${endpoint.VpcEndpointId} (${name}): security groups [${groups.join(', ')}], expected [${placement.group}]`);
  if (endpoint.PrivateDnsEnabled === undefined) {
    notShown.push(`PrivateDnsEnabled of the ${name} endpoint: not reported by moto (the template tests pin it to true)`);
  } else {
    check(endpoint.PrivateDnsEnabled, `${endpoint.VpcEndpointId} (${name}): private DNS on`, `${endpoint.VpcEndpointId} (${name}): private DNS off`);
  }
}

/** The endpoints' security group admits TCP 443 from the VPC's CIDR block and nothing else; every endpoint's deployed policy is the template's. */
export async function checkEndpointGroupAndPolicies(
  server: MotoServer, stacks: DeployedStack[], vpcId: string, group: string, endpoints: VpcEndpoint[], check: Check,
): Promise<void> {
  const { ec2 } = server;
  const vpcCidr = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0]?.CidrBlock;
  const securityGroup = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [group] }))).SecurityGroups?.[0];
  const ingress = (securityGroup?.IpPermissions ?? []).map((rule) => `${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} from ${(rule.IpRanges ?? []).map((range) => range.CidrIp).join(',')}`);
  check(JSON.stringify(ingress) === JSON.stringify([`tcp 443-443 from ${vpcCidr}`]), `${group}: ${ingress.join('; ')}`,
    `${group} admits [${ingress.join('; ')}], expected [tcp 443-443 from ${vpcCidr}]`);
  for (const endpoint of endpoints) {
    const failure = await comparePolicy(server, stacks, endpoint);
    check(failure === undefined, `${endpoint.VpcEndpointId} (${endpoint.ServiceName?.split('.').slice(3).join('.')}): deployed policy equals the template's, resolved`, failure ?? '');
  }
}

/** The deployed stack and template resource whose physical id is `id`. */
function templateResourceOf(stacks: DeployedStack[], id: string): [DeployedStack, any] {
  for (const stack of stacks) {
    const logicalId = Object.entries(stack.physicalIds).find(([, physical]) => physical === id)?.[0];
    if (logicalId !== undefined) {
      return [stack, stack.template.Resources[logicalId]];
    }
  }
  throw new Error(`no deployed resource has the physical id ${id}`);
}

/** A JSON-protocol call (ECS, CloudWatch Logs) to the emulator, which has no SDK client installed here; unsigned (moto reads the region only). */
export async function jsonCall(server: MotoServer, service: string, target: string, body: unknown): Promise<any> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      'Authorization': `AWS4-HMAC-SHA256 Credential=testing/20250101/${server.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${target}: HTTP ${response.status} ${text}`);
  }
  return JSON.parse(text);
}
