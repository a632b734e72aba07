package store

import "context"

// Early rows. On SQLite the one committer resolves a transaction's events
// (Go: lots, stock, the hash chain, encoding) and then writes their rows
// (SQLite: B-tree inserts), one after the other on one core. The ledger's
// rows and the EPCIS query index are the larger part of those rows, and
// nothing that resolves an event reads them back from the database while
// they are buffered: a request id is answered from pendingRequests, a
// capture looks up its event ids before its first event, and the rare reader
// of the ledger (an error declaration marking the event it corrects) flushes
// first. So they are written early: every earlyEvents events, what is
// buffered of these tables is handed to a goroutine that inserts it on the
// transaction's connection while the committer goes on resolving, and the
// two halves of the work run on two cores.
//
// Only capture hands rows over. It reads the lots and stock a document names
// before its first event (prefetch.go) and then resolves from memory. A
// native command looks up its lots one query at a time, and each query
// would wait for the early writer's insert on the one connection: measured,
// a batch of 1,000 receipts became 0–8% slower.
//
// Nothing else changes. The rows are inside the same transaction, and the
// savepoint of a grouped write: a flush, a rollback and the end of the
// transaction each first wait for every row handed over (drain). A row the
// database refuses fails the transaction at that point, as a buffered row
// does at flush. Stock, lots, deliveries and the other projections, which
// resolution reads together with the writer's memory of them, stay buffered
// until the flush. PostgreSQL keeps the plain buffering: its connection
// cannot start a statement while the result of another is still being read
// (tried: "conn busy" as soon as the committer read lots beside an early
// COPY), and its server already does the inserting in another process.

// earlyTables are written early, in this order: each refers only to those
// before it (epcis_events to events, epcis_refs to epcis_events); the keys
// of event ids refer to nothing.
var earlyTables = [...]string{"events", "event_keys_recent", "epcis_events", "epcis_refs"}

// earlyEvents is how many events' rows are handed over at a time: enough to
// fill statements of many rows, few enough that the insert overlaps most of
// a document of a thousand events.
const earlyEvents = 128

// earlyWriter is the goroutine writing a transaction's early rows.
type earlyWriter struct {
	jobs chan earlyJob
	done chan struct{}
	err  error // the first insert that failed; later jobs are skipped
}

type earlyJob struct {
	ctx  context.Context
	rows [len(earlyTables)]*rowBuffer
}

// handOver gives the early tables' buffered rows to the early writer once
// earlyEvents events are buffered (SQLite only). Capture calls it after each
// event it stores.
func (w *writer) handOver() {
	events := w.buf["events"]
	if w.s.postgres || events == nil || len(events.args) < earlyEvents*events.cols {
		return
	}
	if w.early == nil {
		w.early = &earlyWriter{jobs: make(chan earlyJob, 2), done: make(chan struct{})}
		go w.early.run(w)
	}
	job := earlyJob{ctx: w.ctx}
	for i, t := range earlyTables {
		if b := w.buf[t]; b != nil && len(b.args) > 0 {
			job.rows[i] = &rowBuffer{cols: b.cols, args: b.args}
			b.args = make([]any, 0, len(b.args))
		}
	}
	w.early.jobs <- job
}

func (e *earlyWriter) run(w *writer) {
	defer close(e.done)
	for job := range e.jobs {
		for i, b := range job.rows {
			if e.err != nil || b == nil {
				continue
			}
			e.err = w.insertRows(job.ctx, earlyTables[i], tableColumns(earlyTables[i]), b)
		}
	}
}

// drain waits until every row handed over is written, and returns the first
// error writing them. The transaction's connection is then the committer's
// alone again.
func (w *writer) drain() error {
	e := w.early
	if e == nil {
		return nil
	}
	w.early = nil
	close(e.jobs)
	<-e.done
	return e.err
}

// tableColumns returns the column list of a buffered table.
func tableColumns(table string) string {
	for _, t := range bufferedTables {
		if t.name == table {
			return t.columns
		}
	}
	panic("store: " + table + " is not a buffered table")
}
