// Package baseline reproduces how the ERPs people run today answer "where did
// this lot come from, where did it go", so that lotledger's benchmark can
// compare answers and speed side by side on the same data
// (the shared reference baselines.md specifies them):
//
//   - B1 (NewOdooWalk): Odoo's traceability report on PostgreSQL, walked in
//     application code with one small query per hop, with Odoo's stock
//     indexes only or "tuned" with two extra indexes;
//   - B2 (NewRecursivePG): one WITH RECURSIVE query, as the OCA traceability
//     add-on does, on PostgreSQL;
//   - B3 (NewRecursiveSQLite): the same query on SQLite;
//   - B4 (NewMemoryBFS): the ceiling, a breadth-first search over compact
//     in-memory adjacency arrays.
//
// Every system answers the same three questions over the lot graph whose
// edges are the consume/produce links between move lines (component lot →
// finished lot), and all give identical Answers, RoundTrips aside. Each is as
// fast as its own design allows (prepared statements, the indexes its design
// names); none is slowed on purpose.
package baseline

import (
	"context"
	"slices"

	"lotledger"
)

// System is one baseline: it loads a Dataset and answers trace questions.
// Its methods may be called from several goroutines once Load has returned.
type System interface {
	// Name names the baseline in benchmark reports, e.g. "B2 recursive pg".
	Name() string
	// Load (re)creates the system's own schema or file and loads d into it.
	Load(ctx context.Context, d *Dataset) error
	// Backward returns every ancestor lot of lot (through production, any
	// depth) and the suppliers of every lot reached.
	Backward(ctx context.Context, lot int64) (*Answer, error)
	// Forward returns every descendant lot of lot and the net quantity each
	// customer received of the lots reached.
	Forward(ctx context.Context, lot int64) (*Answer, error)
	// RecallScope returns the descendants of all seeds (and the seeds), the
	// stock on hand of those lots per internal location, and the net
	// quantity per customer.
	RecallScope(ctx context.Context, seeds []int64) (*Answer, error)
	// Close releases what the system opened (never a caller's *sql.DB).
	Close() error
}

// Answer is what a trace question returns. Apart from RoundTrips, all
// systems return equal Answers for the same Dataset and question.
type Answer struct {
	// Lots are the names of the lots reached, the root or seeds included, sorted.
	Lots []string
	// Suppliers are "SUPPLIERLOCNAME|LOTNAME" pairs, sorted: a supplier
	// location that delivered a lot reached. Backward only; nil otherwise.
	Suppliers []string
	// Customers maps a customer location's name to the net quantity of the
	// lots reached it received (shipped minus returned). Every customer
	// location a reached lot moved into or out of is present, even at net
	// zero. Forward and recall; nil for backward.
	Customers map[string]int64
	// Stock maps "LOTNAME@LOCNAME" to the quantity on hand, when positive, of
	// a lot reached in an internal location. Recall only; nil otherwise.
	Stock map[string]int64
	// RoundTrips counts the database queries the answer took (0 in memory).
	RoundTrips int
}

// question is which of the three questions an Answer answers; it decides
// which of the Answer's fields are set.
type question int

const (
	backward question = iota
	forward
	recall
)

// errUnknownLot is the error for a root or seed lot the dataset lacks.
func errUnknownLot(id int64) error {
	return lotledger.Errorf(lotledger.ENOTFOUND, "lot", "lot %d not found", id)
}

// supplierKey and stockKey spell the keys of Answer.Suppliers and Answer.Stock.
func supplierKey(location, lot string) string { return location + "|" + lot }
func stockKey(lot, location string) string    { return lot + "@" + location }

// answer collects an Answer's parts in any order, with duplicates; finish
// puts them in the one canonical form every system returns.
type answer struct {
	q          question
	lots       []string
	suppliers  []string
	customers  map[string]int64
	stock      map[string]int64
	roundTrips int
}

func newAnswer(q question) *answer {
	return &answer{q: q, customers: map[string]int64{}, stock: map[string]int64{}}
}

func (a *answer) finish() *Answer {
	out := &Answer{Lots: sortedUnique(a.lots), RoundTrips: a.roundTrips}
	switch a.q {
	case backward:
		out.Suppliers = sortedUnique(a.suppliers)
	case forward:
		out.Customers = a.customers
	case recall:
		out.Customers, out.Stock = a.customers, a.stock
	}
	return out
}

func sortedUnique(s []string) []string {
	if s == nil {
		return []string{}
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// uniqueIDs returns ids without duplicates, sorted.
func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
