package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"lotledger"
)

// recallCommand starts a recall (or a timed mock recall) of the lots named
// as SKU LOT pairs, or with --show prints a recorded one.
func recallCommand() *command {
	var req lotledger.RecallRequest
	var show string
	var asJSON bool
	return &command{
		name:  "recall",
		usage: "recall --reason R [--mock] SKU LOT [SKU LOT ...] | recall --show ID   recall lots and all made from them",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&req.Reason, "reason", "", "why the lots are recalled (recorded on every lot)")
			fs.BoolVar(&req.Mock, "mock", false, "a mock recall: find and record the scope, time it, change nothing")
			fs.StringVar(&show, "show", "", "print the recall with this id")
			fs.BoolVar(&asJSON, "json", false, "print the whole recall as JSON")
		},
		run: func(m *Main, ctx context.Context) error {
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			var rec *lotledger.Recall
			if show != "" {
				rec, err = s.Recall(ctx, show)
			} else {
				if len(m.args) == 0 || len(m.args)%2 != 0 {
					return fmt.Errorf("name the lots as SKU LOT pairs")
				}
				for i := 0; i < len(m.args); i += 2 {
					req.Lots = append(req.Lots, lotledger.LotRef{SKU: m.args[i], Lot: m.args[i+1]})
				}
				rec, err = s.StartRecall(ctx, req)
			}
			if err != nil {
				return describe(err)
			}
			if asJSON {
				return m.printJSON(rec)
			}
			return m.printRecall(rec)
		},
	}
}

func (m *Main) printRecall(rec *lotledger.Recall) error {
	kind := "Recall"
	if rec.Mock {
		kind = "Mock recall"
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s %s (%s): %d lots, %d customers, %d locations; scope found in %s\nReason: %s\n\n",
		kind, rec.ID, rec.Status, rec.Totals.Lots, rec.Totals.Customers, rec.Totals.Locations, rec.Duration, rec.Reason)
	fmt.Fprintln(tw, "LEVEL\tSKU\tLOT\tWAS\tON HAND\tWHERE")
	for _, l := range rec.Lots {
		where := ""
		for _, st := range l.Stock {
			where += fmt.Sprintf("%s %s  ", st.Location, st.Quantity)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s %s\t%s\n", l.Level, l.SKU, l.Lot, l.StatusBefore, l.OnHand, l.UOM, where)
	}
	fmt.Fprintln(tw, "\nCUSTOMER\tNAME\tLOT\tRECEIVED\tFIRST\tLAST")
	for _, c := range rec.Customers {
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\t%s\n", c.Customer, c.Name, c.Lot.SKU, c.Lot.Lot, c.Quantity, c.First.Format("2006-01-02"), c.Last.Format("2006-01-02"))
	}
	return tw.Flush()
}
