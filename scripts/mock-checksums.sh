#!/usr/bin/env bash
# goreleaser's second signs entry (.goreleaser.yml) runs this once, when the
# release's archives are built: it writes cinnox-mock_VERSION_SHA256SUMS
# beside them, listing the cinnox-mock archives, and signs it with the same
# key as the provider's SHA256SUMS (GPG_FINGERPRINT) into SIGNATURE.
#
# Usage: scripts/mock-checksums.sh VERSION SIGNATURE
set -euo pipefail
version=$1 signature=$2
dist=$(dirname "$signature")
sums=cinnox-mock_${version}_SHA256SUMS
(cd "$dist" && sha256sum "cinnox-mock_${version}_"*.tar.gz > "$sums")
gpg --batch --local-user "$GPG_FINGERPRINT" --output "$signature" --detach-sign "$dist/$sums"
