// Command wrapper stands in for a provider binary during the benchmark: it
// runs the real one (BENCH_PROVIDER_BIN) with the same stdin, stdout and
// stderr, times it from exec to the plugin handshake line, and when it exits
// appends its peak memory (maxrss), its CPU time (user + system) and that
// start-up time as one JSON line to BENCH_STATS_FILE.
//
// With BENCH_GCTRACE=1 it also records the peak live heap, from the Go
// runtime's GC trace (GODEBUG=gctrace=1): the heap that survived each
// collection, which is what the provider keeps, where maxrss also counts
// garbage not yet collected. It then reads the provider's stderr to take the
// trace lines out and passes the rest on; that costs CPU, so the benchmark
// does it in an untimed pass of its own.
package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"syscall"
	"time"
)

// gcLine matches a GC trace line, e.g.
// "gc 40 @23.599s 0%: ... ms cpu, 74->75->42 MB, 77 MB goal, ...", and
// captures the live heap after the collection (42).
var gcLine = regexp.MustCompile(`^gc \d+ @.* \d+->\d+->(\d+) MB`)

func main() {
	start := time.Now()
	cmd := exec.Command(os.Getenv("BENCH_PROVIDER_BIN"), os.Args[1:]...)
	cmd.Stdin = os.Stdin
	out, err := cmd.StdoutPipe()
	if err != nil {
		os.Exit(1)
	}
	gctrace := os.Getenv("BENCH_GCTRACE") == "1"
	var stderr io.Reader
	if gctrace {
		cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
		if stderr, err = cmd.StderrPipe(); err != nil {
			os.Exit(1)
		}
	} else {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		os.Exit(1)
	}
	signal.Ignore(os.Interrupt) // the child gets Terraform's signals itself

	liveMB := make(chan int64, 1)
	if gctrace {
		go relayStderr(stderr, liveMB)
	} else {
		liveMB <- 0
	}

	var handshake time.Duration
	r := bufio.NewReader(out)
	if line, err := r.ReadString('\n'); err == nil {
		handshake = time.Since(start)
		_, _ = os.Stdout.WriteString(line)
	}
	_, _ = io.Copy(os.Stdout, r)
	peakLive := <-liveMB
	_ = cmd.Wait()

	stats := map[string]any{"handshake_ms": float64(handshake.Microseconds()) / 1000}
	if gctrace {
		stats["live_heap_mb"] = peakLive
	}
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

// relayStderr passes the provider's stderr on, except GC trace lines, and
// sends the largest live heap they report once stderr is closed.
func relayStderr(stderr io.Reader, liveMB chan<- int64) {
	var peak int64
	s := bufio.NewScanner(stderr)
	s.Buffer(make([]byte, 64*1024), 1024*1024)
	for s.Scan() {
		if m := gcLine.FindSubmatch(s.Bytes()); m != nil {
			if mb, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil {
				peak = max(peak, mb)
			}
			continue
		}
		_, _ = os.Stderr.Write(append(s.Bytes(), '\n'))
	}
	_, _ = io.Copy(os.Stderr, stderr) // after a line too long to scan
	liveMB <- peak
}
