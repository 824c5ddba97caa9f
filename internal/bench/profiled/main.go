// Command profiled serves the CINNOX provider as main.go does, writing no
// log line that Terraform throws away (or, with BENCH_PROFILE_FLOOR=1, the
// bare-PATCH floor), and writes a CPU profile of its process to
// $BENCH_PROFILE_DIR/cpu-<pid>.pprof when that is set, and the allocations
// to allocs-<pid>.pprof when it exits. Terraform starts several
// provider processes per command; go tool pprof merges their profiles.
// go run ./internal/bench -profile DIR runs it (see internal/bench/profile.go).
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cinnox/terraform-provider-cinnox/internal/bench/noop"
	"github.com/cinnox/terraform-provider-cinnox/internal/logenv"
	"github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

func main() {
	if dir := os.Getenv("BENCH_PROFILE_DIR"); dir != "" {
		stop, err := profile(dir)
		if err != nil {
			log.Fatal(err)
		}
		defer stop()
	}
	logenv.SkipDiscarded(provider.LogLevelVar)
	serve := provider.New("bench")
	if os.Getenv("BENCH_PROFILE_FLOOR") == "1" {
		serve = noop.NewPATCH
	}
	err := providerserver.Serve(context.Background(), serve, providerserver.ServeOpts{Address: "registry.terraform.io/cinnox/cinnox"})
	if err != nil {
		log.Print(err)
	}
}

// profile starts the CPU profile; the function it returns stops it and
// writes the allocations profile.
func profile(dir string) (func(), error) {
	name := func(kind string) string { return filepath.Join(dir, fmt.Sprintf("%s-%d.pprof", kind, os.Getpid())) }
	cpu, err := os.Create(name("cpu"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = cpu.Close()
		if heap, err := os.Create(name("allocs")); err == nil {
			runtime.GC()
			_ = pprof.Lookup("allocs").WriteTo(heap, 0)
			_ = heap.Close()
		}
	}, nil
}
