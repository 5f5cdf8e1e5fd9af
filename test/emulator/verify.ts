import { DescribeTableCommand, GetItemCommand, PutItemCommand, TableDescription } from '@aws-sdk/client-dynamodb';
import {
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  Subnet,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { DeployedStack } from './deploy';
import { emulatedDnsName } from './emulator-template';
import { MotoServer } from './moto';

/**
 * What a deployed scenario must show. References are what `stack.resolve()` gives for a construct's
 * attribute (`{ Ref: … }`, `{ 'Fn::GetAtt': [id, 'GroupId'] }`) or physical ids.
 */
export interface AccessExpectation {
  /** `gateway`, `interface` or `gateway+interface`. */
  readonly mode: string;
  /** Whether a DynamoDB Streams interface endpoint is expected too. */
  readonly streams?: boolean;
  readonly vpc: unknown;
  /** The subnets that must have access. @default - every subnet of the VPC */
  readonly accessSubnets?: unknown[];
  /** The security groups of the interface endpoint(s). */
  readonly interfaceSecurityGroups?: unknown[];
  /** A table that must accept a PutItem and return the item on GetItem. */
  readonly table: unknown;
  /** A client Lambda function whose subnets and environment are checked. */
  readonly clientFunction?: unknown;
}

/** What was checked, and what the emulator could not show. */
export interface Verification {
  readonly verified: string[];
  readonly notShown: string[];
}

/**
 * Checks a deployed scenario through the EC2, DynamoDB and Lambda APIs of the emulator. Collects every
 * failed check and rejects with all of them. `stacks[0]` is the scenario's stack; further stacks (an
 * imported VPC's) are searched for references and subnet associations.
 */
export async function verifyPrivateAccess(server: MotoServer, stacks: DeployedStack[], expected: AccessExpectation): Promise<Verification> {
  const failures: string[] = [];
  const verified: string[] = [];
  const notShown: string[] = [];
  const check = (ok: boolean, success: string, failure: string) => (ok ? verified.push(success) : failures.push(failure));
  const physical = (reference: unknown) => physicalId(stacks, reference);
  const region = server.region;
  const ec2 = server.ec2;

  // The VPC and the subnets that must have access.
  const vpcId = physical(expected.vpc);
  const vpcSubnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets ?? [];
  const accessSubnetIds = expected.accessSubnets?.map(physical) ?? vpcSubnets.map((subnet) => subnet.SubnetId!);
  const subnetById = new Map<string, Subnet>(vpcSubnets.map((subnet) => [subnet.SubnetId!, subnet]));
  check(accessSubnetIds.length > 0 && accessSubnetIds.every((id) => subnetById.has(id)),
    `${accessSubnetIds.length} access subnet(s) in ${vpcId}`,
    `access subnets ${accessSubnetIds.join(', ')} are not all subnets of ${vpcId} (it has ${[...subnetById.keys()].join(', ') || 'none'})`);
  const zonesOfSubnets = accessSubnetIds.map((id) => subnetById.get(id)?.AvailabilityZone ?? 'unknown');
  check(zonesOfSubnets.every((zone) => zone.startsWith(region)), `access subnets in ${region} zones (${zonesOfSubnets.join(', ')})`,
    `access subnets are in zones ${zonesOfSubnets.join(', ')}, not all in ${region}`);

  // Endpoints: exactly the ones the mode calls for, in this VPC.
  const allEndpoints = (await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
  const endpoints = allEndpoints.filter((endpoint) => endpoint.VpcId === vpcId);
  const dynamoService = `com.amazonaws.${region}.dynamodb`;
  const streamsService = `com.amazonaws.${region}.dynamodb-streams`;
  const wanted = [
    ...(expected.mode.includes('gateway') ? [`Gateway ${dynamoService}`] : []),
    ...(expected.mode.includes('interface') ? [`Interface ${dynamoService}`] : []),
    ...(expected.streams ? [`Interface ${streamsService}`] : []),
  ].sort();
  const found = endpoints.map((endpoint) => `${endpoint.VpcEndpointType} ${endpoint.ServiceName}`).sort();
  check(JSON.stringify(found) === JSON.stringify(wanted), `endpoints in ${vpcId}: ${found.join('; ')}`,
    `endpoints in ${vpcId}: expected [${wanted.join('; ')}], found [${found.join('; ')}]`);
  for (const endpoint of endpoints) {
    check(endpoint.State?.toLowerCase() === 'available', `${endpoint.VpcEndpointId} is available`, `${endpoint.VpcEndpointId} is ${endpoint.State}`);
  }
  const gateway = endpoints.find((endpoint) => endpoint.VpcEndpointType === 'Gateway' && endpoint.ServiceName === dynamoService);
  const dynamoInterface = endpoints.find((endpoint) => endpoint.VpcEndpointType === 'Interface' && endpoint.ServiceName === dynamoService);
  const streamsInterface = endpoints.find((endpoint) => endpoint.VpcEndpointType === 'Interface' && endpoint.ServiceName === streamsService);

  // Gateway: serves each access subnet's route table once, and each has the route to DynamoDB's prefix list.
  if (gateway !== undefined) {
    const routeTableOf = await routeTablesOfSubnets(server, stacks, accessSubnetIds, notShown);
    const wantedTables = [...new Set(accessSubnetIds.map((id) => routeTableOf.get(id)).filter((id): id is string => id !== undefined))].sort();
    failures.push(...accessSubnetIds.filter((id) => !routeTableOf.has(id)).map((id) => `subnet ${id} has no route table association`));
    const served = [...(gateway.RouteTableIds ?? [])].sort();
    check(JSON.stringify(served) === JSON.stringify(wantedTables), `${gateway.VpcEndpointId} serves route tables ${served.join(', ')}`,
      `${gateway.VpcEndpointId} serves route tables [${served.join(', ')}], expected the access subnets' [${wantedTables.join(', ')}], each once`);

    const prefixLists = (await ec2.send(new DescribePrefixListsCommand({}))).PrefixLists ?? [];
    const prefixListId = prefixLists.find((list) => list.PrefixListName === dynamoService)?.PrefixListId;
    const tables = wantedTables.length === 0 ? []
      : (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: wantedTables }))).RouteTables ?? [];
    for (const routeTableId of wantedTables) {
      const routes = tables.find((table) => table.RouteTableId === routeTableId)?.Routes ?? [];
      const route = routes.find((candidate) => candidate.DestinationPrefixListId === prefixListId && candidate.GatewayId === gateway.VpcEndpointId);
      check(prefixListId !== undefined && route !== undefined && route.State === 'active',
        `${routeTableId}: route to ${prefixListId} (${dynamoService}) through ${gateway.VpcEndpointId}`,
        `${routeTableId} has no active route to ${prefixListId ?? `the prefix list ${dynamoService}`} through ${gateway.VpcEndpointId} ` +
        `(routes: ${JSON.stringify(routes.map((r) => [r.DestinationCidrBlock ?? r.DestinationPrefixListId, r.GatewayId]))})`);
    }
  }

  // Interface endpoints: one network interface per Availability Zone of the access subnets, in them,
  // with the expected security groups.
  const wantedGroups = expected.interfaceSecurityGroups?.map(physical).sort();
  const accessZones = [...new Set(accessSubnetIds.map((id) => subnetById.get(id)?.AvailabilityZone))].sort();
  for (const endpoint of [dynamoInterface, streamsInterface].filter((e): e is VpcEndpoint => e !== undefined)) {
    const subnets = endpoint.SubnetIds ?? [];
    const zones = subnets.map((id) => subnetById.get(id)?.AvailabilityZone).sort();
    check(subnets.every((id) => accessSubnetIds.includes(id)) && JSON.stringify(zones) === JSON.stringify(accessZones),
      `${endpoint.VpcEndpointId} (${endpoint.ServiceName}) in subnets ${subnets.join(', ')}, one per zone (${zones.join(', ')})`,
      `${endpoint.VpcEndpointId} (${endpoint.ServiceName}) is in subnets [${subnets.join(', ')}] (zones ${zones.join(', ')}), ` +
      `expected one access subnet per zone of [${accessZones.join(', ')}]`);
    check((endpoint.NetworkInterfaceIds ?? []).length === subnets.length, `${endpoint.VpcEndpointId}: ${subnets.length} network interfaces`,
      `${endpoint.VpcEndpointId}: ${(endpoint.NetworkInterfaceIds ?? []).length} network interfaces for ${subnets.length} subnets`);
    const groups = (endpoint.Groups ?? []).map((group) => group.GroupId!).sort();
    if (wantedGroups !== undefined) {
      check(JSON.stringify(groups) === JSON.stringify(wantedGroups), `${endpoint.VpcEndpointId}: security groups ${groups.join(', ')}`,
        `${endpoint.VpcEndpointId}: security groups [${groups.join(', ')}], expected [${wantedGroups.join(', ')}]`);
    }
    if (endpoint.PrivateDnsEnabled === undefined) {
      notShown.push(`PrivateDnsEnabled of ${endpoint.VpcEndpointId}: not reported by moto (the template tests pin it to false)`);
    } else {
      check(endpoint.PrivateDnsEnabled === false, `${endpoint.VpcEndpointId}: private DNS off`, `${endpoint.VpcEndpointId}: private DNS is on`);
    }
  }

  // The table: a PutItem, then a consistent GetItem returns the item.
  const tableName = physical(expected.table);
  const table = (await server.dynamoDb.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
  await checkPutGet(server, table, check);
  if (expected.streams) {
    check(table.StreamSpecification?.StreamEnabled === true && table.LatestStreamArn !== undefined,
      `${tableName}: stream enabled (${table.LatestStreamArn})`, `${tableName}: stream not enabled`);
  }

  // The deployed endpoint policies: JSON, equal to the synthesized ones with their references resolved.
  for (const endpoint of endpoints) {
    const failure = await comparePolicy(server, stacks, endpoint);
    check(failure === undefined, `${endpoint.VpcEndpointId}: deployed policy equals the template's, resolved`, failure ?? '');
  }

  // The client function: in the access subnets, pointed at the right endpoint (or at none).
  if (expected.clientFunction !== undefined) {
    const name = physical(expected.clientFunction);
    const config = await server.restCall('lambda', 'GET', `/2015-03-31/functions/${encodeURIComponent(name)}/configuration`) as
      { Environment?: { Variables?: Record<string, string> }; VpcConfig?: { SubnetIds?: string[] } };
    const variables = config.Environment?.Variables ?? {};
    const functionSubnets = [...(config.VpcConfig?.SubnetIds ?? [])].sort();
    check(JSON.stringify(functionSubnets) === JSON.stringify([...accessSubnetIds].sort()), `${name} runs in the access subnets`,
      `${name} runs in subnets [${functionSubnets.join(', ')}], expected the access subnets [${accessSubnetIds.join(', ')}]`);
    const urlOf = (endpoint?: VpcEndpoint) => endpoint && `https://${emulatedDnsName(endpoint.VpcEndpointId!, endpoint.ServiceName!)}`;
    const wantedUrl = expected.mode === 'interface' ? urlOf(dynamoInterface) : undefined;
    check(variables.AWS_ENDPOINT_URL_DYNAMODB === wantedUrl,
      `${name}: AWS_ENDPOINT_URL_DYNAMODB ${wantedUrl === undefined ? 'unset (gateway route, public name)' : `= ${wantedUrl}`}`,
      `${name}: AWS_ENDPOINT_URL_DYNAMODB is ${JSON.stringify(variables.AWS_ENDPOINT_URL_DYNAMODB)}, expected ${JSON.stringify(wantedUrl)}`);
    const wantedStreamsUrl = urlOf(streamsInterface);
    check(variables.AWS_ENDPOINT_URL_DYNAMODB_STREAMS === wantedStreamsUrl,
      `${name}: AWS_ENDPOINT_URL_DYNAMODB_STREAMS ${wantedStreamsUrl === undefined ? 'unset' : `= ${wantedStreamsUrl}`}`,
      `${name}: AWS_ENDPOINT_URL_DYNAMODB_STREAMS is ${JSON.stringify(variables.AWS_ENDPOINT_URL_DYNAMODB_STREAMS)}, expected ${JSON.stringify(wantedStreamsUrl)}`);
    if (variables.TABLE_NAME !== undefined) {
      check(variables.TABLE_NAME === tableName, `${name}: TABLE_NAME = ${tableName}`, `${name}: TABLE_NAME is ${variables.TABLE_NAME}, expected ${tableName}`);
    }
    notShown.push('invoking the client Lambda function: moto runs functions only in a container runtime, absent here; the test puts and gets the item itself, the integ tests invoke the function');
  }
  notShown.push('routing and endpoint-policy enforcement: moto neither routes packets nor evaluates endpoint policies (covered by the template and policy-engine tests)');

  if (failures.length > 0) {
    throw new Error(`verification of ${stacks[0].name} failed:\n  - ${failures.join('\n  - ')}`);
  }
  return { verified, notShown };
}

/**
 * The route table of each subnet. Emulator gap: moto creates `AWS::EC2::SubnetRouteTableAssociation`
 * but does not list it in `DescribeRouteTables`; then the association is read from the deployed
 * templates (resolved to physical ids, and CREATE_COMPLETE since the stack is), and the output says so.
 */
export async function routeTablesOfSubnets(
  server: MotoServer, stacks: DeployedStack[], subnetIds: string[], notShown: string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const fromTemplate: string[] = [];
  for (const subnetId of subnetIds) {
    const listed = (await server.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }))).RouteTables ?? [];
    if (listed.length > 0) {
      result.set(subnetId, listed[0].RouteTableId!);
      continue;
    }
    for (const stack of stacks) {
      const within = [stack, ...stacks.filter((other) => other !== stack)];
      for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
        if (resource.Type === 'AWS::EC2::SubnetRouteTableAssociation' && physicalId(within, resource.Properties?.SubnetId) === subnetId) {
          result.set(subnetId, physicalId(within, resource.Properties?.RouteTableId));
          fromTemplate.push(`${stack.name}/${logicalId}`);
        }
      }
    }
  }
  if (fromTemplate.length > 0) {
    notShown.push(`subnet-route table associations: moto creates them but does not list them; read from the deployed templates instead (${fromTemplate.length} resources)`);
  }
  return result;
}

type Check = (ok: boolean, success: string, failure: string) => void;

async function checkPutGet(server: MotoServer, table: TableDescription, check: Check): Promise<void> {
  const sample: Record<string, any> = { S: { S: 'emulator-probe' }, N: { N: '42' }, B: { B: new Uint8Array([1, 2]) } };
  const key = Object.fromEntries((table.KeySchema ?? []).map((element) => {
    const type = table.AttributeDefinitions?.find((attribute) => attribute.AttributeName === element.AttributeName)?.AttributeType ?? 'S';
    return [element.AttributeName!, sample[type]];
  }));
  const item = { ...key, payload: { S: `written at ${new Date().toISOString()}` } };
  await server.dynamoDb.send(new PutItemCommand({ TableName: table.TableName, Item: item }));
  const { Item } = await server.dynamoDb.send(new GetItemCommand({ TableName: table.TableName, Key: key, ConsistentRead: true }));
  check(JSON.stringify(Item?.payload) === JSON.stringify(item.payload), `${table.TableName}: PutItem, then GetItem returns the item`,
    `${table.TableName}: GetItem returned ${JSON.stringify(Item)} after PutItem of ${JSON.stringify(item)}`);
}

/** Undefined when the endpoint's deployed policy equals its template's policy, resolved; else why not. */
export async function comparePolicy(server: MotoServer, stacks: DeployedStack[], endpoint: VpcEndpoint): Promise<string | undefined> {
  const owner = stacks.find((stack) => Object.values(stack.physicalIds).includes(endpoint.VpcEndpointId!));
  const logicalId = owner && Object.entries(owner.physicalIds).find(([, id]) => id === endpoint.VpcEndpointId)?.[0];
  if (owner === undefined || logicalId === undefined) {
    return `${endpoint.VpcEndpointId}: not created by the deployed stacks`;
  }
  let deployed: unknown;
  try {
    deployed = JSON.parse(endpoint.PolicyDocument ?? '');
  } catch {
    return `${endpoint.VpcEndpointId}: the deployed policy is not JSON: ${endpoint.PolicyDocument?.slice(0, 80)}…`;
  }
  const synthesized = owner.template.Resources[logicalId].Properties?.PolicyDocument;
  const document = synthesized?.['Fn::ToJsonString'] ?? synthesized;
  if (document === undefined) {
    return `${endpoint.VpcEndpointId}: ${logicalId} has no PolicyDocument in the template (full access)`;
  }
  const resolved = await resolveIntrinsics(server, [owner, ...stacks.filter((stack) => stack !== owner)], document);
  return JSON.stringify(deployed) === JSON.stringify(resolved) ? undefined
    : `${endpoint.VpcEndpointId}: deployed policy ${JSON.stringify(deployed)} differs from the template's ${JSON.stringify(resolved)}`;
}

/** Resolves the intrinsics a synthesized endpoint policy uses; anything else throws. */
async function resolveIntrinsics(server: MotoServer, stacks: DeployedStack[], value: unknown): Promise<unknown> {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': server.account, 'AWS::Region': server.region, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com',
  };
  const resolve = async (node: unknown): Promise<unknown> => {
    if (Array.isArray(node)) {
      return Promise.all(node.map(resolve));
    }
    if (typeof node !== 'object' || node === null) {
      return node;
    }
    const object = node as Record<string, any>;
    if ('Ref' in object) {
      return pseudo[object.Ref] ?? physicalId(stacks, object);
    }
    if ('Fn::GetAtt' in object) {
      const [logicalId, attribute] = object['Fn::GetAtt'];
      const type = stacks.map((stack) => stack.template.Resources[logicalId]?.Type).find((candidate) => candidate !== undefined);
      if (type === 'AWS::SQS::Queue' && attribute === 'Arn') {
        // a queue's physical id is its URL: https://sqs.<region>.amazonaws.com/<account>/<name>
        const url = physicalId(stacks, { Ref: logicalId });
        return `arn:aws:sqs:${server.region}:${url.split('/').slice(-2).join(':')}`;
      }
      const table = (await server.dynamoDb.send(new DescribeTableCommand({ TableName: physicalId(stacks, { Ref: logicalId }) }))).Table!;
      const attributes: Record<string, string | undefined> = { Arn: table.TableArn, StreamArn: table.LatestStreamArn };
      if (attributes[attribute] === undefined) {
        throw new Error(`resolveIntrinsics: no value for Fn::GetAtt ${logicalId}.${attribute}`);
      }
      return attributes[attribute];
    }
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'];
      return ((await resolve(parts)) as string[]).join(separator);
    }
    const intrinsic = Object.keys(object).find((key) => key.startsWith('Fn::'));
    if (intrinsic !== undefined) {
      throw new Error(`resolveIntrinsics: ${intrinsic} is not supported`);
    }
    return Object.fromEntries(await Promise.all(Object.entries(object).map(async ([key, child]) => [key, await resolve(child)])));
  };
  return resolve(value);
}

/**
 * The physical id a reference resolves to in the deployed stacks (the first stack that has the logical
 * id: pass the stack whose template holds the reference first); a plain string is a physical id.
 */
export function physicalId(stacks: DeployedStack[], reference: unknown): string {
  if (typeof reference === 'string') {
    return reference;
  }
  const ref = reference as { 'Ref'?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  const logicalId = ref?.Ref ?? (ref?.['Fn::GetAtt']?.[1] === 'GroupId' ? ref['Fn::GetAtt'][0] : undefined);
  for (const stack of stacks) {
    if (logicalId !== undefined && stack.physicalIds[logicalId] !== undefined) {
      return stack.physicalIds[logicalId];
    }
  }
  throw new Error(`physicalId: cannot resolve ${JSON.stringify(reference)} in stacks ${stacks.map((stack) => stack.name).join(', ')}`);
}

