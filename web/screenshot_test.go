package web_test

import (
	"context"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestHeadlessScreenshot runs chromium the way the acceptance check does
// (--screenshot with a virtual time budget, where requestAnimationFrame
// barely runs) and checks that the graph area holds drawn nodes, not just
// an empty canvas.
func TestHeadlessScreenshot(t *testing.T) {
	chrome := chromePath(t)
	srv := httptest.NewServer(loadFixture(t).handler())
	defer srv.Close()
	out := filepath.Join(screenshotDir(t), "headless.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900",
		"--virtual-time-budget=8000", "--user-data-dir="+t.TempDir(), "--screenshot="+out, srv.URL+"/?q=%E4%BA%9A%E4%BF%A1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --screenshot: %v\n%s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", out, err)
	}
	// The graph column lies between the left filter panel (205 px) and the
	// side panel (370 px). Count strongly coloured pixels there: node
	// fills; the dotted background, the edges and the text are grey.
	b := img.Bounds()
	area := image.Rect(b.Min.X+210, b.Min.Y+50, b.Max.X-375, b.Max.Y)
	coloured := 0
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			hi, lo := max(r, g, bl)>>8, min(r, g, bl)>>8
			if hi-lo > 80 {
				coloured++
			}
		}
	}
	t.Logf("screenshot %s: %d strongly coloured pixels in the graph area", out, coloured)
	if coloured < 2000 {
		t.Errorf("graph area of the headless screenshot has %d coloured pixels, want ≥ 2000: the graph was not drawn", coloured)
	}
}
