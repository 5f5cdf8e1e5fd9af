/**
 * Fails when a type of the jsii assembly (.jsii) has no example: `npx projen rosetta:extract` runs it after
 * `jsii-rosetta extract --infuse`, which gives each type without an `@example` of its own one of the README's
 * examples that uses it, so that every type's page on Construct Hub shows one. A type that no example uses
 * needs an `@example` in its TSDoc.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const assembly = JSON.parse(readFileSync(join(__dirname, '..', '.jsii'), 'utf8'));
const types = Object.entries<any>(assembly.types ?? {});
const infused = types.filter(([, type]) => type.docs?.custom?.exampleMetadata === 'infused').length;
const missing = types.filter(([, type]) => !type.docs?.example).map(([fqn]) => fqn);
if (missing.length > 0) {
  console.error(`${missing.length} type(s) of the assembly have no example: ${missing.join(', ')}; ` +
    'give each an @example in its TSDoc, or use it in a README example');
  process.exit(1);
}
console.log(`every type of the assembly has an example: ${types.length} types, ${types.length - infused} from their TSDoc, ${infused} from the README`);
