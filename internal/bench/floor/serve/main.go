// Command serve runs the floor that BENCH_FLOOR names (package floor) as a
// Terraform plugin, at the CINNOX provider's address.
package main

import "github.com/cinnox/terraform-provider-cinnox/internal/bench/floor"

func main() { floor.Serve() }
