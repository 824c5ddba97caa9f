#!/usr/bin/env bash
# Runs a module's tests (terraform test, or tofu test) offline, against the
# provider built from this repository and a cinnox-mock started for them:
#
#   scripts/module-test.sh CLI [MODULE_DIR]
#
# CLI is the terraform or tofu binary; MODULE_DIR defaults to the example
# module. Its tests/mock_provider.tftest.hcl needs Terraform 1.7+ or
# OpenTofu 1.8+ (mock_provider); under older CLIs only
# tests/against_mock.tftest.hcl runs, in a copy of the module without the
# other file (they refuse a test directory holding a mock_provider block),
# which the run's last line says.
#
# It is also the recipe for a user's CI (see the guide "Testing offline"):
# start cinnox-mock, point CINNOX_BASE_URL and CINNOX_APP_TOKEN at it, run
# the tests, stop the mock.
set -euo pipefail
case $1 in
  */*) cli=$(realpath "$1") ;;
  *) cli=$(command -v "$1") ;;
esac
module=$(realpath "${2:-$(dirname "$0")/../examples/modules/webhook-subscriptions}")
cd "$(dirname "$0")/.."

work=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/terraform-provider-cinnox" .
go build -o "$work/cinnox-mock" ./cmd/cinnox-mock

# The provider under test, by the address each CLI resolves cinnox/cinnox to.
cat > "$work/cli.tfrc" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/cinnox/cinnox" = "$work"
    "registry.opentofu.org/cinnox/cinnox" = "$work"
  }
  direct {}
}
CONFIG

# The mock on a free loopback port; it writes its base URL once listening.
"$work/cinnox-mock" -token module-test-token -url-file "$work/url" > "$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { cat "$work/mock.log"; echo "cinnox-mock did not start"; exit 1; }
base=$(cat "$work/url")

export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export CINNOX_BASE_URL="$base" CINNOX_APP_TOKEN=module-test-token
export TF_VAR_receiver_url="$base/mock/webhook"

name=$("$cli" version | sed -n 1p)
version=$(echo "$name" | sed -E 's/^[^0-9]*([0-9]+)\.([0-9]+).*/\1 \2/')
read -r major minor <<< "$version"
mocks=yes
case "$name" in
  OpenTofu*) [ "$major" -gt 1 ] || [ "$minor" -ge 8 ] || mocks= ;;
  *) [ "$major" -gt 1 ] || [ "$minor" -ge 7 ] || mocks= ;;
esac

if [ "$major" -eq 1 ] && [ "$minor" -lt 6 ]; then
  echo "module tests: $name has no terraform test (Terraform 1.6+, OpenTofu 1.6+), so none ran under it"
  exit 0
fi
if [ -z "$mocks" ]; then
  # Older CLIs refuse a test directory that holds a mock_provider block at
  # all, even for a run filtered to another file: test a copy without it.
  cp -R "$module" "$work/module"
  rm -f "$work/module/tests/mock_provider.tftest.hcl"
  module=$work/module
fi
cd "$module"
"$cli" test -no-color -filter=tests/against_mock.tftest.hcl
if [ -n "$mocks" ]; then
  "$cli" test -no-color -filter=tests/mock_provider.tftest.hcl
  echo "module tests: both test files passed under $name"
else
  echo "module tests: against_mock passed under $name; mock_provider needs Terraform 1.7+ or OpenTofu 1.8+, so it did not run"
fi
