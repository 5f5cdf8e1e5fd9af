import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ConnectivityCheck, DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { access, ANY_FINDING, expectNoFinding, finding, findings, fn, newStack, table } from './support/connectivity';
import { secondaryCidrVpc, twoGroupVpc } from './support/fixtures';

/*
 * The connectivity check in interface mode: the endpoint's security group admits the client, the client's
 * egress reaches the endpoint, and the client calls the endpoint by name (clientEnvironment); and the SDK
 * settings that break that path. A broken and a fixed case for every finding.
 */

describe('interface mode', () => {
  function interfaceAccess(stack: Stack, endpoint = DynamoEndpoint.interface()): PrivateDynamoAccess {
    return access(stack, twoGroupVpc(stack), { endpoint });
  }

  function client(stack: Stack, dynamoAccess: PrivateDynamoAccess, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
    const handler = fn(stack, {
      vpc: dynamoAccess.vpc,
      vpcSubnets: { subnets: dynamoAccess.subnets },
      environment: dynamoAccess.clientEnvironment,
      ...props,
    });
    table(stack).grantReadWriteData(handler);
    return handler;
  }

  /** A fixed case: the endpoint (the default one unless given) and a client set up as the fix says. */
  interface FixedCase {
    readonly name: string;
    readonly endpoint?: (stack: Stack) => DynamoEndpoint;
    readonly client: (stack: Stack, dynamoAccess: PrivateDynamoAccess) => void;
  }

  /** A broken case: the one finding it gives on the function. */
  interface BrokenCase extends FixedCase {
    readonly severity: 'error' | 'warning';
    readonly id: string;
    readonly message: string;
  }

  const endpointGroup = (stack: Stack, mutable: boolean) =>
    ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointGroup', 'sg-0fedcba9876543210', { mutable });

  test.each<BrokenCase>([
    {
      name: 'the endpoint\'s security group does not admit the client: an error',
      endpoint: () => DynamoEndpoint.interface({ allowedPeers: [] }), // admits no CIDR, only allowFrom clients
      client: (stack, dynamoAccess) => client(stack, dynamoAccess), // not passed to allowFrom
      severity: 'error',
      id: ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
      message: '^lambda function Stack/Fn cannot reach DynamoDB: the interface endpoint\'s security group Stack/Access/InterfaceEndpointSecurityGroup has no inbound TCP 443 ' +
        'from its security groups or subnets; call allowFrom\\(client\\) on Stack/Access, or add its subnets\' CIDR to allowedPeers',
    },
    {
      name: 'the client\'s egress is blocked: an error',
      // the default endpoint admits the VPC's CIDR; the client allows no outbound traffic and is not passed to allowFrom
      client: (stack, dynamoAccess) => client(stack, dynamoAccess, { allowAllOutbound: false }),
      severity: 'error',
      id: ConnectivityCheck.NO_HTTPS_EGRESS,
      message: '^lambda function Stack/Fn cannot reach DynamoDB: its security group Stack/Fn/SecurityGroup has no outbound TCP 443 to the interface endpoint',
    },
    {
      name: 'the client lacks clientEnvironment: an error',
      // the function is not given AWS_ENDPOINT_URL_DYNAMODB
      client: (stack, dynamoAccess) => dynamoAccess.allowFrom(client(stack, dynamoAccess, { environment: { TABLE_NAME: 'table' } })),
      severity: 'error',
      id: ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
      message: '^lambda function Stack/Fn cannot reach DynamoDB: AWS_ENDPOINT_URL_DYNAMODB is not in its environment, so its SDK calls DynamoDB\'s public name, ' +
        'which has no route from its subnets \\(the interface endpoint has no private DNS\\); merge access.clientEnvironment of Stack/Access into its environment, ' +
        'or call access.acknowledgeClientConfiguration\\(client, reason\\) if its code sets the endpoint',
    },
    {
      name: 'an imported endpoint security group that cannot be changed: unknown, so a warning',
      endpoint: (stack) => DynamoEndpoint.interface({ securityGroups: [endpointGroup(stack, false)] }),
      client: (stack, dynamoAccess) => dynamoAccess.allowFrom(client(stack, dynamoAccess)), // allowFrom can add no rule to the group
      severity: 'warning',
      id: ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
      message: '^lambda function Stack/Fn may not reach DynamoDB: whether the interface endpoint\'s security groups \\(sg-0fedcba9876543210\\) admit TCP 443 from it ' +
        'is not known at synth \\(sg-0fedcba9876543210 is imported, so its rules are not known\\)',
    },
  ])('$name', ({ endpoint, client: addClient, severity, id, message }) => {
    // GIVEN an interface endpoint
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack, endpoint?.(stack));

    // WHEN a client breaks the path
    addClient(stack, dynamoAccess);

    // THEN that one finding on the function, and no other in the stack
    const annotations = findings(stack);
    if (severity === 'error') {
      annotations.hasError('/Stack/Fn/Resource', finding(id, message));
    } else {
      annotations.hasWarning('/Stack/Fn/Resource', finding(id, message));
    }
    const reported = [...annotations.findError('*', ANY_FINDING), ...annotations.findWarning('*', ANY_FINDING)];
    expect(reported.map((entry) => entry.id)).toEqual(['/Stack/Fn/Resource']);
  });

  test.each<FixedCase>([
    {
      name: 'the endpoint\'s security group does not admit the client, fixed: allowFrom, no finding',
      endpoint: () => DynamoEndpoint.interface({ allowedPeers: [] }),
      client: (stack, dynamoAccess) => dynamoAccess.allowFrom(client(stack, dynamoAccess)),
    },
    {
      name: 'the client\'s egress is blocked, fixed: allowFrom, no finding',
      client: (stack, dynamoAccess) => dynamoAccess.allowFrom(client(stack, dynamoAccess, { allowAllOutbound: false })),
    },
    {
      name: 'the client lacks clientEnvironment, fixed: clientEnvironment merged, no finding',
      client: (stack, dynamoAccess) =>
        dynamoAccess.allowFrom(client(stack, dynamoAccess, { environment: { TABLE_NAME: 'table', ...dynamoAccess.clientEnvironment } })),
    },
    {
      name: 'the client lacks clientEnvironment, fixed: acknowledgeClientConfiguration, no finding',
      client: (stack, dynamoAccess) => {
        const handler = client(stack, dynamoAccess, { environment: {} });
        dynamoAccess.allowFrom(handler);
        dynamoAccess.acknowledgeClientConfiguration(handler, 'the handler passes ENDPOINT_URL to DynamoDBClient');
      },
    },
    {
      name: 'an imported endpoint security group, fixed: mutable, so allowFrom adds the rule, no finding',
      endpoint: (stack) => DynamoEndpoint.interface({ securityGroups: [endpointGroup(stack, true)] }),
      client: (stack, dynamoAccess) => dynamoAccess.allowFrom(client(stack, dynamoAccess)),
    },
  ])('$name', ({ endpoint, client: addClient }) => {
    // GIVEN an interface endpoint
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack, endpoint?.(stack));

    // WHEN the client is set up as the fix says
    addClient(stack, dynamoAccess);

    // THEN
    expectNoFinding(stack);
  });

  test('the endpoint admits a CIDR that does not hold the client\'s subnets: an error; one that does: no finding', () => {
    // GIVEN two stacks: one endpoint admits 192.168.0.0/16, the other the client's 10.0.0.0/16
    const elsewhere = newStack('Elsewhere');
    client(elsewhere, interfaceAccess(elsewhere, DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')] })));
    const here = newStack('Here');

    // WHEN
    client(here, interfaceAccess(here, DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16')] })));

    // THEN
    findings(elsewhere).hasError('/Elsewhere/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT));
    expectNoFinding(here);
  });

  test('a client in a subnet of a secondary CIDR block: an endpoint that admits only the primary block is an error, the default is not', () => {
    // GIVEN an imported VPC with primary block 10.0.0.0/16 and its subnets in 100.64.0.0/16
    const vpcOf = (stack: Stack) => secondaryCidrVpc(stack);
    const primaryOnly = newStack('PrimaryOnly');
    const narrow = new PrivateDynamoAccess(primaryOnly, 'Access', {
      vpc: vpcOf(primaryOnly), endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16')] }),
    });
    client(primaryOnly, narrow);
    const byDefault = newStack('ByDefault');

    // WHEN the other endpoint admits the VPC by default
    client(byDefault, new PrivateDynamoAccess(byDefault, 'Access', { vpc: vpcOf(byDefault), endpoint: DynamoEndpoint.interface() }));

    // THEN the check judges the client's subnets, not "the VPC": only the narrow endpoint rejects it
    findings(primaryOnly).hasError('/PrimaryOnly/Fn/Resource', finding(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT));
    expectNoFinding(byDefault);
  });

  test('acknowledgeClientConfiguration needs a reason', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);

    // WHEN / THEN
    expect(() => dynamoAccess.acknowledgeClientConfiguration(client(stack, dynamoAccess), ' '))
      .toThrow(/acknowledgeClientConfiguration: the reason for Stack\/Fn is empty/);
  });

  test('a client without clientEnvironment in a subnet with a NAT route: a warning that it bypasses the endpoint', () => {
    // GIVEN a three-tier VPC and an interface endpoint
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const dynamoAccess = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface() });

    // WHEN the function keeps calling DynamoDB's public name, through the NAT gateway
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { environment: {} }));

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.BYPASSES_ENDPOINT,
      '^lambda function Stack/Fn reaches DynamoDB through the NAT or internet route of its subnets, not through the interface endpoint of Stack/Access, ' +
      'because AWS_ENDPOINT_URL_DYNAMODB is not in its environment'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('a client without clientEnvironment in subnets a DynamoDB gateway endpoint serves: no finding', () => {
    // GIVEN an interface endpoint, and the VPC's own DynamoDB gateway endpoint on the "Other" subnets
    const stack = newStack();
    const dynamoAccess = interfaceAccess(stack);
    (dynamoAccess.vpc as ec2.Vpc).addGatewayEndpoint('DynamoDb', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnetGroupName: 'Other' }],
    });

    // WHEN a function there calls DynamoDB's public name
    dynamoAccess.allowFrom(client(stack, dynamoAccess, { vpcSubnets: { subnetGroupName: 'Other' }, environment: {} }));

    // THEN
    expectNoFinding(stack);
  });

  test('gateway+interface: a client pointed at the interface endpoint is judged by it, not by the gateway routes', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.gatewayAndInterface() });

    // WHEN a function in subnets the gateway does not serve calls the interface endpoint by name
    client(stack, dynamoAccess, { vpcSubnets: { subnetGroupName: 'Other' }, environment: { AWS_ENDPOINT_URL_DYNAMODB: dynamoAccess.endpointUrl! } });

    // THEN
    expectNoFinding(stack);
  });
});

describe('SDK settings that break the path', () => {
  function interfaceClient(stack: Stack, environment: Record<string, string>): lambda.Function {
    const dynamoAccess = access(stack, twoGroupVpc(stack), { endpoint: DynamoEndpoint.interface() });
    const handler = fn(stack, {
      vpc: dynamoAccess.vpc,
      vpcSubnets: { subnets: dynamoAccess.subnets },
      environment: { ...dynamoAccess.clientEnvironment, ...environment },
    });
    table(stack).grantReadWriteData(handler);
    dynamoAccess.allowFrom(handler);
    return handler;
  }

  test.each([
    ['AWS_USE_FIPS_ENDPOINT', /AWS_USE_FIPS_ENDPOINT=true is in its environment together with AWS_ENDPOINT_URL_DYNAMODB, and AWS SDKs refuse to combine a FIPS endpoint with an endpoint URL/],
    ['AWS_USE_DUALSTACK_ENDPOINT', /AWS_USE_DUALSTACK_ENDPOINT=true is in its environment together with AWS_ENDPOINT_URL_DYNAMODB, and AWS SDKs refuse to combine a dual-stack endpoint/],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', /AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true is in its environment, so its SDK ignores AWS_ENDPOINT_URL_DYNAMODB/],
  ])('interface mode, %s=true next to the endpoint URL: an error; without it: no finding', (setting, message) => {
    // GIVEN a client pointed at the interface endpoint, with and without the setting
    const broken = newStack('Broken');
    interfaceClient(broken, { [setting]: 'true' });
    const fixed = newStack('Fixed');
    interfaceClient(fixed, { [setting]: 'false' });

    // THEN
    findings(broken).hasError('/Broken/Fn/Resource', Match.stringLikeRegexp(`${message.source}.*\\[ack: ${ConnectivityCheck.CONFLICTING_SDK_SETTINGS}\\]`));
    expectNoFinding(fixed);
  });

  /** A function that may send IPv6, in a dual-stack VPC that a gateway endpoint serves, granted the table. */
  function dualStackFunction(stack: Stack, environment: Record<string, string>): void {
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
      subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const dynamoAccess = access(stack, vpc);
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, ipv6AllowedForDualStack: true, environment }));
  }

  test('gateway mode: a function allowed IPv6 with AWS_USE_DUALSTACK_ENDPOINT=true: a warning that the gateway route is IPv4', () => {
    // GIVEN
    const stack = newStack();

    // WHEN the function is pointed at DynamoDB's dual-stack name
    dualStackFunction(stack, { AWS_USE_DUALSTACK_ENDPOINT: 'true' });

    // THEN
    findings(stack).hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY, 'the gateway route \\(IPv4 only\\)'));
  });

  test('gateway mode: the same function without the dual-stack setting: no finding', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    dualStackFunction(stack, {});

    // THEN
    expectNoFinding(stack);
  });
});
