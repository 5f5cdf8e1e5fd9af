import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ConnectivityCheck, DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ENV, lookupContext, twoGroupVpc } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';

/*
 * The connectivity check and dual-stack endpoints: DUALSTACK_BYPASSES_GATEWAY judged from the
 * IpAddressType of the gateway endpoints that serve the client's subnets (whoever wrote them), and
 * CONFLICTING_SDK_SETTINGS with a dual-stack interface endpoint.
 */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();

const { DUALSTACK, IPV4 } = ec2.VpcEndpointIpAddressType;
/** Any finding of the check, whatever its id. */
const ANY_FINDING = Match.stringLikeRegexp('\\[ack: cdk-private-dynamo-access:');

function finding(id: string, text: string): Match {
  return Match.stringLikeRegexp(`${text}.*\\[ack: ${id}\\]`);
}

/** A stack of ENV whose VPC has two dual-stack groups of isolated subnets, "App" and "Other". */
function dualStackStack(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(new App({ context: lookupContext(ENV) }), 'Stack', { env: ENV });
  return { stack, vpc: twoGroupVpc(stack, 'Vpc', ['App', 'Other'], { ipProtocol: ec2.IpProtocol.DUAL_STACK }) };
}

/** A function in the subnets of `group`, granted a table; dual-stack (may send IPv6) unless told otherwise. */
interface ClientOptions {
  readonly group?: string;
  readonly ipv6?: boolean;
  readonly environment?: Record<string, string>;
}

function client(stack: Stack, vpc: ec2.IVpc, options: ClientOptions = {}): lambda.Function {
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    vpc,
    vpcSubnets: { subnetGroupName: options.group ?? 'App' },
    ipv6AllowedForDualStack: options.ipv6 ?? true,
    allowAllIpv6Outbound: true,
    environment: options.environment ?? { AWS_USE_DUALSTACK_ENDPOINT: 'true' },
  });
  new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }).grantReadData(fn);
  return fn;
}

/** A DynamoDB gateway endpoint written by hand (a plain L1) on the route tables of `group`. */
function handWrittenGateway(stack: Stack, vpc: ec2.IVpc, group: string, ipAddressType?: string): ec2.CfnVPCEndpoint {
  return new ec2.CfnVPCEndpoint(stack, 'HandWrittenGateway', {
    vpcId: vpc.vpcId,
    serviceName: `com.amazonaws.${stack.region}.dynamodb`,
    vpcEndpointType: 'Gateway',
    routeTableIds: vpc.selectSubnets({ subnetGroupName: group }).subnets.map((subnet) => subnet.routeTable.routeTableId),
    ipAddressType,
  });
}

function findings(stack: Stack): Annotations {
  templates.synth(stack);
  return Annotations.fromStack(stack);
}

function expectNoFinding(stack: Stack): void {
  const annotations = findings(stack);
  annotations.hasNoError('*', ANY_FINDING);
  annotations.hasNoWarning('*', ANY_FINDING);
}

describe('DUALSTACK_BYPASSES_GATEWAY: a dual-stack client and the gateway endpoint of its subnets', () => {
  test.each([
    ['not set', undefined],
    ['IPV4', IPV4],
  ])('the construct\'s gateway endpoint with ipAddressType %s: a warning naming it; DUALSTACK: no finding', (_title, ipAddressType) => {
    // GIVEN a function that may send IPv6 and is pointed at DynamoDB's dual-stack name, and a gateway endpoint of IPv4 only
    const broken = dualStackStack();
    new PrivateDynamoAccess(broken.stack, 'Access', {
      vpc: broken.vpc, subnets: { subnetGroupName: 'App' }, endpoint: DynamoEndpoint.gateway({ ipAddressType }),
    });
    client(broken.stack, broken.vpc);
    // ... and the same with the gateway endpoint made dual-stack
    const fixed = dualStackStack();
    new PrivateDynamoAccess(fixed.stack, 'Access', {
      vpc: fixed.vpc, subnets: { subnetGroupName: 'App' }, endpoint: DynamoEndpoint.gateway({ ipAddressType: DUALSTACK }),
    });
    client(fixed.stack, fixed.vpc);

    // THEN the first is warned, with the endpoint, its IpAddressType and the fix; the second is silent
    findings(broken.stack).hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY,
      'may send IPv6, and AWS_USE_DUALSTACK_ENDPOINT=true points its SDK at DynamoDB\'s dual-stack names \\(dynamodb.<region>.api.aws, <account>.ddb.<region>.api.aws\\), ' +
      'whose IPv6 addresses the gateway route \\(IPv4 only\\) of gateway endpoint Stack/Access/GatewayEndpoint does not carry \\(its IpAddressType is ipv4 or not set\\); ' +
      'make the endpoint dual-stack \\(DynamoEndpoint.gateway\\(\\{ ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK \\}\\) on Stack/Access'));
    expectNoFinding(fixed.stack);
  });

  test('a gateway endpoint written by hand (CfnVPCEndpoint) without IpAddressType: a warning naming it; with dualstack: no finding', () => {
    // GIVEN the construct's gateway on "App", and a client in "Other", whose route tables a hand-written endpoint serves
    const build = (ipAddressType?: string) => {
      const { stack, vpc } = dualStackStack();
      new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' } });
      handWrittenGateway(stack, vpc, 'Other', ipAddressType);
      client(stack, vpc, { group: 'Other' });
      return stack;
    };
    const broken = build();
    const fixed = build('dualstack');

    // THEN
    findings(broken).hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY,
      'the gateway route \\(IPv4 only\\) of gateway endpoint Stack/HandWrittenGateway does not carry'));
    expectNoFinding(fixed);
  });

  test('a gateway endpoint whose IpAddressType is a deploy-time value: a warning that says it is not known', () => {
    // GIVEN a hand-written endpoint whose IpAddressType is a parameter
    const { stack, vpc } = dualStackStack();
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' } });
    handWrittenGateway(stack, vpc, 'Other', new CfnParameter(stack, 'IpAddressType', { default: 'dualstack' }).valueAsString);
    client(stack, vpc, { group: 'Other' });

    // THEN
    findings(stack).hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY,
      'and whether gateway endpoint Stack/HandWrittenGateway routes IPv6 is not known at synth \\(its IpAddressType is a deploy-time value, or it is owned elsewhere\\); ' +
      'make sure its IpAddressType is dualstack'));
  });

  test('a gateway endpoint owned elsewhere (existingGateway): a warning that says whether it routes IPv6 is not known', () => {
    const { stack, vpc } = dualStackStack();
    new PrivateDynamoAccess(stack, 'Access', {
      vpc, subnets: { subnetGroupName: 'App' }, endpoint: DynamoEndpoint.existingGateway({ vpcEndpointId: 'vpce-0a1b2c3d4e5f67890' }),
    });
    client(stack, vpc);
    findings(stack).hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY,
      'whether gateway endpoint vpce-0a1b2c3d4e5f67890 \\(owned elsewhere\\) routes IPv6 is not known at synth'));
  });

  test.each([
    ['a client that may not send IPv6', { ipv6: false }],
    ['a dual-stack client that calls DynamoDB\'s IPv4 name (no AWS_USE_DUALSTACK_ENDPOINT)', { environment: {} }],
    ['a dual-stack client with AWS_USE_DUALSTACK_ENDPOINT=false', { environment: { AWS_USE_DUALSTACK_ENDPOINT: 'false' } }],
  ])('%s, with a gateway endpoint of IPv4 only: no finding', (_title, options) => {
    const { stack, vpc } = dualStackStack();
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetGroupName: 'App' } });
    client(stack, vpc, options);
    expectNoFinding(stack);
  });
});

describe('CONFLICTING_SDK_SETTINGS with a dual-stack interface endpoint', () => {
  test('AWS_USE_DUALSTACK_ENDPOINT=true next to clientEnvironment: an error that says the endpoint\'s name serves IPv6; without it: no finding', () => {
    // GIVEN dual-stack interface endpoints, and clients pointed at them with and without the SDK setting
    const build = (environment: Record<string, string>) => {
      const { stack, vpc } = dualStackStack();
      const access = new PrivateDynamoAccess(stack, 'Access', {
        vpc, subnets: { subnetGroupName: 'App' }, endpoint: DynamoEndpoint.interface({ ipAddressType: DUALSTACK }),
      });
      access.allowFrom(client(stack, vpc, { environment: { ...access.clientEnvironment, ...environment } }));
      return stack;
    };
    const broken = build({ AWS_USE_DUALSTACK_ENDPOINT: 'true' });
    const fixed = build({});

    // THEN
    findings(broken).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.CONFLICTING_SDK_SETTINGS,
      'AWS SDKs refuse to combine a dual-stack endpoint with an endpoint URL .*; remove AWS_USE_DUALSTACK_ENDPOINT from its environment: ' +
      'the interface endpoint of Stack/Access is the endpoint it uses, and its DNS name answers with IPv6 addresses when the endpoint is dual-stack'));
    expectNoFinding(fixed);
  });
});
