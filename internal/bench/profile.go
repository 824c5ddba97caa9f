package main

// -profile: CPU and allocation profiles of the provider process, and of
// the bare-PATCH floor's, during an apply, a plan of the applied state and
// a destroy.

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
)

// profile applies, plans and destroys n subscriptions with the provider
// and with the bare-PATCH floor, each served by internal/bench/profiled,
// which writes a CPU profile and an allocations profile per provider
// process into dir/<variant>/<step>. It times nothing.
func (b *bench) profile(ctx context.Context, dir string, n int) error {
	// The binary stays beside the profiles, for tools that read it
	// afterwards: perf(1) finds its symbols by the path it ran from.
	dir, err := filepath.Abs(dir) // go build runs in the module's root
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(dir, "profiled")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./internal/bench/profiled")
	cmd.Dir, cmd.Stderr = b.o.root, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./internal/bench/profiled: %w", err)
	}
	for _, v := range []variant{provider, barePatch} {
		work, err := os.MkdirTemp(b.tmp, "profile-")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config(v, n)), 0o600); err != nil {
			return err
		}
		for _, args := range [][]string{{"apply", "-auto-approve", "-input=false"}, {"plan", "-input=false"}, {"destroy", "-auto-approve", "-input=false"}} {
			// A step's directory holds only this run's profiles: go tool
			// pprof merges every cpu-*.pprof it is given.
			out := filepath.Join(dir, string(v), args[0])
			if err := os.RemoveAll(out); err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			env := append(slices.Clone(b.env), "BENCH_PROVIDER_BIN="+bin, "BENCH_PROFILE_DIR="+out)
			if v == barePatch {
				env = append(env, "BENCH_PROFILE_FLOOR=1")
			}
			if err := terraform(ctx, b.o.terraform, work, env, args...); err != nil {
				return fmt.Errorf("%s, %d resources, profiled: terraform %s: %w", v, n, args[0], err)
			}
			log.Printf("%-14s N=%-5d %-8s profiles: go tool pprof -top %s/cpu-*.pprof", v, n, args[0], out)
		}
		_ = os.RemoveAll(work)
	}
	return nil
}
