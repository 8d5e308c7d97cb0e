"""Schemathesis hooks of the OpenAPI contract test (test/openapi-contract.e2e-spec.ts).

A notification the fuzzer creates is delivered to by `POST .../test` and by redeliveries, so its webhook URL must never
leave this machine: whatever `config.url` a generated body carries, it is sent as the test's own HTTP sink on loopback.
The test checks afterwards that every stored notification points there.
"""

import os

import schemathesis

SINK_URL = os.environ["HERALD_FUZZ_SINK_URL"]
CREATE_PATH = "/api/v1/repository/{namespace}/{repo}/notification"


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method.upper() != "POST" or case.path != CREATE_PATH or not isinstance(case.body, dict):
        return
    config = case.body.get("config")
    if isinstance(config, dict) and "url" in config:
        config["url"] = SINK_URL
