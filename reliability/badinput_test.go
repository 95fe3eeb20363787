package reliability

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/traditionalchinese"
)

// goodText is the start of a corpus file, cut at a line end: a small
// document that extracts quickly and states something.
func goodText(t testing.TB, n int) []byte {
	t.Helper()
	raw, err := os.ReadFile(corpus(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	if n < len(raw) {
		raw = raw[:n]
		raw = raw[:bytes.LastIndexByte(raw, '\n')+1]
	}
	return raw
}

// binaryBytes returns n random bytes (NULs among them) after header.
func binaryBytes(header string, n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := []byte(header)
	for range n {
		b = append(b, byte(r.UintN(256)))
	}
	return b
}

// TestBadInput ingests, case by case, a folder holding one good file and
// one bad input, and checks that the bad input is named on stderr with its
// reason, the good file goes in, and the exit status and summary say what
// failed.
func TestBadInput(t *testing.T) {
	good := goodText(t, 6000)
	tests := []struct {
		name string
		// setup makes the input in dir and returns the arguments to ingest
		// (besides the folder itself) and the name the error must carry.
		setup func(t *testing.T, dir string) (args []string, named string)
		// fail: the input must be refused with an error matching reason;
		// else it must go in (docs more documents than the good one).
		fail   bool
		reason string
		docs   int
		asUser bool // run the ingest as nobody (file permissions)
	}{
		{name: "invalid UTF-8", fail: true, reason: `not text`,
			setup: file("invalid-utf8.txt", []byte("abc\xff\xfe\xfd 亚信\x80\x81 def\n"))},
		{name: "UTF-8 with one bad byte in prose", fail: true, reason: `not text`,
			setup: func(t *testing.T, dir string) ([]string, string) {
				b := append(append([]byte{}, good[:300]...), 0xff)
				return file("one-bad-byte.txt", append(b, good[300:]...))(t, dir)
			}},
		{name: "PDF given as text", fail: true, reason: `not text`,
			setup: file("paper.pdf.txt", binaryBytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 4096 /Filter /FlateDecode >>\nstream\n", 4096))},
		{name: "PNG given as text", fail: true, reason: `not text`,
			setup: file("figure.png.txt", binaryBytes("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 4096))},
		{name: "UTF-16 text", fail: true, reason: `not text`,
			setup: file("utf16.txt", utf16(string(good[:600])))},
		{name: "empty file", fail: true, reason: `empty`,
			setup: file("empty.txt", nil)},
		{name: "white space only", fail: true, reason: `empty`,
			setup: file("blank.txt", []byte(" \n\t\r\n\u3000\n"))},
		{name: "stray control characters are dropped", docs: 1,
			setup: func(t *testing.T, dir string) ([]string, string) {
				s := strings.ReplaceAll(string(good), "。", "。\x01")
				s = strings.Replace(s, "\n", "\x0b\x1b[0m\f\n", 5)
				return file("controls.txt", []byte(s))(t, dir)
			}},
		{name: "control characters only", fail: true, reason: `not text|empty`,
			setup: file("controls-only.txt", bytes.Repeat([]byte("\x01\x02\x1b"), 100))},
		{name: "extremely long line", docs: 1,
			setup: func(t *testing.T, dir string) ([]string, string) {
				line := bytes.ReplaceAll(good, []byte("\n"), nil)
				// 900 KB on one line, within one part
				return file("long-line.txt", bytes.Repeat(line, 900<<10/len(line)))(t, dir)
			}},
		{name: "line longer than a part", docs: 2,
			setup: func(t *testing.T, dir string) ([]string, string) {
				// 1 MiB parts: a 1.5 MiB line must be cut between runes.
				line := bytes.ReplaceAll(good, []byte("\n"), nil)
				return file("huge-line.txt", bytes.Repeat(line, (3<<19)/len(line)+1))(t, dir)
			}},
		{name: "mixed encodings in one folder", docs: 3,
			setup: func(t *testing.T, dir string) ([]string, string) {
				trad, err := os.ReadFile(filepath.Join(root, "data", "corpus-variants", "traditional", filepath.Base(corpus(t)[0])))
				if err != nil {
					t.Fatal(err)
				}
				trad = trad[:bytes.LastIndexByte(trad[:6000], '\n')+1]
				big5, err := encoding.ReplaceUnsupported(traditionalchinese.Big5.NewEncoder()).Bytes(trad)
				if err != nil {
					t.Fatal(err)
				}
				gb, err := os.ReadFile(filepath.Join(root, "data", "corpus-variants", "gb18030", filepath.Base(corpus(t)[0])))
				if err != nil {
					t.Fatal(err)
				}
				file("traditional-utf8.txt", trad)(t, dir)
				file("big5.txt", big5)(t, dir)
				return file("gb18030.txt", gb)(t, dir)
			}},
		{name: "file without read permission", fail: true, reason: `permission denied`, asUser: true,
			setup: func(t *testing.T, dir string) ([]string, string) {
				args, name := file("secret.txt", good)(t, dir)
				if err := os.Chmod(filepath.Join(dir, "secret.txt"), 0); err != nil {
					t.Fatal(err)
				}
				return args, name
			}},
		{name: "symlink loop", fail: true, reason: `too many levels of symbolic links`,
			setup: func(t *testing.T, dir string) ([]string, string) {
				p := filepath.Join(dir, "loop.txt")
				if err := os.Symlink(p, p); err != nil {
					t.Fatal(err)
				}
				return nil, p
			}},
		{name: "symlink loop given as argument", fail: true, reason: `too many levels of symbolic links`,
			setup: func(t *testing.T, dir string) ([]string, string) {
				p := filepath.Join(t.TempDir(), "arg-loop.txt")
				if err := os.Symlink(p, p); err != nil {
					t.Fatal(err)
				}
				return []string{p}, p
			}},
		{name: "folder symlink loop is not followed",
			setup: func(t *testing.T, dir string) ([]string, string) {
				if err := os.Symlink(dir, filepath.Join(dir, "again")); err != nil {
					t.Fatal(err)
				}
				return nil, ""
			}},
		{name: "path that does not exist", fail: true, reason: `no such file or directory`,
			setup: func(t *testing.T, dir string) ([]string, string) {
				p := filepath.Join(t.TempDir(), "does-not-exist.txt")
				return []string{p}, p
			}},
		{name: "named pipe", fail: true, reason: `not a regular file`,
			setup: func(t *testing.T, dir string) ([]string, string) {
				p := filepath.Join(dir, "pipe.txt")
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
				return nil, p
			}},
		{name: "device given as a file", fail: true, reason: `not a regular file`,
			setup: func(t *testing.T, dir string) ([]string, string) {
				return []string{"/dev/null"}, "/dev/null"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "in")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "good.txt"), good, 0o644); err != nil {
				t.Fatal(err)
			}
			args, named := tt.setup(t, dir)
			db := filepath.Join(base, "store.db")
			cmd := seckgCmd(t.Context(), append([]string{"ingest", "--quiet", "--db", db, dir}, args...)...)
			if tt.asUser {
				runAsNobody(t, cmd, base, dir, db)
			}
			r := runCmd(t, cmd)
			if tt.fail {
				if r.code != 1 {
					t.Errorf("exit status %d, want 1\nstderr: %s", r.code, r.stderr)
				}
				re := regexp.MustCompile(regexp.QuoteMeta(named) + `.*(` + tt.reason + `)`)
				if !re.MatchString(r.stderr) {
					t.Errorf("stderr does not name %s with a reason matching %q:\n%s", named, tt.reason, r.stderr)
				}
				if !strings.Contains(r.stderr, "failed") {
					t.Errorf("stderr has no summary of the failures:\n%s", r.stderr)
				}
			} else if r.code != 0 {
				t.Errorf("exit status %d, want 0\nstderr: %s", r.code, tail(r.stderr))
			}
			if !strings.Contains(r.stdout, "ingested ") {
				t.Errorf("no summary on stdout: %q", r.stdout)
			}
			s := stats(t, db)
			if want := 1 + tt.docs; s.Documents != want {
				t.Errorf("the store holds %d documents, want %d (the good file and the accepted input)\nstdout: %s\nstderr: %s", s.Documents, want, r.stdout, tail(r.stderr))
			}
			if s.Entities == 0 || s.Relations == 0 {
				t.Errorf("the good file gave %d entities and %d relations", s.Entities, s.Relations)
			}
		})
	}
}

// file returns a setup writing content to dir/name.
func file(name string, content []byte) func(*testing.T, string) ([]string, string) {
	return func(t *testing.T, dir string) ([]string, string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return nil, p
	}
}

// utf16 encodes s as UTF-16LE with a byte-order mark.
func utf16(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, r := range s {
		if r > 0xffff {
			r = '?'
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// runAsNobody makes cmd run as user nobody when the test runs as root
// (root reads any file whatever its mode), handing it the folders it
// needs; it skips the test when it can do neither.
func runAsNobody(t *testing.T, cmd *exec.Cmd, base, dir, db string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return // an ordinary user already cannot read a mode-0 file
	}
	const nobody = 65534
	for _, p := range []string{filepath.Dir(base), base, dir, filepath.Join(dir, "good.txt")} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Skipf("cannot open %s to nobody: %v", p, err)
		}
	}
	if err := os.Mkdir(db, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(db, nobody, nobody); err != nil {
		t.Skipf("chown: %v", err)
	}
	home := filepath.Join(base, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, nobody, nobody); err != nil {
		t.Skipf("chown: %v", err)
	}
	cmd.Env = append(cmd.Env, "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "TMPDIR="+home)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
}
