module consumer

go 1.23

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.230.0
	github.com/aws/constructs-go/constructs/v10 v10.4.2
	github.com/aws/jsii-runtime-go v1.141.0
	github.com/cdk-private-dynamo-access/cdk-private-dynamo-access-go/cdkprivatedynamoaccess v0.0.0
)
