// The Go consumer: the same two stacks as test/consumers/typescript/app.ts, written as a Go user writes
// them, against the module that jsii-pacmak generated (test/consumers/run.ts points a replace directive
// at it and runs this program with CDK_OUTDIR set).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-private-dynamo-access/cdk-private-dynamo-access-go/cdkprivatedynamoaccess"
)

// Inline code: no asset, so every language synthesizes the same template.
const handlerCode = `exports.handler = async () => "ok";`

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)

	// README "Minimal example": a gateway endpoint that reaches only this table.
	gateway := awscdk.NewStack(app, jsii.String("ConsumerGateway"), nil)
	gatewayTable := awsdynamodb.NewTableV2(gateway, jsii.String("Table"), &awsdynamodb.TablePropsV2{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
	})
	gatewayAccess := cdkprivatedynamoaccess.NewPrivateDynamoAccess(gateway, jsii.String("DynamoAccess"), &cdkprivatedynamoaccess.PrivateDynamoAccessProps{
		Tables: &[]awsdynamodb.ITable{gatewayTable},
	})
	gatewayHandler := awslambda.NewFunction(gateway, jsii.String("Handler"), &awslambda.FunctionProps{
		Runtime:     awslambda.Runtime_NODEJS_22_X(),
		Handler:     jsii.String("index.handler"),
		Code:        awslambda.Code_FromInline(jsii.String(handlerCode)),
		Vpc:         gatewayAccess.Vpc(),
		VpcSubnets:  &awsec2.SubnetSelection{Subnets: gatewayAccess.Subnets()},
		Environment: gatewayAccess.ClientEnvironment(),
	})
	gatewayHandler.AddEnvironment(jsii.String("TABLE_NAME"), gatewayTable.TableName(), nil)
	gatewayTable.GrantReadWriteData(gatewayHandler)
	gatewayAccess.AllowFrom(gatewayHandler)

	// README "Interface endpoint for a Lambda function (and on-premises clients)", with the table locked to the VPC.
	iface := awscdk.NewStack(app, jsii.String("ConsumerInterface"), nil)
	ifaceTable := awsdynamodb.NewTableV2(iface, jsii.String("Table"), &awsdynamodb.TablePropsV2{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
	})
	ifaceAccess := cdkprivatedynamoaccess.NewPrivateDynamoAccess(iface, jsii.String("DynamoAccess"), &cdkprivatedynamoaccess.PrivateDynamoAccessProps{
		Tables: &[]awsdynamodb.ITable{ifaceTable},
		Endpoint: cdkprivatedynamoaccess.DynamoEndpoint_Interface(&cdkprivatedynamoaccess.InterfaceEndpointOptions{
			AllowedPeers: &[]awsec2.IPeer{awsec2.Peer_Ipv4(jsii.String("192.168.0.0/16"))},
		}),
	})
	ifaceHandler := awslambda.NewFunction(iface, jsii.String("Handler"), &awslambda.FunctionProps{
		Runtime:     awslambda.Runtime_NODEJS_22_X(),
		Handler:     jsii.String("index.handler"),
		Code:        awslambda.Code_FromInline(jsii.String(handlerCode)),
		Vpc:         ifaceAccess.Vpc(),
		VpcSubnets:  &awsec2.SubnetSelection{Subnets: ifaceAccess.Subnets()},
		Environment: ifaceAccess.ClientEnvironment(),
	})
	ifaceHandler.AddEnvironment(jsii.String("TABLE_NAME"), ifaceTable.TableName(), nil)
	ifaceTable.GrantReadWriteData(ifaceHandler)
	ifaceAccess.AllowFrom(ifaceHandler)
	ifaceAccess.RestrictTable(ifaceTable, nil)
	awscdk.NewCfnOutput(iface, jsii.String("EndpointUrl"), &awscdk.CfnOutputProps{Value: ifaceAccess.EndpointUrl()})

	app.Synth(nil)
}
