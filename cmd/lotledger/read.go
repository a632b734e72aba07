package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"lotledger"
)

func readCommands() []*command {
	var sf lotledger.StockFilter
	var lf lotledger.LotFilter
	var expiresBefore string
	var ef lotledger.EventFilter
	return []*command{{
		name:  "stock",
		usage: "stock [--sku S] [--lot L] [--location C] [--status S]   stock on hand",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&sf.SKU, "sku", "", "SKU")
			fs.StringVar(&sf.Lot, "lot", "", "lot code")
			fs.StringVar(&sf.Location, "location", "", "location or site code")
			fs.StringVar(&sf.Status, "status", "", "lot status")
			fs.IntVar(&sf.Limit, "limit", lotledger.MaxPageLimit, "rows")
		},
		run: func(m *Main, ctx context.Context) error {
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			p, err := s.Stock(ctx, sf)
			if err != nil {
				return describe(err)
			}
			tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SKU\tLOT\tLOCATION\tSTATUS\tEXPIRES\tQUANTITY\tUOM")
			for _, r := range p.Items {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.SKU, r.Lot, r.Location, r.Status, r.Expires, r.Quantity, r.UOM)
			}
			return tw.Flush()
		},
	}, {
		name:  "lots",
		usage: "lots [--sku S] [--status S] [--expires-before D]      lots, soonest expiry first",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&lf.SKU, "sku", "", "SKU")
			fs.StringVar(&lf.Status, "status", "", "lot status")
			fs.StringVar(&lf.SupplierLot, "supplier-lot", "", "the supplier's lot code")
			fs.StringVar(&expiresBefore, "expires-before", "", "YYYY-MM-DD")
			fs.IntVar(&lf.Limit, "limit", lotledger.MaxPageLimit, "rows")
		},
		run: func(m *Main, ctx context.Context) error {
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			if lf.ExpiresBefore, err = lotledger.ParseDate("expires-before", expiresBefore); err != nil {
				return describe(err)
			}
			p, err := s.Lots(ctx, lf)
			if err != nil {
				return describe(err)
			}
			tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SKU\tLOT\tSUPPLIER LOT\tSTATUS\tPRODUCED\tEXPIRES\tON HAND")
			for _, l := range p.Items {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.SKU, l.Code, l.SupplierLot, l.Status, l.Produced, l.Expires, l.OnHand)
			}
			return tw.Flush()
		},
	}, {
		name:  "lot",
		usage: "lot SKU LOT                 one lot: stock, genealogy, events (JSON)",
		run: func(m *Main, ctx context.Context) error {
			if len(m.args) != 2 {
				return fmt.Errorf("usage: lotledger lot SKU LOT")
			}
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			d, err := s.Lot(ctx, m.args[0], m.args[1])
			if err != nil {
				return describe(err)
			}
			return m.printJSON(d)
		},
	}, {
		name:  "events",
		usage: "events [--after N] [--sku S] [--lot L] [--kind K]       ledger events (JSON)",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.Int64Var(&ef.AfterSeq, "after", 0, "events after this sequence number")
			fs.StringVar(&ef.SKU, "sku", "", "SKU")
			fs.StringVar(&ef.Lot, "lot", "", "lot code")
			fs.StringVar(&ef.Kind, "kind", "", "event kind")
			fs.IntVar(&ef.Limit, "limit", 100, "events")
		},
		run: func(m *Main, ctx context.Context) error {
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			p, err := s.Events(ctx, ef)
			if err != nil {
				return describe(err)
			}
			return m.printJSON(p)
		},
	}}
}

// readBody reads a JSON body from a file or, for "-", stdin.
func (m *Main) readBody(file string) ([]byte, error) {
	if file == "-" || file == "" {
		return io.ReadAll(io.LimitReader(m.Stdin, 16<<20))
	}
	return os.ReadFile(file)
}
