import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { AccessWarning } from './access-warning';
import { DynamoEndpoint } from './dynamo-endpoint';
import { AccessView } from './private/access-view';
import { acknowledgeSelfConfiguredClient, acknowledgeServicePath, registerAccess } from './private/checks';
import { checkPolicyLength, dataPerimeterStatements, refersToTableInOtherStack } from './private/endpoint-policy/data-perimeter';
import { buildEndpoints, HTTPS, lookUpDynamoPrefixListId } from './private/endpoints';
import { propError } from './private/errors';
import { createIsolatedVpc } from './private/isolated-vpc';
import { warn } from './private/report';
import { lockTableToVpc } from './private/table-lockdown';
import { admitsTable, tagTableWith } from './private/table-tags';
import {
  accessSubnets, clientSecurityGroups, describeClient, validateNoStackCycle, validatePolicyProps, validateVpcChoice,
} from './private/validate-props';
import { addServiceEndpoints, addWorkloadEndpoints } from './private/workload/add-endpoints';
import { PrivateDynamoAccessProps } from './private-dynamo-access-props';
import { RestrictTableOptions } from './restrict-table-options';
import { TableTag } from './table-tag';

/**
 * Private access to DynamoDB from the private and isolated subnets of a VPC, without a NAT gateway.
 *
 * Creates a gateway VPC endpoint, an interface VPC endpoint, or both (see `DynamoEndpoint`), serving
 * exactly the chosen subnets, with a data-perimeter endpoint policy: only the listed tables (or the
 * stack's own account's), only the listed actions, only principals of the account (or organization).
 *
 * @example
 * declare const table: dynamodb.TableV2;
 * const access = new PrivateDynamoAccess(this, 'DynamoAccess', { tables: [table] });
 * access.restrictTable(table);
 */
export class PrivateDynamoAccess extends Construct implements ec2.IConnectable {
  /** The VPC whose subnets have access: the given one or the one created. */
  public readonly vpc: ec2.IVpc;

  /** The subnets given access. */
  public readonly subnets: ec2.ISubnet[];

  /**
   * The gateway endpoint.
   *
   * @default - none in interface-only mode
   */
  public readonly gatewayEndpoint?: ec2.IGatewayVpcEndpoint;

  /**
   * The route tables the gateway endpoint serves, each once: for network teams that attach other
   * gateway endpoints (S3) or routes to the same route tables, or export them to other stacks.
   */
  public readonly routeTableIds: string[];

  /**
   * The DynamoDB interface endpoint.
   *
   * @default - none in gateway mode
   */
  public readonly interfaceEndpoint?: ec2.IInterfaceVpcEndpoint;

  /**
   * The DynamoDB Streams interface endpoint.
   *
   * @default - none unless `InterfaceEndpointOptions.streams` is true
   */
  public readonly streamsInterfaceEndpoint?: ec2.IInterfaceVpcEndpoint;

  /**
   * The https URL of the interface endpoint (its regional DNS name), for clients that must call it by
   * name. Usable in this stack and in other stacks of the same environment.
   *
   * @default - none in gateway mode
   */
  public readonly endpointUrl?: string;

  /**
   * The https URL of the DynamoDB Streams interface endpoint.
   *
   * @default - none unless `InterfaceEndpointOptions.streams` is true
   */
  public readonly streamsEndpointUrl?: string;

  /**
   * The environment variables a client in the VPC needs to reach DynamoDB privately: merge them into a
   * Lambda function's or container's environment.
   *
   * - interface mode: `AWS_ENDPOINT_URL_DYNAMODB` (DynamoDB has no private DNS, so SDKs must be told the
   *   endpoint's name), and `AWS_ENDPOINT_URL_DYNAMODB_STREAMS` with `streams`;
   * - gateway and gateway+interface modes: empty for DynamoDB, since in-VPC clients keep calling the
   *   public name and take the free gateway route; `AWS_ENDPOINT_URL_DYNAMODB_STREAMS` with `streams`,
   *   since gateway endpoints do not serve DynamoDB Streams.
   *
   * The same for dual-stack endpoints (`ipAddressType`): an interface endpoint's DNS name is the one name
   * for both address families. Never add `AWS_USE_DUALSTACK_ENDPOINT` next to `AWS_ENDPOINT_URL_DYNAMODB`:
   * SDKs refuse the pair (`ConnectivityCheck.CONFLICTING_SDK_SETTINGS`).
   */
  public readonly clientEnvironment: { [key: string]: string };

  /**
   * The network connections of the interface endpoint(s); without an interface endpoint there is no
   * security group and this is empty.
   */
  public readonly connections: ec2.Connections;

  /** The endpoint choice in effect (its state is internal; users keep the choice they passed). */
  private readonly endpoint: DynamoEndpoint;
  private prefixListId?: string;
  private readonly tableTag?: TableTag;
  private readonly allowFromClients: IConstruct[] = [];
  private readonly endpointClients: IConstruct[] = [];
  private readonly principalOrgId?: string;
  /** What the synth-time checks know of this construct. */
  private readonly view: AccessView;

  constructor(scope: Construct, id: string, props: PrivateDynamoAccessProps = {}) {
    super(scope, id);

    // Validate what can be judged from the props alone, then build: the VPC, the policy, the endpoints.
    validateVpcChoice(this, props.vpc, props.vpcOptions);
    this.endpoint = props.endpoint ?? DynamoEndpoint.gateway();
    validatePolicyProps(this.endpoint, props);
    this.prefixListId = this.endpoint._prefixListId;
    this.vpc = props.vpc ?? createIsolatedVpc(this, 'Vpc', props.vpcOptions ?? {});
    this.subnets = accessSubnets(this.vpc, props.subnets);
    this.tableTag = props.tableTag;
    this.principalOrgId = props.principalOrgId;
    const referencedTables = (props.tables ?? []).filter((table) => refersToTableInOtherStack(this, table));
    validateNoStackCycle(this, props.vpc, referencedTables);

    let statements: iam.PolicyStatement[] = [];
    if (this.endpoint._createsEndpoints) {
      statements = dataPerimeterStatements(this, {
        tables: props.tables, actions: props.actions, principalOrgId: props.principalOrgId, tableTag: props.tableTag,
      });
      if (props.tables !== undefined || props.actions !== undefined || props.principalOrgId !== undefined) {
        // The default policy (any table of the account) is small and fixed: it cannot exceed the limit.
        checkPolicyLength(this, new iam.PolicyDocument({ statements }), 'tables', props.tables);
      }
    } else {
      warn(this, AccessWarning.PERIMETER_NOT_MANAGED, 'endpoint',
        `the ${this.endpoint._describe()} endpoint is owned elsewhere, so this construct sets no endpoint policy: ` +
        'which tables, actions and principals it admits is the data perimeter of the endpoint\'s owner',
        'check its policy, or acknowledge this warning');
    }

    const built = buildEndpoints(this, this.vpc, this.subnets, this.endpoint, statements);
    this.gatewayEndpoint = built.gatewayEndpoint;
    this.routeTableIds = built.routeTableIds;
    this.interfaceEndpoint = built.interfaceEndpoint;
    this.streamsInterfaceEndpoint = built.streamsInterfaceEndpoint;
    this.endpointUrl = built.endpointUrl;
    this.streamsEndpointUrl = built.streamsEndpointUrl;
    this.clientEnvironment = built.clientEnvironment;
    this.connections = built.connections;

    const admitted = { createsEndpoints: this.endpoint._createsEndpoints, listedTables: props.tables, tableTag: props.tableTag };
    this.view = {
      construct: this,
      vpc: this.vpc,
      hasGateway: this.endpoint._hasGateway,
      hasInterface: this.endpoint._hasInterface,
      gatewayEndpoint: this.gatewayEndpoint,
      interfaceEndpoint: this.interfaceEndpoint,
      routeTableIds: this.routeTableIds,
      existingGatewaySubnets: this.endpoint._existingGatewayOptions !== undefined ? this.subnets : [],
      connections: this.connections,
      connectivityCheck: props.connectivityCheck ?? true,
      allowFromClients: this.allowFromClients,
      endpointClients: this.endpointClients,
      createdVpc: props.vpc === undefined,
      prefixListId: () => this.prefixListId,
      admitsTable: (table) => admitsTable(admitted, table),
      referencedTables,
    };
    registerAccess(this.view);
  }

  /**
   * Opens the network path from a client (a Lambda function, an ECS service, an instance, ...) to DynamoDB.
   *
   * - Interface modes: the client's security groups may reach the endpoint's on TCP 443 (an ingress rule
   *   on the endpoint's groups and, where the client restricts outbound traffic, an egress rule on the
   *   client's). Both rules are made from the client's side, so that a client in another stack (one
   *   that uses this construct's VPC) gets them in its own stack instead of a cyclic reference. A peer
   *   (`ec2.Peer.ipv4('192.168.0.0/16')`, a prefix list) is admitted on TCP 443 by the endpoint's groups.
   * - Gateway modes: where a client's security group restricts outbound traffic, an egress rule on TCP
   *   443 to DynamoDB's prefix list (`GatewayEndpointOptions.prefixListId`, or a context lookup in a
   *   stack with a concrete region).
   *
   * @param client a construct with security groups in the VPC, or (interface modes) a peer to admit
   */
  public allowFrom(client: ec2.IConnectable): void {
    const securityGroups = clientSecurityGroups(client, this.endpoint);
    if (securityGroups === undefined) {
      // A peer: only the interface endpoint has a security group that can admit it.
      this.connections.allowFrom(client, HTTPS, 'HTTPS to DynamoDB from an allowed peer');
      return;
    }
    if (Construct.isConstruct(client)) {
      this.allowFromClients.push(client);
    }
    if (this.endpoint._hasInterface) {
      for (const group of securityGroups) {
        if (group.allowAllOutbound) {
          // Only the endpoint's ingress side: an egress rule on this group would be ignored, with a warning.
          // As a remote rule it lands in the client's stack when the client is in another stack.
          this.connections.securityGroups.forEach((endpointGroup) =>
            endpointGroup.addIngressRule(group, HTTPS, 'HTTPS to the DynamoDB interface endpoint', true));
        } else {
          // Both sides, made from the client's side so that a client in another stack causes no cycle.
          new ec2.Connections({ securityGroups: [group] }).allowTo(this, HTTPS, 'HTTPS to the DynamoDB interface endpoint');
        }
      }
    }
    if (this.endpoint._hasGateway) {
      const restricted = securityGroups.filter((group) => !group.allowAllOutbound);
      if (restricted.length > 0) {
        const prefixList = ec2.Peer.prefixList(this.dynamoPrefixListId(client));
        restricted.forEach((group) => group.addEgressRule(prefixList, HTTPS, 'HTTPS to DynamoDB through the gateway endpoint'));
      }
    }
  }

  /**
   * Adds the VPC endpoints that the clients need in subnets without a route out: what their ECS tasks need to
   * start, and what Lambda functions and ECS task roles call once they run.
   *
   * - To start, from the task definitions: `ecr.api`, `ecr.dkr` and S3 (gateway, tasks' route tables) for ECR
   *   images, `logs` for `awslogs` or FireLens, `secretsmanager` / `ssm` for `secrets`, `ecs`, `ecs-agent`,
   *   `ecs-telemetry` on EC2 instances.
   * - To run, from what the client's role is granted in the app (`grant*()`, `addToRolePolicy`, policies):
   *   one interface endpoint per service (`sqs`, `sns`, `kms`, `secretsmanager`, ...), S3's gateway endpoint
   *   on the clients' route tables; minus what AWS services call for the client (a Lambda function's logs,
   *   event source mappings, destinations). Each endpoint's policy admits the account's principals (or
   *   `principalOrgId`'s) on the resources the clients are granted, read again when the app is complete.
   *
   * Once per VPC, none where the app has one (yours is used); private DNS, one interface per zone of
   * `subnets`, TCP 443 from the VPC, egress rules for clients that restrict outbound traffic. Call it after
   * the clients' last grant: a service granted later is reported by the connectivity check
   * (`ConnectivityCheck.NO_SERVICE_ENDPOINT`). See the README's recipes.
   *
   * @param clients Lambda functions, ECS services, task definitions, or constructs that hold them (an `ecs_patterns` service)
   */
  public addEndpointsFor(...clients: IConstruct[]): void {
    this.endpointClients.push(...addWorkloadEndpoints(this.workloadAccess(), clients));
  }

  /**
   * Adds interface endpoints (S3: its gateway endpoint, on the route tables of `subnets`) for services
   * that clients call with permissions the app does not show (a role imported with its policies, a
   * permission granted outside the app). Once per VPC, reusing one the app has, like `addEndpointsFor`;
   * each policy admits the account's principals (or `principalOrgId`'s) on any resource of the service.
   *
   * @example
   * declare const access: PrivateDynamoAccess;
   * access.addEndpointsForServices('kms', 'sts');
   * @param services endpoint service names, the part after `com.amazonaws.<region>.`: `sqs`, `kms`, `bedrock-runtime`, `s3`
   */
  public addEndpointsForServices(...services: string[]): void {
    addServiceEndpoints(this.workloadAccess(), services);
  }

  /**
   * Tells the connectivity check that a client reaches one AWS service another way (a proxy, a NAT or a
   * route the check cannot see), so that the client's findings about that service are not reported. Its
   * other findings, DynamoDB's included, stay on.
   *
   * @example
   * declare const access: PrivateDynamoAccess;
   * declare const handler: lambda.Function;
   * access.acknowledgeServicePath(handler, 'sqs', 'SQS is reached through the egress proxy');
   * @param client the Lambda function, ECS service or task definition, instance, auto-scaling group, ...
   * @param service the service as the finding names it: an endpoint service (`sqs`, `bedrock-runtime`) or an IAM prefix (`route53`)
   * @param reason how the client reaches it, for the readers of your code
   */
  public acknowledgeServicePath(client: IConstruct, service: string, reason: string): void {
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(service)) {
      throw propError('acknowledgeServicePath', `service "${service}" is not a service name`,
        'give the name the finding shows, in lowercase: an endpoint service such as \'sqs\' or \'bedrock-runtime\', or an IAM prefix such as \'route53\'');
    }
    if (reason.trim() === '') {
      throw propError('acknowledgeServicePath', `the reason for ${client.node.path} and ${service} is empty`, 'say how the client reaches the service');
    }
    acknowledgeServicePath(client, service, reason);
  }

  /**
   * Tells the connectivity check that a client points its SDK at the interface endpoint itself (for
   * example its code passes `endpointUrl` to the DynamoDB client), so that it is not reported for
   * lacking `AWS_ENDPOINT_URL_DYNAMODB` in its environment (`ConnectivityCheck.NO_ENDPOINT_CONFIGURATION`).
   *
   * @param client the Lambda function, ECS service or task definition, instance, auto-scaling group, ...
   * @param reason why the client needs no `clientEnvironment`, for the readers of your code
   */
  public acknowledgeClientConfiguration(client: IConstruct, reason: string): void {
    if (reason.trim() === '') {
      throw propError('acknowledgeClientConfiguration', `the reason for ${client.node.path} is empty`, 'say how the client is pointed at the endpoint');
    }
    acknowledgeSelfConfiguredClient(client);
  }

  /**
   * Adds a statement to a table's resource policy that denies its data-plane actions (item reads and
   * writes, queries, scans, PartiQL) unless the request comes through an endpoint in this construct's VPC.
   * Called by several constructs (two VPCs, blue/green), the table admits each of their VPCs.
   *
   * The condition is `aws:SourceVpc` (this VPC), not `aws:SourceVpce` (these endpoints): naming the
   * endpoints would create a dependency cycle whenever the endpoint policy also names the table, and it
   * would lock the table to one endpoint's lifetime. The trade-off: another endpoint in the same VPC is
   * also admitted, so keep every DynamoDB endpoint of the VPC under a data-perimeter policy.
   *
   * Not denied: control-plane calls (`DescribeTable`, `UpdateTable`, ... so CloudFormation and
   * administrators still manage the table), calls by AWS services on a principal's behalf
   * (`aws:ViaAWSService`) and by AWS service principals, and DynamoDB's own global-table replication role.
   *
   * Roles that a service assumes to call the table from its own network can be exempted with
   * `options.exemptRoles`.
   *
   * Not enforced, and named in a synth warning that can be acknowledged on the table: the table's stream
   * (`cdk-private-dynamo-access:streamNotRestricted`: Lambda event source mappings read it with the function's
   * role from outside the VPC, so a stream policy could not deny outside readers without stopping them), and
   * replicas of a global table in other regions
   * (`cdk-private-dynamo-access:replicaNotRestricted`). Denied like any other caller outside the VPC:
   * roles that a service assumes to call the table from the service's own network (AppSync data sources,
   * Step Functions and API Gateway integrations, EventBridge Pipes), unless exempted. Not covered:
   * control-plane calls that copy data (`ExportTableToPointInTime`, `CreateBackup`); restrict those with IAM.
   *
   * @param table the table to lock
   * @param options who else may call the table's data plane from outside the VPC
   */
  public restrictTable(table: dynamodb.TableV2, options: RestrictTableOptions = {}): void {
    // The endpoint policy refers to the table's stack when it lists one of that stack's tables by reference.
    const tableStack = Stack.of(table);
    lockTableToVpc(table, {
      access: this.view,
      policyRefersToTableStack: this.view.referencedTables.find((candidate) => Stack.of(candidate) === tableStack),
      exemptRoles: options.exemptRoles ?? [],
    });
  }

  /**
   * Tags a table of the app with `tableTag`, so that the endpoint policy admits it.
   *
   * The table's stream is not tagged: tag mode admits the stream actions on the streams of the account's tables.
   *
   * @param table a table built in this app (`TableV2` or `Table`)
   */
  public tagTable(table: dynamodb.ITable): void {
    tagTableWith(this, this.tableTag, table);
  }

  /** What `addEndpointsFor` and `addEndpointsForServices` need to know of this access. */
  private workloadAccess() {
    return { construct: this, vpc: this.vpc, subnets: this.subnets, principalOrgId: this.principalOrgId };
  }

  /** The id of DynamoDB's managed prefix list in this stack's region, given or looked up once. */
  private dynamoPrefixListId(client: ec2.IConnectable): string {
    this.prefixListId ??= lookUpDynamoPrefixListId(this, describeClient(client));
    return this.prefixListId;
  }
}
