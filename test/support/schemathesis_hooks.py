"""Schemathesis hooks of the OpenAPI contract test (test/openapi-contract.e2e-spec.ts).

A notification the fuzzer creates is delivered to by `POST .../test` and by redeliveries, so its webhook URL must never
leave this machine: whatever `config.url` a generated body carries, it is sent as the test's own HTTP sink on loopback.
The test checks afterwards that every stored notification points there.

Every request carries the fuzzer's superuser token, but the ingest endpoint's, which carry a publish token (for every
source): that endpoint takes nothing else, and the fuzzer is to reach the source plugins' reading of hostile bodies
rather than the guard's 403. (A `--header` given to the CLI would win over the hook's, so the hook sets both.)
"""

import os

import schemathesis

SINK_URL = os.environ["HERALD_FUZZ_SINK_URL"]
CREATE_PATH = "/api/v1/repository/{namespace}/{repo}/notification"
PUBLISH_PATH = "/api/v1/sources/{source}/events"
ADMIN_TOKEN = os.environ["HERALD_FUZZ_ADMIN_TOKEN"]
PUBLISH_TOKEN = os.environ["HERALD_FUZZ_PUBLISH_TOKEN"]


@schemathesis.hook
def before_call(context, case, kwargs):
    token = PUBLISH_TOKEN if case.path == PUBLISH_PATH else ADMIN_TOKEN
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    if case.method.upper() != "POST" or case.path != CREATE_PATH or not isinstance(case.body, dict):
        return
    config = case.body.get("config")
    if isinstance(config, dict) and "url" in config:
        config["url"] = SINK_URL
