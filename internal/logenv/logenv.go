// Package logenv keeps a provider process from writing log lines that
// Terraform throws away.
//
// Terraform (and OpenTofu) reads every line a provider process writes to
// its stderr, decodes it, and keeps it only at or above the provider log
// level: TF_LOG_PROVIDER, else TF_LOG, and none at all when neither is set,
// as in most runs. The plugin SDK writes its lines at TRACE unless
// TF_LOG_SDK (and TF_LOG_SDK_PROTO, TF_LOG_SDK_FRAMEWORK) says otherwise,
// and a provider's own unless TF_LOG_PROVIDER_<NAME> does: for every
// subscription applied, about a hundred JSON lines and 60 KB, encoded by
// one process and decoded by the other, to no end.
package logenv

import (
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/go-hclog"
)

// sdkVars are the plugin SDK's log level variables: the root logger's, and
// the two subsystems', which otherwise inherit the root's level only after
// building each entry.
var sdkVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// terraformLevels are the levels Terraform knows (its
// internal/logging.ValidLevels).
var terraformLevels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"}

// TerraformLevel is the level from which Terraform keeps a provider's log
// lines, read as Terraform reads it: TF_LOG_PROVIDER, else TF_LOG; Off when
// neither is set; TRACE for JSON and for a value Terraform does not know.
func TerraformLevel(getenv func(string) string) hclog.Level {
	v := strings.ToUpper(getenv("TF_LOG_PROVIDER"))
	if v == "" {
		v = strings.ToUpper(getenv("TF_LOG"))
	}
	switch {
	case v == "":
		return hclog.Off
	case slices.Contains(terraformLevels, v):
		return hclog.LevelFromString(v)
	}
	return hclog.Trace
}

// SkipDiscarded sets the plugin SDK's log levels and the provider's
// (providerVar, e.g. TF_LOG_PROVIDER_CINNOX), where they are not set
// already, to the level from which Terraform keeps the lines: off in a run
// without TF_LOG; nothing when Terraform keeps every line. Call it before
// serving the provider to Terraform, and not when serving it for a
// debugger (-debug), whose log goes to a terminal. It returns the
// variables it set, as NAME=level.
func SkipDiscarded(providerVar string) []string {
	level := TerraformLevel(os.Getenv)
	if level == hclog.Trace {
		return nil
	}
	var set []string
	for _, name := range append(slices.Clone(sdkVars), providerVar) {
		if os.Getenv(name) != "" {
			continue // the user's own choice
		}
		value := strings.ToLower(level.String())
		if os.Setenv(name, value) == nil {
			set = append(set, name+"="+value)
		}
	}
	return set
}

// Writes reports whether a logger whose level is read from the environment
// variable name, as terraform-plugin-log reads it (TRACE when it is unset
// or not a level), writes entries at level.
func Writes(name string, level hclog.Level) bool {
	l := hclog.LevelFromString(os.Getenv(name))
	return l == hclog.NoLevel || l <= level
}
