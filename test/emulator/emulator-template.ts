/**
 * Emulator-only rewrites of a synthesized template, one small step per gap of moto 5.2.1's
 * CloudFormation. They never touch what the library emits (the original template is not modified), and
 * each step reports what it changed and what the deployed checks therefore cannot see, so that the test
 * output says it instead of passing silently.
 */
import { EMULATOR_ACCOUNT } from './moto';

/** A CloudFormation template, as synthesized. */
export interface CfnTemplate {
  Resources: { [logicalId: string]: CfnResource };
  Outputs?: { [name: string]: { Value: unknown; [key: string]: unknown } };
  [section: string]: unknown;
}

export interface CfnResource {
  Type: string;
  Properties?: { [name: string]: any };
  DependsOn?: string | string[];
  [key: string]: unknown;
}

/** One applied rewrite. */
export interface EmulatorStep {
  /** The moto gap, in a few words. */
  readonly gap: string;
  /** What the rewrite changed, with the logical ids. */
  readonly change: string;
  /** What the deployed checks cannot see because of it, and what covers it instead. */
  readonly notVerified?: string;
}

export interface EmulatorTemplate {
  readonly template: CfnTemplate;
  readonly steps: EmulatorStep[];
}

/** Hosted-zone id of the stand-in DNS entries (see `endpointAttributes`). */
export const EMULATED_DNS_ZONE = 'ZEMULATEDBYTEST';

/**
 * The stand-in DNS name that `endpointAttributes` gives an interface endpoint: what
 * `Fn::GetAtt [endpoint, DnsEntries]` resolves to in the emulator, minus the `<zone>:` prefix.
 */
export function emulatedDnsName(endpointId: string, serviceName: string): string {
  return `${endpointId}.emulated.${serviceName}`;
}

/** The emulator steps, in the order they are applied. */
const STEPS = {
  zonesOfTheStackRegion,
  globalTableAsTable,
  endpointPolicyAsJson,
  endpointAttributes,
  withoutLambdaBackedCustomResources,
  egressRulesInline,
  secretsAsArns,
  withoutQueuePolicies,
};
export type EmulatorStepName = keyof typeof STEPS;

/**
 * Returns a copy of `original` that moto can deploy in `region`, and the steps applied. `without`
 * leaves steps out, for the harness's own tests that show a gap is real.
 */
export function emulatorTemplate(original: CfnTemplate, options: { region: string; without?: EmulatorStepName[] }): EmulatorTemplate {
  const template = structuredClone(original);
  const steps = Object.entries(STEPS)
    .filter(([name]) => !options.without?.includes(name as EmulatorStepName))
    .flatMap(([, step]) => step(template, options.region));
  assertNoDanglingReferences(template);
  return { template, steps };
}

/**
 * Gap: moto resolves `Fn::GetAZs ""` (what an environment-agnostic stack's subnets use) to the zones of
 * us-east-1 whatever the stack's region, and accepts subnets there. Step: name the region explicitly,
 * `Fn::GetAZs "<region>"`, which is what the empty string means in CloudFormation.
 */
function zonesOfTheStackRegion(template: CfnTemplate, region: string): EmulatorStep[] {
  let count = 0;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(rewrite);
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    const getAzs = (value as any)['Fn::GetAZs'];
    if (getAzs === '' || JSON.stringify(getAzs) === JSON.stringify({ Ref: 'AWS::Region' })) {
      count++;
      return { 'Fn::GetAZs': region };
    }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, rewrite(child)]));
  };
  for (const resource of Object.values(template.Resources)) {
    resource.Properties = rewrite(resource.Properties) as CfnResource['Properties'];
  }
  return count === 0 ? [] : [{
    gap: 'Fn::GetAZs "" resolves to us-east-1 zones in moto, whatever the region',
    change: `${count} Fn::GetAZs "" given the region explicitly ("${region}")`,
  }];
}

/**
 * Gap: moto has no `AWS::DynamoDB::GlobalTable` (what `TableV2` synthesizes to) and skips it without an
 * error, so every `Ref`/`GetAtt` to it then fails. Step: a single-replica global table in the stack's
 * region becomes an `AWS::DynamoDB::Table` with the same key schema, billing, streams and indexes, and
 * the replica's settings moved to the table. Anything it cannot carry over makes it throw.
 */
function globalTableAsTable(template: CfnTemplate, region: string): EmulatorStep[] {
  const tableLevel = ['AttributeDefinitions', 'BillingMode', 'KeySchema', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes',
    'StreamSpecification', 'TableName', 'TimeToLiveSpecification', 'SSESpecification'];
  const replicaLevel = ['Region', 'PointInTimeRecoverySpecification', 'DeletionProtectionEnabled', 'TableClass', 'Tags',
    'ContributorInsightsSpecification', 'ResourcePolicy'];
  const converted: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::DynamoDB::GlobalTable') {
      continue;
    }
    const { Replicas: replicas = [], ...tableProps } = resource.Properties ?? {};
    const replica = replicas[0] ?? {};
    const unsupported = [
      ...(replicas.length !== 1 ? [`${replicas.length} replicas`] : []),
      ...(replica.Region !== region && JSON.stringify(replica.Region) !== JSON.stringify({ Ref: 'AWS::Region' }) ? [`replica region ${JSON.stringify(replica.Region)}`] : []),
      ...Object.keys(tableProps).filter((name) => !tableLevel.includes(name)),
      ...Object.keys(replica).filter((name) => !replicaLevel.includes(name)).map((name) => `Replicas[0].${name}`),
    ];
    if (unsupported.length > 0) {
      throw new Error(`emulatorTemplate: cannot turn global table ${logicalId} into a table for moto: ${unsupported.join(', ')}; extend globalTableAsTable`);
    }
    const { Region: _region, ...replicaProps } = replica;
    resource.Type = 'AWS::DynamoDB::Table';
    resource.Properties = { ...tableProps, ...replicaProps };
    converted.push(logicalId);
  }
  return converted.length === 0 ? [] : [{
    gap: 'AWS::DynamoDB::GlobalTable is skipped by moto without an error',
    change: `${converted.join(', ')}: AWS::DynamoDB::GlobalTable (one replica, this region) deployed as AWS::DynamoDB::Table with the replica's settings`,
    notVerified: 'the GlobalTable resource type itself, and replica settings such as point-in-time recovery (moto ignores them): aws-cdk-lib\'s TableV2 output, not this library\'s',
  }];
}

/**
 * Gap: moto stores an endpoint's `PolicyDocument` object as a Python repr (`{'Statement': …}`), not
 * JSON, so the deployed policy cannot be read back. Step: pass the same document through
 * `Fn::ToJsonString` (a JSON string is equally valid for this property), so that `DescribeVpcEndpoints`
 * returns JSON that the test compares with the synthesized policy.
 */
function endpointPolicyAsJson(template: CfnTemplate): EmulatorStep[] {
  const wrapped: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const policy = resource.Properties?.PolicyDocument;
    if (resource.Type === 'AWS::EC2::VPCEndpoint' && typeof policy === 'object' && policy !== null && !('Fn::ToJsonString' in policy)) {
      resource.Properties!.PolicyDocument = { 'Fn::ToJsonString': policy };
      wrapped.push(logicalId);
    }
  }
  return wrapped.length === 0 ? [] : [{
    gap: 'endpoint PolicyDocument stored by moto as a Python repr, not JSON',
    change: `${wrapped.join(', ')}: PolicyDocument passed as Fn::ToJsonString of the same document`,
  }];
}

/**
 * Gap: `Fn::GetAtt` on an `AWS::EC2::VPCEndpoint` raises inside moto (HTTP 500, stack left in
 * CREATE_IN_PROGRESS). Step: `GetAtt Id` becomes `Ref` (which real CloudFormation also resolves to the
 * endpoint id); `GetAtt DnsEntries` becomes a one-entry list in the real `<hosted zone>:<dns name>` form,
 * built from the endpoint id (`emulatedDnsName`), so that expressions over it (the construct's
 * `endpointUrl`, `clientEnvironment`) still resolve and can be compared with the deployed endpoint.
 */
function endpointAttributes(template: CfnTemplate): EmulatorStep[] {
  const rewritten = new Set<string>();
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(rewrite);
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    const getAtt = (value as any)['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [logicalId, attribute] = typeof getAtt === 'string' ? getAtt.split('.') : getAtt;
      const target = template.Resources[logicalId];
      if (target?.Type === 'AWS::EC2::VPCEndpoint') {
        rewritten.add(`${logicalId}.${attribute}`);
        if (attribute === 'Id') {
          return { Ref: logicalId };
        }
        if (attribute === 'DnsEntries') {
          return [{ 'Fn::Join': ['', [`${EMULATED_DNS_ZONE}:`, { Ref: logicalId }, '.emulated.', target.Properties?.ServiceName]] }];
        }
        throw new Error(`emulatorTemplate: Fn::GetAtt ${logicalId}.${attribute} on a VPC endpoint has no emulator stand-in; extend endpointAttributes`);
      }
    }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, rewrite(child)]));
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Properties !== undefined) {
      resource.Properties = rewrite(resource.Properties) as CfnResource['Properties'];
    }
  }
  if (template.Outputs !== undefined) {
    template.Outputs = rewrite(template.Outputs) as CfnTemplate['Outputs'];
  }
  return rewritten.size === 0 ? [] : [{
    gap: 'Fn::GetAtt on a VPC endpoint fails inside moto (HTTP 500, stack stuck in progress)',
    change: `${[...rewritten].sort().join(', ')}: Id as Ref, DnsEntries as a stand-in "${EMULATED_DNS_ZONE}:<endpoint id>.emulated.<service>" entry`,
    notVerified: 'the real DNS name of an interface endpoint (a client URL is checked against the stand-in, i.e. that it picks the DNS name of the right endpoint)',
  }];
}

/**
 * Gap: custom resources backed by Lambda cannot run in moto here (invoking Lambda needs a container
 * runtime this machine does not have); their provider function's code is also an asset in the CDK
 * bootstrap bucket, which the emulator does not have. Step: remove aws-cdk-lib's
 * `Custom::VpcRestrictDefaultSG` (strips the VPC's default security group) with its provider function
 * and role; any other custom resource makes it throw, so nothing disappears unannounced.
 */
function withoutLambdaBackedCustomResources(template: CfnTemplate): EmulatorStep[] {
  const resources = template.Resources;
  const removed = new Set<string>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'Custom::VpcRestrictDefaultSG') {
      removed.add(logicalId);
    } else if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') {
      throw new Error(`emulatorTemplate: custom resource ${logicalId} (${resource.Type}) cannot run in moto and has no emulator step; extend withoutLambdaBackedCustomResources`);
    }
  }
  if (removed.size === 0) {
    return [];
  }
  // The provider's function and role go too, once nothing that stays refers to them.
  const providerTypes = ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::IAM::Policy'];
  for (let changed = true; changed;) {
    changed = false;
    const referencedByKept = new Set(Object.entries(resources).filter(([id]) => !removed.has(id)).flatMap(([, resource]) => referencesOf(resource)));
    for (const id of [...removed].flatMap((removedId) => referencesOf(resources[removedId]))) {
      if (!removed.has(id) && providerTypes.includes(resources[id]?.Type) && !referencedByKept.has(id)) {
        removed.add(id);
        changed = true;
      }
    }
  }
  for (const id of removed) {
    delete resources[id];
  }
  for (const resource of Object.values(resources)) {
    if (resource.DependsOn !== undefined) {
      resource.DependsOn = ([] as string[]).concat(resource.DependsOn).filter((id) => !removed.has(id));
    }
  }
  return [{
    gap: 'Lambda-backed custom resources cannot run in moto (no container runtime here)',
    change: `removed ${[...removed].sort().join(', ')}`,
    notVerified: 'that the VPC\'s default security group is stripped of its rules (restrictDefaultSecurityGroup): covered by the template tests',
  }];
}

/**
 * Gap: moto skips `AWS::EC2::SecurityGroupEgress` (a rule as its own resource, which aws-cdk-lib writes
 * for a rule to a prefix list) without saying so. Step: move each such rule into the `SecurityGroupEgress`
 * of its group when the group is in the same template (the same rule, inline); a rule on a group of
 * another template makes it throw.
 */
function egressRulesInline(template: CfnTemplate): EmulatorStep[] {
  const moved: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::EC2::SecurityGroupEgress') {
      continue;
    }
    const { GroupId: groupId, ...rule } = resource.Properties ?? {};
    const groupLogicalId = groupId?.['Fn::GetAtt']?.[0];
    const group = template.Resources[groupLogicalId];
    if (group?.Type !== 'AWS::EC2::SecurityGroup') {
      throw new Error(`emulatorTemplate: ${logicalId} is an egress rule of a group that is not in the template; moto would skip it`);
    }
    group.Properties = { ...group.Properties, SecurityGroupEgress: [...(group.Properties?.SecurityGroupEgress ?? []), rule] };
    delete template.Resources[logicalId];
    moved.push(logicalId);
  }
  return moved.length === 0 ? [] : [{
    gap: 'AWS::EC2::SecurityGroupEgress is skipped silently by moto',
    change: `${moved.join(', ')}: the same rule, inline in its group's SecurityGroupEgress`,
    notVerified: 'the egress rule as a resource of its own (the template tests and cfn-lint cover it)',
  }];
}

/**
 * Gap: moto's CloudFormation has no `AWS::SecretsManager::Secret`: a `Ref` to one resolves to nothing, and
 * an IAM policy that names it fails with "Policy statement must contain resources". Step: remove the
 * secret, and write its ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<logical id>-AbCdEf`) as a
 * literal wherever the template refers to it (`Ref`, the secret's ARN), so that the policies that name it
 * deploy and read back with that ARN.
 */
function secretsAsArns(template: CfnTemplate, region: string): EmulatorStep[] {
  const secrets = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::SecretsManager::Secret').map(([logicalId]) => logicalId);
  if (secrets.length === 0) {
    return [];
  }
  const arnOf = (logicalId: string) => `arn:aws:secretsmanager:${region}:${EMULATOR_ACCOUNT}:secret:${logicalId}-AbCdEf`;
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(replace);
    }
    if (typeof value === 'object' && value !== null) {
      const ref = (value as Record<string, unknown>).Ref;
      if (typeof ref === 'string' && secrets.includes(ref)) {
        return arnOf(ref);
      }
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, replace(entry)]));
    }
    return value;
  };
  secrets.forEach((logicalId) => delete template.Resources[logicalId]);
  for (const resource of Object.values(template.Resources)) {
    resource.Properties = replace(resource.Properties) as CfnResource['Properties'];
    if (resource.DependsOn !== undefined) {
      resource.DependsOn = ([] as string[]).concat(resource.DependsOn).filter((id) => !secrets.includes(id));
    }
  }
  return [{
    gap: 'AWS::SecretsManager::Secret has no model in moto\'s CloudFormation (a Ref to it resolves to nothing)',
    change: `${secrets.join(', ')}: removed; its ARN written as a literal where the template names it`,
    notVerified: 'the secret itself (aws-cdk-lib\'s output; the template tests and cfn-lint cover the library\'s use of it)',
  }];
}

/**
 * Gap: moto's CloudFormation skips `AWS::SQS::QueuePolicy` without an error (the harness's check that
 * every resource was created catches it). Step: remove the queue policies; nothing of the library's is in
 * them (aws-cdk-lib writes one for `enforceSSL`).
 */
function withoutQueuePolicies(template: CfnTemplate): EmulatorStep[] {
  const removed = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::SQS::QueuePolicy').map(([logicalId]) => logicalId);
  removed.forEach((logicalId) => delete template.Resources[logicalId]);
  return removed.length === 0 ? [] : [{
    gap: 'AWS::SQS::QueuePolicy is skipped by moto without an error',
    change: `removed ${removed.join(', ')}`,
    notVerified: 'a queue\'s resource policy (aws-cdk-lib\'s enforceSSL output; the template tests and cfn-lint cover it)',
  }];
}

/** Logical ids a resource refers to through Ref, Fn::GetAtt, Fn::Sub or DependsOn. */
export function referencesOf(resource: CfnResource): string[] {
  const found = new Set<string>(([] as string[]).concat(resource.DependsOn ?? []));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      const node = value as Record<string, unknown>;
      if (typeof node.Ref === 'string') {
        found.add(node.Ref);
      }
      const getAtt = node['Fn::GetAtt'];
      if (getAtt !== undefined) {
        found.add(typeof getAtt === 'string' ? getAtt.split('.')[0] : (getAtt as string[])[0]);
      }
      const sub = node['Fn::Sub'];
      const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
      for (const match of (subText ?? '').matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) {
        found.add(match[1]);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(resource.Properties);
  return [...found].filter((id) => !id.startsWith('AWS::'));
}

/** A rewrite must not leave a reference to something it removed. */
function assertNoDanglingReferences(template: CfnTemplate): void {
  const known = new Set([...Object.keys(template.Resources), ...Object.keys((template.Parameters as object | undefined) ?? {})]);
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const dangling = referencesOf(resource).filter((id) => !known.has(id));
    if (dangling.length > 0) {
      throw new Error(`emulatorTemplate: ${logicalId} still refers to ${dangling.join(', ')}, which a rewrite removed`);
    }
  }
}
