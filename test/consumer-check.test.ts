import { differences, normalizeTemplate } from './consumers/run';

// The comparison of test/consumers/run.ts (the consumer apps of every jsii language against the
// TypeScript app) must ignore only what differs between languages, and must see everything else.

const HASH = 'a'.repeat(64);

function template(overrides: { bucketKey?: string; cidr?: string; language?: string } = {}): any {
  return {
    Resources: {
      Endpoint: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcEndpointType: 'Interface', SubnetIds: [{ Ref: 'Subnet' }] },
        Metadata: { 'aws:cdk:path': `Consumer/${overrides.language ?? 'typescript'}/Endpoint` },
      },
      Rule: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { CidrIp: overrides.cidr ?? '192.168.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 },
      },
      Provider: {
        Type: 'AWS::Lambda::Function',
        Properties: { Code: { S3Key: overrides.bucketKey ?? `${HASH}.zip` } },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: `v2:deflate64:${overrides.language ?? 'typescript'}` } },
    },
    Conditions: { CDKMetadataAvailable: { 'Fn::Or': [] } },
  };
}

describe('consumer check: template comparison', () => {
  test('CDKMetadata, resource Metadata and asset hashes are not compared', () => {
    // GIVEN the same template from TypeScript and from Python, with its own metadata and asset hash
    const typescript = template();
    const python = template({ language: 'python', bucketKey: `${'b'.repeat(64)}.zip` });
    // WHEN both are normalized and compared
    const found = differences(normalizeTemplate(typescript), normalizeTemplate(python));
    // THEN nothing differs, and what is compared is still there
    expect(found).toEqual([]);
    expect(Object.keys(normalizeTemplate(python).Resources)).toEqual(['Endpoint', 'Rule', 'Provider']);
    expect(normalizeTemplate(python).Conditions).toBeUndefined();
  });

  test('a different property is reported with its path', () => {
    // GIVEN a template whose ingress rule admits another range
    const typescript = template();
    const java = template({ language: 'java', cidr: '10.0.0.0/8' });
    // WHEN compared
    const found = differences(normalizeTemplate(typescript), normalizeTemplate(java));
    // THEN the difference names the property and both values
    expect(found).toEqual(['/Resources/Rule/Properties/CidrIp: "192.168.0.0/16" != "10.0.0.0/8"']);
  });

  test('a missing or an extra resource is reported', () => {
    // GIVEN a template without the ingress rule and one with an extra resource
    const typescript = normalizeTemplate(template());
    const withoutRule = normalizeTemplate(template());
    delete withoutRule.Resources.Rule;
    const withExtra = normalizeTemplate(template());
    withExtra.Resources.Extra = { Type: 'AWS::SNS::Topic' };
    // WHEN compared with the reference
    // THEN each is reported
    expect(differences(typescript, withoutRule)).toEqual(['/Resources/Rule: missing']);
    expect(differences(typescript, withExtra)).toEqual(['/Resources/Extra: missing in the reference']);
  });

  test('a hash-like value that is not an asset hash still counts when it differs in length', () => {
    // GIVEN a property of 63 hex digits (not an asset hash) that differs
    const a = normalizeTemplate(template({ bucketKey: `${'c'.repeat(63)}.zip` }));
    const b = normalizeTemplate(template({ bucketKey: `${'d'.repeat(63)}.zip` }));
    // THEN it is reported
    expect(differences(a, b)).toHaveLength(1);
  });
});
