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
	"slices"
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
// each, then plan of each (plans times, the variants alternating), then
// destroy of each.
func (b *bench) runOnce(ctx context.Context, n int, variants ...variant) error {
	dirs := map[variant]string{}
	for _, v := range variants {
		dirs[v] = filepath.Join(b.tmp, string(v)) // each destroy leaves its state empty
		if err := os.MkdirAll(dirs[v], 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dirs[v], "main.tf"), []byte(config(n)), 0o600); err != nil {
			return err
		}
	}
	for _, name := range steps {
		reps := 1
		if name == "plan" {
			reps = plans
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

// step times one Terraform command and records what it cost; a plan that
// is not empty is an error.
func (b *bench) step(ctx context.Context, v variant, n int, dir, name string) error {
	cmd := exec.CommandContext(ctx, b.terraform, map[string][]string{
		"apply":   {"apply", "-auto-approve", "-input=false"},
		"plan":    {"plan", "-input=false", "-detailed-exitcode"},
		"destroy": {"destroy", "-auto-approve", "-input=false"},
	}[name]...)
	var out bytes.Buffer
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, append(slices.Clone(b.env), "BENCH_SERVE="+string(v)), &out, &out
	stats := filepath.Join(b.tmp, "stats")
	_ = os.Remove(stats)
	b.mock.ResetRequests()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 2 && name == "plan" {
			err = errors.New("the plan on the applied state is not empty")
		}
		return fmt.Errorf("%s, %d resources: terraform %s: %w\n%s", v, n, name, err, out.String())
	}
	s := step{seconds: time.Since(start).Seconds(), requests: len(b.mock.Requests())}
	data, _ := os.ReadFile(stats) // one line per provider process, from wrap
	for _, line := range strings.Fields(string(data)) {
		ms, _ := strconv.ParseFloat(line, 64)
		s.cpuMS += ms
	}
	b.results[key{v, n, name}] = append(b.results[key{v, n, name}], s)
	log.Printf("%-12s N=%-5d %-8s %6.2fs  %4d requests  provider CPU %6.0f ms", v, n, name, s.seconds, s.requests, s.cpuMS)
	return nil
}
