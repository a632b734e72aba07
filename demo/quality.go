package demo

import (
	"context"
	"time"

	"lotledger"
)

// Reasons quality gives for its status changes.
const (
	ReasonMicro        = "pending micro test results"
	reasonLabelCheck   = "best-before date misprinted on two case labels; checking the whole lot"
	reasonLabelCleared = "labels checked against the lot record: only two cases affected, relabelled"
)

// planQuality schedules the status changes quality makes on a fresh lot. The
// held lots stay in finished goods: transfers to the distribution centres are
// planned from released stock only.
func (ld *loader) planQuality(r *fillRun, ref lotledger.LotRef, made time.Time) {
	if r.labelCheck {
		ld.agenda.add(made.Add(80*time.Minute), "hold "+ref.Lot, ld.setStatus(ref, lotledger.StatusHold, reasonLabelCheck))
		next := clock(made.AddDate(0, 0, 1), zoneEastern, 10, 0)
		ld.agenda.add(next, "release "+ref.Lot, ld.setStatus(ref, lotledger.StatusReleased, reasonLabelCleared))
	}
	if r.micro {
		ld.agenda.add(made.Add(microHoldAfter), "hold "+ref.Lot, func(ctx context.Context, at time.Time) error {
			if err := ld.setStatus(ref, lotledger.StatusHold, ReasonMicro)(ctx, at); err != nil {
				return err
			}
			ld.sum.HeldLot = ref
			return nil
		})
	}
}

// setStatus returns a step that changes a lot's status as the quality manager.
func (ld *loader) setStatus(ref lotledger.LotRef, status, reason string) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		c := lotledger.StatusChange{Time: stamp(at), SKU: ref.SKU, Lot: ref.Lot, Status: status, Reason: reason}
		_, err := ld.record(ld.l.ChangeLotStatus(as(ctx, userQuality), c))
		return err
	}
}
