package baseline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// recursiveSQLite is B3: B2's tables and statements on SQLite in WAL mode,
// with IN (...) for PostgreSQL's = ANY($lots).
type recursiveSQLite struct {
	questions
	path string

	mu    sync.Mutex // guards db and stmts
	db    *sql.DB
	stmts map[sqliteStmtKey]*sql.Stmt
}

// sqliteStmtKey names a prepared statement: IN (...) takes one parameter
// per seed, so there is one statement per question and seed count.
type sqliteStmtKey struct {
	q     question
	seeds int
}

var _ System = (*recursiveSQLite)(nil)

// NewRecursiveSQLite returns B3 on the SQLite file at path, which Load
// deletes and recreates.
func NewRecursiveSQLite(path string) (System, error) {
	if path == "" {
		return nil, fmt.Errorf("B3 recursive sqlite: empty database path")
	}
	r := &recursiveSQLite{path: path}
	r.questions = questions{r.ask}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

// sqlitePragmas apply to every connection: WAL, and a page cache large
// enough that a trace over a few million lines stays in memory.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)" +
	"&_pragma=cache_size(-262144)&_pragma=temp_store(MEMORY)"

func (r *recursiveSQLite) open() error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: r.path}).EscapedPath()+"?"+sqlitePragmas)
	if err != nil {
		return fmt.Errorf("%s: open: %w", r.Name(), err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n) // idle connections keep their prepared statements
	if err := db.Ping(); err != nil {
		db.Close()
		return fmt.Errorf("%s: open %s: %w", r.Name(), r.path, err)
	}
	r.db, r.stmts = db, map[sqliteStmtKey]*sql.Stmt{}
	return nil
}

// Name implements System.
func (r *recursiveSQLite) Name() string { return "B3 recursive sqlite" }

// Close implements System.
func (r *recursiveSQLite) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closeLocked()
}

func (r *recursiveSQLite) closeLocked() error {
	for _, s := range r.stmts {
		s.Close()
	}
	r.stmts = nil
	if r.db == nil {
		return nil
	}
	err := r.db.Close()
	r.db = nil
	return err
}

// Load implements System: it deletes the file, which is much faster than
// dropping large tables, and loads d into a new one.
func (r *recursiveSQLite) Load(ctx context.Context, d *Dataset) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.closeLocked(); err != nil {
		return fmt.Errorf("%s: %w", r.Name(), err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(r.path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", r.Name(), err)
		}
	}
	if err := r.open(); err != nil {
		return err
	}
	if err := sqliteLoad(ctx, r.db, d); err != nil {
		return fmt.Errorf("%s: load: %w", r.Name(), err)
	}
	return nil
}

func (r *recursiveSQLite) ask(ctx context.Context, q question, seeds []int64) (*Answer, error) {
	stmt, err := r.stmt(ctx, q, len(seeds))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Name(), err)
	}
	args := make([]any, len(seeds))
	for i, s := range seeds {
		args[i] = s
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Name(), err)
	}
	a, err := scanRecursive(rows, q, seeds)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Name(), err)
	}
	return a, nil
}

func (r *recursiveSQLite) stmt(ctx context.Context, q question, seeds int) (*sql.Stmt, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.db == nil {
		return nil, fmt.Errorf("closed")
	}
	key := sqliteStmtKey{q, seeds}
	if s, ok := r.stmts[key]; ok {
		return s, nil
	}
	in := "IN (" + strings.TrimSuffix(strings.Repeat("?, ", seeds), ", ") + ")"
	s, err := r.db.PrepareContext(ctx, recursiveSQL(q, "", in))
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	r.stmts[key] = s
	return s, nil
}
