package main

// The SVG chart of apply times.

import (
	"fmt"
	"slices"
	"strings"
)

// svg draws the median apply time against N of the provider and the floors.
func (b *bench) svg() string {
	const w, h, left, right, top, bottom = 640.0, 360.0, 60.0, 170.0, 30.0, 50.0
	maxN, maxT := float64(slices.Max(b.sizes)), 0.0
	for _, v := range compared {
		for _, n := range b.sizes {
			maxT = max(maxT, 1.1*b.med(v, n, "apply"))
		}
	}
	x := func(n int) float64 { return left + float64(n)/maxN*(w-left-right) }
	y := func(t float64) float64 { return h - bottom - t/maxT*(h-top-bottom) }
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&s, `<rect width="100%%" height="100%%" fill="white"/><text x="%.0f" y="18" font-size="14" font-weight="bold">terraform apply from empty state: seconds against N</text>`+"\n", left)
	fmt.Fprintf(&s, `<path d="M%.0f %.0fV%.0fH%.0f" fill="none" stroke="black"/>`+"\n", left, top, h-bottom, w-right)
	for i := range 5 {
		t := maxT * float64(i) / 4
		fmt.Fprintf(&s, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end">%.1f s</text>`+"\n", left, y(t), w-right, y(t), left-6, y(t)+4, t)
	}
	for _, n := range b.sizes {
		fmt.Fprintf(&s, `<text x="%.1f" y="%.0f" text-anchor="middle">%d</text>`+"\n", x(n), h-bottom+18, n)
	}
	fmt.Fprintf(&s, `<text x="%.0f" y="%.0f" text-anchor="middle">N (subscriptions / resources)</text>`+"\n", (left+w-right)/2, h-12)
	for i, se := range []struct{ v, color, label, dash string }{{"provider", "#1f77b4", "CINNOX provider", "none"},
		{string(barePatch), "#9467bd", "bare-PATCH floor", "6 4"}, {string(noop), "#ff7f0e", "do-nothing (control)", "6 4"},
		{string(urlOnly), "#2ca02c", "url-only floor", "6 4"}} {
		var pts []string
		for _, n := range b.sizes {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(n), y(b.med(variant(se.v), n, "apply"))))
		}
		ly := top + 20 + float64(i)*20
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", strings.Join(pts, " "), se.color, se.dash)
		fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="2" stroke-dasharray="%s"/><text x="%.0f" y="%.0f">%s</text>`+"\n",
			w-right+10, ly, w-right+34, ly, se.color, se.dash, w-right+40, ly+4, se.label)
	}
	return s.String() + "</svg>\n"
}
