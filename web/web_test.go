package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seckg/seckg/web"
)

// sourceHash mirrors sourceHash in build.mjs: sorted slash-separated paths
// (relative to web/) of every file under src/ plus build.mjs and
// package-lock.json; for each, "path\nsha256hex(content)\n", hashed.
func sourceHash(root string) (string, error) {
	files := []string{"build.mjs", "package-lock.json"}
	err := filepath.WalkDir(filepath.Join(root, "src"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("source hash: %w", err)
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return "", fmt.Errorf("source hash: %w", err)
		}
		sum := sha256.Sum256(b)
		fmt.Fprintf(h, "%s\n%s\n", f, hex.EncodeToString(sum[:]))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// TestDistFresh fails when web/dist was not rebuilt after a change to
// web/src, build.mjs or package-lock.json.
func TestDistFresh(t *testing.T) {
	want, err := sourceHash(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(web.FS(), ".source-hash")
	if err != nil {
		t.Fatalf("dist has no .source-hash (run: npm --prefix web ci && npm --prefix web run build): %v", err)
	}
	if strings.TrimSpace(string(got)) != want {
		t.Fatalf("web/dist is stale against web/src: dist/.source-hash = %s, sources hash to %s; run: npm --prefix web ci && npm --prefix web run build",
			strings.TrimSpace(string(got)), want)
	}
}

func TestFS(t *testing.T) {
	tests := []struct {
		name     string
		contains string
		maxBytes int
	}{
		{"index.html", `<script src="app.js">`, 20 << 10},
		{"app.js", "__seckg", 900 << 10},
		{"app.css", "Noto Sans CJK SC", 40 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := fs.ReadFile(web.FS(), tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.contains) {
				t.Errorf("%s does not contain %q", tt.name, tt.contains)
			}
			if len(b) > tt.maxBytes {
				t.Errorf("%s is %d bytes, over %d", tt.name, len(b), tt.maxBytes)
			}
		})
	}
	err := fs.WalkDir(web.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".map") {
			t.Errorf("source map %s in dist", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSourceHashChanges checks that the freshness hash can fail: editing a
// source file changes it.
func TestSourceHashChanges(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"build.mjs": "b", "package-lock.json": "{}", "src/app.js": "x"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := sourceHash(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "app.js"), []byte("y"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := sourceHash(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("source hash did not change when src/app.js changed")
	}
}
