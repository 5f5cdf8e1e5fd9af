/**
 * Lints the templates of a cloud assembly with cfn-lint and prints what each stack builds:
 * resources by kind, the VPC endpoints with their type, the route tables they serve, and their policy.
 *
 *   ts-node --project tsconfig.dev.json examples/summarize.ts cdk.out
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { cfnLintFiles } from '../test/support/cfn-lint';

const outdir = process.argv[2] ?? 'cdk.out';
const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json')).sort();
if (templates.length === 0) {
  throw new Error(`no *.template.json in ${outdir}: synthesize the example first`);
}

const findings = cfnLintFiles(templates.map((file) => join(outdir, file)));
if (findings.length > 0) {
  console.error(`cfn-lint: ${findings.length} finding(s)`);
  findings.forEach((finding) => console.error(`  ${finding.rule} ${finding.resource}: ${finding.message}`));
  process.exit(1);
}
console.log(`cfn-lint: ${templates.length} template(s), no errors or warnings`);

for (const file of templates) {
  const template = JSON.parse(readFileSync(join(outdir, file), 'utf8'));
  const resources: Record<string, { Type: string; Properties?: any }> = template.Resources ?? {};
  console.log(`\n== ${file.replace('.template.json', '')}`);

  const byKind = new Map<string, number>();
  Object.values(resources).forEach((resource) => byKind.set(resource.Type, (byKind.get(resource.Type) ?? 0) + 1));
  console.log(`resources (${Object.keys(resources).length}):`);
  [...byKind.entries()].sort().forEach(([kind, count]) => console.log(`  ${String(count).padStart(3)}  ${kind}`));

  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::EC2::VPCEndpoint') {
      continue;
    }
    const properties = resource.Properties ?? {};
    // com.amazonaws.<region>.<service>: a literal, or aws-cdk-lib's Fn::Join with the region
    const name = properties.ServiceName;
    const text: string = typeof name === 'string' ? name
      : (name?.['Fn::Join']?.[1] ?? []).map((part: unknown) => (typeof part === 'string' ? part : '<region>')).join('');
    const service = text.split('.').slice(3).join('.') || JSON.stringify(name);
    console.log(`endpoint ${id}: ${properties.VpcEndpointType ?? 'Gateway'} for ${service}`);
    if (properties.RouteTableIds) {
      console.log(`  serves route tables: ${properties.RouteTableIds.map(describe).join(', ')}`);
    }
    if (properties.SubnetIds) {
      console.log(`  network interfaces in: ${properties.SubnetIds.map(describe).join(', ')}; private DNS ${properties.PrivateDnsEnabled ? 'on' : 'off'}`);
    }
    for (const statement of properties.PolicyDocument?.Statement ?? []) {
      console.log(`  policy ${statement.Effect} ${statement.Sid ?? ''}`);
      console.log(`    actions:    ${[statement.Action].flat().map((action: string) => action.replace('dynamodb:', '')).join(' ')}`);
      console.log(`    resources:  ${[statement.Resource].flat().map(render).join('  ')}`);
      console.log(`    principals: ${render(statement.Principal)} when ${render(statement.Condition)}`);
    }
  }
}

/** A template value with its intrinsic functions written the way `Fn::Sub` would: `${Table.Arn}/index/*`. */
function render(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(render).join(', ');
  }
  if (typeof value === 'object' && value !== null) {
    const [key, argument] = Object.entries(value)[0] as [string, any];
    if (key === 'Ref') {
      return `\${${argument}}`;
    }
    if (key === 'Fn::GetAtt') {
      return `\${${argument.join('.')}}`;
    }
    if (key === 'Fn::Join') {
      return argument[1].map(render).join(argument[0]);
    }
    return Object.entries(value).map(([name, inner]) => `${name} ${render(inner)}`).join('; ');
  }
  return JSON.stringify(value);
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'Ref' in value) {
    return (value as { Ref: string }).Ref;
  }
  return JSON.stringify(value);
}
