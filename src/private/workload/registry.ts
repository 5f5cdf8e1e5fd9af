import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { isSameVpc } from '../vpc-facts';

/*
 * The endpoints that `addEndpointsFor` made in each VPC of an app: one record per VPC, whichever
 * `PrivateDynamoAccess` on it asks, so that each endpoint is created once per VPC. Internal module, read
 * by `addEndpointsFor`, by the validation that refuses duplicates, and by the connectivity check (which
 * needs S3's prefix-list id to judge egress rules).
 */

/** What `addEndpointsFor` made in one VPC. */
export interface VpcWorkloadEndpoints {
  readonly vpc: ec2.IVpc;
  /** The access the endpoints were created under (the first that asked). */
  readonly owner: Construct;
  /** The organization whose principals the runtime statements admit (the owner's `principalOrgId`), else the account's. */
  readonly principalOrgId?: string;
  /** The owner's subnets: where the interface endpoints' network interfaces go, one per Availability Zone. */
  readonly subnets: ec2.ISubnet[];
  /** The endpoints created, by service short name. */
  readonly created: Map<string, ec2.InterfaceVpcEndpoint | ec2.GatewayVpcEndpoint>;
  /** The route tables the S3 gateway endpoint serves (rendered lazily). */
  readonly s3RouteTables: string[];
  /** ECR repositories of other accounts the task definitions name, and the statements that list them. */
  readonly foreignRepositories: Set<string>;
  readonly foreignStatements: iam.PolicyStatement[];
  /** What the S3 gateway endpoint admits on objects of the account's buckets, besides ECR's layers. */
  readonly accountObjects: Set<'read' | 'write'>;
  /** The security group of the interface endpoints. */
  securityGroup?: ec2.SecurityGroup;
  /** S3's prefix-list id in the region, when looked up for a client that restricts outbound traffic. */
  s3PrefixListId?: string;
  /** Clients whose runtime calls the endpoints serve (Lambda functions, ECS task roles): their grants make the policies' resources. */
  readonly runtimeClients: RuntimeClient[];
  /** Per endpoint service, the statement that admits what the runtime clients are granted, and what it admits now. */
  readonly runtimeGrants: Map<string, { readonly actions: string[]; readonly resources: string[] }>;
  /** Services named to `addEndpointsForServices`: their endpoints admit every resource of the service. */
  readonly declaredServices: Map<string, { readonly actions: string[]; readonly resources: string[] }>;
  /** The services whose endpoint (created by `addEndpointsFor`) carries the statements ECS tasks need to start. */
  readonly startupStatements: Set<string>;
  /** The services whose endpoint (created by `addEndpointsFor`) carries the runtime statement. */
  readonly runtimeStatements: Set<string>;
}

/** A client whose runtime calls `addEndpointsFor` serves. */
export interface RuntimeClient {
  /** The construct whose role calls (a Lambda function, an ECS service or task definition). */
  readonly construct: IConstruct;
  readonly role: iam.IRole;
  readonly lambda: boolean;
  /** Services that the ECS start-up endpoints already serve for it (their statements admit the account). */
  readonly startupServices: Set<string>;
}

const RECORDS = new WeakMap<IConstruct, VpcWorkloadEndpoints[]>();

/** The record of `vpc` in the app of `scope`: the same VPC object, or one with the same id (a literal or a token). */
export function workloadEndpointsOf(scope: IConstruct, vpc: ec2.IVpc): VpcWorkloadEndpoints | undefined {
  return (RECORDS.get(scope.node.root) ?? []).find((record) => isSameVpc(record.vpc, vpc));
}

/** The record of the owner's VPC, created with the owner when there is none yet. */
export function workloadEndpointsFor(owner: Construct, vpc: ec2.IVpc, subnets: ec2.ISubnet[], principalOrgId?: string): VpcWorkloadEndpoints {
  const existing = workloadEndpointsOf(owner, vpc);
  if (existing !== undefined) {
    return existing;
  }
  const record: VpcWorkloadEndpoints = {
    vpc,
    owner,
    principalOrgId,
    subnets,
    created: new Map(),
    s3RouteTables: [],
    foreignRepositories: new Set(),
    foreignStatements: [],
    accountObjects: new Set(),
    runtimeClients: [],
    runtimeGrants: new Map(),
    declaredServices: new Map(),
    startupStatements: new Set(),
    runtimeStatements: new Set(),
  };
  const root = owner.node.root;
  RECORDS.set(root, [...(RECORDS.get(root) ?? []), record]);
  return record;
}

/** The records whose endpoints were created under `owner`. */
export function workloadEndpointsOwnedBy(owner: IConstruct): VpcWorkloadEndpoints[] {
  return (RECORDS.get(owner.node.root) ?? []).filter((record) => record.owner === owner);
}
