package main

// Running Terraform: the benchmark configurations, and one timed run of
// each step.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// config is the Terraform configuration of variant v with n resources.
func config(v variant, n int) string {
	var c strings.Builder
	if v == tfData {
		for i := range n {
			fmt.Fprintf(&c, "resource \"terraform_data\" \"r%d\" {\n  input = \"https://hooks.example.com/%d\"\n}\n", i, i)
		}
		return c.String()
	}
	c.WriteString("terraform {\n  required_providers {\n    cinnox = { source = \"registry.terraform.io/cinnox/cinnox\" }\n  }\n}\n\n")
	c.WriteString("provider \"cinnox\" {\n  requests_per_minute = 1000000\n}\n")
	types := len(events.All)
	for i := range n {
		fmt.Fprintf(&c, "\nresource \"cinnox_%s_event_subscription\" \"s%d\" {\n  app_id = \"app-%d\"\n  url    = \"https://hooks.example.com/%d\"\n}\n",
			events.All[i%types].Name, i, i/types, i)
	}
	return c.String()
}

// runOnce runs the steps for n resources of each variant, interleaved step
// by step so that the variants compared meet the same machine: apply of
// each, then plan of each (o.plans times, the variants alternating), then
// destroy of each.
func (b *bench) runOnce(ctx context.Context, n int, variants ...variant) error {
	dirs := map[variant]string{}
	for _, v := range variants {
		dir, err := os.MkdirTemp(b.tmp, "work-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(v, n)), 0o600); err != nil {
			return err
		}
		if v == tfData {
			// The built-in provider needs an init, outside the timing.
			if err := terraform(ctx, b.o.terraform, dir, b.envFor(v), "init", "-input=false"); err != nil {
				return err
			}
		}
		dirs[v] = dir
	}
	for _, name := range steps {
		reps := 1
		if name == "plan" {
			reps = b.o.plans
		}
		for range reps {
			for _, v := range variants {
				if err := b.step(ctx, v, n, dirs[v], name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// measureLiveHeap applies n resources of each variant from empty state and
// destroys them, untimed, with the wrapper reading the provider's GC trace,
// and records the largest live heap the apply saw.
func (b *bench) measureLiveHeap(ctx context.Context, n int, variants ...variant) error {
	for _, v := range variants {
		dir, err := os.MkdirTemp(b.tmp, "live-")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(v, n)), 0o600); err != nil {
			return err
		}
		env := append(b.envFor(v), "BENCH_GCTRACE=1")
		_ = os.Remove(b.stats)
		if err := terraform(ctx, b.o.terraform, dir, env, "apply", "-auto-approve", "-input=false"); err != nil {
			return fmt.Errorf("%s, %d resources: terraform apply with the GC trace: %w", v, n, err)
		}
		b.liveMB[key{v, n, "apply"}] = readStats(b.stats).liveMB
		if err := terraform(ctx, b.o.terraform, dir, env, "destroy", "-auto-approve", "-input=false"); err != nil {
			return fmt.Errorf("%s, %d resources: terraform destroy with the GC trace: %w", v, n, err)
		}
		_ = os.RemoveAll(dir)
		log.Printf("%-14s N=%-5d apply    peak live heap %d MB (untimed, GC trace)", v, n, int(b.liveMB[key{v, n, "apply"}]))
	}
	return nil
}

func (b *bench) envFor(v variant) []string {
	env := append(slices.Clone(b.env), "BENCH_PROVIDER_BIN="+b.bins[v])
	if v == logsWritten {
		env = append(env, logsWrittenEnv...)
	}
	return env
}

// step times one Terraform command and records what it cost.
func (b *bench) step(ctx context.Context, v variant, n int, dir, name string) error {
	args := map[string][]string{
		"apply":   {"apply", "-auto-approve", "-input=false"},
		"plan":    {"plan", "-input=false", "-detailed-exitcode"},
		"destroy": {"destroy", "-auto-approve", "-input=false"},
	}[name]
	_ = os.Remove(b.stats)
	b.mock.ResetRequests()
	start := time.Now()
	tree, err := terraformCPU(ctx, b.o.terraform, dir, b.envFor(v), args...)
	if err != nil {
		return fmt.Errorf("%s, %d resources: terraform %s: %w", v, n, name, err)
	}
	elapsed, requests := time.Since(start).Seconds(), len(b.mock.Requests())
	s := readStats(b.stats)
	s.seconds, s.requests = elapsed, requests
	s.cliCPUMS = float64(tree.Microseconds())/1000 - s.cpuMS
	b.results[key{v, n, name}] = append(b.results[key{v, n, name}], s)
	log.Printf("%-14s N=%-5d %-8s %6.2fs  %4d requests  peak %5.1f MB  provider CPU %6.0f ms  Terraform CPU %6.0f ms", v, n, name, s.seconds, s.requests, float64(s.maxRSSKB)/1024, s.cpuMS, s.cliCPUMS)
	return nil
}

func terraform(ctx context.Context, bin, dir string, env []string, args ...string) error {
	_, err := terraformCPU(ctx, bin, dir, env, args...)
	return err
}

// terraformCPU runs Terraform and returns the CPU time of its process tree:
// its own, and that of every process it started and waited for (the
// provider processes, through the wrapper).
func terraformCPU(ctx context.Context, bin, dir string, env []string, args ...string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && args[0] == "plan" && exit.ExitCode() == 2 {
		return cpu, fmt.Errorf("the plan on the applied state is not empty:\n%s", out.String())
	}
	if err != nil {
		return cpu, fmt.Errorf("%w\n%s", err, out.String())
	}
	return cpu, nil
}
