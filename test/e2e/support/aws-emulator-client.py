"""A thin boto3 client for the deploy-time tests against moto's server mode (run with the .venv-moto interpreter).

    aws-emulator-client.py <endpoint> <request.json>

The request is `{"call": "<service>.<Operation>", "params": {...}}` (boto3's operation name in snake case, e.g.
`cloudformation.create_stack`). Prints one JSON line: `{"ok": true, "result": ...}`, or `{"ok": false, "code":
"<AWS error code>", "message": "<AWS error message>"}` for an error the service answered with; anything else
(a crash, no answer) exits non-zero with the traceback.
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError


def main() -> None:
    endpoint, request_file = sys.argv[1], sys.argv[2]
    with open(request_file, encoding="utf-8") as f:
        request = json.load(f)
    service, operation = request["call"].split(".", 1)
    client = boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    try:
        result = getattr(client, operation)(**request.get("params", {}))
    except ClientError as error:
        print(json.dumps({"ok": False, "code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]}))
        return
    result.pop("ResponseMetadata", None)
    print(json.dumps({"ok": True, "result": result}, default=str))


if __name__ == "__main__":
    main()
