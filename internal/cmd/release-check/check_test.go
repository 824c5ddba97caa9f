package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testVersion = "0.1.0-SNAPSHOT-abc1234"

// A release laid out as .goreleaser.yml makes it passes.
func TestCheck_acceptsTheReleaseTheRegistriesIngest(t *testing.T) {
	dist, manifest := fakeRelease(t)
	summary, err := check(dist, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, testVersion) || !strings.Contains(summary, "13 provider zips") {
		t.Errorf("summary %q does not name the version and the 13 zips", summary)
	}
}

// Each way a release can go wrong fails the check, saying which file.
func TestCheck_refusesWhatARegistryOrAUserWouldRefuse(t *testing.T) {
	providerSums := "terraform-provider-cinnox_" + testVersion + "_SHA256SUMS"
	mockSums := "cinnox-mock_" + testVersion + "_SHA256SUMS"
	mockArchive := "cinnox-mock_" + testVersion + "_linux_amd64.tar.gz"
	cases := []struct {
		name  string
		spoil func(t *testing.T, dist string)
		want  string
	}{
		{
			// The layout before: one SHA256SUMS for the provider and the mock.
			name: "the provider's SHA256SUMS also lists a mock archive",
			spoil: func(t *testing.T, dist string) {
				appendLine(t, dist, providerSums, digestOf(t, dist, mockArchive)+"  "+mockArchive)
			},
			want: providerSums + " lists " + mockArchive + ": the Terraform Registry refuses",
		},
		{
			// What goreleaser 2.15 did (goreleaser/goreleaser#6514).
			name: "the provider's SHA256SUMS lists its own signature",
			spoil: func(t *testing.T, dist string) {
				appendLine(t, dist, providerSums, strings.Repeat("0", 64)+"  "+providerSums+".sig")
			},
			want: providerSums + " lists " + providerSums + ".sig",
		},
		{
			name:  "the manifest is not listed",
			spoil: func(t *testing.T, dist string) { dropLine(t, dist, providerSums, "_manifest.json") },
			want:  providerSums + " does not list terraform-provider-cinnox_" + testVersion + "_manifest.json",
		},
		{
			name: "the manifest listed is not the repository's",
			spoil: func(t *testing.T, dist string) {
				dropLine(t, dist, providerSums, "_manifest.json")
				appendLine(t, dist, providerSums, strings.Repeat("1", 64)+"  terraform-provider-cinnox_"+testVersion+"_manifest.json")
			},
			want: providerSums + " gives the wrong checksum for terraform-provider-cinnox_" + testVersion + "_manifest.json",
		},
		{
			name:  "a mock archive is not in the mock's checksums",
			spoil: func(t *testing.T, dist string) { dropLine(t, dist, mockSums, "_linux_amd64.tar.gz") },
			want:  mockSums + " does not list " + mockArchive,
		},
		{
			name:  "the mock's checksums are not signed",
			spoil: func(t *testing.T, dist string) { remove(t, dist, mockSums+".sig") },
			want:  mockSums + " is not signed",
		},
		{
			name: "a provider zip holds the mock",
			spoil: func(t *testing.T, dist string) {
				writeZip(t, dist, "terraform-provider-cinnox_"+testVersion+"_linux_amd64.zip", "terraform-provider-cinnox_v"+testVersion, "cinnox-mock")
			},
			want: "terraform-provider-cinnox_" + testVersion + "_linux_amd64.zip holds cinnox-mock",
		},
		{
			name: "a provider zip is missing",
			spoil: func(t *testing.T, dist string) {
				remove(t, dist, "terraform-provider-cinnox_"+testVersion+"_windows_arm64.zip")
			},
			want: "terraform-provider-cinnox_" + testVersion + "_windows_arm64.zip is missing",
		},
		{
			name:  "a mock archive holds no mock",
			spoil: func(t *testing.T, dist string) { writeTarball(t, dist, mockArchive, "README.md") },
			want:  mockArchive + " holds no cinnox-mock",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dist, manifest := fakeRelease(t)
			c.spoil(t, dist)
			_, err := check(dist, manifest)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("check: %v, want an error with %q", err, c.want)
			}
		})
	}
}

// fakeRelease writes a release as .goreleaser.yml lays it out (tiny
// archives, empty signatures) and the manifest it must list.
func fakeRelease(t *testing.T) (dist, manifest string) {
	t.Helper()
	dist = t.TempDir()
	manifest = filepath.Join(t.TempDir(), "terraform-registry-manifest.json")
	if err := os.WriteFile(manifest, []byte(`{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var providerLines, mockLines []string
	for _, target := range targets {
		binary := "terraform-provider-cinnox_v" + testVersion
		mock := "cinnox-mock"
		if strings.HasPrefix(target, "windows_") {
			binary, mock = binary+".exe", mock+".exe"
		}
		zipName := fmt.Sprintf("terraform-provider-cinnox_%s_%s.zip", testVersion, target)
		writeZip(t, dist, zipName, binary, "README.md")
		providerLines = append(providerLines, digestOf(t, dist, zipName)+"  "+zipName)
		tarName := fmt.Sprintf("cinnox-mock_%s_%s.tar.gz", testVersion, target)
		writeTarball(t, dist, tarName, mock)
		mockLines = append(mockLines, digestOf(t, dist, tarName)+"  "+tarName)
	}
	content, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	providerLines = append(providerLines, hex.EncodeToString(sum[:])+"  terraform-provider-cinnox_"+testVersion+"_manifest.json")
	for name, lines := range map[string][]string{
		"terraform-provider-cinnox_" + testVersion + "_SHA256SUMS": providerLines,
		"cinnox-mock_" + testVersion + "_SHA256SUMS":               mockLines,
	} {
		write(t, dist, name, strings.Join(lines, "\n")+"\n")
		write(t, dist, name+".sig", "")
	}
	return dist, manifest
}

func write(t *testing.T, dist, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dist, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, dist, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dist, name)); err != nil {
		t.Fatal(err)
	}
}

func appendLine(t *testing.T, dist, name, line string) {
	t.Helper()
	content, err := os.ReadFile(filepath.Join(dist, name))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dist, name, string(content)+line+"\n")
}

func dropLine(t *testing.T, dist, name, suffix string) {
	t.Helper()
	content, err := os.ReadFile(filepath.Join(dist, name))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.SplitAfter(string(content), "\n") {
		if !strings.HasSuffix(strings.TrimSuffix(line, "\n"), suffix) {
			kept = append(kept, line)
		}
	}
	write(t, dist, name, strings.Join(kept, ""))
}

func digestOf(t *testing.T, dist, name string) string {
	t.Helper()
	digest, err := fileDigest(filepath.Join(dist, name))
	if err != nil {
		t.Fatal(err)
	}
	return digest
}

func writeZip(t *testing.T, dist, name string, files ...string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dist, name))
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	for _, file := range files {
		w, err := z.Create(file)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "contents of %s", file)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeTarball(t *testing.T, dist, name string, files ...string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dist, name))
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, file := range files {
		body := "contents of " + file
		if err := tw.WriteHeader(&tar.Header{Name: file, Mode: 0o755, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []interface{ Close() error }{tw, gz, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
