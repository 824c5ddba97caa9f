// Command terraform-provider-cinnox serves the CINNOX Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cinnox/terraform-provider-cinnox/internal/logenv"
	"github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

// Documentation: format the examples, then render docs/ from the schema,
// templates/ and examples/ (terraform from PATH reads the schema; see
// `make docs`).
//go:generate terraform fmt -recursive ./examples/
//go:generate go tool -modfile=tools/go.mod tfplugindocs generate --provider-name cinnox --rendered-provider-name CINNOX

// version is set at release time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		// Served to Terraform: write no log line it throws away.
		logenv.SkipDiscarded(provider.LogLevelVar)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/cinnox/cinnox",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
