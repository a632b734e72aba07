package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"lotledger/epcis"
)

// The sensor reports of EPCIS events (migrations/0015_epcis_sensors.sql):
// indexed as events are appended, for the sensor parameters of the query
// interface (epcissensorparams.go).

// sensorColumns are epcis_sensors' columns in the order sensorRow gives them.
const sensorColumns = "seq, n, type, device_id, time, start_time, end_time, uom, value, min_value, max_value, mean_value, sdev, " +
	"perc_rank, perc_value, string_value, boolean_value, uri_value, hex_binary_value, microorganism, chemical_substance"

// sensorRow is one report's row; absent numbers and times are NULL.
func sensorRow(seq int64, n int, r epcis.SensorReport) []any {
	num := func(v *float64) any {
		if v == nil {
			return nil
		}
		return *v
	}
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return formatEPCISTime(t)
	}
	var b any
	if r.BooleanValue != nil {
		b = boolInt(*r.BooleanValue)
	}
	return []any{seq, n, r.Type, r.DeviceID, at(r.Time), at(r.StartTime), at(r.EndTime), r.UOM, num(r.Value), num(r.MinValue),
		num(r.MaxValue), num(r.MeanValue), num(r.SDev), num(r.PercRank), num(r.PercValue), r.StringValue, b, r.URIValue,
		r.HexBinaryValue, r.Microorganism, r.ChemicalSubstance}
}

// indexSensors queues the sensor rows of one event; most events have none.
func (w *writer) indexSensors(seq int64, ev *epcis.Event) error {
	if len(ev.SensorElementList) == 0 || !w.s.atVersion(15) {
		return nil
	}
	reports, err := epcis.SensorReports(ev.SensorElementList)
	if err != nil {
		return fmt.Errorf("index sensor data of event %d: %w", seq, err)
	}
	for n, r := range reports {
		w.later("epcis_sensors", sensorRow(seq, n, r)...)
	}
	return nil
}

// fillSensors indexes the sensor data of the events captured before
// migration 15.
func fillSensors(ctx context.Context, s *Store, tx *sql.Tx) error {
	return fillFromStored(ctx, tx, "sensorElementList", func(seq int64, ev *epcis.Event) error {
		reports, err := epcis.SensorReports(ev.SensorElementList)
		if err != nil {
			return err
		}
		for n, r := range reports {
			if _, err := tx.ExecContext(ctx, `INSERT INTO epcis_sensors (`+sensorColumns+`) VALUES `+
				paramRows(21, 1, s.postgres, "", ""), sensorRow(seq, n, r)...); err != nil {
				return err
			}
		}
		return nil
	})
}

// fillPersistentDispositions indexes the persistent dispositions of the
// events captured before migration 16.
func fillPersistentDispositions(ctx context.Context, s *Store, tx *sql.Tx) error {
	return fillFromStored(ctx, tx, "persistentDisposition", func(seq int64, ev *epcis.Event) error {
		// The index's own rows, queued on a writer of their own and
		// inserted here; a ledger opened at an older version by this code
		// (tests of migrations) may have them already.
		w := &writer{s: s}
		(&refIndexer{w: w, seq: seq}).persistentDisposition(ev.PersistentDisposition)
		b := w.buf["epcis_refs"]
		if b == nil {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO epcis_refs (seq, role, uri) VALUES `+
			paramRows(3, len(b.args)/3, s.postgres, "", "")+` ON CONFLICT DO NOTHING`, b.args...)
		return err
	})
}

// fillFromStored calls index with each EPCIS event already in the ledger
// whose stored form contains marker (a field name), a thousand events at a
// time: a migration's Go half that indexes a field the index did not have.
// Only those events are decoded.
func fillFromStored(ctx context.Context, tx *sql.Tx, marker string, index func(seq int64, ev *epcis.Event) error) error {
	for after := int64(0); ; {
		type stored struct {
			seq int64
			doc string
		}
		var batch []stored
		rows, err := tx.QueryContext(ctx, `SELECT e.seq, e.epcis FROM events e JOIN epcis_events x ON x.seq = e.seq
			WHERE e.seq > $1 AND e.epcis LIKE $2 ORDER BY e.seq LIMIT 1000`, after, "%"+marker+"%")
		if err != nil {
			return fmt.Errorf("index %s: %w", marker, err)
		}
		for rows.Next() {
			var st stored
			if err := rows.Scan(&st.seq, &st.doc); err != nil {
				rows.Close()
				return fmt.Errorf("index %s: %w", marker, err)
			}
			batch = append(batch, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(batch) == 0 {
			return err
		}
		for _, st := range batch {
			ev, err := epcis.DecodeEvent([]byte(st.doc))
			if err == nil {
				err = index(st.seq, &ev)
			}
			if err != nil {
				return fmt.Errorf("index %s of event %d: %w", marker, st.seq, err)
			}
			after = st.seq
		}
	}
}
