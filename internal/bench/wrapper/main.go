// Command wrapper stands in for a provider binary during the benchmark: it
// runs the real one (BENCH_PROVIDER_BIN) with the same stdin, stdout and
// stderr, times it from exec to the plugin handshake line, and when it exits
// appends its peak memory (maxrss), its CPU time (user + system) and that
// start-up time as one JSON line to BENCH_STATS_FILE.
package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	start := time.Now()
	cmd := exec.Command(os.Getenv("BENCH_PROVIDER_BIN"), os.Args[1:]...)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		os.Exit(1)
	}
	if err := cmd.Start(); err != nil {
		os.Exit(1)
	}
	signal.Ignore(os.Interrupt) // the child gets Terraform's signals itself

	var handshake time.Duration
	r := bufio.NewReader(out)
	if line, err := r.ReadString('\n'); err == nil {
		handshake = time.Since(start)
		_, _ = os.Stdout.WriteString(line)
	}
	_, _ = io.Copy(os.Stdout, r)
	_ = cmd.Wait()

	stats := map[string]any{"handshake_ms": float64(handshake.Microseconds()) / 1000}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		stats["maxrss_kb"] = ru.Maxrss
	}
	stats["cpu_ms"] = float64((cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Microseconds()) / 1000
	if f, err := os.OpenFile(os.Getenv("BENCH_STATS_FILE"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		_ = json.NewEncoder(f).Encode(stats)
		_ = f.Close()
	}
	if code := cmd.ProcessState.ExitCode(); code > 0 {
		os.Exit(code)
	}
}
