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
