"""The Python consumer: the same two stacks as test/consumers/typescript/app.ts, written as a Python user
writes them, against the wheel that jsii-pacmak built (test/consumers/run.ts installs it in a fresh venv
with aws-cdk-lib from PyPI and runs this file with CDK_OUTDIR set)."""
import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb, aws_ec2 as ec2, aws_lambda as lambda_
from cdk_private_dynamo_access import DynamoEndpoint, PrivateDynamoAccess

# Inline code: no asset, so every language synthesizes the same template.
HANDLER_CODE = 'exports.handler = async () => "ok";'

app = cdk.App()

# README "Minimal example": a gateway endpoint that reaches only this table.
gateway = cdk.Stack(app, "ConsumerGateway")
gateway_table = dynamodb.TableV2(gateway, "Table",
    partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
)
gateway_access = PrivateDynamoAccess(gateway, "DynamoAccess", tables=[gateway_table])
gateway_handler = lambda_.Function(gateway, "Handler",
    runtime=lambda_.Runtime.NODEJS_22_X,
    handler="index.handler",
    code=lambda_.Code.from_inline(HANDLER_CODE),
    vpc=gateway_access.vpc,
    vpc_subnets=ec2.SubnetSelection(subnets=gateway_access.subnets),
    environment=gateway_access.client_environment,
)
gateway_handler.add_environment("TABLE_NAME", gateway_table.table_name)
gateway_table.grant_read_write_data(gateway_handler)
gateway_access.allow_from(gateway_handler)

# README "Interface endpoint for a Lambda function (and on-premises clients)", with the table locked to the VPC.
iface = cdk.Stack(app, "ConsumerInterface")
iface_table = dynamodb.TableV2(iface, "Table",
    partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
)
iface_access = PrivateDynamoAccess(iface, "DynamoAccess",
    tables=[iface_table],
    endpoint=DynamoEndpoint.interface(
        allowed_peers=[ec2.Peer.ipv4("192.168.0.0/16")],
    ),
)
iface_handler = lambda_.Function(iface, "Handler",
    runtime=lambda_.Runtime.NODEJS_22_X,
    handler="index.handler",
    code=lambda_.Code.from_inline(HANDLER_CODE),
    vpc=iface_access.vpc,
    vpc_subnets=ec2.SubnetSelection(subnets=iface_access.subnets),
    environment=iface_access.client_environment,
)
iface_handler.add_environment("TABLE_NAME", iface_table.table_name)
iface_table.grant_read_write_data(iface_handler)
iface_access.allow_from(iface_handler)
iface_access.restrict_table(iface_table)
cdk.CfnOutput(iface, "EndpointUrl", value=iface_access.endpoint_url)

app.synth()
