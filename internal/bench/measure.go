package main

// Reading what the wrapper measured, the Go benchmarks, and the medians.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
)

// readStats sums up what the wrapper wrote for each provider process of a
// command: the largest peak memory and live heap, the total CPU time, and
// each start-up time.
func readStats(path string) step {
	var st step
	data, _ := os.ReadFile(path)
	for _, line := range bytes.Split(data, []byte("\n")) {
		var s struct {
			MaxRSSKB    int64   `json:"maxrss_kb"`
			CPUMS       float64 `json:"cpu_ms"`
			HandshakeMS float64 `json:"handshake_ms"`
			LiveHeapMB  float64 `json:"live_heap_mb"`
		}
		if json.Unmarshal(line, &s) != nil {
			continue
		}
		st.maxRSSKB = max(st.maxRSSKB, s.MaxRSSKB)
		st.liveMB = max(st.liveMB, s.LiveHeapMB)
		st.cpuMS += s.CPUMS
		st.handshake = append(st.handshake, s.HandshakeMS)
	}
	return st
}

func (b *bench) goBenchmarks(ctx context.Context) (string, error) {
	var lines []string
	for _, pkg := range []string{"./internal/cinnox/", "./internal/bench/"} {
		cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", "1", pkg)
		cmd.Dir = b.o.root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go test -bench %s: %w\n%s", pkg, err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "Benchmark") {
				lines = append(lines, l)
			}
		}
	}
	return strings.Join(lines, "\n"), nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (b *bench) med(v variant, n int, name string, f func(step) float64) float64 {
	var xs []float64
	for _, s := range b.results[key{v, n, name}] {
		xs = append(xs, f(s))
	}
	return median(xs)
}

func seconds(s step) float64  { return s.seconds }
func requests(s step) float64 { return float64(s.requests) }
func rssMB(s step) float64    { return float64(s.maxRSSKB) / 1024 }
func cpuMS(s step) float64    { return s.cpuMS }
func cliCPUMS(s step) float64 { return s.cliCPUMS }
func handshakeMS(s step) float64 {
	return median(s.handshake)
}

func machine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		_, _ = fmt.Sscanf(strings.SplitN(string(data), "\n", 2)[0], "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf(", %.0f GiB memory", float64(kb)/1024/1024)
	}
	return fmt.Sprintf("%s/%s, %d cores (%s)%s, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, mem, runtime.Version())
}
