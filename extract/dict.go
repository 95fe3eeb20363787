package extract

import (
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The dictionaries gojieba needs, gzip-compressed, so that a binary runs
// without the module cache.
//
//go:embed dict/*.gz
var dictFS embed.FS

// jiebaFiles is the order gojieba.NewJieba takes its paths in.
var jiebaFiles = []string{"jieba.dict.utf8", "hmm_model.utf8", "user.dict.utf8", "idf.utf8", "stop_words.utf8"}

// dictPaths writes the embedded dictionaries once into a cache folder named
// by their hash (os.UserCacheDir()/seckg/jieba-<hash>, or under
// os.TempDir()) and returns their paths in gojieba's order.
func dictPaths() ([]string, error) {
	h := sha256.New()
	for _, f := range jiebaFiles {
		b, err := dictFS.ReadFile("dict/" + f + ".gz")
		if err != nil {
			return nil, fmt.Errorf("extract: read embedded %s: %w", f, err)
		}
		h.Write(b)
	}
	name := "jieba-" + hex.EncodeToString(h.Sum(nil))[:16]
	var bases []string
	if d, err := os.UserCacheDir(); err == nil {
		bases = append(bases, filepath.Join(d, "seckg"))
	}
	bases = append(bases, filepath.Join(os.TempDir(), "seckg"))
	var last error
	for _, base := range bases {
		dir := filepath.Join(base, name)
		paths, err := writeDicts(dir)
		if err == nil {
			return paths, nil
		}
		last = err
	}
	return nil, last
}

func writeDicts(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("extract: dictionary folder: %w", err)
	}
	var paths []string
	for _, f := range jiebaFiles {
		p := filepath.Join(dir, f)
		paths = append(paths, p)
		if st, err := os.Stat(p); err == nil && st.Size() > 0 {
			continue
		}
		if err := unpack("dict/"+f+".gz", p); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

func unpack(src, dst string) error {
	in, err := dictFS.Open(src)
	if err != nil {
		return fmt.Errorf("extract: open %s: %w", src, err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return fmt.Errorf("extract: gunzip %s: %w", src, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*")
	if err != nil {
		return fmt.Errorf("extract: write %s: %w", dst, err)
	}
	_, err = io.Copy(tmp, zr)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("extract: write %s: %w", dst, err)
	}
	return nil
}

// posTag is the gojieba part-of-speech tag a gazetteer name is added with.
func posTag(t string) string {
	switch t {
	case "Person":
		return "nr"
	case "Country", "Place":
		return "ns"
	case "Organization":
		return "nt"
	}
	return "nz"
}

// cleanWord reports whether w can go into gojieba's dictionary (no white
// space, not empty).
func cleanWord(w string) bool { return w != "" && !strings.ContainsAny(w, " \t\n") }
