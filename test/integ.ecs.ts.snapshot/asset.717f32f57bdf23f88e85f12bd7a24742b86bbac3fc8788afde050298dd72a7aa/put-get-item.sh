#!/bin/sh
# Puts an item into $TABLE_NAME, reads it back with a consistent read, and writes one log line with it.
# Then it waits (a service task keeps running) unless the first argument is "once".
set -eu
key='{"pk":{"S":"ecs-task"}}'
aws dynamodb put-item --table-name "$TABLE_NAME" \
  --item "{\"pk\":{\"S\":\"ecs-task\"},\"at\":{\"S\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}}"
item=$(aws dynamodb get-item --table-name "$TABLE_NAME" --key "$key" --consistent-read --output json)
echo "ecs-task: put and got item $(echo "$item" | tr -d ' \n')"
if [ "${1:-}" = "once" ]; then
  exit 0
fi
exec sleep infinity
