#!/usr/bin/env bash
# Prints the path of the Terraform that tfplugindocs reads the provider's
# schema through (make docs, make docs-check). It must know every schema
# feature the provider serves, ephemeral resources (Terraform 1.10+) and
# write-only attributes (1.11+), or the docs lose them. In this order:
#
#   1. Terraform 1.15.9 from ../shared/clients, unpacked into bin/clients;
#   2. terraform on PATH, if it is 1.11 or later.
#
# With neither it says so on standard error and exits 1. The Go module proxy
# cannot build one: Terraform 1.9 and later carry replace directives, which
# go install refuses (1.8.5 is the newest it builds).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x ../shared/clients/unpack ]; then
  ../shared/clients/unpack bin/clients >/dev/null
  echo "$PWD/bin/clients/terraform-1.15.9"
  exit 0
fi
if tf=$(command -v terraform); then
  version=$(TF_CLI_CONFIG_FILE=/dev/null "$tf" version | sed -n '1s/^Terraform v//p')
  if [ -n "$version" ] && [ "$(printf '%s\n' 1.11.0 "$version" | sort -V | head -n 1)" = 1.11.0 ]; then
    echo "$tf"
    exit 0
  fi
  echo "terraform on PATH is ${version:-of an unknown version} ($tf); the docs need Terraform 1.11 or later" >&2
else
  echo "no ../shared/clients and no terraform on PATH; the docs need Terraform 1.11 or later" >&2
fi
exit 1
