package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	cinnoxprovider "github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

// The RPC benchmarks call, in-process, what Terraform asks of a provider
// for each resource of a plan on applied state: ValidateResourceConfig,
// ReadResource and PlanResourceChange, for the CINNOX provider and for the
// do-nothing floor. Logging is set up as the plugin server sets it up (SDK
// loggers at TRACE unless TF_LOG_SDK says otherwise: as under TF_LOG=TRACE;
// without TF_LOG, main.go turns them off, see internal/logenv), writing to
// /dev/null instead of the pipe Terraform reads (os.Stderr is swapped for
// the benchmark). No request leaves the process: the
// plan of an applied subscription sends none.

const benchType = "cinnox_call_event_subscription"

type rpcFixture struct {
	server        tfprotov6.ProviderServer
	config, state *tfprotov6.DynamicValue
	// null is the resource's null value: the prior state of a create and
	// the planned state of a destroy.
	null *tfprotov6.DynamicValue
	// created is what a create would propose: the configuration, with
	// computed attributes unknown and enabled null (the default fills it).
	created *tfprotov6.DynamicValue
	// private is the resource's private state data, as the last plan left
	// it.
	private []byte
	// configure configures the provider, as every Terraform run does.
	configure *tfprotov6.ConfigureProviderRequest
	// endRun, if set, is called as each run ends, before the next one
	// configures the provider.
	endRun func()
	// cpu is the process CPU time of the timed halves of apply so far.
	cpu time.Duration
}

// newRPCFixture serves p in-process, configured with base_url (the API
// requests of apply go there).
func newRPCFixture(b *testing.B, p func() fwprovider.Provider, baseURL string) *rpcFixture {
	b.Helper()
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	// The SDK loggers write to os.Stderr as it is when each RPC starts.
	stderr := os.Stderr
	os.Stderr = devNull
	b.Cleanup(func() { os.Stderr = stderr; _ = devNull.Close() })

	server, err := providerserver.NewProtocol6WithError(p())()
	if err != nil {
		b.Fatal(err)
	}
	ctx := rpcContext(context.Background(), "GetProviderSchema")
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		b.Fatalf("GetProviderSchema: %v %v", err, schema.Diagnostics)
	}
	providerType, ok := schema.Provider.ValueType().(tftypes.Object)
	if !ok {
		b.Fatalf("provider schema type %T is not an object", schema.Provider.ValueType())
	}
	providerConfig := map[string]tftypes.Value{}
	for name, t := range providerType.AttributeTypes {
		providerConfig[name] = tftypes.NewValue(t, nil)
	}
	providerConfig["base_url"] = tftypes.NewValue(tftypes.String, baseURL)
	providerConfig["app_token"] = tftypes.NewValue(tftypes.String, "bench-token")
	providerConfig["requests_per_minute"] = tftypes.NewValue(tftypes.Number, 1000000)
	configure := &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: dynamicValue(b, providerType, providerConfig)}
	configured, err := server.ConfigureProvider(rpcContext(context.Background(), "ConfigureProvider"), configure)
	if err != nil || len(configured.Diagnostics) > 0 {
		b.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}

	typ, ok := schema.ResourceSchemas[benchType].ValueType().(tftypes.Object)
	if !ok {
		b.Fatalf("%s schema type is not an object", benchType)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	timeouts := tftypes.NewValue(typ.AttributeTypes["timeouts"], nil)
	config := map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, nil), "app_id": str("app-1"),
		"url": str("https://hooks.example.com/1"), "enabled": tftypes.NewValue(tftypes.Bool, nil),
		"updated_at": tftypes.NewValue(tftypes.String, nil), "timeouts": timeouts,
		"url_wo": tftypes.NewValue(tftypes.String, nil), "url_wo_seal": tftypes.NewValue(tftypes.String, nil),
	}
	state := map[string]tftypes.Value{
		"id": str("app-1"), "app_id": str("app-1"),
		"url": str("https://hooks.example.com/1"), "enabled": tftypes.NewValue(tftypes.Bool, true),
		"updated_at": str("2026-11-22T10:00:00Z"), "timeouts": timeouts,
		"url_wo": tftypes.NewValue(tftypes.String, nil), "url_wo_seal": tftypes.NewValue(tftypes.String, nil),
	}
	created := map[string]tftypes.Value{}
	for k, v := range config {
		created[k] = v
	}
	for _, k := range []string{"id", "updated_at"} {
		created[k] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	created["app_id"] = str("app-1")
	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		b.Fatal(err)
	}
	return &rpcFixture{
		server:    server,
		configure: configure,
		config:    dynamicValue(b, typ, config),
		state:     dynamicValue(b, typ, state),
		null:      &null,
		created:   dynamicValue(b, typ, created),
	}
}

func dynamicValue(b *testing.B, typ tftypes.Object, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	v, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		b.Fatal(err)
	}
	return &v
}

// rpcContext is the context the plugin server hands a provider for one
// RPC: root SDK and provider loggers and the request's fields.
func rpcContext(ctx context.Context, rpc string) context.Context {
	ctx = tfsdklog.NewRootSDKLogger(ctx, tfsdklog.WithLevelFromEnv("TF_LOG_SDK"))
	ctx = tfsdklog.NewSubsystem(ctx, "proto", tfsdklog.WithLevelFromEnv("TF_LOG_SDK_PROTO"))
	// As tf6server names it, and reads its level from
	// TF_LOG_PROVIDER_CINNOX.
	ctx = tfsdklog.NewRootProviderLogger(ctx, tfsdklog.WithLogName("cinnox"),
		tflog.WithLevelFromEnv("TF_LOG_PROVIDER", "cinnox"))
	for k, v := range map[string]string{
		"tf_req_id": "6f1c2d3e-0000-4000-8000-000000000000", "tf_provider_addr": "registry.terraform.io/cinnox/cinnox",
		"tf_rpc": rpc, "tf_resource_type": benchType,
	} {
		ctx = tfsdklog.SetField(ctx, k, v)
		ctx = tflog.SetField(ctx, k, v)
	}
	return ctx
}

func (f *rpcFixture) validate(b *testing.B) {
	resp, err := f.server.ValidateResourceConfig(rpcContext(context.Background(), "ValidateResourceConfig"),
		&tfprotov6.ValidateResourceConfigRequest{TypeName: benchType, Config: f.config})
	if err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("ValidateResourceConfig: %v %v", err, resp.Diagnostics)
	}
}

func (f *rpcFixture) read(b *testing.B) {
	resp, err := f.server.ReadResource(rpcContext(context.Background(), "ReadResource"),
		&tfprotov6.ReadResourceRequest{TypeName: benchType, CurrentState: f.state, Private: f.private})
	if err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("ReadResource: %v %v", err, resp.Diagnostics)
	}
}

// plan plans the unchanged configuration. Terraform proposes the
// configuration with the prior state's computed values: here, the prior
// state itself.
func (f *rpcFixture) plan(b *testing.B) {
	resp, err := f.server.PlanResourceChange(rpcContext(context.Background(), "PlanResourceChange"),
		&tfprotov6.PlanResourceChangeRequest{TypeName: benchType, PriorState: f.state, ProposedNewState: f.state, Config: f.config,
			PriorPrivate: f.private})
	if err != nil || len(resp.Diagnostics) > 0 || len(resp.RequiresReplace) > 0 {
		b.Fatalf("PlanResourceChange: %v %v %v", err, resp.Diagnostics, resp.RequiresReplace)
	}
	if resp.PlannedState == nil {
		b.Fatal("PlanResourceChange: no planned state")
	}
	// The state's private data, as an apply would have saved it: the
	// same resource is planned again and again.
	f.private = resp.PlannedPrivate
}

// apply is what Terraform asks for one resource in terraform apply from
// empty state and then in terraform destroy: plan and apply the create,
// plan and apply the delete, each run configuring the provider anew
// (untimed). The provider sends two API requests. Only the halves in
// timed are timed.
func (f *rpcFixture) apply(b *testing.B, timed half) {
	var applied *tfprotov6.ApplyResourceChangeResponse
	f.timedHalf(b, timed&createHalf != 0, func() { applied = f.create(b) })
	f.newRun(b)
	f.timedHalf(b, timed&destroyHalf != 0, func() { f.destroy(b, applied) })
}

// timedHalf runs one half of apply: timed, and its CPU time counted, if
// timed; untimed otherwise.
func (f *rpcFixture) timedHalf(b *testing.B, timed bool, run func()) {
	if !timed {
		b.StopTimer()
		defer b.StartTimer()
		run()
		return
	}
	start := processCPU(b)
	run()
	f.cpu += processCPU(b) - start
}

// create plans and applies the create of the resource.
func (f *rpcFixture) create(b *testing.B) *tfprotov6.ApplyResourceChangeResponse {
	planned, err := f.server.PlanResourceChange(rpcContext(context.Background(), "PlanResourceChange"), &tfprotov6.PlanResourceChangeRequest{
		TypeName: benchType, PriorState: f.null, ProposedNewState: f.created, Config: f.config})
	if err != nil || len(planned.Diagnostics) > 0 {
		b.Fatalf("PlanResourceChange (create): %v %v", err, planned.Diagnostics)
	}
	applied, err := f.server.ApplyResourceChange(rpcContext(context.Background(), "ApplyResourceChange"), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: benchType, PriorState: f.null, PlannedState: planned.PlannedState, Config: f.config, PlannedPrivate: planned.PlannedPrivate})
	if err != nil || len(applied.Diagnostics) > 0 {
		b.Fatalf("ApplyResourceChange (create): %v %v", err, applied.Diagnostics)
	}
	return applied
}

// destroy plans and applies the destroy of what create applied.
func (f *rpcFixture) destroy(b *testing.B, applied *tfprotov6.ApplyResourceChangeResponse) {
	planned, err := f.server.PlanResourceChange(rpcContext(context.Background(), "PlanResourceChange"), &tfprotov6.PlanResourceChangeRequest{
		TypeName: benchType, PriorState: applied.NewState, ProposedNewState: f.null, Config: f.null, PriorPrivate: applied.Private})
	if err != nil || len(planned.Diagnostics) > 0 {
		b.Fatalf("PlanResourceChange (destroy): %v %v", err, planned.Diagnostics)
	}
	destroyed, err := f.server.ApplyResourceChange(rpcContext(context.Background(), "ApplyResourceChange"), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: benchType, PriorState: applied.NewState, PlannedState: planned.PlannedState, Config: f.null, PlannedPrivate: planned.PlannedPrivate})
	if err != nil || len(destroyed.Diagnostics) > 0 {
		b.Fatalf("ApplyResourceChange (destroy): %v %v", err, destroyed.Diagnostics)
	}
}

// processCPU is the CPU time the benchmark's process has used so far, user
// and system, every goroutine's (the API stand-in's too).
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// half is the create half of apply, its destroy half, or both.
type half int

const (
	createHalf half = 1 << iota
	destroyHalf
)

// newRun configures the provider anew, untimed, as every Terraform run
// (every process) does: terraform apply and terraform destroy are two runs.
func (f *rpcFixture) newRun(b *testing.B) {
	b.StopTimer()
	defer b.StartTimer()
	if f.endRun != nil {
		f.endRun()
	}
	if resp, err := f.server.ConfigureProvider(rpcContext(context.Background(), "ConfigureProvider"), f.configure); err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("ConfigureProvider: %v", err)
	}
}

// BenchmarkPlanRPC is the provider's share of `terraform plan` on applied
// state, per resource: the three RPCs Terraform makes for it.
func BenchmarkPlanRPC(b *testing.B) {
	for _, p := range []struct {
		name string
		new  func() fwprovider.Provider
	}{{"provider", cinnoxprovider.New("bench")}, {"do-nothing", doNothing}} {
		for _, rpc := range []struct {
			name string
			call func(*rpcFixture, *testing.B)
		}{
			{"validate", (*rpcFixture).validate},
			{"read", (*rpcFixture).read},
			{"plan", (*rpcFixture).plan},
			{"all", func(f *rpcFixture, b *testing.B) { f.validate(b); f.read(b); f.plan(b) }},
		} {
			b.Run(rpc.name+"/"+p.name, func(b *testing.B) {
				f := newRPCFixture(b, p.new, "http://127.0.0.1:1") // plan sends no request
				// The private state a plan of the applied state leaves
				// (the provider's owner token), which Terraform sends
				// with every later call for the resource.
				f.plan(b)
				b.ReportAllocs()
				for b.Loop() {
					rpc.call(f, b)
				}
			})
		}
	}
}

// BenchmarkApplyRPC is the provider's share of terraform apply from empty
// state and terraform destroy, per resource, against a CINNOX API stand-in
// in the same process that answers at once (its own cost is small and the
// same for both; the do-nothing provider sends it nothing).
func BenchmarkApplyRPC(b *testing.B) {
	var requests atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		var body struct {
			Enabled bool   `json:"enabled"`
			URL     string `json:"url"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"code":0,"result":{"enabled":%t,"url":%q,"updatedAt":"2026-11-22T10:00:00Z"}}`, body.Enabled, body.URL)
	}))
	b.Cleanup(api.Close)
	b.Setenv("CINNOX_BASE_URL", api.URL) // the bare-PATCH floor's
	b.Setenv("CINNOX_APP_TOKEN", "bench-token")
	for _, timed := range []struct {
		name string
		half half
	}{{"create+destroy", createHalf | destroyHalf}, {"create", createHalf}, {"destroy", destroyHalf}} {
		for _, p := range []struct {
			name     string
			new      func() fwprovider.Provider
			requests int64
		}{{"provider", cinnoxprovider.New("bench"), 2}, {"do-nothing", doNothing, 0}, {"bare-PATCH", barePATCH, 2}} {
			b.Run(timed.name+"/"+p.name, func(b *testing.B) {
				f := newRPCFixture(b, p.new, api.URL)
				// Every run is a process of its own, whose first request
				// opens a connection: the provider's (a client of its own
				// for every run) and the floor's (http.DefaultClient)
				// alike. Closing them server-side too keeps the
				// connections of the provider's earlier clients from
				// piling up.
				f.endRun = func() { http.DefaultClient.CloseIdleConnections(); api.CloseClientConnections() }
				b.ReportAllocs()
				requests.Store(0)
				n := int64(0)
				for b.Loop() {
					f.apply(b, timed.half)
					n++
					f.newRun(b)
				}
				b.ReportMetric(float64(f.cpu.Nanoseconds())/float64(n), "cpu-ns/op")
				if got := requests.Load(); got != n*p.requests {
					b.Fatalf("%d creates and destroys sent %d API requests, want %d", n, got, n*p.requests)
				}
			})
		}
	}
}

// The floors as the RPC benchmarks serve them (BarePATCH reads
// CINNOX_BASE_URL and CINNOX_APP_TOKEN when made).
func doNothing() fwprovider.Provider { return newFloor(noop) }
func barePATCH() fwprovider.Provider { return newFloor(barePatch) }
