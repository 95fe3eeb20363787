package graph

import (
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pgServer is a throwaway PostgreSQL server for the tests, or the one
// SECKG_TEST_POSTGRES names.
type pgServer struct {
	dsn     string // admin connection
	dir     string // data folder of a server we started, "" otherwise
	bin     string
	asUser  string // run pg_ctl as this user (when the tests run as root)
	startup error
}

var (
	pgOnce sync.Once
	pg     pgServer
	pgSeq  atomic.Int64
)

// findPGBin returns the folder holding initdb and pg_ctl, or "".
func findPGBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	cands, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	cands = append(cands, "/usr/local/bin", "/usr/local/pgsql/bin")
	for _, d := range cands {
		if fileExists(filepath.Join(d, "initdb")) && fileExists(filepath.Join(d, "pg_ctl")) {
			return d
		}
	}
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run runs a PostgreSQL binary, as pg.asUser when set.
func (p *pgServer) run(name string, args ...string) error {
	bin := filepath.Join(p.bin, name)
	var cmd *exec.Cmd
	if p.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", p.asUser, "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

func (p *pgServer) start() error {
	p.bin = findPGBin()
	if p.bin == "" {
		return errNoPostgres
	}
	dir, err := os.MkdirTemp("", "seckg-pg-")
	if err != nil {
		return err
	}
	p.dir = dir
	if os.Geteuid() == 0 { // postgres refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root and no postgres user to run the server as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
		p.asUser = "postgres"
	}
	data := filepath.Join(dir, "data")
	if err := p.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", port, dir)
	if err := p.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		return err
	}
	p.dsn = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	return nil
}

func (p *pgServer) stop() {
	if p.dir == "" {
		return
	}
	if p.dsn != "" {
		_ = p.run("pg_ctl", "-D", filepath.Join(p.dir, "data"), "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(p.dir)
}

var errNoPostgres = fmt.Errorf("no PostgreSQL binaries (initdb, pg_ctl) found")

// postgresDSN returns a connection string to a fresh, empty schema of the
// test server, starting the server on first use.
func postgresDSN(tb testing.TB) string {
	tb.Helper()
	pgOnce.Do(func() {
		if dsn := os.Getenv("SECKG_TEST_POSTGRES"); dsn != "" {
			pg.dsn = dsn
			return
		}
		pg.startup = pg.start()
	})
	if pg.startup != nil {
		if pg.startup == errNoPostgres && os.Getenv("CI") == "" {
			tb.Skipf("postgres: %v and SECKG_TEST_POSTGRES unset; set CI=true to make this a failure", pg.startup)
		}
		tb.Fatalf("postgres: %v", pg.startup)
	}
	db, err := sql.Open("postgres", pg.dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	schema := fmt.Sprintf("seckg_test_%d_%d", os.Getpid(), pgSeq.Add(1))
	var lastErr error
	for i := 0; i < 50; i++ { // the server may still be starting
		if _, lastErr = db.Exec("CREATE SCHEMA " + schema); lastErr == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if lastErr != nil {
		tb.Fatalf("postgres: create schema: %v", lastErr)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("postgres", pg.dsn)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(pg.dsn, "?") {
		sep = "&"
	}
	if !strings.Contains(pg.dsn, "://") {
		return pg.dsn + " search_path=" + schema
	}
	return pg.dsn + sep + "search_path=" + schema
}

func TestMain(m *testing.M) {
	code := m.Run()
	pg.stop()
	os.Exit(code)
}
