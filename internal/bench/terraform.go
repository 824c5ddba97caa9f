package main

// Running Terraform: the benchmark configuration, and one timed run of
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
	"strconv"
	"strings"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// config is n subscriptions given by url, one of each event type per app.
func config(n int) string {
	var c strings.Builder
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
func (b *bench) runOnce(ctx context.Context, n int, names []string, variants ...variant) error {
	dirs := map[variant]string{}
	for _, v := range variants {
		dir, err := os.MkdirTemp(b.tmp, "work-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(n)), 0o600); err != nil {
			return err
		}
		dirs[v] = dir
	}
	for _, name := range names {
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

// step times one Terraform command and records what it cost.
func (b *bench) step(ctx context.Context, v variant, n int, dir, name string) error {
	args := map[string][]string{
		"apply":   {"apply", "-auto-approve", "-input=false"},
		"plan":    {"plan", "-input=false", "-detailed-exitcode"},
		"destroy": {"destroy", "-auto-approve", "-input=false"},
	}[name]
	stats := filepath.Join(b.tmp, "stats")
	_ = os.Remove(stats)
	b.mock.ResetRequests()
	start := time.Now()
	if err := terraform(ctx, b.o.terraform, dir, b.envFor(v), args...); err != nil {
		return fmt.Errorf("%s, %d resources: terraform %s: %w", v, n, name, err)
	}
	s := step{seconds: time.Since(start).Seconds(), cpuMS: providerCPU(stats), requests: len(b.mock.Requests())}
	b.results[key{v, n, name}] = append(b.results[key{v, n, name}], s)
	log.Printf("%-36s N=%-5d %-8s %6.2fs  %4d requests  provider CPU %6.0f ms", v, n, name, s.seconds, s.requests, s.cpuMS)
	return nil
}

// providerCPU sums the CPU times, in ms, that the wrapper wrote, one line
// per provider process of a command.
func providerCPU(path string) float64 {
	var sum float64
	data, _ := os.ReadFile(path)
	for _, line := range strings.Fields(string(data)) {
		ms, _ := strconv.ParseFloat(line, 64)
		sum += ms
	}
	return sum
}

// terraform runs the CLI; a plan that is not empty is an error.
func terraform(ctx context.Context, bin, dir string, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && args[0] == "plan" && exit.ExitCode() == 2 {
		return fmt.Errorf("the plan on the applied state is not empty:\n%s", out.String())
	}
	if err != nil {
		return fmt.Errorf("%w\n%s", err, out.String())
	}
	return nil
}
