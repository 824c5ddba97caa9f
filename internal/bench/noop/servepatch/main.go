// Command servepatch runs the bare-PATCH floor provider (noop.NewPATCH) as
// a Terraform plugin, at the CINNOX provider's address.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cinnox/terraform-provider-cinnox/internal/bench/noop"
)

func main() {
	err := providerserver.Serve(context.Background(), noop.NewPATCH, providerserver.ServeOpts{Address: "registry.terraform.io/cinnox/cinnox"})
	if err != nil {
		log.Fatal(err)
	}
}
