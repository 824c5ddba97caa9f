package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// terraformPath is the Terraform CLI the tests use: TF_ACC_TERRAFORM_PATH
// (set by make test), else terraform from PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no Terraform CLI: run the tests with make test, which provides one")
	}
	return p
}

// assertCleanedUp checks that the demo left no temporary files and that the
// mock no longer listens.
func assertCleanedUp(t *testing.T, tmpParent, base string) {
	t.Helper()
	if entries, _ := os.ReadDir(tmpParent); len(entries) != 0 {
		t.Errorf("demo left %d temporary entries behind", len(entries))
	}
	if base == "" {
		t.Fatal("the mock never started")
	}
	if conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		_ = conn.Close()
		t.Errorf("the mock still listens on %s", base)
	}
}

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	var base string
	tmp := t.TempDir()
	err := run(context.Background(), config{
		root: "../../..", terraform: terraformPath(t), out: &out,
		tmpParent: tmp, listening: func(b string) { base = b },
	})
	if err != nil {
		t.Fatalf("demo failed: %v\n%s", err, out.String())
	}
	n := len(events.All) // one subscription of each event type
	wants := []string{
		fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", n),
		fmt.Sprintf("webhook challenges answered by the receiver: %d", n),
		fmt.Sprintf("The demo webhook receiver got %d notifications", n),
		fmt.Sprintf("Destroy complete! Resources: %d destroyed.", n),
		fmt.Sprintf("API requests by HTTP status: 200: %d", 2*n),
	}
	// Each type's sample notification, as the receiver got it.
	for _, et := range events.All {
		sample, err := json.Marshal(et.Sample("2006-01-02T15:04:05.000Z"))
		if err != nil {
			t.Fatal(err)
		}
		wants = append(wants, string(sample[:min(len(sample), 20)]))
	}
	for _, want := range wants {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	assertCleanedUp(t, tmp, base)
	// Not a terminal: no colour codes, and no Go formatting.
	for _, unwanted := range []string{"\x1b[", "map["} {
		if strings.Contains(out.String(), unwanted) {
			t.Errorf("demo output holds %q:\n%s", unwanted, out.String())
		}
	}
}

// TestDemoCleansUpWhenInterrupted interrupts the demo while "Terraform" runs
// and checks that it stops at once and leaves nothing behind.
func TestDemoCleansUpWhenInterrupted(t *testing.T) {
	slow := filepath.Join(t.TempDir(), "slow-terraform")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\nexec sleep 60\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var base string
	tmp := t.TempDir()
	start := time.Now()
	err := run(ctx, config{
		root: "../../..", terraform: slow, out: &bytes.Buffer{}, tmpParent: tmp,
		listening: func(b string) {
			base = b
			time.AfterFunc(300*time.Millisecond, cancel)
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want the interruption reported", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the demo took %v to stop", d)
	}
	assertCleanedUp(t, tmp, base)
}
