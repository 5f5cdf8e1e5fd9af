import * as fc from 'fast-check';
import {
  admits, cidrContains, cidrCovers, combineCoverage, coversHttps, Endpoints, isIpv4Cidr, PRIVATE_RANGES, reachesDynamoPublicly,
  reachesInterfaceEndpoint, RuleData, Tri, valueKey, VpcCidr,
} from '../../src/private/network-rules';

/*
 * The pure reasoning of the connectivity check: ports, CIDR blocks, prefix lists, on resolved values.
 * Unit tests pin the cases; property tests (fast-check, seed printed on failure) pin the laws.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const HTTPS_FROM_ANYWHERE: RuleData = { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' };
const VPC_CIDR_TOKEN = { 'Fn::GetAtt': ['Vpc8378EB38', 'CidrBlock'] };
const VPC: VpcCidr = { key: valueKey(VPC_CIDR_TOKEN), literal: '10.0.0.0/16' };
const NO_VPC: VpcCidr = {};

function source(subnetCidrs: Array<string | undefined>, groupKeys: string[] = [], complete = true): Endpoints {
  return { groupKeys, subnetCidrs, complete };
}

/** A random IPv4 block, written with its network address (as AWS writes them). */
const cidrArbitrary = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([address, bits]) => {
  const network = bits === 0 ? 0 : Math.floor(address / 2 ** (32 - bits)) * 2 ** (32 - bits);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${bits}`;
});

describe('coversHttps', () => {
  test.each<[RuleData, Tri]>([
    [{ ipProtocol: '-1' }, 'yes'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443 }, 'yes'],
    [{ ipProtocol: '6', fromPort: 0, toPort: 65535 }, 'yes'],
    [{ ipProtocol: 'tcp', fromPort: 80, toPort: 80 }, 'no'],
    [{ ipProtocol: 'udp', fromPort: 443, toPort: 443 }, 'no'],
    [{ ipProtocol: { Ref: 'Protocol' }, fromPort: 443, toPort: 443 }, 'unknown'],
    [{ ipProtocol: 'tcp', fromPort: { Ref: 'Port' }, toPort: 443 }, 'unknown'],
  ])('%j: %s', (rule, expected) => {
    // GIVEN a rule WHEN its ports are judged THEN
    expect(coversHttps(rule)).toEqual(expected);
  });

  test('property: a TCP range covers 443 exactly when it contains 443', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (a, b) => {
      const [fromPort, toPort] = a <= b ? [a, b] : [b, a];
      expect(coversHttps({ ipProtocol: 'tcp', fromPort, toPort })).toEqual(fromPort <= 443 && 443 <= toPort ? 'yes' : 'no');
    }), { numRuns: RUNS });
  });
});

describe('CIDR blocks', () => {
  test.each([
    ['10.0.0.0/16', '10.0.1.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['100.64.0.0/10', '100.64.3.0/24', true],
    ['10.0.1.0/24', '10.0.0.0/16', false],
    ['0.0.0.0/0', '192.168.1.0/24', true],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(outer, inner)).toBe(expected);
  });

  test.each(['10.0.0.0/16', '0.0.0.0/0', '192.168.1.1/32'])('%s is an IPv4 CIDR', (cidr) => expect(isIpv4Cidr(cidr)).toBe(true));
  test.each(['10.0.0.0', '10.0.0.256/16', '10.0.0.0/33', '2001:db8::/32', 'vpc'])('%s is not an IPv4 CIDR', (cidr) => expect(isIpv4Cidr(cidr)).toBe(false));

  test('cidrCovers: a token or an unknown subnet block is unknown, an IPv6 block never covers', () => {
    expect(cidrCovers(VPC_CIDR_TOKEN, '10.0.0.0/24')).toEqual('unknown');
    expect(cidrCovers('10.0.0.0/16', undefined)).toEqual('unknown');
    expect(cidrCovers('2001:db8::/32', '10.0.0.0/24')).toEqual('no');
  });

  test('property: containment is reflexive, /0 contains every block, and a block contains both of its halves', () => {
    fc.assert(fc.property(cidrArbitrary, (cidr) => {
      expect(cidrContains(cidr, cidr)).toBe(true);
      expect(cidrContains('0.0.0.0/0', cidr)).toBe(true);
      const [address, bits] = cidr.split('/');
      if (Number(bits) < 32) {
        const lower = `${address}/${Number(bits) + 1}`;
        expect(cidrContains(cidr, lower)).toBe(true);
        expect(cidrContains(lower, cidr)).toBe(false);
      }
    }), { numRuns: RUNS });
  });

  test('property: containment is transitive', () => {
    fc.assert(fc.property(cidrArbitrary, cidrArbitrary, cidrArbitrary, (a, b, c) => {
      if (cidrContains(a, b) && cidrContains(b, c)) {
        expect(cidrContains(a, c)).toBe(true);
      }
    }), { numRuns: RUNS });
  });
});

describe('admits (ingress of an interface endpoint)', () => {
  test('a rule naming one of the client\'s groups admits every subnet of the client', () => {
    expect(admits({ ...HTTPS_FROM_ANYWHERE, cidrIp: undefined, groupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] } },
      source(['10.0.0.0/24', '10.0.1.0/24'], [valueKey({ 'Fn::GetAtt': ['Sg', 'GroupId'] })]), VPC)).toEqual(['yes', 'yes']);
  });

  test('the VPC\'s block admits subnets inside it and not subnets of a secondary block', () => {
    expect(admits({ ...HTTPS_FROM_ANYWHERE, cidrIp: VPC_CIDR_TOKEN }, source(['10.0.0.0/24', '100.64.0.0/24']), VPC)).toEqual(['yes', 'no']);
  });

  test('the VPC\'s block when its literal is unknown (an imported VPC with a token): every subnet, as before', () => {
    expect(admits({ ...HTTPS_FROM_ANYWHERE, cidrIp: VPC_CIDR_TOKEN }, source(['100.64.0.0/24']), { key: VPC.key })).toEqual(['yes']);
  });

  test('a prefix list is unknown; no peer at all admits nothing', () => {
    expect(admits({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-1' }, source(['10.0.0.0/24']), VPC)).toEqual(['unknown']);
    expect(admits({ ipProtocol: 'tcp', fromPort: 443, toPort: 443 }, source(['10.0.0.0/24']), VPC)).toEqual(['no']);
  });
});

describe('combineCoverage', () => {
  test('two rules that each admit one subnet admit a client in both', () => {
    expect(combineCoverage([['yes', 'no'], ['no', 'yes']], 2, true)).toEqual('yes');
  });

  test('a subnet no rule admits is a certain no; one only an unknown rule covers is unknown', () => {
    expect(combineCoverage([['yes', 'no']], 2, true)).toEqual('no');
    expect(combineCoverage([['yes', 'unknown']], 2, true)).toEqual('unknown');
  });

  test('every subnet admitted, but some subnets not known at all: unknown', () => {
    expect(combineCoverage([['yes']], 1, false)).toEqual('unknown');
  });

  test('property: adding a rule never takes away what other rules admit', () => {
    const answer = fc.constantFrom<Tri>('yes', 'no', 'unknown');
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }).chain((count) => fc.tuple(
      fc.constant(count), fc.array(fc.array(answer, { minLength: count, maxLength: count }), { maxLength: 4 }),
      fc.array(answer, { minLength: count, maxLength: count }), fc.boolean(),
    )), ([count, rules, extra, complete]) => {
      const before = combineCoverage(rules, count, complete);
      const after = combineCoverage([...rules, extra], count, complete);
      if (before === 'yes') {
        expect(after).toEqual('yes');
      }
      if (after === 'no') {
        expect(before).toEqual('no');
      }
    }), { numRuns: RUNS });
  });
});

describe('reachesDynamoPublicly (egress in gateway mode)', () => {
  const prefixLists = { dynamoKeys: ['pl-6da54004'], dynamoIdIsLiteral: true };

  test.each<[RuleData, Tri]>([
    [{ ...HTTPS_FROM_ANYWHERE }, 'yes'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-6da54004' }, 'yes'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-00000000' }, 'no'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: { Ref: 'List' } }, 'unknown'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: VPC_CIDR_TOKEN }, 'no'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '52.94.0.0/22' }, 'unknown'],
    [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, groupId: 'sg-1' }, 'no'],
  ])('%j: %s', (rule, expected) => {
    expect(reachesDynamoPublicly(rule, prefixLists, VPC)).toEqual(expected);
  });

  test('property: a destination inside a private range never reaches DynamoDB\'s public addresses', () => {
    fc.assert(fc.property(fc.constantFrom(...PRIVATE_RANGES), cidrArbitrary, (range, cidr) => {
      if (cidrContains(range, cidr)) {
        expect(reachesDynamoPublicly({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: cidr }, prefixLists, NO_VPC)).toEqual('no');
      }
    }), { numRuns: RUNS });
  });
});

describe('reachesInterfaceEndpoint (egress in interface mode)', () => {
  test('0.0.0.0/0 reaches every network interface, even of unknown subnets', () => {
    expect(reachesInterfaceEndpoint(HTTPS_FROM_ANYWHERE, source([]), VPC)).toEqual(['yes']);
  });

  test('the VPC\'s block reaches interfaces in it, not interfaces in a secondary block', () => {
    const rule = { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: VPC_CIDR_TOKEN };
    expect(reachesInterfaceEndpoint(rule, source(['10.0.0.0/24', '100.64.0.0/24']), VPC)).toEqual(['yes', 'no']);
  });

  test('property: the answer has one entry per subnet (one when there is none)', () => {
    fc.assert(fc.property(fc.array(cidrArbitrary, { maxLength: 4 }), cidrArbitrary, (subnets, cidr) => {
      const answer = reachesInterfaceEndpoint({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: cidr }, source(subnets), VPC);
      expect(answer).toHaveLength(Math.max(subnets.length, 1));
    }), { numRuns: RUNS });
  });
});

describe('the VPC\'s block written as its literal (as the construct writes it when it knows it)', () => {
  const rule = (cidrIp: unknown): RuleData => ({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp });
  const subnetsArbitrary = fc.array(fc.option(cidrArbitrary, { nil: undefined }), { maxLength: 4 });

  test('is judged as the VPC\'s attribute: admits, reaches an interface endpoint, does not reach DynamoDB', () => {
    // GIVEN the VPC's block as a literal, and subnets inside it, in a secondary block, and unknown
    const literal = rule(VPC.literal);
    // WHEN / THEN the same answers as the VPC's attribute
    expect(admits(literal, source(['10.0.0.0/24', '100.64.0.0/24']), VPC)).toEqual(['yes', 'no']);
    expect(reachesInterfaceEndpoint(literal, source([]), VPC)).toEqual(['yes']);
    expect(reachesDynamoPublicly(literal, { dynamoKeys: [], dynamoIdIsLiteral: true }, VPC)).toEqual('no');
  });

  test('a public range as the VPC\'s block: the literal does not reach DynamoDB either, another public literal is unknown', () => {
    // GIVEN a VPC built on a public range
    const publicVpc: VpcCidr = { key: valueKey(VPC_CIDR_TOKEN), literal: '52.0.0.0/16' };
    const prefixLists = { dynamoKeys: [], dynamoIdIsLiteral: true };
    // WHEN / THEN
    expect(reachesDynamoPublicly(rule('52.0.0.0/16'), prefixLists, publicVpc)).toEqual('no');
    expect(reachesDynamoPublicly(rule('52.1.0.0/16'), prefixLists, publicVpc)).toEqual('unknown');
  });

  test('property: every answer for the literal equals the answer for the VPC\'s attribute', () => {
    const prefixLists = { dynamoKeys: ['pl-6da54004'], dynamoIdIsLiteral: true };
    // blocks of a VPC's size (/16 to /28, as src/private/isolated-vpc.ts accepts them): 0.0.0.0/0 is judged before the VPC's block
    const vpcBlockArbitrary = cidrArbitrary.filter((cidr) => Number(cidr.split('/')[1]) >= 16 && Number(cidr.split('/')[1]) <= 28);
    fc.assert(fc.property(vpcBlockArbitrary, subnetsArbitrary, fc.boolean(), (vpcBlock, subnets, complete) => {
      // GIVEN a VPC whose block is known, and a client or endpoint in any subnets
      const vpc: VpcCidr = { key: valueKey(VPC_CIDR_TOKEN), literal: vpcBlock };
      const peer = source(subnets, [], complete);
      // WHEN the rule names the block as a literal, and as the attribute
      // THEN the answers agree
      expect(admits(rule(vpcBlock), peer, vpc)).toEqual(admits(rule(VPC_CIDR_TOKEN), peer, vpc));
      expect(reachesInterfaceEndpoint(rule(vpcBlock), peer, vpc)).toEqual(reachesInterfaceEndpoint(rule(VPC_CIDR_TOKEN), peer, vpc));
      expect(reachesDynamoPublicly(rule(vpcBlock), prefixLists, vpc)).toEqual(reachesDynamoPublicly(rule(VPC_CIDR_TOKEN), prefixLists, vpc));
    }), { numRuns: RUNS });
  });
});
