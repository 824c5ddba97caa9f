package main

import (
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// ciScript is the CI script of the guide "Testing offline", as written.
func ciScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../templates/guides/testing-offline.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)In CI, start the mock.*?```shell\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("the guide has no CI script under \"In CI, start the mock\"")
	}
	return string(m[1])
}

// TestTestingOfflineGuide_ciScript runs the guide's CI script as written,
// twice in one directory, with cinnox-mock built from this repository and
// a stand-in for terraform that checks the mock answers at
// CINNOX_BASE_URL with CINNOX_APP_TOKEN (make test-modules runs the real
// terraform test the same way, scripts/module-test.sh). Each run passes
// against its own mock (not the previous run's url), and leaves no mock
// listening; with a cinnox-mock that cannot start, the script gives up
// with an error instead of waiting for ever.
func TestTestingOfflineGuide_ciScript(t *testing.T) {
	script := ciScript(t)
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "cinnox-mock"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	standIn := `#!/usr/bin/env bash
[ "$1" = init ] && exit 0
code=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H "Authorization: Bearer $CINNOX_APP_TOKEN" \
  -H 'Content-Type: application/json' -d '{"enabled":false,"url":"https://hooks.example.com/x"}' \
  "$CINNOX_BASE_URL/v1/api/apps/app-1/call-event-sub")
echo "terraform test stand-in: the mock answered HTTP $code; TF_VAR_receiver_url=$TF_VAR_receiver_url"
[ "$code" = 200 ]
`
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(standIn), 0o700); err != nil { //nolint:gosec // a script to run
		t.Fatal(err)
	}
	dir := t.TempDir()
	run := func(path string) (string, time.Duration, error) {
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "PATH="+path+string(os.PathListSeparator)+os.Getenv("PATH"))
		start := time.Now()
		out, err := cmd.CombinedOutput()
		return string(out), time.Since(start), err
	}
	for i := range 2 {
		out, _, err := run(bin)
		if err != nil || !strings.Contains(out, "the mock answered HTTP 200") {
			t.Fatalf("run %d: %v\n%s", i+1, err, out)
		}
		raw, _ := os.ReadFile(filepath.Join(dir, "mock-url"))
		u, err := url.Parse(strings.TrimSpace(string(raw)))
		if err != nil || u.Host == "" {
			t.Fatalf("run %d left no base URL in mock-url: %q", i+1, raw)
		}
		if conn, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
			_ = conn.Close()
			t.Errorf("run %d: the mock still listens on %s after the script ended", i+1, u.Host)
		}
	}

	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "cinnox-mock"), []byte("#!/usr/bin/env bash\necho 'listen: address in use' >&2\nexit 1\n"), 0o700); err != nil { //nolint:gosec // a script to run
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "terraform"), []byte("#!/usr/bin/env bash\nexit 0\n"), 0o700); err != nil { //nolint:gosec // a script to run
		t.Fatal(err)
	}
	out, took, err := run(broken)
	if err == nil || !strings.Contains(out, "cinnox-mock did not start") || !strings.Contains(out, "address in use") {
		t.Errorf("with a mock that cannot start: %v, want a failure with its log:\n%s", err, out)
	}
	if took > 5*time.Second {
		t.Errorf("with a mock that cannot start the script took %v to give up", took)
	}
}
