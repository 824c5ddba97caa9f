package main

// The SVG chart of apply times.

import (
	"fmt"
	"slices"
	"strings"
)

// svg draws apply time against N for the provider and the floors.
func (b *bench) svg() string {
	const w, h, left, right, top, bottom = 640.0, 360.0, 60.0, 170.0, 30.0, 50.0
	maxN := float64(slices.Max(b.o.sizes))
	maxT := 0.0
	for _, v := range compared {
		for _, n := range b.o.sizes {
			maxT = max(maxT, b.med(v, n, "apply"))
		}
	}
	maxT *= 1.1
	x := func(n float64) float64 { return left + n/maxN*(w-left-right) }
	y := func(t float64) float64 { return h - bottom - t/maxT*(h-top-bottom) }

	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&s, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&s, `<text x="%.0f" y="18" font-size="14" font-weight="bold">terraform apply from empty state: seconds against N</text>`+"\n", left)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", left, top, left, h-bottom)
	for i := 0; i <= 4; i++ {
		t := maxT * float64(i) / 4
		fmt.Fprintf(&s, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end">%.1f s</text>`+"\n", left, y(t), w-right, y(t), left-6, y(t)+4, t)
	}
	for _, n := range b.o.sizes {
		fmt.Fprintf(&s, `<text x="%.1f" y="%.0f" text-anchor="middle">%d</text>`+"\n", x(float64(n)), h-bottom+18, n)
	}
	fmt.Fprintf(&s, `<text x="%.0f" y="%.0f" text-anchor="middle">N (subscriptions / resources)</text>`+"\n", (left+w-right)/2, h-12)
	series := []struct {
		v      variant
		color  string
		label  string
		dashed bool
	}{{provider, "#1f77b4", "CINNOX provider", false}, {barePatch, "#9467bd", "bare-PATCH floor", true},
		{noop, "#ff7f0e", "do-nothing (control)", true}, {urlOnly, "#2ca02c", "url-only floor", true}}
	for i, se := range series {
		var pts []string
		for _, n := range b.o.sizes {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(n)), y(b.med(se.v, n, "apply"))))
		}
		dash := ""
		if se.dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(pts, " "), se.color, dash)
		for _, p := range pts {
			xy := strings.Split(p, ",")
			fmt.Fprintf(&s, `<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`+"\n", xy[0], xy[1], se.color)
		}
		ly := top + 20 + float64(i)*20
		fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="2"%s/><text x="%.0f" y="%.0f">%s</text>`+"\n", w-right+10, ly, w-right+34, ly, se.color, dash, w-right+40, ly+4, se.label)
	}
	s.WriteString("</svg>\n")
	return s.String()
}
