// Command servepatch runs the bare-PATCH floor provider (noop.NewPATCH) as
// a Terraform plugin, at the CINNOX provider's address.
package main

import "github.com/cinnox/terraform-provider-cinnox/internal/bench/noop"

func main() { noop.Serve(noop.NewPATCH) }
