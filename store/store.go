// Package store keeps lotledger's ledger and its projections in SQLite (the
// embedded default, one file) or PostgreSQL, with one hand-written set of SQL
// for both. Every command runs in one transaction that validates it, resolves
// it to lots, appends the event to the hash chain and updates the
// projections; nothing is half-applied.
//
// Writers are serialised: on SQLite by a single write connection whose
// transactions begin IMMEDIATE, on PostgreSQL by locking the ledger head row.
// Serial writers make the stock checks race-free without row locks and give
// the hash chain a single order. Throughput comes from batching (Batch), not
// from concurrent writers.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"lotledger"
	"lotledger/trace"
)

// Options configure a Store.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // the clock; time.Now when nil
}

// Store is lotledger's persistence; it implements lotledger.Ledger.
type Store struct {
	rdb, wdb *sql.DB // readers and the writer (the same pool on PostgreSQL)
	postgres bool
	now      func() time.Time
	log      *slog.Logger

	mu        sync.RWMutex // guards the master-data caches below
	items     map[string]*itemRow
	itemsByID map[int64]*itemRow
	locs      map[string]*locRow
	locsByID  map[int64]*locRow
	parties   map[string]*partyRow
	partyByID map[int64]*partyRow
	// GS1 keys of master data, to codes (immutable once created)
	byGTIN, locByGLN, partyByGLNs map[string]string

	readStmts  stmtCache // prepared read statements (idlist.go)
	writeStmts stmtCache // the SQLite writer's statements, kept across transactions

	scopeMu sync.RWMutex // guards scope: catching up excludes answering
	scope   *scopeIndex  // nil until the first Scope (scope.go)

	scopeSaved        int64 // the sequence number of the snapshot saved or loaded (scopesnap.go)
	scopeFromSnapshot bool  // the summary started from the snapshot

	traceMu   sync.Mutex   // serialises catching the genealogy index up
	index     *trace.Index // nil until the first trace
	indexHead int64        // the ledger head the index has caught up to

	// the ledger head when the recent event keys were last merged (eventkeys.go)
	keysMerged atomic.Int64
	keys       keyFilter // the event keys the ledger may hold (keyfilter.go)
	// the schema version the store was opened at, 0 for the latest (tests
	// of migrations open older ones): see atVersion
	version int

	ckpt  *checkpointer // SQLite: copies the write-ahead log (checkpoint.go)
	group *committer    // commits concurrent captures together (group.go)
}

var _ lotledger.Ledger = (*Store)(nil)

// Open opens (creating if needed) the database named by dsn and migrates it:
// a postgres:// or postgresql:// URL for PostgreSQL, anything else is a
// SQLite file path.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	return open(ctx, dsn, opt, 0)
}

// open is Open, migrating up to version only (all when 0): tests of a
// migration make the database it starts from.
func open(ctx context.Context, dsn string, opt Options, version int) (*Store, error) {
	s := &Store{now: opt.Now, log: opt.Logger, group: newCommitter()}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.resetCaches()
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		err = s.openPostgres(dsn)
	} else {
		err = s.openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx, version); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	s.version = version
	if !s.keyless() {
		if err := s.loadKeysMerged(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// atVersion reports whether the schema has migration v: a projection
// added by a later migration is not written to a ledger opened before it.
func (s *Store) atVersion(v int) bool { return s.version == 0 || s.version >= v }

// keyless: opened at a schema version before event keys (tests of
// migrations), ids are found by events.event_id and no key is written.
func (s *Store) keyless() bool { return !s.atVersion(13) }

func (s *Store) openPostgres(dsn string) error {
	s.postgres = true
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	s.rdb, s.wdb = db, db
	return db.Ping()
}

// openSQLite opens two pools on one file: a single write connection whose
// transactions begin IMMEDIATE (so a writer never fails halfway on a lock
// upgrade) and a pool of readers, which WAL lets run beside the writer.
func (s *Store) openSQLite(path string) error {
	if path == "" {
		return fmt.Errorf("open sqlite: empty database path")
	}
	base := sqliteDSN(path)
	w, err := sql.Open("sqlite", sqliteWriterDSN(path))
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", base)
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	// Readers stay open: a new connection starts with an empty page cache
	// and prepares its statements again.
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s.rdb, s.wdb = r, w
	if err := w.Ping(); err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	c, err := sql.Open("sqlite", base)
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	c.SetMaxOpenConns(1)
	s.ckpt = newCheckpointer(c)
	return nil
}

// sqliteDSN is the data source of a connection to the SQLite file at path.
// Statement journals (a multi-row INSERT that fails halfway is undone
// alone) stay in memory rather than in temporary files.
func sqliteDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" +
		"_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)" +
		"&_pragma=cache_size(-32768)&_pragma=mmap_size(268435456)&_pragma=temp_store(MEMORY)"
}

// sqliteWriterDSN is sqliteDSN for the one write connection. It checkpoints
// by itself only past 32 MB of log, when the checkpointer has fallen behind.
func sqliteWriterDSN(path string) string {
	return sqliteDSN(path) + "&_pragma=wal_autocheckpoint(8192)&_txlock=immediate"
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeGroup()
	s.ckpt.close()
	if s.rdb != s.wdb && s.rdb != nil {
		s.rdb.Close()
	}
	if s.wdb != nil {
		return s.wdb.Close()
	}
	return nil
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string {
	if s.postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB returns the reader pool, for tests and tools that compare projections.
func (s *Store) DB() *sql.DB { return s.rdb }

const timeLayout = "2006-01-02T15:04:05.000000Z"

// formatTime writes t as fixed-width UTC text, which sorts in time order.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

// isUniqueViolation reports a unique-key violation by the driver's code:
// SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY (2067 / 1555) or SQLSTATE 23505.
func isUniqueViolation(err error) bool {
	var c interface{ Code() int }
	if errors.As(err, &c) {
		return c.Code() == 2067 || c.Code() == 1555
	}
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		return st.SQLState() == "23505"
	}
	return false
}
