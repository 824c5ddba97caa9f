// Command wrapper stands in for a provider binary during the benchmark: it
// runs the real one (BENCH_PROVIDER_BIN) with the same standard streams and
// arguments, and when it exits appends its CPU time (user + system), in
// ms, as one line to BENCH_STATS_FILE.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
)

func main() {
	cmd := exec.Command(os.Getenv("BENCH_PROVIDER_BIN"), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		os.Exit(1)
	}
	signal.Ignore(os.Interrupt) // the provider gets Terraform's signals itself
	_ = cmd.Wait()
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if f, err := os.OpenFile(os.Getenv("BENCH_STATS_FILE"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		_, _ = fmt.Fprintf(f, "%.3f\n", float64(cpu.Microseconds())/1000)
		_ = f.Close()
	}
	if code := cmd.ProcessState.ExitCode(); code > 0 {
		os.Exit(code)
	}
}
