/**
 * The Python package's docs (test/consumers/run.ts): the wheel's README and docstrings, read from the
 * wheel with Node's zlib.
 */
import { readFileSync } from 'fs';
import { inflateRawSync } from 'zlib';
import { StepError } from './templates';

/** The entries of a zip file (a wheel), read with Node's zlib: no unzip tool needed. */
function readZip(file: string): Map<string, string> {
  const data = readFileSync(file);
  const entries = new Map<string, string>();
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    const localStart = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
    const raw = data.subarray(localStart, localStart + compressedSize);
    entries.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The Python package's README (the wheel's METADATA) and docstrings must show Python: jsii-pacmak
 * translates them through the rosetta tablet (.jsii.tabl.json); without it, it pastes the TypeScript.
 */
export function checkPythonDocs(wheel: string): string {
  const files = readZip(wheel);
  const metadata = [...files.entries()].find(([name]) => name.endsWith('.dist-info/METADATA'))?.[1] ?? '';
  const init = [...files.entries()].find(([name]) => /^cdk_private_dynamo_access\/__init__\.py$/.test(name))?.[1] ?? '';
  const problems: string[] = [];
  const typescript = [/new PrivateDynamoAccess\(/, /\(this, '/, /```(ts|typescript)\b/];
  for (const [what, text] of [['README (METADATA)', metadata], ['docstrings (__init__.py)', init]] as const) {
    if (!text) {
      problems.push(`${what}: not in the wheel`);
      continue;
    }
    for (const pattern of typescript) {
      if (pattern.test(text)) {
        problems.push(`${what}: TypeScript left in it (${pattern})`);
      }
    }
  }
  const readmeSnippets = (metadata.match(/```python/g) ?? []).length;
  if (!/PrivateDynamoAccess\(self, "DynamoAccess"/.test(metadata) || readmeSnippets === 0) {
    problems.push('README (METADATA): no Python example (PrivateDynamoAccess(self, "DynamoAccess" in a ```python block)');
  }
  if (!/PrivateDynamoAccess\(self, "DynamoAccess"/.test(init) || !/\.restrict_table\(/.test(init)) {
    problems.push('docstrings (__init__.py): no Python example (PrivateDynamoAccess(self, "DynamoAccess", access.restrict_table()');
  }
  if (problems.length > 0) {
    throw new StepError(`python package docs: ${problems.join('; ')}`);
  }
  return `${readmeSnippets} Python code blocks in the README, Python examples in the docstrings, no TypeScript`;
}
