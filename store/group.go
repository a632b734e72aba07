package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"lotledger"
)

// Group commit. A durable commit costs a sync of the log, a millisecond or
// more whatever it holds, so captures and commands that arrive together —
// sixteen scanners each sending one event — are committed together: one
// committer takes whatever is waiting, up to maxGroup writes, and applies
// each inside a savepoint of one transaction. A write that fails rolls back
// to its savepoint alone and gets its own error; the others commit. Each
// caller returns only once the transaction holding its write is durable.

// maxGroup bounds how many writes share a transaction, so that a crowd of
// large documents does not make one huge transaction.
const maxGroup = 64

type groupWrite struct {
	ctx  context.Context
	fn   func(w *writer) error
	err  error
	done chan struct{}
}

type committer struct {
	start, shut sync.Once
	started     atomic.Bool
	mu          sync.Mutex
	waiting     []*groupWrite
	committing  int // writes taken by the committer, not yet answered
	kick        chan struct{}
	stop        chan struct{} // closed by Close
	stopped     chan struct{} // closed when the loop has ended
}

func newCommitter() *committer {
	return &committer{kick: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
}

var errClosed = errors.New("the store is closed")

// writeGrouped runs fn as write does, in a transaction it may share with
// other grouped writes.
func (s *Store) writeGrouped(ctx context.Context, fn func(w *writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := s.group
	c.start.Do(func() {
		c.started.Store(true)
		go s.commitLoop()
	})
	g := &groupWrite{ctx: ctx, fn: fn, done: make(chan struct{})}
	c.mu.Lock()
	if isClosed(c.stop) {
		c.mu.Unlock()
		return errClosed
	}
	c.waiting = append(c.waiting, g)
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
	<-g.done
	return g.err
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func (s *Store) commitLoop() {
	c := s.group
	defer close(c.stopped)
	for {
		select {
		case <-c.stop:
			c.mu.Lock()
			rest := c.waiting
			c.waiting = nil
			c.mu.Unlock()
			for _, g := range rest {
				g.err = errClosed
				close(g.done)
			}
			return
		case <-c.kick:
		}
		for {
			c.mu.Lock()
			n := min(len(c.waiting), maxGroup)
			batch := append([]*groupWrite(nil), c.waiting[:n]...)
			c.waiting = append(c.waiting[:0], c.waiting[n:]...)
			c.committing = n
			c.mu.Unlock()
			if n == 0 {
				break
			}
			s.commitGroup(batch)
		}
	}
}

// commitGroup applies a batch in one transaction and tells each caller. A
// write alone needs no savepoint: it is the transaction. (A savepoint is not
// free: SQLite keeps the first image of every page changed inside one.)
func (s *Store) commitGroup(batch []*groupWrite) {
	if len(batch) == 1 {
		g := batch[0]
		if g.err = g.ctx.Err(); g.err == nil {
			g.err = s.write(context.WithoutCancel(g.ctx), g.fn)
		}
		close(g.done)
		return
	}
	err := s.write(context.Background(), func(w *writer) error {
		for _, g := range batch {
			if g.err = g.ctx.Err(); g.err != nil {
				continue
			}
			var broken bool
			if g.err, broken = w.inSavepoint(g); broken {
				return g.err
			}
		}
		return nil
	})
	for _, g := range batch {
		if g.err == nil {
			g.err = err // the commit failed: nothing of the batch is there
		}
		close(g.done)
	}
}

// inSavepoint runs one grouped write and writes its rows, or undoes it in
// the database and in the writer's memory. broken reports that the
// transaction itself can no longer be trusted.
func (w *writer) inSavepoint(g *groupWrite) (err error, broken bool) {
	seq, hash, lotID := w.seq, w.hash, w.lotID
	// The caller's values (its user) but not its cancellation: a statement
	// interrupted inside a transaction may roll the whole of it back.
	w.ctx, w.user = context.WithoutCancel(g.ctx), lotledger.UserFrom(g.ctx)
	if _, err := w.tx.ExecContext(w.ctx, `SAVEPOINT grouped`); err != nil {
		return fmt.Errorf("savepoint: %w", err), true
	}
	err = g.fn(w)
	if err == nil {
		err = w.failed
	}
	if err == nil {
		err = w.flush()
	}
	w.cache = nil
	if err == nil {
		if _, err := w.tx.ExecContext(w.ctx, `RELEASE SAVEPOINT grouped`); err != nil {
			return fmt.Errorf("release savepoint: %w", err), true
		}
		return nil, false
	}
	w.drain() // the rows it handed over are undone with the rest
	if _, rerr := w.tx.ExecContext(w.ctx, `ROLLBACK TO SAVEPOINT grouped`); rerr != nil {
		return fmt.Errorf("%w (and rolling back to its savepoint failed: %v)", err, rerr), true
	}
	if _, rerr := w.tx.ExecContext(w.ctx, `RELEASE SAVEPOINT grouped`); rerr != nil {
		return fmt.Errorf("%w (and releasing its savepoint failed: %v)", err, rerr), true
	}
	w.seq, w.hash, w.lotID = seq, hash, lotID
	w.discard()
	return err, false
}

// discard forgets what the writer holds of a write that was rolled back.
func (w *writer) discard() {
	for _, b := range w.buf {
		b.args = b.args[:0]
	}
	w.pendingRequests, w.stockDelta, w.txLots, w.txLotsByID, w.deliveryDelta = nil, nil, nil, nil, nil
	w.pending, w.newLots = map[stockKey]lotledger.Quantity{}, map[lotKey]*lotRow{}
	w.failed = nil
}

// closeGroup stops the committer; writes still waiting are refused.
func (s *Store) closeGroup() {
	c := s.group
	c.shut.Do(func() {
		c.mu.Lock()
		close(c.stop)
		c.mu.Unlock()
	})
	if c.started.Load() {
		<-c.stopped
	}
}
