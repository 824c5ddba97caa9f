package logenv

import (
	"os"
	"slices"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// allVars are every variable the tests set or read.
var allVars = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_CINNOX"}

// unsetAll unsets every variable for the test, and restores them after it.
func unsetAll(t *testing.T) {
	for _, name := range allVars {
		t.Setenv(name, "") // registers the restore
		_ = os.Unsetenv(name)
	}
}

func TestTerraformLevel_readsTheVariablesAsTerraformDoes(t *testing.T) {
	for _, tc := range []struct {
		tfLog, tfLogProvider string
		want                 hclog.Level
	}{
		{"", "", hclog.Off},
		{"OFF", "", hclog.Off},
		{"debug", "", hclog.Debug},
		{"TRACE", "", hclog.Trace},
		{"JSON", "", hclog.Trace},
		{"verbose", "", hclog.Trace}, // Terraform warns and takes TRACE
		{"TRACE", "WARN", hclog.Warn},
		{"", "info", hclog.Info},
		{"DEBUG", "OFF", hclog.Off},
	} {
		env := map[string]string{"TF_LOG": tc.tfLog, "TF_LOG_PROVIDER": tc.tfLogProvider}
		if got := TerraformLevel(func(k string) string { return env[k] }); got != tc.want {
			t.Errorf("TF_LOG=%q TF_LOG_PROVIDER=%q: %s, want %s", tc.tfLog, tc.tfLogProvider, got, tc.want)
		}
	}
}

func TestSkipDiscarded_withoutTFLOGTurnsEveryLogOff(t *testing.T) {
	unsetAll(t)
	got := SkipDiscarded("TF_LOG_PROVIDER_CINNOX")
	want := []string{"TF_LOG_SDK=off", "TF_LOG_SDK_PROTO=off", "TF_LOG_SDK_FRAMEWORK=off", "TF_LOG_PROVIDER_CINNOX=off"}
	if !slices.Equal(got, want) {
		t.Errorf("set %q, want %q", got, want)
	}
	for _, kv := range want {
		name, value := kv[:len(kv)-len("=off")], "off"
		if os.Getenv(name) != value {
			t.Errorf("%s is %q", name, os.Getenv(name))
		}
	}
	if Writes("TF_LOG_PROVIDER_CINNOX", hclog.Error) {
		t.Error("the provider's log still writes errors")
	}
}

func TestSkipDiscarded_keepsWhatTerraformKeepsAndTheUsersChoice(t *testing.T) {
	unsetAll(t)
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "TRACE")
	got := SkipDiscarded("TF_LOG_PROVIDER_CINNOX")
	want := []string{"TF_LOG_SDK=debug", "TF_LOG_SDK_PROTO=debug", "TF_LOG_PROVIDER_CINNOX=debug"}
	if !slices.Equal(got, want) {
		t.Errorf("set %q, want %q", got, want)
	}
	if os.Getenv("TF_LOG_SDK_FRAMEWORK") != "TRACE" {
		t.Errorf("the user's TF_LOG_SDK_FRAMEWORK became %q", os.Getenv("TF_LOG_SDK_FRAMEWORK"))
	}
	if !Writes("TF_LOG_PROVIDER_CINNOX", hclog.Debug) || Writes("TF_LOG_PROVIDER_CINNOX", hclog.Trace) {
		t.Error("the provider's log does not write from debug on")
	}
}

func TestSkipDiscarded_setsNothingWhenTerraformKeepsEveryLine(t *testing.T) {
	unsetAll(t)
	t.Setenv("TF_LOG", "TRACE")
	if got := SkipDiscarded("TF_LOG_PROVIDER_CINNOX"); got != nil {
		t.Errorf("set %q", got)
	}
	if !Writes("TF_LOG_PROVIDER_CINNOX", hclog.Trace) {
		t.Error("an unset level does not write TRACE, as terraform-plugin-log does")
	}
}
