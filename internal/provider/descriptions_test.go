package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// maxFirstSentence is how long the first sentence of a description may be:
// IDE hovers and generated bindings show that much.
const maxFirstSentence = 120

// firstSentence is a description up to the end of its first sentence.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == ':') && (s[i+1] == ' ' || s[i+1] == '\n') {
			return s[:i+1]
		}
	}
	return s
}

// TestDescriptionsOpenWithAShortSentence: every schema description, of the
// provider, the resources, the data source, the ephemeral resource and
// their attributes, opens
// with one sentence under 120 characters; details follow it.
func TestDescriptionsOpenWithAShortSentence(t *testing.T) {
	ctx := context.Background()
	check := func(where, desc string) {
		t.Helper()
		if desc == "" {
			t.Errorf("%s has no description", where)
			return
		}
		if first := firstSentence(desc); len(first) >= maxFirstSentence {
			t.Errorf("%s opens with %d characters: %q", where, len(first), first)
		}
	}
	p := New("test")()
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	check("the provider", ps.Schema.MarkdownDescription)
	for name, a := range ps.Schema.Attributes {
		check("provider attribute "+name, a.GetMarkdownDescription())
	}
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "cinnox"}, &md)
		var rs resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &rs)
		check(md.TypeName, rs.Schema.MarkdownDescription)
		for name, a := range rs.Schema.Attributes {
			check(md.TypeName+"."+name, a.GetMarkdownDescription())
		}
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "cinnox"}, &md)
		var ds datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &ds)
		check("data "+md.TypeName, ds.Schema.MarkdownDescription)
		for name, a := range ds.Schema.Attributes {
			check("data "+md.TypeName+"."+name, a.GetMarkdownDescription())
		}
	}
	withEphemeral, ok := p.(provider.ProviderWithEphemeralResources)
	if !ok {
		t.Fatal("the provider has no ephemeral resources")
	}
	for _, f := range withEphemeral.EphemeralResources(ctx) {
		e := f()
		var md ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "cinnox"}, &md)
		var es ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &es)
		check("ephemeral "+md.TypeName, es.Schema.MarkdownDescription)
		for name, a := range es.Schema.Attributes {
			check("ephemeral "+md.TypeName+"."+name, a.GetMarkdownDescription())
		}
	}
	if strings.Count(firstSentence("One. Two."), ".") != 1 {
		t.Error("firstSentence does not stop at the first sentence")
	}
}
