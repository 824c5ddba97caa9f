// Command cinnox-mock runs the mock CINNOX Open API on a loopback port, for
// trying the provider, or a webhook receiver, without a CINNOX account:
//
//	cinnox-mock -port 4010 -token demo-token
//
// Besides the subscription endpoint of each event type it serves a
// read-only view of its state (GET /mock/state), sample notifications (POST
// /mock/notify/{event}) and a demo webhook receiver (/mock/webhook/...).
//
//	cinnox-mock check-receiver [-events LIST] URL
//
// does to a webhook receiver what CINNOX does: the verification challenge,
// then one sample notification of each event type; it exits 0 only when
// the receiver answered every one as it must.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	neturl "net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/events"
	"github.com/cinnox/terraform-provider-cinnox/internal/receivercheck"
)

// version is set by the release build (-X main.version=...); go install
// of a tagged version reports the module's version instead.
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments (without the program name); it
// returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "check-receiver" {
		return checkReceiver(ctx, args[1:], stdout, stderr)
	}
	return serve(ctx, args, stdout, stderr)
}

// usage prints what the command does and every flag with its default
// (flag.PrintDefaults leaves zero defaults out).
func usage(fs *flag.FlagSet, synopsis string) func() {
	return func() {
		out := fs.Output()
		_, _ = fmt.Fprintln(out, synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			_, _ = fmt.Fprintf(out, "  -%s (default %q)\n    \t%s\n", f.Name, f.DefValue, f.Usage)
		})
	}
}

// parseInterspersed parses args with fs, flags before and after the
// arguments alike, and returns the arguments; code is -1 to go on, 0 after
// -help (the usage printed to stdout), 2 after a flag error (the error and
// the usage printed to fs's output).
func parseInterspersed(fs *flag.FlagSet, args []string, stdout io.Writer) (rest []string, code int) {
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, 0
		} else if err != nil {
			return nil, 2
		}
		if fs.NArg() == 0 {
			return rest, -1
		}
		rest, args = append(rest, fs.Arg(0)), fs.Args()[1:]
	}
}

// checkableURL says what is wrong with a webhook URL that CINNOX could not
// call either, "" when nothing is.
func checkableURL(raw string) string {
	u, err := neturl.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https"):
		return fmt.Sprintf("the webhook URL %s must start with https:// (or http://), as CINNOX calls it.", cinnox.DisplayURL(raw))
	case u.Host == "":
		return fmt.Sprintf("the webhook URL %s has no host.", cinnox.DisplayURL(raw))
	}
	return ""
}

func moduleVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return version
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cinnox-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage(fs, "Usage: cinnox-mock [flags]\n       cinnox-mock check-receiver [-events LIST] [-timeout D] URL\n\n"+
		"Runs the mock CINNOX Open API on a loopback port until interrupted. Flags:")
	port := fs.Int("port", 0, "loopback port to listen on; 0 picks a free one")
	token := fs.String("token", "demo-token", "the App Token the mock accepts; several, comma-separated, to try a rotation (the first is the one shown)")
	skipVerification := fs.Bool("skip-verification", false, "accept webhook URLs without the challenge")
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening")
	readyAfter := fs.Duration("webhook-ready-after", 0, "the demo webhook answers 503 until this long after its first request, like an endpoint still being deployed")
	delay := fs.Duration("delay", 0, "hold every API answer back this long (the request takes effect at once), like a busy CINNOX")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if rest, code := parseInterspersed(fs, args, stdout); code >= 0 {
		return code
	} else if len(rest) > 0 {
		_, _ = fmt.Fprintf(stderr, "cinnox-mock: unexpected argument %q (run with -help for usage).\n", rest[0])
		return 2
	}
	if *showVersion {
		_, _ = fmt.Fprintln(stdout, "cinnox-mock", moduleVersion())
		return 0
	}
	tokens := strings.Split(*token, ",")
	mock, err := cinnoxmock.Listen(*port, cinnoxmock.Options{Token: tokens[0], OtherTokens: tokens[1:], SkipVerification: *skipVerification, Delay: *delay})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "cinnox-mock: %v\n", err)
		return 1
	}
	mock.Receiver().NotReadyFor = *readyAfter
	base := mock.BaseURL
	_, _ = fmt.Fprintf(stdout, "mock CINNOX API listening on %s\n", base)
	_, _ = fmt.Fprintf(stdout, "  provider:  CINNOX_BASE_URL=%s CINNOX_APP_TOKEN=%s\n", base, tokens[0])
	if len(tokens) > 1 {
		_, _ = fmt.Fprintf(stdout, "  tokens:    accepts each of %s (as CINNOX accepts the old and the new during a rotation)\n", strings.Join(tokens, ", "))
	}
	_, _ = fmt.Fprintf(stdout, "  webhook:   %s%sanything (answers the challenge)\n", base, cinnoxmock.WebhookPath)
	_, _ = fmt.Fprintf(stdout, "  state:     curl %s%s\n", base, cinnoxmock.StatePath)
	_, _ = fmt.Fprintf(stdout, "  notify:    curl -X POST %s%s{%s}\n", base, cinnoxmock.NotifyPath, strings.Join(events.Segments(), "|"))
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(base+"\n"), 0o600); err != nil {
			_, _ = fmt.Fprintf(stderr, "cinnox-mock: %v\n", err)
			_ = mock.Shutdown()
			return 1
		}
	}
	<-ctx.Done()
	if err := mock.Shutdown(); err != nil {
		_, _ = fmt.Fprintf(stderr, "cinnox-mock: %v\n", err)
		return 1
	}
	return 0
}

// checkReceiver runs cinnoxmock.CheckReceiver and prints one line per
// step, then the first failure and what the receiver must answer.
func checkReceiver(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cinnox-mock check-receiver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage(fs, "Usage: cinnox-mock check-receiver [-events LIST] [-timeout D] URL\n\n"+
		"Does to the webhook receiver at URL what CINNOX does: sends the verification challenge, then one sample\n"+
		"notification of each event type asked for. Exits 0 only when every step passed. Flags:")
	only := fs.String("events", strings.Join(receivercheck.Events, ","), "the event types whose sample notifications to send, comma-separated")
	timeout := fs.Duration("timeout", 5*time.Second, "how long each request may take")
	urls, code := parseInterspersed(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(urls) != 1 {
		_, _ = fmt.Fprintf(stderr, "cinnox-mock check-receiver: give one webhook URL, not %d (run with -help for usage).\n", len(urls))
		return 2
	}
	url := urls[0]
	if problem := checkableURL(url); problem != "" {
		_, _ = fmt.Fprintf(stderr, "cinnox-mock check-receiver: %s\n", problem)
		return 2
	}
	steps, err := receivercheck.Run(ctx, url, strings.Split(*only, ","), *timeout)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "cinnox-mock check-receiver: %v\n", err)
		return 2
	}
	_, _ = fmt.Fprintf(stdout, "checking the webhook receiver %s as CINNOX does\n", cinnox.DisplayURL(url))
	var failed *receivercheck.Step
	for i, s := range steps {
		mark := "ok  "
		if !s.OK {
			mark = "FAIL"
			if failed == nil {
				failed = &steps[i]
			}
		}
		_, _ = fmt.Fprintf(stdout, "%s %-13s sent %s. %s\n", mark, s.Name, s.Sent, s.Got)
	}
	if failed != nil {
		_, _ = fmt.Fprintf(stdout, "FAIL: the %s step failed. %s\n", failed.Name, failed.Todo)
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "ok: the receiver answered all %d requests as CINNOX requires\n", len(steps))
	return 0
}
