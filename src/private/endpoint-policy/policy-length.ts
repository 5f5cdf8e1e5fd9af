import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';

/*
 * How long a policy will be once deployed, as compact JSON, when some of its values are only known at
 * deploy time. Internal module. References are counted at their shortest and longest possible length
 * (a table name is 3 to 255 characters, a region 9 to 14, a partition 3 to 10, ...); in a stack with a
 * concrete region, the region and its partition count at their real length.
 */

/** AWS's limit on the size of a VPC endpoint policy, in characters. */
export const ENDPOINT_POLICY_MAX_CHARACTERS = 20_480;

/** A shortest and a longest length, in characters. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** A DynamoDB table name is 3 to 255 characters. */
export const TABLE_NAME_LENGTH: Bounds = { min: 3, max: 255 };

const UNKNOWN: Bounds = { min: 1, max: 2048 };

/** Lengths of the pseudo parameters, shortest and longest in any partition. */
const PSEUDO_PARAMETER_LENGTHS: Record<string, Bounds> = {
  'AWS::AccountId': { min: 12, max: 12 },
  'AWS::Partition': { min: 3, max: 10 },
  'AWS::Region': { min: 9, max: 14 },
  'AWS::URLSuffix': { min: 13, max: 16 },
};

/** The shortest and longest length the policy can have once deployed, as compact JSON. */
export function policyLengthBounds(scope: Construct, document: iam.PolicyDocument): Bounds {
  const stack = Stack.of(scope);
  return new LengthCounter(pseudoParameterLengths(stack)).json(stack.resolve(document.toJSON()));
}

/** The pseudo parameters' lengths in `stack`: exact for its region and that region's partition when known. */
export function pseudoParameterLengths(stack: Stack): Record<string, Bounds> {
  if (Token.isUnresolved(stack.region)) {
    return PSEUDO_PARAMETER_LENGTHS;
  }
  const region = RegionInfo.get(stack.region);
  return {
    ...PSEUDO_PARAMETER_LENGTHS,
    'AWS::Region': fixed(stack.region.length),
    ...(region.partition !== undefined ? { 'AWS::Partition': fixed(region.partition.length) } : {}),
    ...(region.domainSuffix !== undefined ? { 'AWS::URLSuffix': fixed(region.domainSuffix.length) } : {}),
  };
}

function sum(parts: Bounds[]): Bounds {
  return parts.reduce((total, part) => ({ min: total.min + part.min, max: total.max + part.max }), { min: 0, max: 0 });
}

function fixed(length: number): Bounds {
  return { min: length, max: length };
}

/** Counts the length of resolved CloudFormation values, given the lengths of the pseudo parameters. */
class LengthCounter {
  /** `arn:<partition>:dynamodb:<region>:<account>:table/<name>` */
  private readonly tableArnLength: Bounds;

  constructor(private readonly pseudoParameters: Record<string, Bounds>) {
    this.tableArnLength = sum([
      fixed('arn::dynamodb:::table/'.length),
      pseudoParameters['AWS::Partition'],
      pseudoParameters['AWS::Region'],
      pseudoParameters['AWS::AccountId'],
      TABLE_NAME_LENGTH,
    ]);
  }

  /** Length of the compact JSON text of a resolved CloudFormation value. */
  public json(value: unknown): Bounds {
    if (Array.isArray(value)) {
      return sum([fixed(2 + Math.max(0, value.length - 1)), ...value.map((item) => this.json(item))]);
    }
    if (isIntrinsic(value)) {
      return sum([fixed(2), this.string(value)]);
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      return sum([
        fixed(2 + Math.max(0, entries.length - 1)),
        ...entries.map(([key, entry]) => sum([fixed(JSON.stringify(key).length + 1), this.json(entry)])),
      ]);
    }
    return fixed(JSON.stringify(value).length);
  }

  /** Length of the string a resolved value stands for, without quotes. */
  private string(value: unknown): Bounds {
    if (typeof value === 'string') {
      return fixed(JSON.stringify(value).length - 2);
    }
    if (!isIntrinsic(value)) {
      return UNKNOWN;
    }
    const [name, argument] = Object.entries(value)[0];
    if (name === 'Ref') {
      return this.pseudoParameters[argument as string] ?? TABLE_NAME_LENGTH;
    }
    if (name === 'Fn::GetAtt') {
      return (argument as string[])[1] === 'Arn' ? this.tableArnLength : UNKNOWN;
    }
    if (name === 'Fn::Join' && Array.isArray(argument) && Array.isArray(argument[1])) {
      const [separator, parts] = argument as [string, unknown[]];
      return sum([fixed(separator.length * Math.max(0, parts.length - 1)), ...parts.map((part) => this.string(part))]);
    }
    return UNKNOWN;
  }
}

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
