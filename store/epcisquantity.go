package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// The quantities of EPCIS events (migrations/0017_epcis_quantities.sql):
// indexed as events are appended, for the quantity parameters of the query
// interface (EQ_quantity, GT_quantity_KGM, ...).

// quantityRows returns the rows of one event's quantity elements that have
// a quantity, numbered in list order (quantityList, childQuantityList,
// inputQuantityList, outputQuantityList).
func quantityRows(seq int64, ev *epcis.Event) ([]any, error) {
	var rows []any
	n := 0
	for _, list := range [][]epcis.QuantityElement{ev.QuantityList, ev.ChildQuantityList, ev.InputQuantityList, ev.OutputQuantityList} {
		for _, q := range list {
			if q.Quantity == "" {
				continue
			}
			v, err := strconv.ParseFloat(q.Quantity, 64)
			if err != nil {
				return nil, fmt.Errorf("quantity %q of %s: %w", q.Quantity, q.EPCClass, err)
			}
			rows = append(rows, seq, n, q.UOM, v)
			n++
		}
	}
	return rows, nil
}

// indexQuantities queues the quantity rows of one event.
func (w *writer) indexQuantities(seq int64, ev *epcis.Event) error {
	if !w.s.atVersion(17) {
		return nil
	}
	rows, err := quantityRows(seq, ev)
	if err != nil {
		return fmt.Errorf("index quantities of event %d: %w", seq, err)
	}
	for i := 0; i < len(rows); i += 4 {
		w.later("epcis_quantities", rows[i:i+4]...)
	}
	return nil
}

// fillQuantities indexes the quantities of the events captured before
// migration 17.
func fillQuantities(ctx context.Context, s *Store, tx *sql.Tx) error {
	return fillFromStored(ctx, tx, "uantityList", func(seq int64, ev *epcis.Event) error {
		rows, err := quantityRows(seq, ev)
		if err != nil || len(rows) == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO epcis_quantities (seq, n, uom, quantity) VALUES `+
			paramRows(4, len(rows)/4, s.postgres, "", ""), rows...)
		return err
	})
}

// quantityParam adds EQ_quantity, GT_quantity, ... (a count of items: the
// elements without a unit) or the same with a UN/ECE unit
// (GT_quantity_KGM), and reports whether name was one. Like every other
// parameter it is its own condition on the event: some quantity element of
// the event satisfies it. A quantity in another unit of the same dimension
// (GRM, LBR for KGM) is converted.
func (f *epcisFilter) quantityParam(name string, values []string) (bool, error) {
	m := quantityParamName.FindStringSubmatch(name)
	if m == nil {
		return false, nil
	}
	cond, args, err := unitComparisons(name, m[1], "q.quantity", "q.uom", m[2], values)
	if err != nil {
		return true, err
	}
	// Checked on each event the query reaches, through the table's key:
	// quantities are not indexed by value.
	f.add("EXISTS (SELECT 1 FROM epcis_quantities q WHERE q.seq = x.seq AND "+cond+")", args...)
	return true, nil
}

// quantityParamName is EQ_|GT_|GE_|LT_|LE_quantity, with or without a unit.
var quantityParamName = regexp.MustCompile(`^(EQ|GT|GE|LT|LE)_quantity(?:_([A-Z0-9]{2,4}))?$`)

// paramNumbers reads a comparison's numbers: EQ_ takes a list, the others
// one.
func paramNumbers(name, op string, values []string) ([]float64, error) {
	if op != "EQ" {
		n, err := oneNumber(name, values)
		return []float64{n}, err
	}
	nums := make([]float64, 0, len(values))
	for _, v := range values {
		n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, lotledger.Errorf(lotledger.EINVALID, name, "%s takes numbers, not %q", name, v)
		}
		nums = append(nums, n)
	}
	return nums, nil
}
