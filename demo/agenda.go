package demo

import (
	"context"
	"slices"
	"time"
)

// step is one scheduled piece of work: usually a single command, sometimes
// one that schedules its follow-ups (a production run after its staging, an
// arrival after a transfer) once it knows what it did.
type step struct {
	at   time.Time
	n    int // insertion order: breaks ties between steps at the same time
	name string
	do   func(ctx context.Context, at time.Time) error
}

// agenda keeps the steps in time order so that the ledger receives events in
// the order they happened, whichever part of the plan produced them.
type agenda struct {
	steps []step
	added int
}

// add schedules do at time at.
func (a *agenda) add(at time.Time, name string, do func(ctx context.Context, at time.Time) error) {
	s := step{at: at, n: a.added, name: name, do: do}
	a.added++
	i, _ := slices.BinarySearchFunc(a.steps, s, func(x, y step) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return x.n - y.n
	})
	a.steps = slices.Insert(a.steps, i, s)
}

// next removes and returns the earliest step.
func (a *agenda) next() (step, bool) {
	if len(a.steps) == 0 {
		return step{}, false
	}
	s := a.steps[0]
	a.steps = a.steps[1:]
	return s, true
}
