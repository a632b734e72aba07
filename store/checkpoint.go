package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// On SQLite a committed transaction lives in the write-ahead log until a
// checkpoint copies its pages into the database file. Left to SQLite, the
// writer does that itself, inside the commit that crosses the log's size
// limit: a capture waits for pages of earlier captures to be copied and
// synced. Instead the writer only kicks the checkpointer, which copies the
// log on a connection of its own, beside the next transaction; the writer's
// own automatic checkpoint stays as a backstop, at a larger size, should the
// checkpointer fall behind.

// checkpointEvery is the least time between two background checkpoints, so
// that a stream of one-event commits does not sync the database file after
// each one.
const checkpointEvery = 100 * time.Millisecond

type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
	shut sync.Once // Close may be called more than once
}

func newCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		// PASSIVE copies what no reader still needs and never blocks the
		// writer or the readers; what it leaves, the next kick takes.
		c.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// committed tells the checkpointer that the log has grown.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) close() {
	if c == nil {
		return
	}
	c.shut.Do(func() {
		close(c.stop)
		<-c.done
		c.db.Close()
	})
}
