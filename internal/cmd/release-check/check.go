package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const (
	providerName = "terraform-provider-cinnox"
	mockName     = "cinnox-mock"
)

// targets are the OS_ARCH pairs that .goreleaser.yml builds: every pair of
// freebsd, windows, linux, darwin and amd64, 386, arm, arm64 that Go
// supports, less windows/arm (dropped by Go 1.26).
var targets = []string{
	"darwin_amd64", "darwin_arm64",
	"freebsd_386", "freebsd_amd64", "freebsd_arm", "freebsd_arm64",
	"linux_386", "linux_amd64", "linux_arm", "linux_arm64",
	"windows_386", "windows_amd64", "windows_arm64",
}

// release is one version's files in a dist folder.
type release struct {
	dist    string
	version string
}

func (r release) path(name string) string { return filepath.Join(r.dist, name) }

// providerSums and mockSums name the two checksums files.
func (r release) providerSums() string { return providerName + "_" + r.version + "_SHA256SUMS" }
func (r release) mockSums() string     { return mockName + "_" + r.version + "_SHA256SUMS" }

// check checks the release in dist and says what it found.
func check(dist, manifestPath string) (string, error) {
	r, err := findRelease(dist)
	if err != nil {
		return "", err
	}
	manifest, err := os.ReadFile(manifestPath)
	if err != nil {
		return "", err
	}
	if err := r.checkProvider(manifest); err != nil {
		return "", err
	}
	if err := r.checkMock(); err != nil {
		return "", err
	}
	return fmt.Sprintf("version %s: %s lists the %d provider zips and the manifest and nothing else; %s lists the %d cinnox-mock archives; both are signed",
		r.version, r.providerSums(), len(targets), r.mockSums(), len(targets)), nil
}

// findRelease takes the version from the one provider checksums file.
func findRelease(dist string) (release, error) {
	found, err := filepath.Glob(filepath.Join(dist, providerName+"_*_SHA256SUMS"))
	if err != nil {
		return release{}, err
	}
	if len(found) != 1 {
		return release{}, fmt.Errorf("want one %s_<version>_SHA256SUMS in %s, found %d", providerName, dist, len(found))
	}
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(found[0]), providerName+"_"), "_SHA256SUMS")
	return release{dist: dist, version: version}, nil
}

// checkProvider checks the provider's checksums file: exactly one line per
// provider zip and one for the manifest, each digest right, a signature
// beside it, each zip holding the provider alone, and no other zip.
func (r release) checkProvider(manifest []byte) error {
	want := map[string]string{}
	for _, target := range targets {
		zipName := fmt.Sprintf("%s_%s_%s.zip", providerName, r.version, target)
		digest, err := fileDigest(r.path(zipName))
		if err != nil {
			return err
		}
		if err := r.checkZip(zipName, target); err != nil {
			return err
		}
		want[zipName] = digest
	}
	sum := sha256.Sum256(manifest)
	want[providerName+"_"+r.version+"_manifest.json"] = hex.EncodeToString(sum[:])

	if err := r.checkSums(r.providerSums(), want, "the Terraform Registry refuses a version whose signed SHA256SUMS lists any file but the provider zips and the manifest "+
		"(checksum.ids and checksum.extra_files in .goreleaser.yml say what it lists)"); err != nil {
		return err
	}
	zips, err := filepath.Glob(r.path("*.zip"))
	if err != nil {
		return err
	}
	if len(zips) != len(targets) {
		return fmt.Errorf("%d zips in %s, want the %d provider zips alone", len(zips), r.dist, len(targets))
	}
	return nil
}

// checkMock checks cinnox-mock's checksums file: one line per archive, each
// digest right, a signature beside it, and each archive holding the mock.
func (r release) checkMock() error {
	want := map[string]string{}
	for _, target := range targets {
		archive := fmt.Sprintf("%s_%s_%s.tar.gz", mockName, r.version, target)
		digest, err := fileDigest(r.path(archive))
		if err != nil {
			return err
		}
		if err := r.checkTarball(archive); err != nil {
			return err
		}
		want[archive] = digest
	}
	return r.checkSums(r.mockSums(), want, "it is for cinnox-mock's archives")
}

// checkSums compares a checksums file with the lines it must hold, and
// checks that its signature is there.
func (r release) checkSums(name string, want map[string]string, why string) error {
	got, err := readSums(r.path(name))
	if err != nil {
		return err
	}
	var extra, missing, wrong []string
	for file, digest := range got {
		switch wantDigest, ok := want[file]; {
		case !ok:
			extra = append(extra, file)
		case digest != wantDigest:
			wrong = append(wrong, file)
		}
	}
	for file := range want {
		if _, ok := got[file]; !ok {
			missing = append(missing, file)
		}
	}
	switch {
	case len(extra) > 0:
		slices.Sort(extra)
		return fmt.Errorf("%s lists %s: %s", name, strings.Join(extra, ", "), why)
	case len(missing) > 0:
		slices.Sort(missing)
		return fmt.Errorf("%s does not list %s", name, strings.Join(missing, ", "))
	case len(wrong) > 0:
		slices.Sort(wrong)
		return fmt.Errorf("%s gives the wrong checksum for %s", name, strings.Join(wrong, ", "))
	}
	if _, err := os.Stat(r.path(name + ".sig")); err != nil {
		return fmt.Errorf("%s is not signed: %w", name, err)
	}
	return nil
}

// readSums reads a sha256sum file: "<hex digest>  <file name>" a line.
func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	sums := map[string]string{}
	lines := bufio.NewScanner(f)
	for n := 1; lines.Scan(); n++ {
		digest, name, ok := strings.Cut(lines.Text(), "  ")
		if !ok || len(digest) != sha256.Size*2 || name == "" {
			return nil, fmt.Errorf("%s line %d is not \"<sha256>  <file>\": %q", filepath.Base(path), n, lines.Text())
		}
		if _, dup := sums[name]; dup {
			return nil, fmt.Errorf("%s lists %s twice", filepath.Base(path), name)
		}
		sums[name] = digest
	}
	return sums, lines.Err()
}

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s is missing: %w", filepath.Base(path), err)
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkZip checks that a provider zip holds the provider's binary, named
// as Terraform looks for it, and not cinnox-mock.
func (r release) checkZip(name, target string) error {
	z, err := zip.OpenReader(r.path(name))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer func() { _ = z.Close() }()
	binary := providerName + "_v" + r.version
	if strings.HasPrefix(target, "windows_") {
		binary += ".exe"
	}
	var found bool
	for _, f := range z.File {
		if strings.Contains(f.Name, mockName) {
			return fmt.Errorf("%s holds %s: the provider zips must hold the provider alone", name, f.Name)
		}
		found = found || f.Name == binary
	}
	if !found {
		return fmt.Errorf("%s does not hold %s", name, binary)
	}
	return nil
}

// checkTarball checks that a cinnox-mock archive holds the mock.
func (r release) checkTarball(name string) error {
	f, err := os.Open(r.path(name))
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	entries := tar.NewReader(gz)
	for {
		h, err := entries.Next()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s holds no %s", name, mockName)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if h.Name == mockName || h.Name == mockName+".exe" {
			return nil
		}
	}
}
