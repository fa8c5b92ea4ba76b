"""pytest plugin for MLMD's own metadata_store_test.py run against Mnemos.

Every test still runs. The ones listed here are expected to fail, each for a stated reason, and
are marked strict: a listed test that starts passing fails the run, so this list cannot go stale.
"""

import pytest

BROKEN_UPSTREAM = ("the shipped test calls _get_metadata_store without cli_args (or self.self) and fails on any "
                   "server; test_official_client.py covers the behaviour")

EXPECTED_FAILURES = {
    "test_connection_config_with_grpc_client_timeout_sec_errors": BROKEN_UPSTREAM,
    "test_connection_config_with_grpc_http2_max_ping_strikes": BROKEN_UPSTREAM,
    "test_connection_config_with_grpc_max_receive_message_length": BROKEN_UPSTREAM,
    "test_connection_config_with_grpc_max_receive_message_length_errors": BROKEN_UPSTREAM,
}


def pytest_collection_modifyitems(items):
  for item in items:
    reason = EXPECTED_FAILURES.get(item.name)
    if reason:
      item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
