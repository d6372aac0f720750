# Signs one request with botocore's SigV4Auth at a fixed time and prints the Authorization header.
# Input (stdin, JSON): method, url, headers, body (base64), region, service, accessKey, secretKey, token, time.
import base64, datetime, json, sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
fixed = datetime.datetime.strptime(spec["time"], "%Y%m%dT%H%M%SZ")
botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed

request = AWSRequest(method=spec["method"], url=spec["url"], data=base64.b64decode(spec["body"]), headers=spec["headers"])
credentials = Credentials(spec["accessKey"], spec["secretKey"], spec.get("token"))
botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"]).add_auth(request)
print(request.headers["Authorization"])
