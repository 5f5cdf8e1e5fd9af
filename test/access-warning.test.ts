import { readFileSync } from 'fs';
import { join } from 'path';
import { AccessWarning, ConnectivityCheck } from '../src';

/*
 * One catalogue of the ids users acknowledge: the connectivity check's (`ConnectivityCheck`) and the
 * construct's own warnings (`AccessWarning`), every one listed in the README's id tables, and nothing else.
 */

/** The string constants of a class of ids. */
function idsOf(catalogue: object): string[] {
  return Object.values(catalogue).filter((value): value is string => typeof value === 'string');
}

/** The ids that the Markdown tables of a file list in their first column. */
function idsInTables(file: string): string[] {
  const text = readFileSync(join(__dirname, '..', file), 'utf-8');
  return text.split('\n').filter((line) => line.startsWith('| `cdk-private-dynamo-access:'))
    .map((line) => /^\| `(cdk-private-dynamo-access:[A-Za-z0-9]+)`/.exec(line)![1]);
}

const CODE_IDS = [...idsOf(ConnectivityCheck), ...idsOf(AccessWarning)];

describe('the ids users acknowledge', () => {
  test('are unique, and each reads cdk-private-dynamo-access:<camelCase>', () => {
    expect(new Set(CODE_IDS).size).toEqual(CODE_IDS.length);
    CODE_IDS.forEach((id) => expect(id).toMatch(/^cdk-private-dynamo-access:[a-z][A-Za-z0-9]+$/));
    expect(idsOf(AccessWarning)).toHaveLength(5);
  });

  test.each(['README.md', 'docs/connectivity-check.md'])('%s lists exactly the ids in code, each once', (file) => {
    const listed = idsInTables(file);
    expect(new Set(listed).size).toEqual(listed.length);
    expect([...listed].sort()).toEqual([...CODE_IDS].sort());
  });
});
