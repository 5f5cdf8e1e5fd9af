import { createHash } from 'crypto';

/**
 * Template helpers for the benchmark: compare two templates modulo logical ids, count resources,
 * name custom resources, and resolve a policy to the text AWS stores.
 */

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly [key: string]: unknown;
}

export interface Template {
  readonly Resources?: Record<string, Resource>;
  readonly [section: string]: unknown;
}

/** Written by the CLI's analytics (version reporting); it lists the construct libraries used, so it differs by design. */
export const ANALYTICS_TYPE = 'AWS::CDK::Metadata';

/** Resource counts by type, without the analytics resource. */
export function countByType(template: Template): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== ANALYTICS_TYPE) {
      counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    }
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** A custom resource of a template, with what backs it and why it is there. */
export interface CustomResourceInfo {
  readonly logicalId: string;
  readonly type: string;
  readonly path?: string;
  /** The Lambda function behind it (its `ServiceToken`), and that function's role. */
  readonly backedBy: string[];
  readonly why: string;
  /** Whether it is the one custom resource the goals allow. */
  readonly expected: boolean;
}

const KNOWN_CUSTOM_RESOURCES: Record<string, string> = {
  'Custom::VpcRestrictDefaultSG':
    'aws-cdk-lib ec2.Vpc restrictDefaultSecurityGroup: true. CloudFormation creates every VPC with a default ' +
    'security group that allows all outbound traffic and all traffic between its members, and has no property to ' +
    'remove those rules; this Lambda-backed resource revokes them at deploy time (CIS AWS Foundations 5.4)',
};

/** Every custom resource of the template, named, with its backing function and role. */
export function customResources(template: Template): CustomResourceInfo[] {
  const resources = template.Resources ?? {};
  return Object.entries(resources)
    .filter(([, resource]) => isCustomResourceType(resource.Type))
    .map(([logicalId, resource]) => {
      const backedBy: string[] = [];
      const functionId = referencedId((resource.Properties ?? {}).ServiceToken);
      if (functionId !== undefined && resources[functionId] !== undefined) {
        backedBy.push(`${functionId} (${resources[functionId].Type})`);
        const roleId = referencedId((resources[functionId].Properties ?? {}).Role);
        if (roleId !== undefined && resources[roleId] !== undefined) {
          backedBy.push(`${roleId} (${resources[roleId].Type})`);
        }
      }
      const why = KNOWN_CUSTOM_RESOURCES[resource.Type];
      return {
        logicalId,
        type: resource.Type,
        path: (resource.Metadata ?? {})['aws:cdk:path'] as string | undefined,
        backedBy,
        why: why ?? 'UNEXPECTED: not aws-cdk-lib\'s default-security-group restriction',
        expected: why !== undefined,
      };
    });
}

/** The logical id that a `Ref` or `Fn::GetAtt` points at. */
function referencedId(value: unknown): string | undefined {
  if (isObject(value)) {
    if (typeof value.Ref === 'string') {
      return value.Ref;
    }
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      return getAtt[0];
    }
  }
  return undefined;
}

/** How alike two templates are. */
export type Likeness =
  /** equal once logical ids are renamed */
  | 'identical'
  /** equal once logical ids are renamed and resource tags are set aside (see the differences) */
  | 'identical-but-tags'
  | 'different';

/** The result of comparing two templates. */
export interface Comparison {
  readonly likeness: Likeness;
  /** What differs, in a few lines; empty when identical. */
  readonly differences: string[];
}

/**
 * Compares two templates modulo logical ids (and the `aws:cdk:path` metadata and analytics resource
 * that depend on them): identical when some renaming of logical ids makes them equal. When they are
 * not, compares them again without resource tags, and lists the tags that differ.
 */
export function compareTemplates(a: Template, b: Template): Comparison {
  const strict = differencesOf(canonicalize(a), canonicalize(b));
  if (strict.length === 0) {
    return { likeness: 'identical', differences: [] };
  }
  const untagged = differencesOf(canonicalize(withoutTags(a)), canonicalize(withoutTags(b)));
  if (untagged.length === 0) {
    return { likeness: 'identical-but-tags', differences: tagDifferences(a, b) };
  }
  return { likeness: 'different', differences: untagged };
}

function differencesOf(left: CanonicalTemplate, right: CanonicalTemplate): string[] {
  const differences: string[] = [];
  const leftIds = Object.keys(left.Resources);
  const rightIds = new Set(Object.keys(right.Resources));
  const onlyLeft = leftIds.filter((id) => !rightIds.has(id));
  const onlyRight = [...rightIds].filter((id) => left.Resources[id] === undefined);
  if (onlyLeft.length > 0 || onlyRight.length > 0) {
    differences.push(`resources only in the first: ${onlyLeft.map((id) => (left.Resources[id] as Resource).Type).join(', ') || '-'}`);
    differences.push(`resources only in the second: ${onlyRight.map((id) => (right.Resources[id] as Resource).Type).join(', ') || '-'}`);
  }
  if (differences.length === 0 && stableJson(left.Resources) !== stableJson(right.Resources)) {
    differences.push('resources differ in content');
  }
  for (const section of new Set([...Object.keys(left), ...Object.keys(right)])) {
    if (section !== 'Resources' && stableJson(left[section]) !== stableJson(right[section])) {
      differences.push(`section ${section} differs`);
    }
  }
  return differences;
}

function withoutTags(template: Template): Template {
  const resources = Object.fromEntries(Object.entries(template.Resources ?? {}).map(([id, resource]) => {
    const { Tags: _tags, ...properties } = resource.Properties ?? {};
    return [id, resource.Properties === undefined ? resource : { ...resource, Properties: properties }];
  }));
  return { ...template, Resources: resources };
}

/** The tags that one template has and the other has not, by resource type, with tag values that are paths generalized. */
function tagDifferences(a: Template, b: Template): string[] {
  const tagsOf = (template: Template) => {
    const tags = new Map<string, number>();
    for (const resource of Object.values(template.Resources ?? {})) {
      for (const tag of ((resource.Properties ?? {}).Tags ?? []) as Array<{ Key: string; Value: unknown }>) {
        const key = `${resource.Type} tag ${tag.Key}=${JSON.stringify(tag.Value)}`;
        tags.set(key, (tags.get(key) ?? 0) + 1);
      }
    }
    return tags;
  };
  const left = tagsOf(a);
  const right = tagsOf(b);
  const differences: string[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    const difference = (left.get(key) ?? 0) - (right.get(key) ?? 0);
    if (difference > 0) {
      differences.push(`only the first has ${key}`);
    } else if (difference < 0) {
      differences.push(`only the second has ${key}`);
    }
  }
  return differences;
}

interface CanonicalTemplate {
  readonly Resources: Record<string, unknown>;
  readonly [section: string]: unknown;
}

/**
 * The template with each logical id replaced by a name derived from the resource's content and, round
 * by round, from the content of what it references (a Weisfeiler-Lehman relabelling): two templates
 * that differ only in logical ids get the same names.
 */
export function canonicalize(template: Template): CanonicalTemplate {
  const source = template.Resources ?? {};
  const ids = Object.keys(source).filter((id) => source[id].Type !== ANALYTICS_TYPE);
  const known = new Set(ids);
  const bodies: Record<string, unknown> = {};
  for (const id of ids) {
    const { Metadata: metadata, ...rest } = source[id];
    const { 'aws:cdk:path': _path, ...otherMetadata } = metadata ?? {};
    bodies[id] = Object.keys(otherMetadata).length > 0 ? { ...rest, Metadata: otherMetadata } : rest;
  }
  let labels: Record<string, string> = Object.fromEntries(ids.map((id) => [id, source[id].Type]));
  for (let round = 0; round < 6; round++) {
    const current = labels;
    labels = Object.fromEntries(ids.map((id) => [id, digest(stableJson(rename(bodies[id], known, (ref) => current[ref])))]));
  }
  // identical resources get the same label; number them in a stable order
  const names: Record<string, string> = {};
  const used = new Map<string, number>();
  for (const id of [...ids].sort((x, y) => labels[x].localeCompare(labels[y]))) {
    const count = used.get(labels[id]) ?? 0;
    used.set(labels[id], count + 1);
    names[id] = `${source[id].Type}#${labels[id].slice(0, 12)}${count > 0 ? `#${count}` : ''}`;
  }
  const resources: Record<string, unknown> = {};
  for (const id of ids) {
    resources[names[id]] = rename(bodies[id], known, (ref) => names[ref]);
  }
  const rest: Record<string, unknown> = {};
  for (const [section, value] of Object.entries(template)) {
    if (section !== 'Resources') {
      rest[section] = rename(withoutAnalytics(section, value), known, (ref) => names[ref]);
    }
  }
  return { ...rest, Resources: resources };
}

/** The analytics resource comes with a condition in environment-agnostic stacks. */
function withoutAnalytics(section: string, value: unknown): unknown {
  if (section === 'Conditions' && isObject(value)) {
    const { CDKMetadataAvailable: _analytics, ...conditions } = value;
    return conditions;
  }
  return value;
}

/** `value` with each reference to a logical id (`Ref`, `Fn::GetAtt`, `DependsOn`, `${id}` in `Fn::Sub`) renamed by `to`. */
function rename(value: unknown, known: Set<string>, to: (id: string) => string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => rename(item, known, to));
  }
  if (!isObject(value)) {
    return value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'Ref' && typeof entry === 'string' && known.has(entry)) {
      result[key] = to(entry);
    } else if (key === 'Fn::GetAtt' && Array.isArray(entry) && known.has(entry[0])) {
      result[key] = [to(entry[0]), ...entry.slice(1)];
    } else if (key === 'Fn::GetAtt' && typeof entry === 'string' && known.has(entry.split('.')[0])) {
      const [id, ...attribute] = entry.split('.');
      result[key] = [to(id), attribute.join('.')];
    } else if (key === 'DependsOn') {
      const list = (Array.isArray(entry) ? entry : [entry]) as string[];
      result[key] = list.map((id) => (known.has(id) ? to(id) : id)).sort();
    } else if (key === 'Fn::Sub') {
      const renameText = (text: string) => text.replace(/\$\{([^}.!]+)([^}]*)\}/g, (match, id: string, rest: string) => (known.has(id) ? `\${${to(id)}${rest}}` : match));
      result[key] = typeof entry === 'string' ? renameText(entry) : [renameText((entry as unknown[])[0] as string), rename((entry as unknown[])[1], known, to)];
    } else {
      result[key] = rename(entry, known, to);
    }
  }
  return result;
}

/** JSON with object keys sorted, so that equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry) => (isObject(entry) ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b))) : entry)) ?? 'undefined';
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values of the pseudo parameters in the concrete environment a policy is measured in. */
export interface Environment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

/**
 * The value with `Ref`s to pseudo parameters and `Fn::Join` resolved, as CloudFormation passes it to
 * AWS. Throws on anything else, so that no length is measured on a half-resolved policy.
 */
export function resolvePseudo(value: unknown, env: Environment): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolvePseudo(item, env));
  }
  if (!isObject(value)) {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref') {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': env.account,
      'AWS::Region': env.region,
      'AWS::Partition': env.partition,
      'AWS::URLSuffix': env.urlSuffix,
    };
    const resolved = pseudo[value.Ref as string];
    if (resolved === undefined) {
      throw new Error(`cannot resolve ${JSON.stringify(value)}`);
    }
    return resolved;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => {
      const resolved = resolvePseudo(part, env);
      if (typeof resolved !== 'string') {
        throw new Error(`cannot join ${JSON.stringify(part)}`);
      }
      return resolved;
    }).join(separator);
  }
  if (keys.length === 1 && (keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
    throw new Error(`cannot resolve ${keys[0]}`);
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolvePseudo(entry, env)]));
}
