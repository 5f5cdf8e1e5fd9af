import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import type { GrantedStatement } from './grants';
import { key, resolveIn, templateText } from '../cfn-values';

/*
 * Which of a client's permissions an AWS service uses on the client's behalf, from the service's own
 * network, so that they need no path from the client's subnets. Part of the connectivity check's
 * runtime rule (./runtime-needs.ts); every decision here cites its AWS page in
 * docs/design/connectivity-check.md ("Calls made by AWS on the client's behalf").
 *
 * - Lambda: its logs and network interfaces (`AWSLambdaBasicExecutionRole`, `AWSLambdaVPCAccessExecutionRole`,
 *   or the same actions written inline), event source mappings (the Lambda service polls SQS, Kinesis,
 *   DynamoDB Streams, Kafka and MQ with the function's role, and sends to the mapping's on-failure
 *   destination), asynchronous invocation destinations and the dead-letter queue, the key of the
 *   function's encrypted environment variables, and active tracing's segments.
 * - Any client: KMS permissions on a key that a resource the client is also granted is encrypted with (SQS,
 *   SNS, S3, Secrets Manager and the others call KMS themselves, `kms:ViaService`; `grant*()` grants the
 *   resource's key with it), or that are conditioned on `kms:ViaService`.
 * - ECS: the execution role is not a client's role at all (the ECS rule judges what tasks need to start).
 */

/** AWS managed policies whose permissions the Lambda service uses for the function (logs, network interfaces, event source mappings). */
export const LAMBDA_SERVICE_MANAGED_POLICIES: readonly string[] = [
  'service-role/AWSLambdaBasicExecutionRole',
  'service-role/AWSLambdaVPCAccessExecutionRole',
  'service-role/AWSLambdaSQSQueueExecutionRole',
  'service-role/AWSLambdaKinesisExecutionRole',
  'service-role/AWSLambdaDynamoDBExecutionRole',
  'service-role/AWSLambdaMSKExecutionRole',
  'service-role/AWSLambdaENIManagementAccess',
  'AWSXRayDaemonWriteAccess',
];

/** Actions the Lambda service calls with the function's role to attach it to the VPC (what `AWSLambdaVPCAccessExecutionRole` grants). */
const LAMBDA_NETWORK_ACTIONS = new Set([
  'ec2:createnetworkinterface', 'ec2:describenetworkinterfaces', 'ec2:deletenetworkinterface', 'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses', 'ec2:describesubnets', 'ec2:describesecuritygroups', 'ec2:describevpcs', 'ec2:detachnetworkinterface',
  'ec2:getsecuritygroupsforvpc',
]);

/** Actions active tracing grants (`tracing: lambda.Tracing.ACTIVE`): the Lambda service sends the segments. */
const TRACING_ACTIONS = new Set(['xray:puttracesegments', 'xray:puttelemetryrecords']);

/**
 * Resources that AWS services encrypt with a key of the customer's, calling KMS themselves: a KMS grant on
 * a key that one of them names is the service's (docs/design/connectivity-check.md).
 */
const ENCRYPTED_TYPES = new Set([
  'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::SSM::Parameter', 'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable', 'AWS::Kinesis::Stream', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Logs::LogGroup', 'AWS::Lambda::Function',
  'AWS::Lambda::EventSourceMapping', 'AWS::Events::EventBus', 'AWS::StepFunctions::StateMachine', 'AWS::EFS::FileSystem', 'AWS::ECR::Repository',
  'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::EC2::Volume', 'AWS::Backup::BackupVault', 'AWS::CodeBuild::Project',
]);

/** Actions an event source mapping polls with, per kind of source: the Lambda service calls them. */
const POLLING_ACTIONS: Record<string, RegExp> = {
  sqs: /^sqs:(receivemessage|deletemessage|changemessagevisibility|getqueueattributes|getqueueurl)$/,
  kinesis: /^kinesis:(describestream|describestreamsummary|getrecords|getsharditerator|listshards|liststreams|subscribetoshard|describestreamconsumer|listtagsforresource)$/,
  dynamodb: /^dynamodb:(describestream|getrecords|getsharditerator|liststreams)$/,
  kafka: /^(kafka|kafka-cluster):/,
  mq: /^mq:describebroker$/,
};

/** One client's permissions that AWS services use for it. */
export interface ServiceSideCalls {
  /** Why the action on the resource (resolved in `statement.stack`) is used by a service, or undefined when the client calls it. */
  reasonFor(statement: GrantedStatement, action: string, resource: unknown): string | undefined;
}

/** The facts of the app that tell which permissions services use: event source mappings, invoke configurations, keys in use. */
export class ServiceSideFacts {
  private readonly mappings: Array<{ stack: Stack; resource: lambda.CfnEventSourceMapping }> = [];
  private readonly invokeConfigs: Array<{ stack: Stack; resource: lambda.CfnEventInvokeConfig }> = [];
  private readonly resources = new Map<Stack, Map<string, CfnResource>>();

  constructor(all: Iterable<IConstruct>) {
    for (const construct of all) {
      if (construct instanceof lambda.CfnEventSourceMapping) {
        this.mappings.push({ stack: Stack.of(construct), resource: construct });
      } else if (construct instanceof lambda.CfnEventInvokeConfig) {
        this.invokeConfigs.push({ stack: Stack.of(construct), resource: construct });
      }
    }
  }

  /** What services use of the permissions of `client` (a Lambda function, an ECS service, an instance, ...), whose role has `statements`. */
  public callsFor(client: IConstruct, statements: GrantedStatement[]): ServiceSideCalls {
    const fn = client instanceof lambda.Function ? client : undefined;
    const serviceValues: unknown[] = [];
    const pollers = new Set<string>();
    let tracing = false;
    if (fn !== undefined) {
      const resource = fn.node.defaultChild as lambda.CfnFunction;
      serviceValues.push(resource.deadLetterConfig, resource.kmsKeyArn);
      tracing = Stack.of(resource).resolve(resource.tracingConfig)?.mode === 'Active';
      for (const { stack, resource: mapping } of this.mappings) {
        if (namesFunction(stack, mapping.functionName, fn)) {
          serviceValues.push(mapping.eventSourceArn, mapping.destinationConfig, mapping.sourceAccessConfigurations, mapping.kmsKeyArn,
            mapping.selfManagedEventSource, mapping.amazonManagedKafkaEventSourceConfig);
          pollers.add(sourceKind(stack, mapping));
        }
      }
      for (const { stack, resource: config } of this.invokeConfigs) {
        if (namesFunction(stack, config.functionName, fn)) {
          serviceValues.push(config.destinationConfig);
        }
      }
    }
    const grantedKeys = new Map<Stack, Set<string>>();
    const granted = (stack: Stack): Set<string> => {
      let keys = grantedKeys.get(stack);
      if (keys === undefined) {
        keys = this.keysOfGrantedResources(stack, statements);
        grantedKeys.set(stack, keys);
      }
      return keys;
    };
    const keysByStack = new Map<Stack, Set<string>>();
    const serviceKeys = (stack: Stack): Set<string> => {
      let keys = keysByStack.get(stack);
      if (keys === undefined) {
        keys = new Set(serviceValues.flatMap((value) => leaves(resolveIn(stack, value))).map(key));
        keysByStack.set(stack, keys);
      }
      return keys;
    };
    return {
      reasonFor: (statement, action, resource) => {
        const lower = action.toLowerCase();
        if (fn !== undefined) {
          if (LAMBDA_NETWORK_ACTIONS.has(lower)) {
            return 'the Lambda service manages the function\'s network interfaces';
          }
          if (tracing && TRACING_ACTIONS.has(lower)) {
            return 'the Lambda service sends the traces of active tracing';
          }
          if ([...pollers].some((kind) => POLLING_ACTIONS[kind]?.test(lower))) {
            return 'the Lambda service polls the event source';
          }
          if (matchesAny(resource, serviceKeys(statement.stack))) {
            return 'the Lambda service uses it for an event source mapping, a destination, the dead-letter queue or the environment\'s key';
          }
        }
        if (lower.startsWith('kms:') && this.isServiceKey(statement, resource, granted)) {
          return 'the service that the key encrypts calls KMS itself';
        }
        return undefined;
      },
    };
  }

  /**
   * Whether KMS calls on the key are made by the AWS service whose resource it encrypts: the grant is
   * conditioned on `kms:ViaService`, or a resource the client is also granted (a queue, a topic, a bucket,
   * a secret, ...) names the key, as `grant*()` grants a resource's key with it.
   */
  private isServiceKey(statement: GrantedStatement, resource: unknown, granted: (stack: Stack) => Set<string>): boolean {
    if (Object.keys(statement.condition ?? {}).some((operator) => Object.keys(statement.condition![operator] ?? {})
      .some((conditionKey) => conditionKey.toLowerCase() === 'kms:viaservice'))) {
      return true;
    }
    const target = referencedLogicalId(resource) ?? (typeof resource === 'string' ? resource : undefined);
    return target !== undefined && granted(statement.stack).has(target);
  }

  /**
   * The keys that the encrypted resources among `statements`' resources name, in `stack`: the logical ids
   * they refer to, and the literal ARNs they hold.
   */
  private keysOfGrantedResources(stack: Stack, statements: GrantedStatement[]): Set<string> {
    const keys = new Set<string>();
    const ids = new Set(statements.filter((statement) => statement.stack === stack && statement.effect === 'Allow' &&
      !statement.actions.every((action) => action.toLowerCase().startsWith('kms:')))
      .flatMap((statement) => statement.resources.flatMap(leaves)).map(referencedLogicalId).filter((id): id is string => id !== undefined));
    for (const id of ids) {
      const resource = this.resourceIndex(stack).get(id);
      if (resource === undefined || !ENCRYPTED_TYPES.has(resource.cfnResourceType)) {
        continue;
      }
      let resolved: unknown;
      try {
        resolved = stack.resolve((resource as unknown as { cfnProperties?: Record<string, unknown> }).cfnProperties);
      } catch {
        continue;
      }
      for (const leaf of leaves(resolved)) {
        const referenced = referencedLogicalId(leaf);
        if (referenced !== undefined) {
          keys.add(referenced);
        } else if (typeof leaf === 'string' && leaf.includes(':kms:')) {
          keys.add(leaf);
        }
      }
    }
    return keys;
  }

  /** The resources of a stack by logical id. */
  private resourceIndex(stack: Stack): Map<string, CfnResource> {
    let index = this.resources.get(stack);
    if (index === undefined) {
      index = new Map();
      for (const construct of stack.node.findAll()) {
        if (construct instanceof CfnResource && Stack.of(construct) === stack) {
          index.set(stack.resolve(construct.logicalId), construct);
        }
      }
      this.resources.set(stack, index);
    }
    return index;
  }
}

/** Whether a resolved `FunctionName` (an event source mapping's or invoke configuration's) names the function. */
function namesFunction(stack: Stack, functionName: unknown, fn: lambda.Function): boolean {
  const named = resolveIn(stack, functionName);
  if (named === undefined) {
    return false;
  }
  const wanted = [fn.functionName, fn.functionArn].map((value) => resolveIn(stack, value)).filter((value) => value !== undefined).map(key);
  return wanted.includes(key(named));
}

/** The kind of an event source mapping's source, by its ARN's service (`sqs`, `kinesis`, `dynamodb`, `kafka`, `mq`). */
function sourceKind(stack: Stack, mapping: lambda.CfnEventSourceMapping): string {
  if (mapping.selfManagedEventSource !== undefined) {
    return 'kafka';
  }
  const arn = resolveIn(stack, mapping.eventSourceArn);
  const text = templateText(arn) ?? '';
  const service = /^arn:[^:]*:([^:]+):/.exec(text)?.[1];
  if (service !== undefined) {
    return service;
  }
  const attribute = Array.isArray((arn as any)?.['Fn::GetAtt']) ? String((arn as any)['Fn::GetAtt'][1]) : '';
  return /StreamArn$/.test(attribute) ? 'dynamodb' : 'unknown';
}

/** Every string and intrinsic (`{ "Ref": … }`, `{ "Fn::GetAtt": … }`, ...) of a resolved value. */
function leaves(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(leaves);
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && /^(Ref|Fn::)/.test(keys[0])) {
      return [value, ...(keys[0] === 'Fn::Join' || keys[0] === 'Fn::Sub' ? leaves(Object.values(value)[0]) : [])];
    }
    return Object.values(value).flatMap(leaves);
  }
  return [];
}

/** Whether a resolved resource is, or is built on (an ARN with a suffix), one of the values. */
function matchesAny(resource: unknown, keys: Set<string>): boolean {
  if (keys.size === 0) {
    return false;
  }
  if (keys.has(key(resource))) {
    return true;
  }
  if (typeof resource === 'string') {
    return [...keys].some((value) => !value.startsWith('{') && value.length > 0 && resource.startsWith(value));
  }
  return leaves(resource).some((part) => typeof part !== 'string' && keys.has(key(part)));
}

/** The logical id a `Ref` or `Fn::GetAtt` points to. */
function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const ref = (value as any).Ref;
  if (typeof ref === 'string') {
    return ref;
  }
  const getAtt = (value as any)['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** Whether a resource is a DynamoDB stream (an ARN with `/stream/`, or a table's `StreamArn` attribute). */
export function isStreamResource(resource: unknown): boolean {
  const text = templateText(resource);
  if (text !== undefined && text.includes('/stream/')) {
    return true;
  }
  const getAtt = (resource as any)?.['Fn::GetAtt'];
  return resource === '*' || (Array.isArray(getAtt) && /StreamArn$/.test(String(getAtt[1])));
}
