package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"lotledger"
)

// traceCommand answers "where did this come from, where did it go" for one
// lot: a readable summary, or the whole answer as JSON.
func traceCommand() *command {
	var req lotledger.TraceRequest
	var asJSON bool
	return &command{
		name:  "trace",
		usage: "trace SKU LOT [--direction backward|forward|both] [--depth N] [--json]",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&req.Direction, "direction", "both", "backward, forward or both")
			fs.IntVar(&req.Depth, "depth", 0, "levels of production to follow (0: all)")
			fs.BoolVar(&asJSON, "json", false, "print the whole answer as JSON")
		},
		run: func(m *Main, ctx context.Context) error {
			if len(m.args) != 2 {
				return fmt.Errorf("usage: lotledger trace SKU LOT")
			}
			req.SKU, req.Lot = m.args[0], m.args[1]
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			t, err := s.Trace(ctx, req)
			if err != nil {
				return describe(err)
			}
			if asJSON {
				return m.printJSON(t)
			}
			return m.printTrace(t)
		},
	}
}

func (m *Main) printTrace(t *lotledger.Trace) error {
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Trace of %s %s (%s): %d lots, %d suppliers, %d shipments\n\n", t.Root.SKU, t.Root.Lot, t.Direction, len(t.Lots), len(t.Suppliers), len(t.Shipments))
	fmt.Fprintln(tw, "LEVEL\tSKU\tLOT\tSTATUS\tEXPIRES\tMADE\tON HAND")
	for _, l := range t.Lots {
		fmt.Fprintf(tw, "%+d\t%s\t%s\t%s\t%s\t%s\t%s %s\n", l.Level, l.SKU, l.Code, l.Status, l.Expires, l.Made, l.OnHand, l.UOM)
	}
	if len(t.Suppliers) > 0 {
		fmt.Fprintln(tw, "\nSUPPLIER\tNAME\tLOT\tSUPPLIER LOT\tRECEIVED")
		for _, sp := range t.Suppliers {
			fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\n", sp.Party, sp.Name, sp.Lot.SKU, sp.Lot.Lot, sp.SupplierLot, sp.Quantity)
		}
	}
	if len(t.Shipments) > 0 {
		fmt.Fprintln(tw, "\nCUSTOMER\tNAME\tLOT\tQUANTITY\tDATE\tREFERENCE")
		for _, sh := range t.Shipments {
			fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\t%s\n", sh.Customer, sh.Name, sh.Lot.SKU, sh.Lot.Lot, sh.Quantity, sh.Time.Format("2006-01-02"), sh.Reference)
		}
	}
	return tw.Flush()
}

// scopeCommand answers a recall coordinator's first question from the
// terminal: which lots, suppliers, customers and stock one lot concerns.
func scopeCommand() *command {
	var direction string
	var asJSON bool
	return &command{
		name:  "scope",
		usage: "scope SKU LOT [--direction forward|backward] [--json]   the lots, suppliers, customers and stock a lot concerns",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&direction, "direction", "forward", "forward (what was made from it) or backward (what it was made from)")
			fs.BoolVar(&asJSON, "json", false, "print the whole answer as JSON")
		},
		run: func(m *Main, ctx context.Context) error {
			if len(m.args) != 2 {
				return fmt.Errorf("usage: lotledger scope SKU LOT")
			}
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			sc, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: []lotledger.LotRef{{SKU: m.args[0], Lot: m.args[1]}}, Direction: direction})
			if err != nil {
				return describe(err)
			}
			// A summary this process had to rebuild is saved for the next.
			if seq, unsaved := s.ScopeState(); unsaved >= scopeSaveAfter(seq) {
				if _, err := s.SaveScope(ctx); err != nil {
					return err
				}
			}
			if asJSON {
				return m.printJSON(sc)
			}
			tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "Scope of %s %s (%s): %d lots, %d suppliers, %d customer lines, %d stock rows\n\n", m.args[0], m.args[1], sc.Direction, len(sc.Lots), len(sc.Suppliers), len(sc.Customers), len(sc.Stock))
			fmt.Fprintln(tw, "SKU\tLOT")
			for _, l := range sc.Lots {
				fmt.Fprintf(tw, "%s\t%s\n", l.SKU, l.Lot)
			}
			if len(sc.Suppliers) > 0 {
				fmt.Fprintln(tw, "\nSUPPLIER\tLOT")
				for _, sp := range sc.Suppliers {
					fmt.Fprintf(tw, "%s\t%s %s\n", sp.Party, sp.Lot.SKU, sp.Lot.Lot)
				}
			}
			if len(sc.Customers) > 0 {
				fmt.Fprintln(tw, "\nCUSTOMER\tLOT\tQUANTITY")
				for _, c := range sc.Customers {
					fmt.Fprintf(tw, "%s\t%s %s\t%s\n", c.Customer, c.Lot.SKU, c.Lot.Lot, c.Quantity)
				}
			}
			if len(sc.Stock) > 0 {
				fmt.Fprintln(tw, "\nLOCATION\tLOT\tON HAND")
				for _, st := range sc.Stock {
					fmt.Fprintf(tw, "%s\t%s %s\t%s\n", st.Location, st.Lot.SKU, st.Lot.Lot, st.Quantity)
				}
			}
			return tw.Flush()
		},
	}
}
