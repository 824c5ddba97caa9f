#!/usr/bin/env bash
# Runs a command as on a machine with no terraform and no tofu on PATH, as a
# new contributor's may be: each PATH directory that holds either is swapped
# for a directory of links to its other files. .ci/run runs `make test` so,
# which then builds Terraform 1.5.7 from the Go module proxy.
#
#   scripts/without-clis.sh COMMAND [ARG...]
set -euo pipefail
shadow=$(mktemp -d)
trap 'rm -rf "$shadow"' EXIT
path=
IFS=: read -ra dirs <<< "$PATH"
for dir in "${dirs[@]}"; do
  if [ -e "$dir/terraform" ] || [ -e "$dir/tofu" ]; then
    copy=$(mktemp -d "$shadow/dir.XXXX")
    for f in "$dir"/* "$dir"/.[!.]*; do
      [ -e "$f" ] || continue
      case ${f##*/} in terraform | tofu) ;; *) ln -s "$f" "$copy/" ;; esac
    done
    dir=$copy
  fi
  path=${path:+$path:}$dir
done
PATH=$path "$@"
