import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint } from './dynamo-endpoint';
import { NewVpcOptions } from './new-vpc-options';
import { TableTag } from './table-tag';

/**
 * Properties of `PrivateDynamoAccess`.
 */
export interface PrivateDynamoAccessProps {
  /**
   * The VPC whose subnets get private access to DynamoDB: one built in the same app, or an imported one
   * (`Vpc.fromLookup`, `Vpc.fromVpcAttributes` with the subnets' route table ids). Nothing VPC-level is
   * created in it.
   *
   * @default - a new VPC built from `vpcOptions`: isolated subnets in 2 Availability Zones, no internet
   * or NAT gateway, flow logs on, default security group closed
   */
  readonly vpc?: ec2.IVpc;

  /**
   * How to build the new VPC. Only without `vpc`.
   *
   * @default - the defaults of `NewVpcOptions`
   */
  readonly vpcOptions?: NewVpcOptions;

  /**
   * The subnets given access. A gateway endpoint serves the route table of each of them, each route
   * table exactly once; an interface endpoint puts its network interfaces in them (one per
   * Availability Zone) unless `InterfaceEndpointOptions.subnets` says otherwise.
   *
   * @example const subnets: ec2.SubnetSelection = { subnetGroupName: 'Application' };
   * @default - every private and isolated subnet of the VPC
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Which VPC endpoint: gateway, interface, or both.
   *
   * @default DynamoEndpoint.gateway()
   */
  readonly endpoint?: DynamoEndpoint;

  /**
   * The tables that requests through the endpoint may reach, with their indexes and streams. They must
   * be in the stack's region and account.
   *
   * @default - any table of the stack's account and region
   */
  readonly tables?: dynamodb.ITable[];

  /**
   * Also admit the tables of the stack's account and region that carry this tag (with their indexes),
   * through `aws:ResourceTag/<key>`: a policy of the same size for 1 or 10,000 tables. Together with
   * `tables`, a table is admitted when it is listed or tagged; without `tables`, only tagged tables are.
   * Tag the app's own tables with `tagTable()`.
   *
   * Needs DynamoDB's attribute-based access control (ABAC) on for the account: without it DynamoDB sends
   * no tags, and tagged tables are refused too (the perimeter fails closed). The stream actions are admitted
   * on the streams of the account's tables, not by tag: a stream does not inherit its table's tags, and its
   * own tags count only where Streams ABAC, a switch of its own (off by default for existing DynamoDB
   * customers), is on.
   *
   * @example const tableTag: TableTag = { key: 'data-perimeter', value: 'orders-vpc' };
   * @default - no table is admitted by tag
   */
  readonly tableTag?: TableTag;

  /**
   * The DynamoDB actions that requests through the endpoint may call.
   *
   * @default - the data-plane actions an application uses: `BatchGetItem`, `BatchWriteItem`,
   * `ConditionCheckItem`, `DeleteItem`, `DescribeTable`, `GetItem`, `PartiQLDelete`, `PartiQLInsert`,
   * `PartiQLSelect`, `PartiQLUpdate`, `PutItem`, `Query`, `Scan`, `UpdateItem`, `DescribeStream`,
   * `GetRecords`, `GetShardIterator`, and the two that IAM only grants on every resource and SDKs call,
   * `DescribeEndpoints` and `ListStreams`
   */
  readonly actions?: string[];

  /**
   * The AWS Organizations id whose principals may call through the endpoint.
   *
   * @example 'o-a1b2c3d4e5'
   * @default - only principals of the stack's account
   */
  readonly principalOrgId?: string;

  /**
   * Check at synth time that the VPC's DynamoDB clients can reach DynamoDB: Lambda functions, ECS
   * services, EC2 instances, auto-scaling groups and other constructs with `connections` placed in the
   * VPC's subnets (in any stack of the app) that are granted DynamoDB actions or passed to `allowFrom()`.
   * Each break is reported on the client as an error, each fact that synth cannot know as a warning;
   * both carry an id of `ConnectivityCheck` that can be acknowledged on the client with
   * `Annotations.of(client).acknowledgeWarning(id, reason)`.
   *
   * @default true
   */
  readonly connectivityCheck?: boolean;
}
