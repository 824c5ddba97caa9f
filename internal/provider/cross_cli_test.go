package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// otherCLI is the Terraform CLI that reads state the tested one wrote: the
// other of Terraform and OpenTofu where TF_ACC_OTHER_CLI names it (make
// testacc-tofu and testacc-matrix do), else the same one.
func otherCLI(t *testing.T, c *cli) *cli {
	t.Helper()
	other := *c
	if bin := os.Getenv("TF_ACC_OTHER_CLI"); bin != "" {
		other.bin = bin
	} else {
		t.Logf("TF_ACC_OTHER_CLI is not set: %s reads back its own state", filepath.Base(c.bin))
	}
	if out, err := other.run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init with %s: %v\n%s", other.bin, err, out)
	}
	return &other
}

// TestAccCLI_stateSharedAcrossCLIs: a team that runs Terraform and OpenTofu
// on the same state. One applies; the other applies the same configuration
// without a request to CINNOX, then plans nothing, then destroys. (Terraform
// 1.10 and later record the sensitive url in the state's
// sensitive_attributes, OpenTofu 1.6 does not, so OpenTofu's first plan of
// such a state shows an in-place update with no changed attribute; applying
// it sends nothing.)
func TestAccCLI_stateSharedAcrossCLIs(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	c := newCLI(t, manySubscriptions(env, 1))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	other := otherCLI(t, c)
	before := len(env.patches())
	if out, err := other.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply with %s of the state %s wrote: %v\n%s", filepath.Base(other.bin), filepath.Base(c.bin), err, out)
	}
	if n := len(env.patches()) - before; n != 0 {
		t.Errorf("%s sent %d requests to CINNOX for a state %s wrote and an unchanged configuration", filepath.Base(other.bin), n, filepath.Base(c.bin))
	}
	if out, err := other.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("%s plans changes after its apply (%v):\n%s", filepath.Base(other.bin), err, out)
	}
	if out, err := other.run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy with %s: %v\n%s", other.bin, err, out)
	}
	if n := checkAgreement(t, env, c); n != 0 {
		t.Errorf("%d subscriptions enabled after destroy", n)
	}
}
