// Command lotledger is lot tracking and recall readiness in one binary: the
// API server with its embedded database, and the tools to load, check and
// read the ledger from a shell.
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
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"lotledger"
	"lotledger/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	err := m.ParseFlags(os.Args[1:])
	if err == nil {
		stopProfile := startCPUProfile(os.Getenv("LOTLEDGER_CPUPROFILE"))
		err = m.Run(ctx)
		stopProfile()
	}
	m.Close()
	if os.Getenv("LOTLEDGER_PRINT_PEAK_RSS") != "" {
		printPeakRSS() // for lotledger bench's cold-start workload
	}
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lotledger:", err)
		os.Exit(1)
	}
}

// Main is the program: flags parsed by ParseFlags, the work done by Run,
// everything opened released by Close. Tests drive it the same way.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Now            func() time.Time

	DB   string // SQLite file path or postgres:// URL
	User string // acting user recorded on events made from the CLI
	cmd  *command
	args []string

	store *store.Store
	ready chan string // receives the server's address once it listens (tests)
}

// NewMain returns a Main wired to the process's standard streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now}
}

// command is one subcommand: its flags and what it does.
type command struct {
	name, usage string
	flags       func(m *Main, fs *flag.FlagSet)
	run         func(m *Main, ctx context.Context) error
}

// commandTable returns every subcommand by name; each call makes new flag
// variables, so two Mains never share them.
func commandTable() map[string]*command {
	t := map[string]*command{}
	for _, c := range []*command{serveCommand(), migrateCommand, verifyCommand, rebuildCommand, importCommand(), exportCommand(), traceCommand(), scopeCommand(), recallCommand(), noticeSecretCommand(), genCommand(), benchCommand()} {
		t[c.name] = c
	}
	for _, c := range ledgerCommands() {
		t[c.name] = c
	}
	return t
}

// ParseFlags reads the subcommand and its flags.
func (m *Main) ParseFlags(args []string) error {
	commands := commandTable()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage(commands)
		return flag.ErrHelp
	}
	c, ok := commands[args[0]]
	if !ok {
		m.usage(commands)
		return fmt.Errorf("unknown command %q", args[0])
	}
	m.cmd = c
	fs := flag.NewFlagSet("lotledger "+c.name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.StringVar(&m.DB, "db", envOr("LOTLEDGER_DB", "./lotledger.db"), "SQLite file path or postgres:// URL (env LOTLEDGER_DB)")
	fs.StringVar(&m.User, "user", envOr("LOTLEDGER_USER", envOr("USER", "cli")), "acting user recorded on events (env LOTLEDGER_USER)")
	if c.flags != nil {
		c.flags(m, fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "usage: lotledger %s\n\nflags:\n", c.usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	m.args = fs.Args()
	return nil
}

// Run runs the parsed subcommand.
func (m *Main) Run(ctx context.Context) error {
	return m.cmd.run(m, lotledger.WithUser(ctx, m.User))
}

// Close releases the database.
func (m *Main) Close() error {
	if m.store != nil {
		return m.store.Close()
	}
	return nil
}

// open opens (and migrates) the database.
func (m *Main) open(ctx context.Context) (*store.Store, error) {
	if m.store != nil {
		return m.store, nil
	}
	s, err := store.Open(ctx, m.DB, store.Options{Now: m.Now, Logger: m.logger()})
	if err != nil {
		return nil, err
	}
	m.store = s
	return s, nil
}

func (m *Main) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func (m *Main) usage(commands map[string]*command) {
	fmt.Fprintln(m.Stderr, "lotledger: lot tracking and recall readiness\n\nusage: lotledger COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(m.Stderr, "  %s\n", commands[n].usage)
	}
	fmt.Fprintln(m.Stderr, "\nEvery command takes --db (default ./lotledger.db, or postgres://...) and --user.")
}

func envOr(key, def string) string {
	if v := strings.TrimSpace(os.Getenv(key)); v != "" {
		return v
	}
	return def
}

// printPeakRSS writes the process's peak resident memory (VmHWM) to stderr
// as "peak_rss_kb N", where lotledger bench reads it: a parent cannot read
// it reliably from the child's rusage.
func printPeakRSS() {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Fprintln(os.Stderr, "peak_rss_kb", strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
}

// startCPUProfile writes a CPU profile of the whole run to path, for
// go tool pprof, when path is set (env LOTLEDGER_CPUPROFILE); the function
// it returns ends the profile.
func startCPUProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lotledger: cpu profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
