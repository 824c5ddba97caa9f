// Command release-check checks a goreleaser dist/ folder file by file as the
// Terraform and OpenTofu registries read a release, and as a user verifies
// cinnox-mock. `make release-check` runs it on a snapshot release, after
// checking both checksums files' signatures with gpg.
//
// The registries' rules it holds the release to:
//   - https://developer.hashicorp.com/terraform/registry/providers/publishing
//     ("Manually preparing a release"): one zip per target named
//     terraform-provider-{NAME}_{VERSION}_{OS}_{ARCH}.zip, a
//     terraform-provider-{NAME}_{VERSION}_SHA256SUMS file with their
//     checksums and the manifest's, and its detached GPG signature .sig.
//   - The Registry checks that signed file against the files it ingests and
//     refuses the whole version when it lists anything else: releases refused
//     for SBOMs (openai/terraform-provider-openai#98), for other archives
//     (secrethub/terraform-provider-secrethub#122) and for the signature
//     itself (goreleaser/goreleaser#6514, in goreleaser 2.15); and it needs
//     the manifest's line (alekc/terraform-provider-kubectl#350,
//     ngrok/terraform-provider-ngrok#61). OpenTofu's registry reads the same
//     files.
//
// So the provider's SHA256SUMS lists exactly the provider zips and the
// manifest, and cinnox-mock's archives have a checksums file of their own.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	dist := flag.String("dist", "dist", "the goreleaser dist folder to check")
	manifest := flag.String("manifest", "terraform-registry-manifest.json", "the registry manifest the release must list")
	flag.Parse()
	summary, err := check(*dist, *manifest)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release-check:", err)
		os.Exit(1)
	}
	fmt.Println("release-check:", summary)
}
