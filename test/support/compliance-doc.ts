import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * docs/compliance.md, the table of every finding left on the construct's resources (section "Findings left on the
 * construct's resources"): its first column holds the rule ids, each in backticks. `npx projen scanners` reads the
 * same table (test/scanners-newest/scan.ts) for cdk-nag 3 and Control Tower on the newest aws-cdk-lib.
 */
const COMPLIANCE_DOC = join(__dirname, '..', '..', 'docs', 'compliance.md');
const TABLE_HEADING = '## Findings left on the construct\'s resources';

/** The rule ids of the table that match `pattern`, sorted and once each. */
export function listedInComplianceDoc(pattern: RegExp): string[] {
  const text = readFileSync(COMPLIANCE_DOC, 'utf8');
  const start = text.indexOf(`\n${TABLE_HEADING}\n`);
  if (start < 0) {
    throw new Error(`docs/compliance.md has no section "${TABLE_HEADING}"`);
  }
  const section = text.slice(start + TABLE_HEADING.length + 2).split(/\n## /)[0];
  const ids = section.split('\n').filter((line) => line.startsWith('| '))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]))
    .filter((id) => pattern.test(id));
  return [...new Set(ids)].sort();
}
