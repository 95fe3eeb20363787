// Command seckg builds and serves a knowledge graph of Asian security
// institutions and concepts from Chinese texts.
//
//	seckg ingest  --db PATH FILE_OR_DIR...   extract texts into the store
//	seckg serve   --db PATH --addr ADDR      serve the API and the UI
//	seckg export  --db PATH --format F       write the graph (graphml, gexf, ...)
//	seckg import  --db PATH FILE.nq          load N-Quads into the store
//	seckg query   --db PATH QUERY            run a Gizmo or GraphQL query
//	seckg eval    --db PATH --gold FILE...   score the store against gold
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

var version = "dev"

// command is one subcommand, shaped like cmd/go's base.Command.
type command struct {
	name  string
	usage string // arguments after the name
	short string
	run   func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error
}

// env is what every subcommand gets from main: its streams and logger.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
}

var commands []*command

func init() {
	commands = []*command{cmdIngest, cmdServe, cmdExport, cmdImport, cmdQuery, cmdEval}
}

// errUsage marks an error the user made on the command line: exit status 2.
var errUsage = errors.New("usage")

// errFailed marks a run whose problems were already reported: exit status 1
// with nothing more printed.
var errFailed = errors.New("failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		if !errors.Is(err, flag.ErrHelp) && err.Error() != errUsage.Error() {
			fmt.Fprintln(os.Stderr, "seckg:", err)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	case errors.Is(err, errFailed):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "seckg:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests drive the CLI through it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	level := slog.LevelInfo
	if v := os.Getenv("SECKG_LOG_LEVEL"); v != "" {
		_ = level.UnmarshalText([]byte(v))
	}
	e := &env{stdout: stdout, stderr: stderr, log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "seckg", version)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, c.flags(e), args[1:])
		}
	}
	printUsage(stderr)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "seckg: a knowledge graph of Asian security institutions and concepts")
	fmt.Fprintln(w, "\nUsage:\n  seckg <command> [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nRun 'seckg <command> --help' for a command's flags.")
}

// flags returns a FlagSet for c whose usage prints c's synopsis.
func (c *command) flags(e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: seckg %s %s\n\n%s\n\nFlags:\n", c.name, c.usage, c.short)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %s", errUsage, err.Error())
	}
	return nil
}

// envOr returns the environment variable k, or def when it is unset.
func envOr(k, def string) string {
	if v, ok := os.LookupEnv(k); ok && v != "" {
		return v
	}
	return def
}

// storeFlags are the flags every command that opens the store shares.
type storeFlags struct {
	db      *string
	backend *string
}

func addStoreFlags(fs *flag.FlagSet) storeFlags {
	return storeFlags{
		db:      fs.String("db", envOr("SECKG_DB", "seckg.db"), "store: a bolt folder, or a postgres:// connection string (env SECKG_DB)"),
		backend: fs.String("backend", envOr("SECKG_BACKEND", ""), "bolt, postgres or memory; default: postgres for a postgres:// --db, else bolt (env SECKG_BACKEND)"),
	}
}

func (s storeFlags) backendName() string {
	if *s.backend != "" {
		return *s.backend
	}
	if strings.HasPrefix(*s.db, "postgres://") || strings.HasPrefix(*s.db, "postgresql://") {
		return "postgres"
	}
	return "bolt"
}
