// Command cinnox-mock runs the mock CINNOX Open API on a loopback port, for
// trying the provider, or a webhook receiver, without a CINNOX account:
//
//	go run ./internal/cmd/cinnox-mock -port 4010 -token demo-token
//
// Besides the four subscription endpoints it serves a read-only view of its
// state (GET /mock/state), sample notifications (POST /mock/notify/{event})
// and a demo webhook receiver (/mock/webhook/...).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

func main() {
	port := flag.Int("port", 0, "loopback port to listen on; 0 picks a free one")
	token := flag.String("token", "demo-token", "the App Token the mock accepts")
	skipVerification := flag.Bool("skip-verification", false, "accept webhook URLs without the challenge")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	readyAfter := flag.Duration("webhook-ready-after", 0, "the demo webhook answers 503 until this long after its first request, like an endpoint still being deployed")
	delay := flag.Duration("delay", 0, "hold every API answer back this long (the request takes effect at once), like a busy CINNOX")
	flag.Parse()

	mock, err := cinnoxmock.Listen(*port, cinnoxmock.Options{Token: *token, SkipVerification: *skipVerification, Delay: *delay})
	if err != nil {
		log.Fatalf("cinnox-mock: %v", err)
	}
	mock.Receiver().NotReadyFor = *readyAfter
	base := mock.BaseURL

	fmt.Printf("mock CINNOX API listening on %s\n", base)
	fmt.Printf("  provider:  CINNOX_BASE_URL=%s CINNOX_APP_TOKEN=%s\n", base, *token)
	fmt.Printf("  webhook:   %s%sanything (answers the challenge)\n", base, cinnoxmock.WebhookPath)
	fmt.Printf("  state:     curl %s%s\n", base, cinnoxmock.StatePath)
	fmt.Printf("  notify:    curl -X POST %s%s{inquiry|call|staff-contact|inbound-sms}\n", base, cinnoxmock.NotifyPath)
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(base+"\n"), 0o600); err != nil {
			log.Fatalf("cinnox-mock: %v", err)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	if err := mock.Shutdown(); err != nil {
		log.Fatalf("cinnox-mock: %v", err)
	}
}
