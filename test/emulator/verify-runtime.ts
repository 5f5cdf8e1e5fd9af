import { DescribeSubnetsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { DeployedStack } from './deploy';
import { MotoServer } from './moto';
import { physicalId, Verification } from './verify';
import { checkEndpointGroupAndPolicies, checkInterfaceEndpoint } from './verify-workload';

/**
 * What a deployed Lambda function's runtime calls must find: the function in the access subnets, and for
 * each service it is granted an interface endpoint that addEndpointsFor created, available, in the access
 * subnets (one per zone), behind the endpoints' security group, which admits TCP 443 from the VPC; every
 * endpoint's deployed policy equal to its template's. References are what `stack.resolve()` gives.
 */
export interface RuntimeExpectation {
  readonly vpc: unknown;
  readonly function: unknown;
  readonly accessSubnets: unknown[];
  readonly endpointSecurityGroup: unknown;
  /** The endpoint services the function's grants need, with why. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly why: string }>;
}

/** Checks a deployed function's runtime endpoints through the emulator's Lambda and EC2 APIs; rejects with every failed check. */
export async function verifyRuntimeEndpoints(server: MotoServer, stacks: DeployedStack[], expected: RuntimeExpectation): Promise<Verification> {
  const failures: string[] = [];
  const verified: string[] = [];
  const notShown: string[] = [];
  const check = (ok: boolean, success: string, failure: string) => (ok ? verified.push(success) : failures.push(failure));
  const physical = (reference: unknown) => physicalId(stacks, reference);
  const vpcId = physical(expected.vpc);
  const accessSubnets = expected.accessSubnets.map(physical).sort();

  // The function, as Lambda has it: in the access subnets.
  const name = physical(expected.function);
  const response = await fetch(`${server.endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/configuration`, {
    headers: { Authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${server.region}/lambda/aws4_request, SignedHeaders=host, Signature=0` },
  });
  const configuration = response.ok ? await response.json() as any : {};
  const functionSubnets = [...(configuration.VpcConfig?.SubnetIds ?? [])].sort();
  check(JSON.stringify(functionSubnets) === JSON.stringify(accessSubnets), `${name}: in the access subnets ${functionSubnets.join(', ')}`,
    `${name}: in subnets [${functionSubnets.join(', ')}] (HTTP ${response.status}), expected [${accessSubnets.join(', ')}]`);

  // Each service it calls: an interface endpoint of the VPC, as addEndpointsFor promises.
  const endpoints = ((await server.ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).filter((endpoint) => endpoint.VpcId === vpcId);
  const subnets = (await server.ec2.send(new DescribeSubnetsCommand({ SubnetIds: accessSubnets }))).Subnets ?? [];
  const placement = { subnets, zones: subnets.map((subnet) => subnet.AvailabilityZone).sort(), group: physical(expected.endpointSecurityGroup) };
  for (const { name: service, why } of expected.services) {
    const serviceName = `com.amazonaws.${server.region}.${service}`;
    const endpoint = endpoints.find((candidate) => candidate.ServiceName === serviceName);
    if (endpoint === undefined) {
      failures.push(`no VPC endpoint for ${serviceName} in ${vpcId}, which ${why}`);
      continue;
    }
    check(endpoint.State?.toLowerCase() === 'available', `${endpoint.VpcEndpointId} (${service}) is available, for ${why}`,
      `${endpoint.VpcEndpointId} (${service}) is ${endpoint.State}`);
    checkInterfaceEndpoint(endpoint, service, placement, check, notShown);
  }
  await checkEndpointGroupAndPolicies(server, stacks, vpcId, placement.group, endpoints, check);

  notShown.push('the function\'s calls through the endpoints: moto runs no function in the VPC (the integ scenario test/integ.lambda-services.ts does, in an account)');
  if (failures.length > 0) {
    throw new Error(`verification of ${stacks[0].name} failed:\n  - ${failures.join('\n  - ')}`);
  }
  return { verified, notShown };
}
