import { App, CfnElement, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, GatewayEndpointOptions, PrivateDynamoAccess, PrivateDynamoAccessProps } from '../src';
import { cfn, concreteStack, envAgnosticStack, importedVpc, twoGroupVpc } from './support/fixtures';
import { APP, expectRefusedByEndpointPolicy, OTHER_ACCOUNT, OUTSIDER, sharedWith, simulate } from './support/iam-simulation';
import { LintedTemplates } from './support/linted-templates';
import { TemplateResolver } from './support/resolve-template';
import { gatewayEndpointProps, interfaceEndpointProps } from './support/templates';

/*
 * Dual-stack and IPv6 endpoints (`ipAddressType`, `dnsRecordIpType`), the dual-stack new VPC
 * (`vpcOptions.ipProtocol`), and the region of an existing interface endpoint's DNS names.
 */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

const { DUALSTACK, IPV4, IPV6 } = ec2.VpcEndpointIpAddressType;
const DUAL_STACK_VPC: PrivateDynamoAccessProps = { vpcOptions: { ipProtocol: ec2.IpProtocol.DUAL_STACK } };

/** A dual-stack VPC of the app with two isolated subnets, built by aws-cdk-lib. */
function dualStackVpc(stack: Stack): ec2.Vpc {
  return twoGroupVpc(stack, 'Vpc', ['App', 'Other'], { ipProtocol: ec2.IpProtocol.DUAL_STACK });
}

/**
 * Two IPv6-only subnets of a dual-stack VPC (aws-cdk-lib's `Vpc` makes none): each an `ec2.Subnet` whose
 * L1 has no IPv4 range, `Ipv6Native`, and a /64 of the VPC's IPv6 range.
 */
function ipv6OnlySubnets(stack: Stack, vpc: ec2.Vpc): ec2.Subnet[] {
  return [0, 1].map((index) => {
    const subnet = new ec2.Subnet(stack, `Ipv6Only${index}`, {
      vpcId: vpc.vpcId, availabilityZone: vpc.availabilityZones[index], cidrBlock: `10.0.${200 + index}.0/24`,
    });
    const resource = subnet.node.defaultChild as ec2.CfnSubnet;
    resource.cidrBlock = undefined;
    resource.ipv6Native = true;
    resource.assignIpv6AddressOnCreation = true;
    resource.enableDns64 = false;
    resource.ipv6CidrBlock = Fn.select(10 + index, Fn.cidr(Fn.select(0, vpc.vpcIpv6CidrBlocks), 256, '64'));
    vpc.node.findAll().filter((child) => child instanceof ec2.CfnVPCCidrBlock).forEach((block) => subnet.node.addDependency(block));
    return subnet;
  });
}

describe('the default writes no IP address type', () => {
  test.each([
    ['gateway', DynamoEndpoint.gateway()],
    ['interface', DynamoEndpoint.interface({ streams: true })],
    ['gateway+interface', DynamoEndpoint.gatewayAndInterface()],
  ])('%s: no endpoint has IpAddressType or DnsOptions, and the VPC has no IPv6 range', (_mode, endpoint) => {
    // GIVEN / WHEN the construct with the endpoint options of before
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { endpoint });

    // THEN the templates are those of before: no property that the options add
    const template = synth(stack);
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint'));
    expect(endpoints.length).toBeGreaterThan(0);
    for (const resource of endpoints) {
      expect(resource.Properties.IpAddressType).toBeUndefined();
      expect(resource.Properties.DnsOptions).toBeUndefined();
    }
    template.resourceCountIs('AWS::EC2::VPCCidrBlock', 0);
  });
});

describe('vpcOptions.ipProtocol', () => {
  test('DUAL_STACK: an IPv6 range, a /64 for each isolated subnet, and no egress-only internet gateway', () => {
    // GIVEN / WHEN
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', DUAL_STACK_VPC);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCCidrBlock', 1);
    template.hasResourceProperties('AWS::EC2::VPCCidrBlock', { AmazonProvidedIpv6CidrBlock: true });
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(2);
    subnets.forEach((subnet) => expect(subnet.Properties.Ipv6CidrBlock).toBeDefined());
    // still private: no gateway of any kind, and no route out for either family
    template.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
  });

  test('IPV4_ONLY (the default, given explicitly): the same template as without the option', () => {
    // GIVEN two stacks, one with the default written out
    const implicit = envAgnosticStack();
    new PrivateDynamoAccess(implicit, 'Access');
    const explicit = envAgnosticStack();
    new PrivateDynamoAccess(explicit, 'Access', { vpcOptions: { ipProtocol: ec2.IpProtocol.IPV4_ONLY } });

    // THEN
    expect(synth(explicit).toJSON()).toEqual(synth(implicit).toJSON());
  });
});

describe('ipAddressType on the endpoints the construct creates', () => {
  test('gateway, DUALSTACK, in a dual-stack new VPC: IpAddressType dualstack on the gateway endpoint', () => {
    // GIVEN / WHEN
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { ...DUAL_STACK_VPC, endpoint: DynamoEndpoint.gateway({ ipAddressType: DUALSTACK }) });

    // THEN
    const props = gatewayEndpointProps(synth(stack));
    expect(props.IpAddressType).toEqual('dualstack');
    expect(props.DnsOptions).toBeUndefined();
  });

  test('gateway, IPV4, in an IPv4 VPC: IpAddressType ipv4', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ ipAddressType: IPV4 }) });
    expect(gatewayEndpointProps(synth(stack)).IpAddressType).toEqual('ipv4');
  });

  test('interface, DUALSTACK, with streams: both endpoints dual-stack, clientEnvironment still the regional DNS name', () => {
    // GIVEN / WHEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', {
      ...DUAL_STACK_VPC, endpoint: DynamoEndpoint.interface({ ipAddressType: DUALSTACK, streams: true }),
    });

    // THEN
    const template = synth(stack);
    for (const service of ['dynamodb', 'dynamodb-streams'] as const) {
      const props = interfaceEndpointProps(template, service);
      expect(props.IpAddressType).toEqual('dualstack');
      expect(props.DnsOptions).toBeUndefined();
      expect(props.PrivateDnsEnabled).toBe(false);
    }
    // the endpoint's regional DNS name serves both families: no other URL, no AWS_USE_DUALSTACK_ENDPOINT
    expect(Object.keys(access.clientEnvironment).sort()).toEqual(['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS']);
    const endpointId = stack.getLogicalId(access.interfaceEndpoint!.node.defaultChild as CfnElement);
    expect(cfn(stack, access.clientEnvironment.AWS_ENDPOINT_URL_DYNAMODB)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [endpointId, 'DnsEntries'] }] }] }] }]],
    });
  });

  test('interface, DUALSTACK: the created security group admits the VPC\'s IPv6 range too, once the range exists', () => {
    // GIVEN / WHEN
    const stack = envAgnosticStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { ...DUAL_STACK_VPC, endpoint: DynamoEndpoint.interface({ ipAddressType: DUALSTACK }) });

    // THEN TCP 443 from the VPC's IPv4 range (known at synth: a literal) and from its (first) IPv6 range (assigned by AWS)
    const template = synth(stack);
    const vpcId = stack.getLogicalId(access.vpc.node.defaultChild as ec2.CfnVPC);
    template.hasResource('AWS::EC2::SecurityGroup', {
      Properties: {
        SecurityGroupIngress: [
          Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443 }),
          Match.objectLike({ CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': [vpcId, 'Ipv6CidrBlocks'] }] }, FromPort: 443, ToPort: 443 }),
        ],
      },
      DependsOn: [Match.stringLikeRegexp('^AccessVpcipv6cidr')],
    });
  });

  test('interface, IPV4 (or no type): the created security group admits the VPC\'s IPv4 range only, as before', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { ...DUAL_STACK_VPC, endpoint: DynamoEndpoint.interface({ ipAddressType: IPV4 }) });
    const groups = Object.values(synth(stack).findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^DynamoDB interface') } }));
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress[0].CidrIpv6).toBeUndefined();
  });

  test('interface, DUALSTACK with dnsRecordIpType IPV4: DnsOptions carries it', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', {
      ...DUAL_STACK_VPC,
      endpoint: DynamoEndpoint.interface({ ipAddressType: DUALSTACK, dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4 }),
    });
    const props = interfaceEndpointProps(synth(stack), 'dynamodb');
    expect(props.IpAddressType).toEqual('dualstack');
    expect(props.DnsOptions).toEqual({ DnsRecordIpType: 'ipv4' });
  });

  test('gateway+interface, DUALSTACK, in a VPC of the app: both endpoints dual-stack', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', {
      vpc: dualStackVpc(stack), subnets: { subnetGroupName: 'App' }, endpoint: DynamoEndpoint.gatewayAndInterface({ ipAddressType: DUALSTACK }),
    });
    const template = synth(stack);
    expect(gatewayEndpointProps(template).IpAddressType).toEqual('dualstack');
    expect(interfaceEndpointProps(template, 'dynamodb').IpAddressType).toEqual('dualstack');
  });

  test('interface, IPV6, in IPv6-only subnets: IpAddressType ipv6', () => {
    // GIVEN a dual-stack VPC with two IPv6-only subnets
    const stack = envAgnosticStack();
    const vpc = dualStackVpc(stack);
    const subnets = ipv6OnlySubnets(stack, vpc);

    // WHEN the interface endpoint goes into them
    new PrivateDynamoAccess(stack, 'Access', {
      vpc,
      subnets: { subnetGroupName: 'App' },
      endpoint: DynamoEndpoint.interface({ ipAddressType: IPV6, subnets: { subnets }, allowedPeers: [] }),
    });

    // THEN
    expect(interfaceEndpointProps(synth(stack), 'dynamodb').IpAddressType).toEqual('ipv6');
  });

  test('an imported VPC, whose subnets\' ranges are not known: not judged, IpAddressType written', () => {
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { vpc: importedVpc(stack), endpoint: DynamoEndpoint.gateway({ ipAddressType: DUALSTACK }) });
    expect(gatewayEndpointProps(synth(stack)).IpAddressType).toEqual('dualstack');
  });
});

describe('impossible combinations fail at synth', () => {
  test('fails when a gateway endpoint is DUALSTACK in a VPC of the app without IPv6', () => {
    const stack = envAgnosticStack();
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ ipAddressType: DUALSTACK }) })).toThrow(
      /^endpoint\.ipAddressType: "dualstack" needs every subnet the gateway endpoint serves to have IPv4 and IPv6 ranges, but subnet Stack\/Access\/Vpc\/IsolatedSubnet1 has no IPv6 range, so AWS refuses the endpoint at deploy; build the VPC dual-stack \(vpcOptions: \{ ipProtocol: ec2\.IpProtocol\.DUAL_STACK \}/);
  });

  test('fails when an interface endpoint is DUALSTACK in subnets without IPv6', () => {
    const stack = envAgnosticStack();
    expect(() => new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ ipAddressType: DUALSTACK }) })).toThrow(
      /^endpoint\.ipAddressType: "dualstack" needs every subnet the interface endpoint serves to have IPv4 and IPv6 ranges, but subnet Stack\/Access\/Vpc\/IsolatedSubnet1 has no IPv6 range/);
  });

  test('fails when an endpoint is IPV6 in dual-stack subnets, which are not IPv6-only', () => {
    const stack = envAgnosticStack();
    expect(() => new PrivateDynamoAccess(stack, 'Access', { ...DUAL_STACK_VPC, endpoint: DynamoEndpoint.gateway({ ipAddressType: IPV6 }) })).toThrow(
      /^endpoint\.ipAddressType: "ipv6" needs every subnet the gateway endpoint serves to be IPv6-only, but subnet Stack\/Access\/Vpc\/IsolatedSubnet1 has an IPv4 range \(it is not IPv6-only\), .*; select IPv6-only subnets, use ec2\.VpcEndpointIpAddressType\.DUALSTACK/);
  });

  test('fails when an endpoint is IPV4 in IPv6-only subnets', () => {
    const stack = envAgnosticStack();
    const vpc = dualStackVpc(stack);
    expect(() => new PrivateDynamoAccess(stack, 'Access', {
      vpc,
      subnets: { subnetGroupName: 'App' },
      endpoint: DynamoEndpoint.interface({ ipAddressType: IPV4, subnets: { subnets: ipv6OnlySubnets(stack, vpc) }, allowedPeers: [] }),
    })).toThrow(/^endpoint\.ipAddressType: "ipv4" needs every subnet the interface endpoint serves to have an IPv4 range, but subnet Stack\/Ipv6Only0 has no IPv4 range/);
  });

  test('fails when dnsRecordIpType is given without ipAddressType', () => {
    expect(() => DynamoEndpoint.interface({ dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.DUALSTACK })).toThrow(
      /^endpoint\.dnsRecordIpType: "dualstack" is given without ipAddressType, .*; give ipAddressType too/);
  });

  test.each([
    [IPV4, ec2.VpcEndpointDnsRecordIpType.DUALSTACK, '"ipv4"'],
    [IPV4, ec2.VpcEndpointDnsRecordIpType.IPV6, '"ipv4"'],
    [IPV6, ec2.VpcEndpointDnsRecordIpType.IPV4, '"ipv6"'],
    [IPV6, ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED, '"ipv6"'],
  ])('fails when ipAddressType %s is given with dnsRecordIpType %s, which it does not allow', (ipAddressType, dnsRecordIpType, allowed) => {
    expect(() => DynamoEndpoint.gatewayAndInterface({ ipAddressType, dnsRecordIpType })).toThrow(new RegExp(
      `^endpoint\\.dnsRecordIpType: "${dnsRecordIpType}" contradicts ipAddressType "${ipAddressType}", which allows only ${allowed}, and the deployment fails; pass one of ${allowed}`));
  });

  test.each(Object.values(ec2.VpcEndpointDnsRecordIpType))('accepts dnsRecordIpType %s with ipAddressType DUALSTACK', (dnsRecordIpType) => {
    expect(() => DynamoEndpoint.interface({ ipAddressType: DUALSTACK, dnsRecordIpType })).not.toThrow();
  });

  test('fails when ipAddressType is not an IP address type', () => {
    expect(() => DynamoEndpoint.gateway({ ipAddressType: 'dual-stack' as ec2.VpcEndpointIpAddressType })).toThrow(
      /^endpoint\.ipAddressType: "dual-stack" is not an IP address type of a VPC endpoint; pass ec2\.VpcEndpointIpAddressType\.IPV4, DUALSTACK or IPV6/);
  });

  test('fails when gateway() is given dnsRecordIpType, an interface endpoint option', () => {
    const options = { dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4 } as GatewayEndpointOptions;
    expect(() => DynamoEndpoint.gateway(options)).toThrow(/^endpoint: DynamoEndpoint\.gateway\(\) does not take interface endpoint options, got dnsRecordIpType/);
  });

  test('fails when existingGateway() is given ipAddressType: the endpoint is its owner\'s', () => {
    expect(() => DynamoEndpoint.existingGateway({ vpcEndpointId: 'vpce-0a1b2c3d4e5f67890', ipAddressType: DUALSTACK })).toThrow(
      /^endpoint\.existingGateway\.ipAddressType: "dualstack" is given, but the endpoint is owned elsewhere .*; remove ipAddressType, and ask the endpoint's owner/);
  });
});

describe('the endpoint policy of a dual-stack endpoint', () => {
  /** The DynamoDB endpoints of a gateway+interface access, resolved, with and without `ipAddressType`. */
  function endpoints(ipAddressType?: ec2.VpcEndpointIpAddressType) {
    const stack = new Stack(new App(), 'Stack');
    new PrivateDynamoAccess(stack, 'Access', { ...DUAL_STACK_VPC, endpoint: DynamoEndpoint.gatewayAndInterface({ ipAddressType }) });
    const resolver = new TemplateResolver(synth(stack).toJSON());
    return { resolver, endpoints: resolver.dynamoEndpoints() };
  }

  test('is the data perimeter of an IPv4 endpoint: the account\'s tables admitted, another account\'s caller refused', async () => {
    // GIVEN the dual-stack endpoints, and the same access without ipAddressType
    const dual = endpoints(DUALSTACK);
    const plain = endpoints();

    // THEN the policies are the same
    expect(dual.endpoints.map((endpoint) => endpoint.policy)).toEqual(plain.endpoints.map((endpoint) => endpoint.policy));
    expect(dual.endpoints).toHaveLength(2);
    // ... and the policy engine admits the account's role and refuses a foreign caller, through each endpoint
    const table = dual.resolver.tableArn('orders');
    for (const through of dual.endpoints) {
      await expect(simulate({ caller: APP, action: 'dynamodb:PutItem', resource: table, through })).resolves.toMatchObject({ overall: 'Allowed' });
      await expectRefusedByEndpointPolicy({
        caller: OUTSIDER, action: 'dynamodb:PutItem', resource: table, through, resourcePolicy: sharedWith({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
      });
    }
  });
});

describe('existingInterface: the DNS names must be of the stack\'s region', () => {
  const groups = (stack: Stack) => [ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointGroup', 'sg-0a1b2c3d4e5f67890')];
  const name = (service: string, region: string) => `vpce-0a1b2c3d4e5f67890-abcdefgh.${service}.${region}.vpce.amazonaws.com`;

  function access(stack: Stack, dnsName: string, streamsDnsName?: string): PrivateDynamoAccess {
    return new PrivateDynamoAccess(stack, 'Access', {
      vpc: importedVpc(stack),
      endpoint: DynamoEndpoint.existingInterface({ vpcEndpointId: 'vpce-0a1b2c3d4e5f67890', dnsName, streamsDnsName, securityGroups: groups(stack) }),
    });
  }

  test('fails when dnsName is of another region than the stack\'s', () => {
    const stack = concreteStack();
    expect(() => access(stack, name('dynamodb', 'us-east-1'))).toThrow(new RegExp(
      '^endpoint\\.existingInterface\\.dnsName: "vpce-0a1b2c3d4e5f67890-abcdefgh\\.dynamodb\\.us-east-1\\.vpce\\.amazonaws\\.com" is the DNS name of an endpoint in us-east-1, ' +
      'but this stack deploys to eu-west-1, .*; pass the DNS name of the dynamodb interface endpoint of this VPC \\(vpce-…\\.dynamodb\\.eu-west-1\\.vpce\\.amazonaws\\.com\\)'));
  });

  test('fails when streamsDnsName is of another region than the stack\'s', () => {
    const stack = concreteStack();
    expect(() => access(stack, name('dynamodb', 'eu-west-1'), name('dynamodb-streams', 'us-west-2'))).toThrow(
      /^endpoint\.existingInterface\.streamsDnsName: ".*\.dynamodb-streams\.us-west-2\.vpce\.amazonaws\.com" is the DNS name of an endpoint in us-west-2, but this stack deploys to eu-west-1/);
  });

  test('accepts names of the stack\'s region, and points clients at them', () => {
    const stack = concreteStack();
    const created = access(stack, name('dynamodb', 'eu-west-1'), name('dynamodb-streams', 'eu-west-1'));
    expect(created.clientEnvironment).toEqual({
      AWS_ENDPOINT_URL_DYNAMODB: `https://${name('dynamodb', 'eu-west-1')}`,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: `https://${name('dynamodb-streams', 'eu-west-1')}`,
    });
  });

  test('does not judge the region of an environment-agnostic stack, or a name that is a token', () => {
    expect(() => access(envAgnosticStack(), name('dynamodb', 'us-east-1'))).not.toThrow();
    const stack = concreteStack();
    expect(() => access(stack, Fn.importValue('endpoint-dns-name'))).not.toThrow();
  });
});
