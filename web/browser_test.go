package web_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromePath finds Chromium; without one the browser tests skip, unless
// CI is set, when they fail.
func chromePath(t *testing.T) string {
	t.Helper()
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium installed (apt-get install chromium); CI is set, so this fails")
	}
	t.Skip("no Chromium installed (apt-get install chromium); skipping browser tests (set CI=true to fail instead)")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromePath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, bound to ctx
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// js evaluates expr for its side effects.
func js(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[any]("void ("+expr+")")(ctx, t)
		return err
	})
}

// click clicks the element a CSS selector finds.
func click(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }

// eval evaluates expr into a T, failing the test on error.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// text is the text content of the element a CSS selector finds.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel))
}

// waitJS polls a JavaScript expression until it is truthy.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond))
}

// step runs actions, failing the test with the step's name and the page's
// recorded errors.
func step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		errs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(window.__seckg && window.__seckg.errors) || []`))
		t.Fatalf("%s: %v (page errors: %q)", name, err, errs)
	}
}

const settled = `window.__seckg && window.__seckg.started && window.__seckg.pending === 0 && window.__seckg.cy.nodes().length > 0 && (!window.__seckg.lastLayout || window.__seckg.lastLayout.done)`

func screenshotDir(t *testing.T) string {
	if d := os.Getenv("SECKG_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.ArtifactDir()
}

func TestBrowserUI(t *testing.T) {
	g := loadFixture(t)
	srv := httptest.NewServer(g.handler())
	defer srv.Close()
	ctx := newBrowser(t)

	evKey := "cica proposed-by nazarbayev"
	var sentence, doc string
	var offset int
	for _, r := range g.rels {
		if r.Key() == evKey {
			sentence, doc, offset = r.Evidence[0].Sentence, string(r.Evidence[0].Doc), r.Evidence[0].Offset
		}
	}
	if sentence == "" {
		t.Fatalf("fixture lacks %q", evKey)
	}

	step(t, ctx, "open /?q=亚信",
		chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("亚信")),
		waitJS(settled),
	)
	if n := eval[int](t, ctx, `__seckg.cy.nodes().length`); n < 10 {
		t.Errorf("graph has %d nodes after /?q=亚信, want the CICA neighbourhood (≥10)", n)
	}
	if s := eval[string](t, ctx, `location.search`); !strings.Contains(s, "id=cica") {
		t.Errorf("URL %q does not hold the focused id cica", s)
	}
	if d := text(t, ctx, "#detail"); !strings.Contains(d, "亚洲相互协作与信任措施会议") || !strings.Contains(d, "提出者") {
		t.Errorf("side panel lacks CICA's name or its proposed-by group: %.300q", d)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#cy canvas').length`); n == 0 {
		t.Error("no canvas in #cy")
	}

	step(t, ctx, "click an edge",
		js(fmt.Sprintf(`__seckg.cy.getElementById(%q).emit('tap')`, evKey)),
		waitJS(fmt.Sprintf(`document.querySelector('#detail').textContent.includes(%q)`, sentence)),
	)
	d := text(t, ctx, "#detail")
	for _, want := range []string{doc, fmt.Sprint(offset), "纳扎尔巴耶夫", "提出者"} {
		if !strings.Contains(d, want) {
			t.Errorf("edge panel lacks %q: %.300q", want, d)
		}
	}

	step(t, ctx, "toggle language to English",
		click("#btn-lang"),
		waitJS(`document.querySelector('#btn-path').textContent === 'Paths'`),
	)
	btn := text(t, ctx, "#btn-timeline")
	plabel := eval[string](t, ctx, fmt.Sprintf(`__seckg.cy.getElementById(%q).data('plabel')`, evKey))
	nlabel := eval[string](t, ctx, `__seckg.cy.getElementById('cica').data('label')`)
	if btn != "Timeline" || plabel != "proposed-by" || !strings.HasPrefix(nlabel, "Conference on Interaction") {
		t.Errorf("English mode: button %q, edge label %q, node label %q", btn, plabel, nlabel)
	}
	if d := text(t, ctx, "#detail"); !strings.Contains(d, "Evidence") {
		t.Errorf("English edge panel lacks 'Evidence': %.200q", d)
	}
	if s := eval[string](t, ctx, `location.search`); !strings.Contains(s, "lang=en") {
		t.Errorf("URL %q does not keep lang=en", s)
	}
	step(t, ctx, "toggle back to Chinese",
		click("#btn-lang"),
		waitJS(`document.querySelector('#btn-path').textContent === '路径'`),
	)
	if p := eval[string](t, ctx, fmt.Sprintf(`__seckg.cy.getElementById(%q).data('plabel')`, evKey)); p != "提出者" {
		t.Errorf("Chinese edge label %q, want 提出者", p)
	}

	before := eval[int](t, ctx, `__seckg.shown().nodes().length`)
	orgBox := `#types input[data-type="Organization"]`
	step(t, ctx, "filter out Organization",
		click(orgBox),
		waitJS(fmt.Sprintf(`!document.querySelector(%q).checked && __seckg.state.hiddenTypes.has('Organization')`, orgBox)),
	)
	after := eval[int](t, ctx, `__seckg.shown().nodes().length`)
	step(t, ctx, "filter Organization back in",
		click(orgBox),
		waitJS(`!__seckg.state.hiddenTypes.has('Organization')`),
	)
	if after >= before {
		t.Errorf("hiding Organization left %d of %d nodes visible", after, before)
	}

	step(t, ctx, "path finder",
		click("#btn-path"),
		js(`(() => { const f = document.querySelector('#pf-from'), to = document.querySelector('#pf-to');
			f.dataset.id = 'cica-summit-4'; f.value = '亚信第四次峰会'; to.dataset.id = 'nazarbayev'; to.value = '纳扎尔巴耶夫' })()`),
		click("#pf-go"),
		waitJS(`document.querySelectorAll('#pf-result li[data-i]').length > 0 && __seckg.pending === 0`),
	)
	items := eval[int](t, ctx, `document.querySelectorAll('#pf-result li[data-i]').length`)
	hl := eval[int](t, ctx, `__seckg.cy.elements('.path').length`)
	if items == 0 || hl < 3 {
		t.Errorf("path finder: %d paths listed, %d elements highlighted", items, hl)
	}

	step(t, ctx, "timeline",
		click("#btn-timeline"),
		waitJS(`document.querySelectorAll('#tl-items li[data-i]').length > 5`),
	)
	first := eval[string](t, ctx, `__seckg.state.timeline[0].entity.id`)
	step(t, ctx, "timeline click",
		click(`#tl-items li[data-i="0"]`),
		waitJS(fmt.Sprintf(`__seckg.state.focus === %q && __seckg.pending === 0`, first)),
	)
	if s := eval[string](t, ctx, `location.search`); !strings.Contains(s, "id="+url.QueryEscape(first)) {
		t.Errorf("after timeline click URL is %q, want id=%s", s, first)
	}
	step(t, ctx, "back and forward",
		js(`history.back()`),
		waitJS(`__seckg.state.focus === 'cica' && location.search.includes('id=cica')`),
		js(`history.forward()`),
		waitJS(fmt.Sprintf(`__seckg.state.focus === %q`, first)),
		js(`history.back()`),
		waitJS(`__seckg.state.focus === 'cica' && __seckg.pending === 0`),
	)

	type export struct {
		Kind  string `json:"kind"`
		Bytes int    `json:"bytes"`
		Nodes int    `json:"nodes"`
		Edges int    `json:"edges"`
		Text  string `json:"text"`
	}
	step(t, ctx, "export PNG", click("#btn-png"), waitJS(`__seckg.lastExport && __seckg.lastExport.kind === 'png'`))
	if png := eval[export](t, ctx, `__seckg.lastExport`); png.Bytes < 10_000 {
		t.Errorf("PNG export is %d bytes", png.Bytes)
	}
	step(t, ctx, "export GraphML", click("#btn-graphml"), waitJS(`__seckg.lastExport && __seckg.lastExport.kind === 'graphml'`))
	gml := eval[export](t, ctx, `__seckg.lastExport`)
	if gml.Nodes == 0 || gml.Edges == 0 || !strings.Contains(gml.Text, `attr.name="predicate"`) {
		t.Errorf("GraphML export: %d nodes, %d edges", gml.Nodes, gml.Edges)
	}
	if err := wellFormed(gml.Text); err != nil {
		t.Errorf("GraphML export is not well-formed XML: %v", err)
	}

	if errs := eval[[]string](t, ctx, `__seckg.errors`); len(errs) > 0 {
		t.Errorf("page recorded errors: %q", errs)
	}
	step(t, ctx, "settle for the screenshot",
		js(`__seckg.cy.fit(undefined, 30)`),
		chromedp.Sleep(300*time.Millisecond), // a frame for the canvas to redraw after fit
	)
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(screenshotDir(t), "webui.png")
	if err := os.WriteFile(p, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", p, len(shot))
	if len(shot) < 30_000 {
		t.Errorf("screenshot is %d bytes, want over 30 kB", len(shot))
	}
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestBrowserErrorShown checks that an API error reaches the page.
func TestBrowserErrorShown(t *testing.T) {
	srv := httptest.NewServer(loadFixture(t).handler())
	defer srv.Close()
	ctx := newBrowser(t)
	step(t, ctx, "open unknown id",
		chromedp.Navigate(srv.URL+"/?id=no-such-entity"),
		waitJS(`!document.querySelector('#error').hidden`),
	)
	if msg := text(t, ctx, "#error-text"); !strings.Contains(msg, "no-such-entity") || !strings.Contains(msg, "not_found") {
		t.Errorf("error banner says %q", msg)
	}
}

// TestBrowserSuggest types into the search box and picks a suggestion.
func TestBrowserSuggest(t *testing.T) {
	srv := httptest.NewServer(loadFixture(t).handler())
	defer srv.Close()
	ctx := newBrowser(t)
	step(t, ctx, "type 上海合作",
		chromedp.Navigate(srv.URL+"/"),
		waitJS(`window.__seckg && window.__seckg.started`),
		chromedp.SendKeys(chromedp.CSS("#q"), "上海合作"),
		waitJS(`document.querySelectorAll('#suggest li[data-i]').length > 0`),
	)
	if first := text(t, ctx, `#suggest li[data-i="0"] .nm`); first != "上海合作组织" {
		t.Errorf("first suggestion %q, want 上海合作组织", first)
	}
	step(t, ctx, "press Enter", chromedp.SendKeys(chromedp.CSS("#q"), "\r"), waitJS(settled))
	if focus := eval[string](t, ctx, `__seckg.state.focus`); focus != "sco" {
		t.Errorf("focus %q after Enter, want sco", focus)
	}
}

// TestBrowserBigGraph loads a 2,000-node neighbourhood and checks that the
// cheap layout and the viewport optimisations are on.
func TestBrowserBigGraph(t *testing.T) {
	srv := httptest.NewServer(bigGraph(2000).handler())
	defer srv.Close()
	ctx := newBrowser(t)
	start := time.Now()
	step(t, ctx, "open hub", chromedp.Navigate(srv.URL+"/?id=hub"), waitJS(settled))
	t.Logf("2,000-node neighbourhood drawn in %v (informational, machine-dependent)", time.Since(start).Round(time.Millisecond))
	// Informational: the time Cytoscape spends per drawn frame while the
	// user drags the background (a pan, drawn from a texture at this size).
	step(t, ctx, "drag to pan",
		js(`(() => { const r = __seckg.cy.renderer(), render = r.render.bind(r); window.__frames = [];
			r.render = (o) => { const t0 = performance.now(); render(o); __frames.push(performance.now() - t0); }; })()`),
		chromedp.DragAndDropXY(225, 60, 520, 300, 20),
	)
	type frames struct {
		N    int     `json:"n"`
		Mean float64 `json:"mean"`
		Max  float64 `json:"max"`
		Med  float64 `json:"median"`
		Pan  float64 `json:"pan"`
	}
	fr := eval[frames](t, ctx, `({n: __frames.length, mean: __frames.reduce((a, b) => a + b, 0) / Math.max(1, __frames.length), max: Math.max(0, ...__frames),
		median: [...__frames].sort((a, b) => a - b)[__frames.length >> 1] || 0, pan: __seckg.cy.pan().x})`)
	t.Logf("drag-pan: %d frames drawn, %.1f ms median, %.1f ms mean, %.1f ms max per frame; pan.x now %.0f (informational)", fr.N, fr.Med, fr.Mean, fr.Max, fr.Pan)
	t.Logf("timings (ms): %v", eval[any](t, ctx, `__seckg.timings`))
	type result struct {
		Nodes   int    `json:"nodes"`
		Name    string `json:"name"`
		Texture bool   `json:"texture"`
		Hide    bool   `json:"hide"`
	}
	res := eval[result](t, ctx, `(() => { const s = window.__seckg, r = s.cy.renderer();
		return {nodes: s.cy.nodes().length, name: s.lastLayout.name, texture: !!r.textureOnViewport, hide: !!r.hideEdgesOnViewport} })()`)
	if res.Nodes != 2000 || res.Name != "preset" || !res.Texture || !res.Hide {
		t.Errorf("big graph: %+v, want 2000 nodes, preset spiral layout, texture and hidden edges on viewport", res)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(screenshotDir(t), "big.png"), shot, 0o644)
	if !bytes.HasPrefix(shot, []byte("\x89PNG")) {
		t.Error("no PNG screenshot of the big graph")
	}
}
